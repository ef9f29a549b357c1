#!/usr/bin/env python
"""Build the document files of the labelled relation corpus (data/relations/) reproducibly.

Sources (each pinned to a file and commit; licences in data/relations/SOURCES.md):

* English Wikinews (CC BY 2.5), from ``shared/data/corpora/wikinews/docs.jsonl`` (a cleaned copy of
  vanatteveldt/wikinews at 347254178bf3...), political articles only (``politics_ids.txt``, and at
  least 3 distinct knowledge-base actors named in the text);
  written to ``documents.jsonl`` (committed; Wikinews may be shipped with attribution).
* US State of the Union addresses 1900-2021 (US government works, public domain; the files are
  also PDDL/CC0), from a ``fetch`` snapshot of github:stdlib-js/datasets-sotu; each address is
  cut at sentence ends into parts of about 1,800 characters and the two parts with most
  political-relations vocabulary are kept as documents (``parent`` = the address, so both parts
  land in one split); written to ``documents-sotu.jsonl``, which is NOT committed: data brought
  in with ``fetch`` stays out of the project's commits, so this script rebuilds it from the
  snapshot.

* Milestones in the History of U.S. Foreign Relations (Office of the Historian, US Department of
  State; public domain and CC0), from a ``fetch`` snapshot of github:HistoryAtState/milestones: each
  section essay, cut at paragraph ends into parts of at most about 2,500 characters, the first two
  parts kept (the essays' openings carry their main relations); ``date`` is the
  year of the event the essay narrates; written to ``documents-milestones.jsonl`` (NOT committed,
  like the State of the Union parts).

* Wikipedia "Current events" portal (CC BY-SA 4.0), from a ``fetch`` snapshot of
  github:ianrastall/current-events-context (one YAML file per day, 2002-2026, the portal page's items
  by category, parsed from the page's wikitext): the "Politics and elections" items of each ISO week,
  cut at item ends into even parts of at most about 2,500 characters, the first part of each week kept
  (more weeks, not more of one; ``parent`` = the week); trailing source citations ("(Reuters)")
  removed; written to ``documents-current-events.jsonl`` (NOT committed, like the State of the Union
  parts).

Every title (and parent title) is checked against RESERVED_TITLES.sha256 (required), and
excluded sources (PETRARCH2, PLOVER, MPQA/KBP, Park et al., SEESAW, BBC, Reuters) are refused.
The text stored is ``title + "\\n\\n" + body`` so headline relations get offsets too.

Splits are assigned per stratum (source x topic of an article's first part) in sha1 order of the
article id (parent or document id): test first up to 17% of the stratum, dev up to 10%, the rest
train. Splits already
written in an existing output file are kept (frozen); only new documents are assigned.

The selection is frozen too. Wikinews articles and Current events weeks are chosen partly by how many
knowledge-base actors they name, so a grown KB would choose more of them; by default the script keeps
exactly the documents already recorded (``documents.jsonl`` and ``manifests/<source>.jsonl``), so a
clean clone rebuilds the labelled texts and nothing else (a family with nothing recorded yet is written
whole). ``--grow`` admits the newly selected ones.

* Selected Current events items (same source and licence): per month, the "International relations" and
  "Politics and elections" items that name two or more KB actors in a negated, conditional, interrogative
  or meeting clause and are in no weekly document, the first part of a month, 120 months; written to
  ``documents-current-events-selected.jsonl`` (NOT committed). The corpus lacked ``none`` pairs of those
  kinds; whole digests rarely put two actors in such a clause. Each records its items, so a grown KB does
  not change a recorded document.

* White House press briefings 2021-2024 (US government works, public domain; the repository is CC0),
  from a ``fetch`` snapshot of github:brian14708/wh-briefings: per briefing, the exchanges whose
  reporter's question names two or more KB actors, with the openings of their answers; 80 briefings;
  written to ``documents-wh-briefings.jsonl`` (NOT committed). Chosen for genuine questions, which the
  other families hardly hold. Each records its paragraphs. A second family from the same snapshot
  (``documents-wh-briefings-selected.jsonl``, 60 briefings): the briefers' paragraphs that put two KB
  actors in a negated or conditional sentence, not in a question-and-answer document, each labelled
  with its speaker.
  A third (``documents-wh-briefings-negation.jsonl``, 47 briefings no other family draws on): the
  briefers' paragraphs where the parser finds a negated tie verb with two KB actors in its clause.

Usage::

    python scripts/build_relations_corpus.py --out data/relations [--shared ../shared] \\
        [--sotu /work/.mirror/stdlib-js+datasets-sotu/repo] \\
        [--milestones /work/.mirror/HistoryAtState+milestones/repo] \\
        [--current-events /work/.mirror/ianrastall+current-events-context/repo] \\
        [--wh-briefings /work/.mirror/brian14708+wh-briefings/repo]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from allegiance.actors.kb import load_knowledge_base  # noqa: E402
from allegiance.nlp.model import load_model  # noqa: E402
from allegiance.relations.reserved import is_reserved, load_reserved_titles  # noqa: E402
from allegiance.relations.model.speakers import known_person  # noqa: E402

WIKINEWS = {"repo": "vanatteveldt/wikinews", "commit": "347254178bf343f3801aac1d03c41cc09c35decb",
            "licence": "CC BY 2.5"}
MILESTONES = {"repo": "HistoryAtState/milestones", "commit": "d0a1f8c9fd2bb6af8efd45eead38e7524ad98169",
              "licence": "Public domain (US government work) and CC0 1.0"}
SOTU = {"repo": "stdlib-js/datasets-sotu", "commit": "3fe128bad40ad366f8696b7ca25f825ca36869ef",
        "licence": "Public domain (US government work); dataset PDDL 1.0 / CC0 1.0"}
CURRENT_EVENTS = {"repo": "ianrastall/current-events-context", "commit": "4ff6f7d243c81c1df4a919fb4280d9d7e9559bd8",
                  "licence": "CC BY-SA 4.0"}
EXCLUDED = re.compile(r"petrarch|plover|mpqa|\bkbp\b|park2021|park et al|seesaw|\bbbc\b|reuters", re.I)
PARTY_WORDS = re.compile(r"\b((?:political|opposition|ruling|governing|labour|conservative|democratic|republican|"
                         r"green|national|people's|communist|liberal|socialist|the|his|her|their|whose|which)"
                         r" part(?:y|ies)|leadership|leader of the|faction|wing|caucus|primary|primaries|"
                         r"nominee|nomination|coalition|labour|conservative|democrat\w*|republican\w*|tory|tories|"
                         r"union|unions|mps|lawmakers|opposition|impeach\w*|cabinet|resign\w*|elect\w*|vote\w*)\b",
                         re.I)
INTERNATIONAL_WORDS = re.compile(r"\b(foreign|treaty|treaties|alliance|allies|allied|nations|sanction\w*|troops|"
                                 r"war|wars|invasion|embassy|ambassador|diplomat\w*|nato|united nations|un|"
                                 r"border|military|ceasefire|peace|summit|bilateral|soviet|russia\w*|china|"
                                 r"chinese|iran\w*|iraq\w*|israel\w*|palestin\w*|korea\w*|syria\w*|ukrain\w*|"
                                 r"europe\w*|mexic\w*|japan\w*|german\w*|france|french|britain|british)\b", re.I)
PART_CHARS = 1800
MILESTONE_PART_CHARS = 2500
MILESTONE_PARTS = 2  # the first two parts of each essay: more essays, not more of one
TEI = "{http://www.tei-c.org/ns/1.0}"
MIN_ACTORS = 3
CURRENT_EVENTS_PART_CHARS = 2500
PORTAL_URL = "https://en.wikipedia.org/wiki/Portal:Current_events/"
# the section headings the portal has used; any other key of a day's payload is a story heading, whose
# items belong to the section above it
PORTAL_SECTIONS = frozenset({
    "Armed conflicts and attacks", "Attacks and armed conflicts", "Arts and culture", "Arts and entertainment",
    "Business and economy", "Business and economics", "Disasters and accidents", "Disasters",
    "Health and environment", "Health and medicine", "International relations", "Law and crime",
    "Politics and elections", "Politics", "Science and technology", "Sports", "Sport", "Uncategorized"})
POLITICS_SECTIONS = frozenset({"Politics and elections", "Politics"})
_TRAILING_CITATIONS = re.compile(r"(?<=[.!?\"'”’])(?:\s*\([^()]*\))+\.?\s*$")  # "... vote. (AP) (Reuters)"


def political_actor_matcher():
    """Count the distinct knowledge-base actors a text names (capitalised aliases, whole words).

    The function returned also has ``spans(text)``: (start, end, actor ids) of every name found."""
    kb = load_knowledge_base()
    by_alias: dict[str, set[str]] = defaultdict(set)
    for entry in kb.alias_entries():
        if len(entry.text) >= 3 and entry.text[:1].isupper() and entry.alias_type != "adjective":
            by_alias[entry.text].add(entry.actor_id)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(a) for a in sorted(by_alias, key=len, reverse=True))
                         + r")(?!\w)")

    def spans(text: str) -> list[tuple[int, int, frozenset[str]]]:
        return [(m.start(), m.end(), frozenset(by_alias[m.group(1)])) for m in pattern.finditer(text)]

    def count(text: str) -> int:
        return len({actor for _, _, ids in spans(text) for actor in ids})

    count.spans = spans
    return count


def topic_of(text: str) -> str:
    """international or party, by which vocabulary dominates (a heuristic; recorded as such)."""
    party = len(PARTY_WORDS.findall(text))
    international = len(INTERNATIONAL_WORDS.findall(text))
    return "party" if party > international else "international"


def _check(title: str, parent: str | None, source: str, reserved: frozenset[str]) -> str | None:
    if EXCLUDED.search(source):
        return f"excluded source {source}"
    for t in filter(None, (title, parent)):
        if is_reserved(t, reserved):
            return "reserved title"
    return None


def _count(skipped: dict, why: str, n: int = 1) -> None:
    skipped[why] = skipped.get(why, 0) + n


def wikinews_documents(shared: Path, reserved: frozenset[str], skipped: dict, actors_in) -> list[dict]:
    base = shared / "data" / "corpora" / "wikinews"
    political = set((base / "politics_ids.txt").read_text().split())
    out = []
    for line in (base / "docs.jsonl").open(encoding="utf-8"):
        rec = json.loads(line)
        if rec["id"] not in political:
            continue
        if actors_in(rec["text"]) < MIN_ACTORS:
            _count(skipped, "fewer than 3 known political actors")
            continue
        why = _check(rec["title"], None, rec.get("source", ""), reserved)
        if why:
            _count(skipped, why)
            continue
        out.append({"id": rec["id"], "title": rec["title"], "text": rec["title"] + "\n\n" + rec["text"],
                    "date": rec["date"], "source": "English Wikinews", "url": rec["url"],
                    "repo": WIKINEWS["repo"], "path": f"data/wikinews_{rec['date'][:4]}.csv",
                    "commit": WIKINEWS["commit"], "licence": WIKINEWS["licence"],
                    "attribution": f"Wikinews contributors, \"{rec['title']}\", {rec['url']}, CC BY 2.5; "
                                   "dateline removed, title prepended",
                    "topic": topic_of(rec["text"])})
    return out


def _parts(text: str) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", text.strip())
    parts, current = [], ""
    for s in sentences:
        if current and len(current) + len(s) > PART_CHARS:
            parts.append(current)
            current = ""
        current = f"{current} {s}".strip()
    if current:
        parts.append(current)
    return parts


#: dataset names the knowledge base spells otherwise (the rest resolve through :func:`sotu_speaker`'s variants)
SOTU_SPEAKER_IDS = {"George Bush": "PER:george_h_w_bush", "William J Clinton": "PER:bill_clinton",
                    "William H Taft": "PER:william_howard_taft"}


def sotu_speaker(name: str, kb) -> str | None:
    """The knowledge-base id of the president a dataset name ("Harry S Truman", "William Mc Kinley") is."""
    if name in SOTU_SPEAKER_IDS:
        return SOTU_SPEAKER_IDS[name]
    words = name.replace("Mc ", "Mc").split()
    dotted = " ".join(w + "." if len(w) == 1 else w for w in words)
    bare = " ".join(w for w in words if len(w) > 1)
    for variant in (name, " ".join(words), dotted, bare):
        person = known_person(variant, kb)
        if person is not None:
            return person.id
    return None


def sotu_documents(repo: Path, reserved: frozenset[str], skipped: dict, first_year: int = 1900,
                   per_address: int = 2) -> list[dict]:
    names = _git(repo, "ls-tree", "--name-only", SOTU["commit"], "data/").split()
    kb = load_knowledge_base()
    out = []
    for path in sorted(n for n in names if n.endswith(".json")):
        rec = json.loads(_git(repo, "show", f"{SOTU['commit']}:{path}"))
        if int(rec["year"]) < first_year:
            continue
        parent = f"State of the Union address {rec['year']} ({rec['name']})"
        parts = _parts(rec["text"])
        scored = sorted(range(len(parts)), key=lambda i: (-len(INTERNATIONAL_WORDS.findall(parts[i]))
                                                          - len(PARTY_WORDS.findall(parts[i])), i))
        for i in sorted(scored[:per_address]):
            title = f"{parent}, part {i + 1} of {len(parts)}"
            why = _check(title, parent, SOTU["repo"], reserved)
            if why:
                _count(skipped, why)
                continue
            doc_id = "sotu-" + hashlib.sha1(f"{path}#{i}".encode()).hexdigest()[:12]
            out.append({"id": doc_id, "title": title, "text": title + "\n\n" + parts[i], "date": str(rec["year"]),
                        "source": "US State of the Union addresses", "parent": parent, "headline": False,
                        "url": "https://github.com/stdlib-js/datasets-sotu", "repo": SOTU["repo"], "path": path,
                        "commit": SOTU["commit"], "licence": SOTU["licence"],
                        "speaker": sotu_speaker(rec["name"], kb),
                        "attribution": f"{rec['name']}, State of the Union address {rec['year']} (US government "
                                       "work, public domain), via stdlib-js/datasets-sotu; cut into parts",
                        "topic": topic_of(parts[i])})
    return out


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


def _paragraph_parts(paragraphs: list[str], limit: int) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for para in paragraphs:
        if parts[-1] and sum(len(x) + 2 for x in parts[-1]) + len(para) > limit:
            parts.append([])
        parts[-1].append(para)
    return [p for p in parts if p]


def _milestone_sections(xml_text: str, chapter_year: str):
    """(xml id, title, year, paragraphs) of every section essay of one chapter file."""
    import xml.etree.ElementTree as ET  # stdlib; only this source is XML

    root = ET.fromstring(xml_text)
    for div in root.iter(f"{TEI}div"):
        if div.get("type") != "section":
            continue
        head = div.find(f"{TEI}head")
        title = " ".join("".join(head.itertext()).split()) if head is not None else ""
        date = head.find(f"{TEI}date") if head is not None else None
        year = (date.get("when") or date.get("from") or "")[:4] if date is not None else ""
        paragraphs = [" ".join("".join(p.itertext()).split()) for p in div.findall(f"{TEI}p")]
        paragraphs = [p for p in paragraphs if p]
        if title and paragraphs:
            yield div.get("{http://www.w3.org/XML/1998/namespace}id"), title, year or chapter_year, paragraphs


def milestones_documents(repo: Path, reserved: frozenset[str], skipped: dict) -> list[dict]:
    out = []
    for path in sorted(n for n in _git(repo, "ls-tree", "--name-only", MILESTONES["commit"], "chapters/").split()):
        chapter = Path(path).stem
        for xml_id, title, year, paragraphs in _milestone_sections(_git(repo, "show", f"{MILESTONES['commit']}:{path}"),
                                                                   chapter[:4]):
            parts = _paragraph_parts(paragraphs, MILESTONE_PART_CHARS)
            for i, part in enumerate(parts[:MILESTONE_PARTS]):
                doc_title = title if len(parts) == 1 else f"{title} (part {i + 1} of {len(parts)})"
                why = _check(doc_title, title, MILESTONES["repo"], reserved)
                if why:
                    _count(skipped, why)
                    continue
                url = f"https://history.state.gov/milestones/{chapter}/{xml_id}"
                out.append({"id": "milestones-" + hashlib.sha1(f"{path}#{xml_id}#{i}".encode()).hexdigest()[:12],
                            "title": doc_title, "text": doc_title + "\n\n" + "\n\n".join(part), "date": year,
                            "source": "Milestones in the History of U.S. Foreign Relations", "parent": title,
                            "url": url, "repo": MILESTONES["repo"], "path": path, "commit": MILESTONES["commit"],
                            "licence": MILESTONES["licence"], "headline": False,
                            "attribution": f"Office of the Historian, US Department of State, \"{title}\", {url} "
                                           "(public domain, CC0); split into parts at paragraph ends",
                            "topic": topic_of(" ".join(part))})
    return out


def current_events_politics_items(payload: dict, sections: frozenset[str] = POLITICS_SECTIONS) -> list[str]:
    """The "Politics and elections" items (or those of other ``sections``) of one day's payload
    (section -> items), as plain sentences.

    Keys that are no section name are story headings; their items belong to the section above them.
    Items that are only a heading (no sentence end) are dropped, and so are the source citations after
    an item ("(AP) (Reuters)"), so only text written on Wikipedia stays.
    """
    items, section = [], None
    for key, values in (payload or {}).items():
        if key in PORTAL_SECTIONS:
            section = key
        if section not in sections or not isinstance(values, list):
            continue
        for value in values:
            text = " ".join(_TRAILING_CITATIONS.sub("", str(value)).split())
            if re.search(r"[.!?][\"'”’)]?$", text):
                items.append(text)
    return items


def _blobs(repo: Path, commit: str, paths: list[str]):
    """(path, text) of each file at ``commit``, read through one ``git cat-file --batch``."""
    with subprocess.Popen(["git", "--git-dir", str(repo), "cat-file", "--batch"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE) as proc:
        for path in paths:
            proc.stdin.write(f"{commit}:{path}\n".encode())
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) < 3 or header[1] != b"blob":
                continue
            data = proc.stdout.read(int(header[2]))
            proc.stdout.read(1)
            yield path, data.decode("utf-8", errors="replace")
        proc.stdin.close()


def even_paragraph_parts(paragraphs: list, limit: int, size=len) -> list[list]:
    """Cut paragraphs (in order) into the fewest parts of at most ``limit`` characters, of even size."""
    total = sum(size(p) + 2 for p in paragraphs)
    target = total / max(1, math.ceil(total / limit))
    parts: list[list] = [[]]
    for para in paragraphs:
        filled = sum(size(x) + 2 for x in parts[-1])
        if parts[-1] and (filled >= target or filled + size(para) > limit):
            parts.append([])
        parts[-1].append(para)
    return [p for p in parts if p]


def _portal_url(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{PORTAL_URL}{d.year}_{d:%B}_{d.day}"


def _portal_days(part: list[tuple]) -> list[str]:
    return sorted({day for day, _, _ in part})


def _portal_document(doc_id: str, title: str, parent: str, part: list[tuple], commit: str, *, pages: str,
                     around: str, changes: str) -> dict:
    """A document of Current events items ``part`` ((day, path, item) each); ``pages``, ``around`` and
    ``changes`` finish its attribution (which daily pages, what else they cover, what was done to them)."""
    days = _portal_days(part)
    body = "\n\n".join(item for _, _, item in part)
    return {"id": doc_id, "title": title, "text": title + "\n\n" + body, "date": days[0],
            "source": "Wikipedia Current events portal", "parent": parent, "headline": False,
            "url": _portal_url(days[0]), "repo": CURRENT_EVENTS["repo"],
            "path": ";".join(dict.fromkeys(path for _, path, _ in part)), "commit": commit,
            "licence": CURRENT_EVENTS["licence"], "topic": topic_of(body),
            "attribution": f"Wikipedia contributors, \"Portal:Current events\", {pages} ({_portal_url(days[0])} "
                           f"{around}), CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), via "
                           f"ianrastall/current-events-context; {changes}"}


def _current_events_document(monday: date, index: int, count: int, part: list[tuple], commit: str) -> dict:
    parent = f"Wikipedia current events, politics and elections, week of {monday.day} {monday:%B %Y}"
    days = _portal_days(part)
    return _portal_document(
        "current-events-" + hashlib.sha1(f"{monday}#{index}".encode()).hexdigest()[:12],
        parent if count == 1 else f"{parent}, part {index + 1} of {count}", parent, part, commit,
        pages=f"daily page {days[0]}" if len(days) == 1 else f"daily pages {days[0]} to {days[-1]}",
        around="and the pages of the days after it",
        changes="politics and elections items only, source citations removed, title prepended, cut into parts")


def _current_events_weeks(repo: Path, commit: str, skipped: dict,
                          sections: frozenset[str] = POLITICS_SECTIONS) -> dict[date, list[tuple]]:
    """(day, path, item) of every item of ``sections`` (politics), by the Monday of its ISO week."""
    import yaml  # PyYAML, a dependency of the package (the knowledge base is YAML)

    names = [n for n in _git(repo, "ls-tree", "-r", "--name-only", commit).split()
             if re.fullmatch(r"\d{4}/\d\d/\d{4}-\d\d-\d\d\.yaml", n)]
    weeks: dict[date, list[tuple]] = defaultdict(list)
    for path, text in _blobs(repo, commit, names):
        try:
            record = yaml.safe_load(text)
        except yaml.YAMLError:
            record = None
        day = Path(path).stem
        if not isinstance(record, dict) or "Intelligence_Payload" not in record or str(record.get("Date")) != day:
            _count(skipped, "current-events file not in the portal-copy schema, or dated unlike its name")
            continue
        monday = date.fromisoformat(day) - timedelta(days=date.fromisoformat(day).weekday())
        weeks[monday] += [(day, path, item)
                          for item in current_events_politics_items(record["Intelligence_Payload"], sections)]
    return weeks


def current_events_documents(repo: Path, reserved: frozenset[str], skipped: dict, actors_in,
                             commit: str = CURRENT_EVENTS["commit"], parts_per_week: int = 1) -> list[dict]:
    """The first part(s) of each ISO week's "Politics and elections" items (``parent`` = the week)."""
    out = []
    for monday, items in sorted(_current_events_weeks(repo, commit, skipped).items()):
        parts = even_paragraph_parts(items, CURRENT_EVENTS_PART_CHARS, size=lambda item: len(item[2]))
        for i, part in enumerate(parts[:parts_per_week]):
            doc = _current_events_document(monday, i, len(parts), part, commit)
            why = _check(doc["title"], doc["parent"], CURRENT_EVENTS["repo"], reserved)
            if why is None and actors_in(doc["text"][len(doc["title"]) + 2:]) < MIN_ACTORS:
                why = "fewer than 3 known political actors"
            if why:
                _count(skipped, why)
                continue
            out.append(doc)
    return out


