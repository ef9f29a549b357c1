"""Documents, actors and evidence on real news articles the project has never seen (issue 17).

Usage::

    python benchmarks/unseen_news.py ARTICLES_DIR --truth TRUTH.json --src SRC --label NAME
        [--src SRC2 --label NAME2 ...] [--raw DIR] [--out-dir benchmarks/results]

For each ``--src`` (a checkout's ``src`` directory, run with ``PYTHONPATH=SRC``) this runs, on the
articles directory as a user would:

* ``allegiance ingest ARTICLES_DIR --db TMP --no-extract`` and reads each stored document's date,
  title and origin from the store (the same SQLite ``documents`` table in every version);
* ``allegiance extract ARTICLES_DIR --format jsonl``;
* ``allegiance actors ARTICLES_DIR --format jsonl``;

and counts, per article file and in total:

* ``dates_right``: the file's first document carries the true publication date (``truth[file].date``);
  ``dates_found`` counts documents with any date, ``dates_right_in_text`` only files whose text shows a date;
* ``titles_right``: the stored title is the article's headline (normalised as RESERVED_TITLES is);
* ``documents``: how many documents the file became (more than 1 means it was split);
* ``non_name_actors``: distinct (actor id, mention) readings whose mention is not a name: no capitalised
  alphabetic word that is not a function word, a clitic such as ``n't``/``'s``, punctuation only, or a
  lower-case common noun without a determiner; plus the capitalised non-names listed by eye in
  ``truth[file].non_names`` (titles, fragments, sentence-initial words). Pronouns and determiner phrases
  ("he", "the party", "both parties") are anaphora of a named actor and are not counted;
* ``duplicate_actors``: for each group of output ids that denote one entity (``truth[file].same_entity``),
  the number of those ids present in the file's actors minus one;
* ``evidence_without_mention``: relations whose evidence span (``evidence.start``-``end``) does not contain
  both actor mention spans (``source``/``target`` ``start``-``end``);
* ``relations``: relations extracted from the file.

Each run prints JSON and writes ``OUT_DIR/unseen_news_<label>.json``; with several runs the printed JSON
also holds the totals side by side. The articles themselves are never copied into the repository:
results hold counts, ids and short mention strings only. ``--raw DIR`` keeps the raw outputs there.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CLITICS = {"n't", "'s", "'re", "'ve", "'ll", "'d", "'m", "s", "t", "nt"}
PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "his", "hers", "its", "their", "theirs", "we",
            "us", "our", "ours", "i", "me", "my", "you", "your", "himself", "herself", "itself",
            "themselves", "who", "whom", "whose", "which", "that", "this", "these", "those"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my",
               "your", "both", "all", "each", "either", "neither", "some", "many", "several", "two",
               "three", "four", "other", "another", "such"}
FUNCTION_WORDS = PRONOUNS | DETERMINERS | {
    "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by", "with", "as", "about",
    "into", "over", "under", "after", "before", "than", "then", "so", "not", "no", "yes", "is", "are", "was",
    "were", "be", "been", "being", "do", "does", "did", "have", "has", "had", "will", "would", "can",
    "could", "shall", "should", "may", "might", "must", "also", "only", "just", "very", "there", "here",
    "if", "when", "while", "because", "what", "where", "why", "how", "up", "down", "out", "off", "per"}
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


def mention_kind(text: str) -> str:
    """Say whether a mention is a ``name``, an ``anaphor`` (pronoun, determiner phrase) or a ``non_name``.

    Examples
    --------
    >>> [mention_kind(t) for t in ("Russia", "n't", "’s", "the party", "he", "mujahideen", "--", "the US")]
    ['name', 'non_name', 'non_name', 'anaphor', 'anaphor', 'non_name', 'non_name', 'name']
    """
    flat = text.strip().replace("\u2019", "'").replace("\u2018", "'")
    if flat.lower() in CLITICS or flat.startswith("'"):
        return "non_name"
    words = WORD.findall(flat)
    if not words:
        return "non_name"
    lower = [w.lower() for w in words]
    if all(low in PRONOUNS and word != "US" for word, low in zip(words, lower)):
        return "anaphor"
    # "US" in capitals is the country, not the pronoun
    if any(w[0].isupper() and (w.lower() not in FUNCTION_WORDS or w == "US") for w in words):
        return "name"
    if lower[0] in DETERMINERS and any(w not in FUNCTION_WORDS for w in lower[1:]):
        return "anaphor"
    return "non_name"


def normalised_title(title: str | None) -> str:
    """Lower-case, every run of characters other than a-z and 0-9 one space (as RESERVED_TITLES)."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", (title or "").lower()).split())


