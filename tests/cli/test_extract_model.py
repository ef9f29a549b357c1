"""``extract``/``ingest``/``pipeline save`` with a trained relation model: --model DIR, --with-model, --rules-only."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import srsly

from allegiance.relations.model.train import train_relation_model

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "relation_model_corpus"
TEXT = "Plans\n\nSpain, like Italy, backed the plan.\n"  # the rules find nothing here (the first line is a title)


@pytest.fixture(scope="module")
def user_model(tmp_path_factory) -> Path:
    """A user's model trained on the fixture corpus, made confident (its calibration temperature lowered)
    so that its relation on TEXT clears the default threshold."""
    out = tmp_path_factory.mktemp("user") / "model"
    train_relation_model(FIXTURE, out, seed=0, epochs=6,
                         config={"model": {"dependency_path": False,  # the CLI is under test, not the parse
                                           "tok2vec": {"width": 16, "depth": 1, "embed_size": 200}}})
    cfg = out / "allegiance_relation_model" / "cfg"
    srsly.write_json(cfg, srsly.read_json(cfg) | {"temperature": 0.02})
    return out


@pytest.fixture
def text_file(tmp_path) -> Path:
    path = tmp_path / "plans.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _records(result) -> list[dict]:
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_model_option_loads_a_users_model_and_rules_only_does_not(cli, user_model, text_file):
    with_model = _records(cli("extract", str(text_file), "--model", str(user_model), "--workers", "1", "-q"))
    assert [{r["source"]["id"], r["target"]["id"]} for r in with_model] == [{"ESP", "ITA"}]
    evidence = with_model[0]["evidence"]
    assert evidence["sentence"] == "Spain, like Italy, backed the plan."
    assert _records(cli("extract", str(text_file), "--rules-only", "--workers", "1", "-q")) == []


def test_a_bad_model_path_is_one_line_and_a_config_error_exit(cli, text_file, tmp_path):
    for command in (["extract", str(text_file)], ["ingest", str(text_file), "--db", str(tmp_path / "t.db")]):
        result = cli(*command, "--model", str(tmp_path / "missing"), "-q")
        stderr = result.stderr.decode()
        assert result.returncode == 2, stderr  # a ConfigError: the command was given a wrong setting
        assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
        assert "missing is no relation model" in stderr and "allegiance train" in stderr
        assert result.stdout == b""


def test_rules_only_with_a_model_is_a_usage_error(cli, text_file, user_model):
    result = cli("extract", str(text_file), "--rules-only", "--model", str(user_model), "-q")
    assert result.returncode == 2 and "--model and --rules-only together" in result.stderr.decode()


@pytest.mark.slow
def test_a_saved_pipeline_carries_the_users_model_to_worker_processes(cli, user_model, text_file, tmp_path):
    saved = tmp_path / "pipeline"
    result = cli("pipeline", "save", str(saved), "--model", str(user_model))
    assert result.returncode == 0, result.stderr.decode()
    weights = "allegiance_relation_model/model"
    assert (saved / weights).read_bytes() == (user_model / weights).read_bytes()
    direct = _records(cli("extract", str(text_file), "--model", str(user_model), "--workers", "1", "-q"))
    assert direct and _records(cli("extract", str(text_file), "--pipeline", str(saved), "--workers", "2", "-q")) \
        == direct


@pytest.mark.slow
def test_rules_only_gives_the_default_output_byte_for_byte_on_the_reference_input(cli, seed_path):
    default = cli("extract", str(seed_path), "--format", "jsonl", "-q")
    rules_only = cli("extract", str(seed_path), "--format", "jsonl", "--rules-only", "-q")
    assert default.returncode == rules_only.returncode == 0
    assert rules_only.stdout == default.stdout and default.stdout.count(b"\n") >= 11


def test_thorough_with_no_model_or_one_that_records_no_such_setting_is_one_line_and_a_config_error_exit(
        cli, user_model, tmp_path):
    for model in (["--model", str(user_model)], ["--rules-only"]):
        result = cli("pipeline", "save", str(tmp_path / "saved"), *model, "--thorough")
        stderr = result.stderr.decode()
        assert result.returncode == 2, stderr
        assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
        assert "thorough" in stderr and not (tmp_path / "saved").exists()


def test_thorough_needs_a_model_and_no_saved_pipeline_on_extract_and_ingest(cli, text_file, user_model, tmp_path):
    db = str(tmp_path / "t.db")
    for command in (["extract", str(text_file)], ["ingest", str(text_file), "--db", db]):
        for extra, says in ((["--rules-only"], "needs a relation model"),
                            (["--model", str(user_model)], "no usable thorough setting"),
                            (["--pipeline", str(tmp_path)], "--thorough and --pipeline together")):
            result = cli(*command, *extra, "--thorough", "-q")
            stderr = result.stderr.decode()
            assert result.returncode == 2, stderr
            assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1 and says in stderr
            assert result.stdout == b""
    with sqlite3.connect(db) as store:  # refused before anything was read: nothing stored
        assert store.execute("SELECT COUNT(*) FROM documents").fetchone() == (0,)


@pytest.mark.slow
def test_extract_with_the_shipped_model_thorough_runs_the_loose_screen(cli, text_file):
    from allegiance.pipeline import PipelineOptions

    nlp = PipelineOptions(relation_model="shipped", thorough=True).build()
    assert nlp.get_pipe("allegiance_transformer_relation_model").cfg["screen_none_below"] == pytest.approx(0.7)
    assert nlp.get_pipe("allegiance_relation_merge").threshold == pytest.approx(0.7)
    result = cli("extract", str(text_file), "--with-model", "--thorough", "--workers", "1", "-q")
    assert result.returncode == 0, result.stderr.decode()
    assert all(json.loads(line)["evidence"]["sentence"] for line in result.stdout.decode().splitlines())