#: Constructions the labelled corpus lacked (issue 13 wants 300 ``none`` pairs of each): an item is selected when
#: it names at least two knowledge-base actors and has one of these.
CONSTRUCTION_CUES = {
    "negation": re.compile(r"\b(?:not|n't|never|no longer|refus\w+ to|declin\w+ to|fail\w* to|rejects?|denies|"
                           r"denied)\b", re.I),
    "question": re.compile(r"\?"),
    "conditional": re.compile(r"\b(?:if|unless|threaten\w* to|on condition|provided that)\b", re.I),
    "meeting": re.compile(r"\b(?:meets?|met|meeting with|talks with|holds? talks|visits?|visited|phone call|"
                          r"telephone|summit)\b", re.I),
}
SELECTED_SECTIONS = frozenset({"International relations"}) | POLITICS_SECTIONS
SELECTED_DOCUMENTS = 120  # a spread of months, not all of them: the party share of the corpus stays above 35%
_OUTLET_CITATION = re.compile(r"\((?:[^()]*\b(?:BBC|Reuters)\b[^()]*)\)")


def construction_cues(text: str) -> list[str]:
    """The constructions of :data:`CONSTRUCTION_CUES` a text has.

    >>> construction_cues("Egypt and Israel hold talks in Jerusalem; Cairo will not sign.")
    ['negation', 'meeting']
    """
    return [name for name, rx in CONSTRUCTION_CUES.items() if rx.search(text)]


