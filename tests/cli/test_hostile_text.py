"""Hostile strings (Rich markup, control characters, lone surrogates) in every reader's error
path and in every output format: never a traceback, never a lost good file (issue 16, #2 and #3).

Markup such as ``[/]`` in a JSON key, a CSV header or article text used to be rendered by the
error printer and the table output, which crashed the run and lost the files after it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

#: Rich markup that crashes a markup renderer, or styles/links when it does not.
MARKUP = "[/] [bold red]x[/bold red] [link=http://evil.example]y[/link] :smile:"
#: Terminal escapes and C0/C1 controls.
CONTROLS = "\x1b[31m\x07\x9b2J\x08"
GOOD = "Russia and France signed a pact against Germany on Monday."


def hostile_inputs(folder: Path) -> list[Path]:
    """One bad file per reader whose error message quotes hostile text, then one good file."""
    files = {
        "a_key.jsonl": json.dumps({f"{MARKUP}{CONTROLS}\ud800": "no text field"}) + "\n",
        "b_header.csv": f'"{MARKUP}{CONTROLS}",other\n1,2\n',
        "c_header.tsv": f"{MARKUP}\tother\n1\t2\n",
        "d_list.json": json.dumps([{MARKUP: 1}, {CONTROLS: 2}]),
        "e_type.jsonl": json.dumps({"text": {MARKUP: CONTROLS}}) + "\n",
        "f_surrogate.jsonl": json.dumps({"text": f"{GOOD} \ud800 {MARKUP}", "title": "T \udfff"}) + "\n",
        "g_page.html": f"<html><head><title>{MARKUP}</title></head><body><script>x</script></body></html>",
        "z_good.txt": f"Russia [/] and France signed a pact against Germany on Monday. {MARKUP}\n",
    }
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        paths.append(path)
    return paths


def assert_clean(result) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert "MarkupError" not in err, err
    for line in err.splitlines():
        assert "\x1b[31m" not in line and "\x9b" not in line, line  # escapes shown, not obeyed
    return err


def test_ingest_reports_every_hostile_file_and_stores_the_good_ones(cli, tmp_path):
    paths = hostile_inputs(tmp_path)
    db = tmp_path / "s.db"
    result = cli("ingest", *map(str, paths), "--db", str(db), "--no-extract", "--json")
    err = assert_clean(result)
    assert result.returncode == 1, err  # something was rejected
    report = json.loads(result.stdout)
    assert report["stored"] == 2, (report, err)  # the surrogate record (cleaned) and the good text
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == report["rejected"] >= 5, err
    assert any("[/]" in line and "a_key.jsonl" in line for line in errors), err
    assert any("b_header.csv" in line for line in errors), err


@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_extract_prints_hostile_text_in_every_format(cli, tmp_path, fmt):
    paths = hostile_inputs(tmp_path)
    result = cli("extract", *map(str, paths), "--format", fmt, "--quiet", "--workers", "1")
    err = assert_clean(result)
    assert result.returncode == 1, err
    out = result.stdout.decode("utf-8")
    assert "\x1b[31m" not in out
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.splitlines()]
        sentences = {r["evidence"]["sentence"] for r in records}
        assert any("Russia" in s for s in sentences), out
        assert all("\ud800" not in s for s in sentences)
    else:
        assert "Russia" in out and "[/]" in out, out  # the markup is printed as text


@pytest.mark.parametrize("fmt", ["csv", "json", "graphml", "gexf"])
def test_exports_of_hostile_text_are_written(cli, tmp_path, fmt):
    paths = hostile_inputs(tmp_path)
    db = tmp_path / "s.db"
    ingest = cli("ingest", *map(str, paths), "--db", str(db), "--json", "--workers", "1")
    assert_clean(ingest)
    assert json.loads(ingest.stdout)["relations"] >= 1, ingest.stderr.decode()
    out = tmp_path / "out" / f"g.{fmt}"
    out.parent.mkdir()
    result = cli("export", "--db", str(db), "--format", fmt, "--out", str(out))
    assert_clean(result)
    assert result.returncode == 0, result.stderr.decode()
    assert out.is_file() and out.stat().st_size > 0
    printed = result.stdout.decode("utf-8")
    assert str(out) in printed


def test_report_error_prints_markup_controls_and_surrogates_as_plain_text(capsys):
    from allegiance.cli.app import report_error
    from allegiance.errors import MalformedRecordError

    report_error(MalformedRecordError(f"bad {MARKUP}{CONTROLS}\ud800", path="x:1", hint="fix [/]"))
    report_error(f"plain {MARKUP}\n{CONTROLS}\udc80")
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert "[/]" in lines[0] and "[bold red]x[/bold red]" in lines[0] and "\\x1b[31m" in lines[0]
    assert "\\ud800" in lines[0] and "\\udc80" in lines[1]