def _run(src: Path, args: list[str], raw: Path | None, name: str) -> tuple[str, float, int]:
    env = dict(os.environ, PYTHONPATH=str(src))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "allegiance", *args], env=env, capture_output=True,
                          text=True, check=False)
    seconds = time.perf_counter() - start
    if raw is not None:
        (raw / f"{name}.out").write_text(proc.stdout, encoding="utf-8")
        (raw / f"{name}.err").write_text(proc.stderr, encoding="utf-8")
    return proc.stdout, seconds, proc.returncode


def _file_of(origin: str, articles: Path) -> str:
    # origin is the path, or "path:line" for the later pieces of a split file
    path = re.sub(r":\d+$", "", origin or "")
    try:
        return str(Path(path).resolve().relative_to(articles.resolve()))
    except ValueError:
        return Path(path).name


def stored_documents(src: Path, articles: Path, raw: Path | None) -> tuple[list[dict], float, int]:
    """Ingest the articles into a temporary store (no extraction); return its documents in order."""
    with tempfile.TemporaryDirectory(prefix="unseen-news-") as tmp:
        db = Path(tmp) / "store.db"
        _, seconds, code = _run(src, ["ingest", str(articles), "--db", str(db), "--no-extract", "-q"],
                                raw, "ingest")
        con = sqlite3.connect(db)
        try:
            rows = con.execute("SELECT id, date, title, origin FROM documents ORDER BY seq").fetchall()
        finally:
            con.close()
    docs = [{"id": i, "date": d, "title": t, "file": _file_of(o, articles)} for i, d, t, o in rows]
    return docs, seconds, code


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _inside(mention: dict, evidence: dict) -> bool:
    return evidence["start"] <= mention["start"] and mention["end"] <= evidence["end"]


def score_dates(docs: list[dict], truth: dict) -> dict[str, dict]:
    """Per article file: documents it became, its first document's date and title, and whether right."""
    per: dict[str, dict] = {}
    for doc in docs:
        entry = per.setdefault(doc["file"], {"documents": 0, "date": doc["date"], "title": doc["title"]})
        entry["documents"] += 1
    for name, gold in truth.items():
        entry = per.setdefault(name, {"documents": 0, "date": None, "title": None})
        entry["date_right"] = entry["date"] == gold["date"]
        entry["title_right"] = normalised_title(entry["title"]) == normalised_title(gold["title"])
    return per


def actor_readings(actors: list[dict], doc_file: dict[str, str]) -> dict[str, dict[str, dict]]:
    """Per article file: actor id -> {"kind", "name", "mentions": set of mention strings}."""
    per: dict[str, dict[str, dict]] = defaultdict(dict)
    for actor in actors:
        for mention in actor.get("mentions", []):
            name = doc_file.get(mention["doc_id"], "?" + mention["doc_id"])
            entry = per[name].setdefault(actor["id"], {"kind": actor.get("kind"), "name": actor.get("name"),
                                                       "mentions": set()})
            entry["mentions"].add(mention["text"])
    return per


def score_actors(readings: dict[str, dict], gold: dict) -> dict:
    """Non-name readings and duplicate ids for one article's actors."""
    by_eye = set(gold.get("non_names", []))
    non_names = []
    for actor_id, entry in sorted(readings.items()):
        bad = {m for m in entry["mentions"] if mention_kind(m) == "non_name" or m in by_eye}
        if mention_kind(entry["name"] or "") == "non_name" and not bad:
            bad = {entry["name"]}
        non_names.extend({"id": actor_id, "mention": m, "by_eye": m in by_eye} for m in sorted(bad))
    duplicates = []
    for group in gold.get("same_entity", []):
        present = sorted(set(group) & set(readings))
        if len(present) > 1:
            duplicates.append(present)
    return {"actors": len(readings), "non_name_actors": len(non_names), "non_names": non_names,
            "duplicate_actors": sum(len(g) - 1 for g in duplicates), "duplicates": duplicates}


def score_relations(relations: list[dict], doc_file: dict[str, str]) -> dict[str, dict]:
    """Per article file: relation count and relations whose evidence lacks one of its mentions."""
    per: dict[str, dict] = defaultdict(lambda: {"relations": 0, "evidence_without_mention": 0,
                                                "violations": []})
    for rec in relations:
        entry = per[doc_file.get(rec["doc_id"], "?" + rec["doc_id"])]
        entry["relations"] += 1
        ev = rec["evidence"]
        missing = [side for side in ("source", "target") if not _inside(rec[side], ev)]
        if missing:
            entry["evidence_without_mention"] += 1
            entry["violations"].append({"source": rec["source"]["id"], "target": rec["target"]["id"],
                                        "type": rec["type"], "outside": missing,
                                        "mentions": [rec[s]["mention"] for s in missing]})
    return per