def current_events_selected_documents(repo: Path, reserved: frozenset[str], skipped: dict, actors_in,
                                      used_items: set[str], recorded: dict[str, list[str]] | None = None,
                                      commit: str = CURRENT_EVENTS["commit"],
                                      limit: int = SELECTED_DOCUMENTS) -> list[dict]:
    """Per month, the "International relations" and "Politics and elections" items that name two or more
    knowledge-base actors in a negated, conditional, interrogative or meeting clause (``construction_cues``),
    none of them in a weekly document (``used_items``); the first part of each month, ``limit`` months in
    sha1 order of the month (a spread over the years), ``parent`` = the month.

    Each document records its items (``items``: ``"<day>#<n>"``, the n-th item of those sections that day).
    The selection depends on the knowledge base (which names it knows), so documents already ``recorded``
    (id -> items, from the manifest) are rebuilt from their items, whatever the knowledge base finds today.
    """
    refs: dict[str, tuple] = {}
    months: dict[str, list[str]] = defaultdict(list)
    for monday, items in sorted(_current_events_weeks(repo, commit, {}, SELECTED_SECTIONS).items()):
        per_day: Counter = Counter()
        for day, path, item in items:
            ref = f"{day}#{per_day[day]}"
            per_day[day] += 1
            refs[ref] = (day, path, item)
            if (item not in used_items and not _OUTLET_CITATION.search(item) and construction_cues(item)
                    and actors_in(item) >= 2):
                months[day[:7]].append(ref)
    chosen: dict[str, list[str]] = {}
    for doc_id, items in (recorded or {}).items():
        if all(r in refs for r in items):
            chosen[doc_id] = items
        else:
            _count(skipped, "recorded selected-items document whose items the snapshot lacks")
    for month in sorted(months, key=lambda m: hashlib.sha1(m.encode()).hexdigest()):
        if len(chosen) >= max(limit, len(recorded or {})):
            break
        doc_id = "current-events-sel-" + hashlib.sha1(month.encode()).hexdigest()[:12]
        if doc_id not in chosen:
            part = even_paragraph_parts(months[month], CURRENT_EVENTS_PART_CHARS, size=lambda r: len(refs[r][2]))[0]
            chosen[doc_id] = part
    out = []
    for doc_id, items in chosen.items():
        part = [refs[r] for r in items]
        days = _portal_days(part)
        parent = ("Wikipedia current events, selected international relations and politics items, "
                  f"{date.fromisoformat(days[0]):%B %Y}")
        doc = _portal_document(doc_id, parent, parent, part, commit, pages=f"daily pages {days[0]} to {days[-1]}",
                               around="and the other days of that month",
                               changes="international relations and politics items selected for negation, "
                                       "conditions, questions and meetings between named actors, source citations "
                                       "removed, title prepended")
        doc["items"] = items
        why = _check(doc["title"], doc["parent"], CURRENT_EVENTS["repo"], reserved)
        if why:
            _count(skipped, why)
            continue
        out.append(doc)
    return out


