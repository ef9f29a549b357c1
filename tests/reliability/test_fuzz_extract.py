"""Bad input to extraction: the library (``allegiance.pipeline.extract_from_sources``) over
random Unicode, control characters and invalid UTF-8, and the ``allegiance extract`` command
in a subprocess over a mix of good and bad files. No uncaught exception, one clear line per
rejected input, the good input still extracted, every relation's evidence where it says."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crashloop import allegiance_command, check_jsonl_lines
from allegiance.errors import InputError
from allegiance.pipeline import extract_from_sources

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
RELATION_SENTENCES = ["Britain formed an alliance with France.", "Russia condemned Ukraine over the pipeline.",
                      "Unite backed the Labour Party in the vote.", "Israel attacked Hamas near the border."]


def extract_bytes(data: bytes):
    """Extract from ``data`` given on standard input; return (document/relations pairs, errors)."""
    errors: list[InputError] = []
    pairs = list(extract_from_sources(["-"], stdin=io.BytesIO(data), on_error=errors.append))
    for document, relations in pairs:
        for relation in relations:
            evidence = relation.evidence
            assert document.text[evidence.start:evidence.end] == evidence.sentence
            for mention in (relation.source, relation.target):
                assert document.text[mention.start:mention.end] == mention.text
                assert evidence.start <= mention.start < mention.end <= evidence.end
            json.dumps(relation.to_dict())
    for error in errors:
        assert str(error) and "\n" not in str(error)
    return pairs, errors


@FUZZ
@given(noise=st.text(max_size=400), sentence=st.sampled_from(RELATION_SENTENCES),
       junk=st.binary(max_size=60))
def test_random_text_around_a_relation_never_raises(noise, sentence, junk, fuzz_counter):
    data = noise.encode("utf-8") + b"\n\n" + sentence.encode() + b" " + junk + b"\n" + noise[::-1].encode("utf-8")
    pairs, errors = extract_bytes(data)
    fuzz_counter.tried(rejected=len(errors))
    assert pairs or errors  # something came of it: documents or a reason


@FUZZ
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=600))
def test_random_unicode_never_raises(text, fuzz_counter):
    pairs, errors = extract_bytes(text.encode("utf-8"))
    fuzz_counter.tried(rejected=len(errors))


def test_long_sentences_and_odd_tokens_are_survived(fuzz_counter):
    samples = [
        "Russia " + "and " * 2000 + "France signed a pact.",  # one sentence far over the token limit
        "Britain formed an alliance with France." + "\u200b" * 500,
        "\u202eBritain formed an alliance with France.\u202c",
        "Britain\u00a0formed an alliance with\u00a0France.",
        "BRITAIN FORMED AN ALLIANCE WITH FRANCE.",
        "Britain formed an alliance with France. " * 300,
        "<script>alert(1)</script> Britain formed an alliance with France.",
    ]
    for sample in samples:
        pairs, errors = extract_bytes(sample.encode("utf-8"))
        fuzz_counter.tried(rejected=len(errors))
        assert pairs and not errors


def test_extract_command_processes_the_good_files_and_names_the_bad(tmp_path):
    """One ``allegiance extract`` run over good and bad files: exit 1, one stderr line per
    rejected input naming it, and the good files' relations on stdout, valid line by line."""
    import subprocess

    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_binary.dat").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "c_latin1.txt").write_bytes("Britain formed an alliance with France, caf\xe9.".encode("latin-1"))
    (tmp_path / "d_mixed.jsonl").write_bytes(
        b'{"id": "j1", "text": "Russia condemned Ukraine over the pipeline."}\n{broken\n'
        b'{"id": "j3", "text": 5}\n{"id": "j4", "text": "Unite backed the Labour Party in the vote."}\n')
    (tmp_path / "e_deep.html").write_text("<html><body>" + "<div>" * 50_000
                                           + "<p>Israel attacked Hamas near the border. Egypt condemned Israel over the raid.</p></body></html>")
    (tmp_path / "f_blank.txt").write_bytes(b"\n \t \n")
    done = subprocess.run(allegiance_command("extract", str(tmp_path), "--workers", "1", "--quiet"),
                          capture_output=True, timeout=600)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 1, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    named = {name for name in ("a_empty.txt", "b_binary.dat", "d_mixed.jsonl:2", "d_mixed.jsonl:3", "f_blank.txt")
             if any(name in line for line in lines)}
    assert named == {"a_empty.txt", "b_binary.dat", "d_mixed.jsonl:2", "d_mixed.jsonl:3", "f_blank.txt"}, err
    assert len(lines) == 5, err
    records = check_jsonl_lines(done.stdout)
    docs = {r["doc_id"] for r in records}
    assert {"j1", "j4"} <= docs
    pairs = {(r["source"]["id"], r["target"]["id"]) for r in records}
    assert ("GBR", "FRA") in pairs or ("FRA", "GBR") in pairs  # the Latin-1 file was read
    assert any(r["source"]["id"] == "ISR" or r["target"]["id"] == "ISR" for r in records)  # the deep HTML


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02\x03" * 100, b"\xff\xfe\xfa" * 50])
def test_extract_command_on_bad_standard_input_exits_1_with_one_line(data):
    import subprocess

    done = subprocess.run(allegiance_command("extract", "-", "--workers", "1", "--quiet"), input=data,
                          capture_output=True, timeout=600)
    err = [line for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    assert done.returncode in (0, 1), err
    assert "Traceback" not in "\n".join(err)
    if done.returncode == 1:
        assert len(err) == 1 and err[0].startswith(("-", "error")), err
    check_jsonl_lines(done.stdout)
