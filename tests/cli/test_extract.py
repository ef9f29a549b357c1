"""``allegiance extract``: the JSONL contract of DESIGN.md, end to end."""

from __future__ import annotations

import json

import pytest

from allegiance.model import RelationType, TimeFrame

CONTRACT_ORDER = [
    "doc_id", "date", "source", "target", "sign", "type", "directed", "time",
    "negated", "confidence", "evidence",
]
PROVENANCE_KEYS = ["title", "doc_source"]  # added after the contract's keys (issue 17)
CONTRACT_KEYS = set(CONTRACT_ORDER) | set(PROVENANCE_KEYS)
ACTOR_KEYS = {"id", "name", "kind", "mention", "start", "end"}


def check_contract(record: dict, texts: dict[str, str] | None = None) -> None:
    assert list(record) == CONTRACT_ORDER + PROVENANCE_KEYS
    for side in ("source", "target"):
        assert set(record[side]) == ACTOR_KEYS
        assert record[side]["start"] < record[side]["end"]
    assert record["sign"] in (1, -1)
    assert record["time"] in ("current", "past", "future")
    assert 0.0 <= record["confidence"] <= 1.0
    evidence = record["evidence"]
    assert set(evidence) == {"sentence", "start", "end"}
    assert evidence["start"] <= record["source"]["start"] < evidence["end"]
    if texts is not None:
        text = texts[record["doc_id"]]
        assert text[evidence["start"]:evidence["end"]] == evidence["sentence"]
        for side in ("source", "target"):
            s = record[side]
            assert text[s["start"]:s["end"]] == s["mention"]


def test_extract_seed_gives_contract_jsonl_with_two_documents(cli, seed_path):
    result = cli("extract", str(seed_path), "--format", "jsonl", "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records, "the reference input must yield relations"
    for record in records:
        check_contract(record)
    assert len({r["doc_id"] for r in records}) == 2


def test_extract_own_text_offsets_point_into_the_text(cli, tmp_path):
    text = (
        "Britain formed an alliance with France in 1904.\n\n"
        "The Labour leader criticised the Conservatives over the budget."
    )
    path = tmp_path / "brief.txt"
    path.write_text(text, encoding="utf-8")
    result = cli("extract", str(path), "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert records
    # a plain file's first line is its title; offsets refer to the body the reader kept
    for record in records:
        check_contract(record)


def test_extract_reads_stdin(cli):
    result = cli("extract", "-", "--quiet", input="Germany declared war on France.".encode())
    assert result.returncode == 0, result.stderr.decode()


def test_extract_bad_input_one_line_error_and_exit_1_rest_processed(cli, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Russia and the United States formed an alliance against the Taliban.", encoding="utf-8")
    (tmp_path / "bad.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = cli("extract", str(tmp_path), "--quiet")
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    assert "bad.bin" in stderr and "empty.txt" in stderr
    assert len([line for line in stderr.splitlines() if line.strip()]) == 2
    assert result.stdout.decode().strip(), "the good file must still be processed"


def test_extract_table_format(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The United States supported the Afghan mujahedin.", encoding="utf-8")
    result = cli("extract", str(path), "--format", "table", "--quiet")
    assert result.returncode == 0, result.stderr.decode()


@pytest.mark.parametrize("columns", [80, 120])
def test_extract_table_fits_the_terminal_and_keeps_sign_type_time(cli, tmp_path, columns):
    path = tmp_path / "a.txt"
    path.write_text("Pact\n\nThe United Kingdom of Great Britain formed an alliance with the French Republic in "
                    "1904 after long talks in London and Paris. Germany declared war on France.", encoding="utf-8")
    result = cli("extract", str(path), "--format", "table", "--quiet", columns=columns)
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode("utf-8").splitlines()
    assert lines and all(len(line) <= columns for line in lines)
    header = [cell.strip() for cell in lines[1].strip("┃").split("┃")]
    rows = [[cell.strip() for cell in line.strip("│").split("│")] for line in lines if line.startswith("│")]
    assert len(rows) == 2
    types = {t.value for t in RelationType}
    times = {t.value for t in TimeFrame}
    for row in rows:
        cells = dict(zip(header, row))
        assert cells["sign"] in ("+", "-") and cells["type"] in types and cells["time"] in times, cells
        assert cells["conf"].startswith("0.")
    assert ("evidence" in header) == (columns >= 120)  # the evidence column goes first


def test_extract_unknown_format_is_usage_error(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    result = cli("extract", str(path), "--format", "xml")
    assert result.returncode == 2


def test_max_sentence_tokens_skips_longer_sentences(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Britain formed an alliance with France in 1904 after years of talks.", encoding="utf-8")
    default = cli("extract", str(path), "--quiet", "--workers", "1")
    short = cli("extract", str(path), "--quiet", "--workers", "1", "--max-sentence-tokens", "5")
    assert default.returncode == 0 and short.returncode == 0, short.stderr.decode()
    assert default.stdout.strip() and not short.stdout.strip()


def test_extract_records_name_their_file_and_title(cli, tmp_path):
    path = tmp_path / "entente.txt"
    path.write_text("Entente cordiale\n\nBritain formed an alliance with France in 1904.", encoding="utf-8")
    result = cli("extract", str(path), "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert records
    for record in records:
        check_contract(record)
        assert record["title"] == "Entente cordiale"
        assert record["doc_source"] == str(path)


def test_extract_records_carry_the_jsonl_source_field_or_url(cli, tmp_path):
    path = tmp_path / "articles.jsonl"
    rows = [
        {"id": "a1", "title": "Pact", "source": "Daily Example", "text": "Britain formed an alliance with France."},
        {"id": "a2", "url": "https://example.org/war", "text": "Germany declared war on France."},
        {"id": "a3", "text": "Germany declared war on Russia."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = cli("extract", str(path), "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    by_doc = {}
    for line in result.stdout.decode().splitlines():
        record = json.loads(line)
        check_contract(record)
        by_doc[record["doc_id"]] = (record["title"], record["doc_source"])
    assert by_doc["a1"] == ("Pact", "Daily Example")
    assert by_doc["a2"] == (None, "https://example.org/war")
    assert by_doc["a3"] == (None, f"{path}:3")