WH_BRIEFINGS = {"repo": "brian14708/wh-briefings", "commit": "737ca03a271adc205c67766074ec8d0070f7ad95",
                "licence": "Public domain (US government work, 17 U.S.C. 105); repository CC0 1.0"}
WH_DOCUMENTS = 80  # briefings, in sha1 order of their path (a spread over 2021-2025)
WH_STATEMENT_DOCUMENTS = 60
WH_NEGATION_DOCUMENTS = 60
WH_PART_CHARS = 2500
WH_ANSWER_CHARS = 700  # an answer's first paragraphs, up to this many characters (at least its first)
_WH_SPEAKER = re.compile(r"(Q\b[.:]?|(?:[A-Z][A-Z.'’-]*\s){0,3}[A-Z][A-Z.'’-]+:)\s+(?=\S)")
_WH_QUESTION = re.compile(r"[^.?!]*\?")
_WH_NOT_SPEECH = re.compile(r"\d{1,2}:\d\d [AP]\.M\..*|END\b.*|\W*|James S\. Brady Press Briefing Room|"
                            r"Via Teleconference|Aboard Air Force One.*", re.I)


def briefing_paragraphs(markdown: str) -> tuple[dict, list[tuple[str, str]]]:
    """The front matter and the (speaker, paragraph) list of a briefing file of github:brian14708/wh-briefings.

    Lines are joined, no-break spaces and Markdown escapes undone; ``speaker`` is "Q" for a reporter and the
    printed label ("MS. PSAKI") for an official, carried over to the paragraphs that continue a turn. A
    paragraph that opens a turn keeps its label ("Q: ...", "MS. PSAKI: ...").

    >>> meta, paras = briefing_paragraphs("---\\ntitle: Press Briefing\\n---\\n\\n1:04 P.M. EST\\n\\n"
    ...     "MS. PSAKI:\u00a0 Hi.\\n\\nQ\u00a0\u00a0 Will Ruritania\\nback Borduria?\\n\\nMS. PSAKI:\u00a0 No.\\n\\nMore.")
    >>> meta["title"], paras
    ('Press Briefing', [('MS. PSAKI', 'MS. PSAKI: Hi.'), ('Q', 'Q: Will Ruritania back Borduria?'), \
('MS. PSAKI', 'MS. PSAKI: No.'), ('MS. PSAKI', 'More.')])
    """
    import yaml  # PyYAML, a dependency of the package (the knowledge base is YAML)

    meta: dict = {}
    if markdown.startswith("---"):
        head, _, markdown = markdown[3:].partition("\n---")
        loaded = yaml.safe_load(head)
        meta = loaded if isinstance(loaded, dict) else {}
    text = re.sub(r"\\([\\`*_{}\[\]()#+.!|-])", r"\1", markdown.replace("\u00a0", " "))
    speaker, out = "", []
    for block in re.split(r"\n[ \t]*\n", text):
        para = " ".join(block.split())
        if _WH_NOT_SPEECH.fullmatch(para):
            continue
        if m := _WH_SPEAKER.match(para):
            speaker = "Q" if m.group(1).startswith("Q") else m.group(1).rstrip(":")
            para = f"{speaker}: {para[m.end():]}"
        if speaker:
            out.append((speaker, para))
    return meta, out


