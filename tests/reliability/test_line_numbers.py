"""Malformed actor dictionaries (YAML) and edge lists (CSV): never an uncaught exception,
and the error names the file and the line to fix."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allegiance.actors import load_knowledge_base
from allegiance.errors import ActorFileError, AllegianceError, EdgeListError, InputError
from allegiance.io import read_edge_list

FUZZ = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

#: loading the knowledge base costs a third of a second: fewer cases for the actor files
FUZZ_KB = settings(FUZZ, max_examples=20)

GOOD_ACTOR = "  - {{id: X{n}, name: Party {n}, kind: party, aliases: [P{n}]}}"
BAD_ACTORS = [
    ("  - {{name: Nameless {n}, kind: party}}", "missing 'id'"),
    ("  - {{id: Y{n}, name: Odd {n}, kind: spaceship}}", "unknown kind"),
    ("  - {{id: Y{n}, name: Odd {n}, kind: party, aliases: 5}}", "aliases"),
    ("  - {{id: Y{n}, name: [unclosed {n}, kind: party}}", "YAML"),
]


def _write(text: str, suffix: str) -> Path:
    handle = tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8")
    with handle:
        handle.write(text)
    return Path(handle.name)


@FUZZ_KB
@given(before=st.integers(0, 12), after=st.integers(0, 5), bad=st.sampled_from(BAD_ACTORS))
def test_a_bad_actor_entry_is_named_by_its_line(before, after, bad, fuzz_counter):
    template, words = bad
    lines = ["# our actors", "actors:"]
    lines += [GOOD_ACTOR.format(n=n) for n in range(before)]
    lines.append(template.format(n=before))
    bad_line = len(lines)
    lines += [GOOD_ACTOR.format(n=n) for n in range(before + 1, before + 1 + after)]
    path = _write("\n".join(lines) + "\n", ".yaml")
    try:
        with pytest.raises(ActorFileError) as caught:
            load_knowledge_base([path])
    finally:
        path.unlink()
    fuzz_counter.tried(rejected=1)
    error = caught.value
    assert words in str(error)
    if words != "YAML":  # a YAML syntax error is found where the parser gives up: at or after it
        assert error.path == f"{path}:{bad_line}", str(error)
    else:
        assert int(error.path.rsplit(":", 1)[1]) >= bad_line, str(error)


@FUZZ_KB
@given(text=st.text(max_size=300))
def test_random_actor_files_raise_only_actor_file_errors(text, fuzz_counter):
    path = _write(text, ".yaml")
    try:
        load_knowledge_base([path])
        fuzz_counter.tried()
    except ActorFileError as error:
        fuzz_counter.tried(rejected=1)
        assert str(error).startswith(str(path)) and "\n" not in str(error)
    finally:
        path.unlink()


BAD_ROWS = [("a{n},b{n},2", "sign"), ("a{n},b{n},1,abc", "weight"), ("a{n}", "fields"),
            (",b{n},1,1", "empty source"), ("a{n},b{n},1,nan", "finite")]


@FUZZ
@given(before=st.integers(0, 30), after=st.integers(0, 10), bad=st.sampled_from(BAD_ROWS))
def test_a_bad_edge_row_is_named_by_its_line(before, after, bad, fuzz_counter):
    template, words = bad
    lines = ["source,target,sign,weight"] + [f"a{n},b{n},1,1" for n in range(before)]
    lines.append(template.format(n=before))
    bad_line = len(lines)
    lines += [f"c{n},d{n},-1,2" for n in range(after)]
    path = _write("\n".join(lines) + "\n", ".csv")
    try:
        with pytest.raises(EdgeListError) as caught:
            read_edge_list(path)
    finally:
        path.unlink()
    fuzz_counter.tried(rejected=1)
    assert caught.value.path == f"{path}:{bad_line}", str(caught.value)
    assert words in str(caught.value)


@FUZZ
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_random_edge_lists_raise_only_input_errors(data, fuzz_counter):
    path = _write("", ".csv")
    path.write_bytes(b"source,target,sign\n" + data if data[:1] != b"\x00" else data)
    try:
        read_edge_list(path)
        fuzz_counter.tried()
    except InputError as error:
        fuzz_counter.tried(rejected=1)
        assert str(error).startswith(str(path)) and "\n" not in str(error), str(error)
    except AllegianceError as error:  # pragma: no cover - a wrong error class is a finding
        pytest.fail(f"{type(error).__name__} is not an InputError: {error}")
    finally:
        path.unlink()


def test_a_carriage_return_inside_a_row_is_an_edge_list_error(tmp_path):
    path = tmp_path / "edges.csv"
    path.write_bytes(b"source,target,sign\na,b,1\n\r\x01\n")
    with pytest.raises(EdgeListError) as caught:
        read_edge_list(path)
    assert caught.value.path == f"{path}:3"