def _commit(src: Path) -> str | None:
    proc = subprocess.run(["git", "-C", str(src), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=False)
    return proc.stdout.strip() or None


def measure(src: Path, articles: Path, truth: dict, raw: Path | None) -> dict:
    """Run one code version on the articles and score it against the truth."""
    load_before = os.getloadavg()
    docs, ingest_s, ingest_code = stored_documents(src, articles, raw)
    extract_out, extract_s, extract_code = _run(src, ["extract", str(articles), "--format", "jsonl", "-q"],
                                                raw, "extract")
    actors_out, actors_s, actors_code = _run(src, ["actors", str(articles), "--format", "jsonl", "-q"],
                                             raw, "actors")
    doc_file = {d["id"]: d["file"] for d in docs}
    relations = _jsonl(extract_out)
    dates = score_dates(docs, truth)
    readings = actor_readings(_jsonl(actors_out), doc_file)
    rel = score_relations(relations, doc_file)
    per_article = {}
    for name in sorted(truth):
        gold = truth[name]
        per_article[name] = dates[name] | score_actors(readings.get(name, {}), gold) | {
            "relations": rel[name]["relations"],
            "evidence_without_mention": rel[name]["evidence_without_mention"],
            "violations": rel[name]["violations"]}
    unmatched = sorted({r["doc_id"] for r in relations if r["doc_id"] not in doc_file})
    return {"src": str(src), "commit": _commit(src), "articles": len(truth),
            "totals": _totals(per_article, truth), "per_article": per_article,
            "unmatched_doc_ids": unmatched,
            "exit_codes": {"ingest": ingest_code, "extract": extract_code, "actors": actors_code},
            "seconds": {"ingest": round(ingest_s, 1), "extract": round(extract_s, 1),
                        "actors": round(actors_s, 1)},
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()]}


def _totals(per_article: dict[str, dict], truth: dict) -> dict:
    shown = [n for n in per_article if truth[n].get("date_in_text", True)]
    return {
        "dates_right": sum(a["date_right"] for a in per_article.values()),
        "dates_found": sum(a["date"] is not None for a in per_article.values()),
        "dates_right_in_text": f"{sum(per_article[n]['date_right'] for n in shown)}/{len(shown)}",
        "titles_right": sum(a["title_right"] for a in per_article.values()),
        "split_files": sum(a["documents"] > 1 for a in per_article.values()),
        "actors": sum(a["actors"] for a in per_article.values()),
        "non_name_actors": sum(a["non_name_actors"] for a in per_article.values()),
        "duplicate_actors": sum(a["duplicate_actors"] for a in per_article.values()),
        "relations": sum(a["relations"] for a in per_article.values()),
        "evidence_without_mention": sum(a["evidence_without_mention"] for a in per_article.values()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path, help="directory of article .txt files (outside the repo)")
    parser.add_argument("--truth", type=Path, required=True, help="hand-checked truth JSON, keyed by file")
    parser.add_argument("--src", type=Path, action="append", required=True, help="a checkout's src dir")
    parser.add_argument("--label", action="append", help="one name per --src (results file suffix)")
    parser.add_argument("--raw", type=Path, help="keep raw CLI outputs here, one subdirectory per label")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args(argv)
    labels = args.label or [f"src{i}" for i in range(len(args.src))]
    if len(labels) != len(args.src):
        parser.error("give one --label per --src")
    truth = json.loads(args.truth.read_text(encoding="utf-8"))
    truth_sha = hashlib.sha256(args.truth.read_bytes()).hexdigest()[:16]
    runs = {}
    for label, src in zip(labels, args.src):
        raw = None
        if args.raw is not None:
            raw = args.raw / label
            raw.mkdir(parents=True, exist_ok=True)
        result = {"label": label, "truth_sha256": truth_sha} | measure(src.resolve(), args.articles, truth, raw)
        args.out_dir.mkdir(parents=True, exist_ok=True)
        (args.out_dir / f"unseen_news_{label}.json").write_text(
            json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        runs[label] = result
    side_by_side = {label: run["totals"] for label, run in runs.items()}
    print(json.dumps({"articles": len(truth), "totals": side_by_side,
                      "results": [str(args.out_dir / f"unseen_news_{label}.json") for label in runs]},
                     indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