def briefing_exchanges(paragraphs: list[tuple[str, str]], actors_in) -> list[list[int]]:
    """Paragraph indices of each exchange whose question asks about two or more actors.

    An exchange is a reporter's turn that has a question naming two knowledge-base actors in one
    sentence, and the first paragraphs of the answer (up to ``WH_ANSWER_CHARS``, at least one).
    """
    out = []
    for i, (speaker, para) in enumerate(paragraphs):
        if speaker != "Q" or (i and paragraphs[i - 1][0] == "Q"):
            continue
        turn = [i]
        while turn[-1] + 1 < len(paragraphs) and paragraphs[turn[-1] + 1][0] == "Q":
            turn.append(turn[-1] + 1)
        question = " ".join(paragraphs[j][1] for j in turn)
        if not any(actors_in(q) >= 2 for q in _WH_QUESTION.findall(question)) or _OUTLET_CITATION.search(
                question) or re.search(r"\b(?:BBC|Reuters)\b", question):
            continue
        answer, size = [], 0
        for j in range(turn[-1] + 1, len(paragraphs)):
            if paragraphs[j][0] == "Q" or (answer and size + len(paragraphs[j][1]) > WH_ANSWER_CHARS):
                break
            answer.append(j)
            size += len(paragraphs[j][1])
        out.append(turn + answer)
    return out


