"""``allegiance actors`` on the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from allegiance.cli.app import app
from allegiance.cli import actors as _actors  # noqa: F401  (registers the command)

runner = CliRunner()

TEXT = (
    "Moscow announced that a joint narcotics raid with US forces had destroyed four laboratories. "
    "Unite and the GMB worked together. Now they are at odds."
)


@pytest.fixture()
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_jsonl_contract(article):
    result = runner.invoke(app, ["actors", str(article), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    by_id = {r["id"]: r for r in records}
    assert {"RUS", "USA", "GBR-UNITE", "GBR-GMB"} <= set(by_id)
    for record in records:
        assert set(record) == {"id", "name", "kind", "parent", "aliases", "mentions"}
        for mention in record["mentions"]:
            assert set(mention) == {"doc_id", "text", "start", "end"}
            assert TEXT[mention["start"]:mention["end"]] == mention["text"]
    assert by_id["USA"]["aliases"] == ["US forces"]
    # "they" is a mention of both unions, never an alias
    assert "they" in [m["text"] for m in by_id["GBR-GMB"]["mentions"]]
    assert "they" not in by_id["GBR-GMB"]["aliases"]


def test_table_format(article):
    result = runner.invoke(app, ["actors", str(article)])
    assert result.exit_code == 0
    assert "RUS" in result.stdout and "country" in result.stdout


def test_explain(article):
    result = runner.invoke(app, ["actors", str(article), "--explain", "Moscow", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["id"] == "RUS" and "metonym" in record["rule"]


def test_user_actor_file(tmp_path):
    text = tmp_path / "z.txt"
    text.write_text("The Zorbian Freedom Party attacked Nato.", encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text("actors:\n  - {id: ZFP, name: Zorbian Freedom Party, kind: party}\n", encoding="utf-8")
    result = runner.invoke(app, ["actors", str(text), "--actors", str(mine), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    ids = {json.loads(line)["id"] for line in result.stdout.splitlines()}
    assert {"ZFP", "NATO"} <= ids


def test_malformed_actor_file_is_one_clear_line(tmp_path, article):
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - id: A\n    kind: planet\n    name: A\n", encoding="utf-8")
    result = runner.invoke(app, ["actors", str(article), "--actors", str(bad)])
    assert result.exit_code == 1
    assert "bad.yaml:2" in result.output and "Traceback" not in result.output


def test_missing_input_is_exit_1(tmp_path):
    result = runner.invoke(app, ["actors", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1


def test_no_input_is_usage_error():
    result = runner.invoke(app, ["actors"])
    assert result.exit_code == 2


def test_bad_format_is_usage_error(article):
    result = runner.invoke(app, ["actors", str(article), "--format", "xml"])
    assert result.exit_code == 2