def briefing_statements(paragraphs: list[tuple[str, str]], actors_in) -> list[list[int]]:
    """Indices (one per unit) of the briefers' paragraphs with a sentence that names two or more actors and
    has a negation or a condition (``CONSTRUCTION_CUES``); reporters' questions are left out."""
    out = []
    for i, (speaker, para) in enumerate(paragraphs):
        if speaker == "Q" or re.search(r"\b(?:BBC|Reuters)\b", para):
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", para):
            if actors_in(sentence) >= 2 and {"negation", "conditional"} & set(construction_cues(sentence)):
                out.append([i])
                break
    return out


#: Verbs whose negation is itself a stance (3, counter-example: refusing, rejecting) or that say nothing of a tie;
#: a clause negating one of them is not selected as a negation.
NEGATED_STANCE_VERBS = frozenset({"refuse", "reject", "oppose", "condemn", "criticize", "criticise", "boycott",
                                  "tolerate", "allow", "accept", "recognize", "recognise", "let", "stand", "be",
                                  "know", "think", "get", "comment", "speak", "go"})
#: Verbs of a tie between actors (support, supply, alliance, talks, hostility): a negated clause is selected only
#: when its verb is one of these, so "it's not a model" or "we're not betting on it" are left out.
TIE_VERBS = frozenset({
    "support", "back", "help", "aid", "assist", "arm", "fund", "finance", "provide", "supply", "send", "deliver",
    "sell", "give", "deploy", "ship", "transfer", "join", "sign", "attend", "participate", "engage", "talk",
    "negotiate", "meet", "invite", "seek", "look", "ally", "side", "cooperate", "coordinate", "work", "partner",
    "trade", "share", "have", "fight", "attack", "invade", "strike", "threaten", "sanction", "pressure", "blame",
    "accuse", "endorse", "consult", "agree", "discuss", "commit", "intervene", "enter", "violate", "target",
    "confront", "ask", "call", "want", "encourage", "push", "urge", "facilitate", "enable", "approve",
    "authorize", "coerce", "align", "welcome", "host", "visit", "speak", "communicate", "hold", "reach", "see",
})
_BRIEFER_WE = re.compile(r"\b(?:[Ww]e|us)\b")
_NEGATION_CUE = re.compile(r"\b(?:not|n't|never|no longer|den(?:y|ies|ied))\b", re.I)


def negated_tie_sentences(text: str, actor_spans, nlp, *, speaker_we: bool = True) -> list[str]:
    """The sentences of ``text`` with a negated verb (or "deny") whose clause holds two or more actors.

    A cue-free sentence is not parsed. Actors are ``actor_spans(sentence)`` ((start, end, ids) each) and,
    with ``speaker_we``, the briefer's "we"/"us" (the administration, section 7i of the guidelines). The
    verb must not be one whose negation is a stance or says nothing of a tie (``NEGATED_STANCE_VERBS``). This
    finds where a negated tie may be; whether a pair is ``negation`` is the annotator's call.
    """
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if _NEGATION_CUE.search(s)]
    out = []
    for sentence, doc in zip(sentences, nlp.pipe(sentences)):
        ends = list(actor_spans(sentence))
        if not ends:
            continue
        for token in doc:
            if token.dep_ == "neg" and token.head.pos_ in ("VERB", "AUX"):
                verb = token.head
            elif token.lemma_ == "deny" and token.pos_ == "VERB":
                verb = token
            else:
                continue
            if verb.lemma_ in NEGATED_STANCE_VERBS or verb.lemma_ not in TIE_VERBS:
                continue
            lo, hi = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge)
            ids = {a for start, end, found in ends if start >= lo and end <= hi for a in found}
            if speaker_we and ids and any(c.dep_.startswith("nsubj") and _BRIEFER_WE.fullmatch(c.text)
                                          for c in verb.children):
                ids.add("WE")  # the briefer's "we" as the negated verb's subject
            if len(ids) >= 2:
                out.append(sentence)
                break
    return out


def briefing_negations(nlp):
    """A ``select`` for :func:`_wh_documents`: indices (one per unit) of the briefers' paragraphs with a
    sentence that :func:`negated_tie_sentences` finds; reporters' questions are left out. ``actors_in`` must
    have ``spans`` (:func:`political_actor_matcher`)."""
    def select(paragraphs: list[tuple[str, str]], actors_in) -> list[list[int]]:
        return [[i] for i, (speaker, para) in enumerate(paragraphs)
                if speaker != "Q" and not re.search(r"\b(?:BBC|Reuters)\b", para)
                and negated_tie_sentences(para, actors_in.spans, nlp)]
    return select


def _speaker_labelled(speaker: str, para: str) -> str:
    """A paragraph that continues a turn, given its speaker's label ("MS. PSAKI: ...")."""
    return para if para.startswith(f"{speaker}: ") else f"{speaker}: {para}"


def _wh_documents(repo: Path, reserved: frozenset[str], skipped: dict, actors_in, recorded, commit: str, limit: int,
                  *, prefix: str, select, min_units: int, labelled: bool, what: str, changes: str,
                  avoid: dict[str, set[str]] | None = None, avoid_briefings: frozenset[str] = frozenset(),
                  ) -> list[dict]:
    """White House briefing documents of one family: per briefing, the units ``select`` finds (lists of paragraph
    indices; paragraphs in ``avoid[path]`` are skipped), packed up to ``WH_PART_CHARS``; ``limit`` briefings
    with at least ``min_units`` units, in sha1 order of their path, none in ``avoid_briefings`` (paths); recorded
    documents rebuilt from their items.
    ``labelled``: every paragraph starts with its speaker's label."""
    names = [n for n in _git(repo, "ls-tree", "-r", "--name-only", commit).split()
             if re.fullmatch(r"press-briefings/\d{4}-\d\d/\d{4}-\d\d-\d\d-[^/]+\.md", n)]
    by_id = {prefix + hashlib.sha1(n.encode()).hexdigest()[:12]: n for n in names}
    wanted = dict(recorded or {})
    parsed: dict[str, tuple] = {}
    order = sorted(names, key=lambda n: hashlib.sha1(n.encode()).hexdigest())
    paths = [by_id[i] for i in wanted if i in by_id] + ([] if len(wanted) >= limit else order)
    for path, markdown in _blobs(repo, commit, list(dict.fromkeys(paths))):
        doc_id = prefix + hashlib.sha1(path.encode()).hexdigest()[:12]
        meta, paragraphs = briefing_paragraphs(markdown)
        parsed[doc_id] = (path, meta, paragraphs)
        if doc_id in wanted or len(wanted) >= max(limit, len(recorded or {})) or path in avoid_briefings:
            continue
        skip = (avoid or {}).get(path, set())
        units = [u for u in select(paragraphs, actors_in) if not any(f"p{j}" in skip for j in u)]
        if len(units) < min_units:
            continue
        items: list[str] = []
        for unit in units:
            size = sum(len(paragraphs[int(r[1:])][1]) + 2 for r in items)
            if items and size + sum(len(paragraphs[j][1]) + 2 for j in unit) > WH_PART_CHARS:
                break
            items += [f"p{j}" for j in unit]
        wanted[doc_id] = items
    out = []
    for doc_id, items in wanted.items():
        if doc_id not in parsed or any(int(r[1:]) >= len(parsed[doc_id][2]) for r in items):
            _count(skipped, "recorded briefing whose paragraphs the snapshot lacks")
            continue
        path, meta, paragraphs = parsed[doc_id]
        day = str(meta.get("date") or path.split("/")[2][:10])
        original = " ".join(str(meta.get("title") or Path(path).stem).split())
        title = f"White House press briefing of {date.fromisoformat(day):%-d %B %Y}: {what}"
        chosen = [paragraphs[int(r[1:])] for r in items]
        body = "\n\n".join(_speaker_labelled(*p) if labelled else p[1] for p in chosen)
        url = str(meta.get("source_url") or "")
        doc = {"id": doc_id, "title": title, "text": title + "\n\n" + body, "date": day,
               "source": "White House press briefings", "parent": f"{original} ({day})", "headline": False,
               "url": url, "repo": WH_BRIEFINGS["repo"], "path": path, "commit": commit, "items": items,
               "licence": WH_BRIEFINGS["licence"], "topic": topic_of(body),
               "attribution": f"The White House, \"{original}\" ({url}), a work of the US government in the "
                              f"public domain, via brian14708/wh-briefings (CC0 1.0); {changes}"}
        why = _check(title, original, WH_BRIEFINGS["repo"], reserved)
        if why:
            _count(skipped, why)
            continue
        out.append(doc)
    return out


def wh_briefing_documents(repo: Path, reserved: frozenset[str], skipped: dict, actors_in,
                          recorded: dict[str, list[str]] | None = None, commit: str = WH_BRIEFINGS["commit"],
                          limit: int = WH_DOCUMENTS) -> list[dict]:
    """White House press briefings (2021-2025): per briefing, the exchanges whose question names two or more
    knowledge-base actors (``briefing_exchanges``), packed up to ``WH_PART_CHARS``; ``limit`` briefings with
    at least two such exchanges, in sha1 order of their path. Each document records its paragraphs
    (``items``: ``"p<n>"``), so a grown knowledge base does not change a recorded document.
    """
    return _wh_documents(repo, reserved, skipped, actors_in, recorded, commit, limit, prefix="wh-briefing-",
                         select=briefing_exchanges, min_units=2, labelled=False,
                         what="selected questions and answers",
                         changes="questions naming two or more actors and the openings of their answers selected, "
                                 "line breaks joined, title prepended")


def wh_statement_documents(repo: Path, reserved: frozenset[str], skipped: dict, actors_in,
                           recorded: dict[str, list[str]] | None = None, used: dict[str, set[str]] | None = None,
                           commit: str = WH_BRIEFINGS["commit"], limit: int = WH_STATEMENT_DOCUMENTS) -> list[dict]:
    """White House press briefings: per briefing, the briefers' paragraphs that put two or more knowledge-base
    actors in a negated or conditional sentence (``briefing_statements``), none of them in a question-and-answer
    document (``used``: path -> items), each labelled with its speaker; ``limit`` briefings with at least three,
    in sha1 order of their path (``wh-briefing-sel-`` ids). Each records its paragraphs.
    """
    return _wh_documents(repo, reserved, skipped, actors_in, recorded, commit, limit, prefix="wh-briefing-sel-",
                         select=briefing_statements, min_units=3, labelled=True, avoid=used,
                         what="selected statements",
                         changes="briefers' paragraphs with a negation or a condition between two or more actors "
                                 "selected, each labelled with its speaker, line breaks joined, title prepended")


def wh_negation_documents(repo: Path, reserved: frozenset[str], skipped: dict, actors_in, nlp,
                          recorded: dict[str, list[str]] | None = None, used: dict[str, set[str]] | None = None,
                          commit: str = WH_BRIEFINGS["commit"], limit: int = WH_NEGATION_DOCUMENTS) -> list[dict]:
    """White House press briefings: per briefing, the briefers' paragraphs with a negated verb whose clause holds
    two actors (``briefing_negations``: a dependency parse, not a word list), from briefings no other briefing
    document draws on (``used``: path -> items; so one briefing never lands in two splits), each labelled with
    its speaker; ``limit`` briefings with at least two,
    in sha1 order of their path (``wh-briefing-neg-`` ids). Each records its paragraphs.
    """
    return _wh_documents(repo, reserved, skipped, actors_in, recorded, commit, limit, prefix="wh-briefing-neg-",
                         select=briefing_negations(nlp), min_units=2, labelled=True,
                         avoid_briefings=frozenset(used or ()),
                         what="selected negated statements",
                         changes="briefers' paragraphs with a negated verb between two or more actors selected, "
                                 "each labelled with its speaker, line breaks joined, title prepended")


def drop_duplicate_texts(outputs: dict[str, list[dict]], frozen: dict[str, str], skipped: dict) -> None:
    """Keep one document of each body text (in place): a briefing published under two addresses ("Press
    Briefing by ..." and "Remarks by ...") gives two documents with one text, which may land in two splits.
    The kept one is the frozen test, then dev, then train document, then the first id."""
    rank = {"test": 0, "dev": 1, "train": 2}
    keep: dict[str, tuple] = {}
    for docs in outputs.values():
        for d in docs:
            body = d["text"].split("\n\n", 1)[-1]
            key = (rank.get(frozen.get(d["id"], ""), 3), d["id"])
            if body not in keep or key < keep[body]:
                keep[body] = key
    kept = {key[1] for key in keep.values()}
    for name, docs in outputs.items():
        dropped = [d for d in docs if d["id"] not in kept]
        if dropped:
            _count(skipped, "same text as another document", len(dropped))
            outputs[name] = [d for d in docs if d["id"] in kept]


def assign_splits(documents: list[dict], frozen: dict[str, str]) -> None:
    """Fill ``split`` in place: frozen ones kept, new ones stratified by (source, topic), whole articles."""
    articles: dict[str, list[dict]] = defaultdict(list)
    for d in documents:
        articles[d.get("parent") or d["id"]].append(d)
    strata: dict[tuple, dict[str, list[dict]]] = defaultdict(dict)
    for key, docs in articles.items():  # an article's parts may differ in topic: its first part decides
        # a family of one source ("current-events" weeks, "current-events-sel" items) is stratified apart
        family = m.group(1) if (m := re.fullmatch(r"(.+)-[0-9a-f]{12}", docs[0]["id"])) else ""
        strata[docs[0]["source"], family, docs[0]["topic"]][key] = docs
    for groups in strata.values():
        total = sum(len(g) for g in groups.values())
        counts = {"test": 0, "dev": 0, "train": 0}
        for g in groups.values():
            for d in g:
                if d["id"] in frozen:
                    d["split"] = frozen[d["id"]]
                    counts[d["split"]] += 1
        for key in sorted(groups, key=lambda k: hashlib.sha1(k.encode()).hexdigest()):
            group = [d for d in groups[key] if "split" not in d]
            if not group:
                continue
            done = {d.get("split") for d in groups[key]} - {None}
            split = done.pop() if done else ("test" if counts["test"] < math.ceil(0.17 * total) else
                                             "dev" if counts["dev"] < math.ceil(0.10 * total) else "train")
            for d in group:
                d["split"] = split
                counts[split] += 1


def write(path: Path, documents: list[dict]) -> None:
    order = ("id", "title", "date", "source", "topic", "split", "licence", "attribution", "url", "repo", "path",
             "commit", "items", "parent", "headline", "speaker", "text")
    with path.open("w", encoding="utf-8") as handle:
        for d in sorted(documents, key=lambda d: (d["date"], d["id"])):
            handle.write(json.dumps({k: d[k] for k in order if d.get(k) is not None}, ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data/relations"))
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--sotu", type=Path, help="git dir of a stdlib-js/datasets-sotu snapshot")
    parser.add_argument("--milestones", type=Path, help="git dir of a HistoryAtState/milestones snapshot")
    parser.add_argument("--current-events", type=Path,
                        help="git dir of an ianrastall/current-events-context snapshot")
    parser.add_argument("--wh-briefings", type=Path, help="git dir of a brian14708/wh-briefings snapshot")
    parser.add_argument("--grow", action="store_true",
                        help="admit documents the sources now select that are not recorded yet (default: keep the "
                             "recorded selection, so the labelled texts rebuild exactly)")
    args = parser.parse_args()
    reserved_file = args.shared / "data" / "RESERVED_TITLES.sha256"
    if not reserved_file.is_file():
        print(f"error: {reserved_file} is needed to filter reserved titles; give --shared", file=sys.stderr)
        return 1
    reserved = load_reserved_titles(reserved_file)
    frozen = {}
    for existing in args.out.glob("documents*.jsonl"):
        for line in existing.open(encoding="utf-8"):
            rec = json.loads(line)
            frozen[rec["id"]] = rec["split"]
    manifests = {path.stem: [json.loads(line) for line in path.open(encoding="utf-8")]
                 for path in (args.out / "manifests").glob("*.jsonl")}
    for records in manifests.values():
        frozen.update((rec["id"], rec["split"]) for rec in records)
    skipped: dict[str, int] = {}
    actors_in = political_actor_matcher()
    outputs = {"documents.jsonl": wikinews_documents(args.shared, reserved, skipped, actors_in)}
    if args.sotu:
        outputs["documents-sotu.jsonl"] = sotu_documents(args.sotu, reserved, skipped)
    if args.milestones:
        outputs["documents-milestones.jsonl"] = milestones_documents(args.milestones, reserved, skipped)
    if args.current_events:
        outputs["documents-current-events.jsonl"] = current_events_documents(args.current_events, reserved, skipped,
                                                                             actors_in)
        used = {item for d in outputs["documents-current-events.jsonl"] if args.grow or d["id"] in frozen
                for item in d["text"].split("\n\n")[1:]}
        recorded = {rec["id"]: rec["items"] for rec in manifests.get("current-events-selected", [])}
        outputs["documents-current-events-selected.jsonl"] = current_events_selected_documents(
            args.current_events, reserved, skipped, actors_in, used, recorded)
    if args.wh_briefings:
        recorded = {rec["id"]: rec["items"] for rec in manifests.get("wh-briefings", [])}
        outputs["documents-wh-briefings.jsonl"] = wh_briefing_documents(args.wh_briefings, reserved, skipped,
                                                                        actors_in, recorded)
        used_paragraphs: dict[str, set[str]] = defaultdict(set)
        for d in outputs["documents-wh-briefings.jsonl"]:
            used_paragraphs[d["path"]].update(d["items"])
        recorded = {rec["id"]: rec["items"] for rec in manifests.get("wh-briefings-selected", [])}
        outputs["documents-wh-briefings-selected.jsonl"] = wh_statement_documents(
            args.wh_briefings, reserved, skipped, actors_in, recorded, used_paragraphs)
        for d in outputs["documents-wh-briefings-selected.jsonl"]:
            used_paragraphs[d["path"]].update(d["items"])
        recorded = {rec["id"]: rec["items"] for rec in manifests.get("wh-briefings-negation", [])}
        outputs["documents-wh-briefings-negation.jsonl"] = wh_negation_documents(
            args.wh_briefings, reserved, skipped, actors_in, load_model(disable=["ner"]), recorded, used_paragraphs)
    if frozen and not args.grow:
        for name, docs in outputs.items():
            kept = [d for d in docs if d["id"] in frozen]
            if not kept:  # a family built for the first time is written whole
                continue
            if len(kept) < len(docs):
                _count(skipped, "selected now but not recorded (give --grow to admit)", len(docs) - len(kept))
            outputs[name] = kept
    drop_duplicate_texts(outputs, frozen, skipped)
    everything = [d for docs in outputs.values() for d in docs]
    assign_splits(everything, frozen)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, docs in outputs.items():
        write(args.out / name, docs)
        print(f"{name}: {len(docs)} documents")
    print(f"skipped: {skipped or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
