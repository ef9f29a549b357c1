"""read_edge_arrays: the same graph and the same errors as read_edge_list, without networkx."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allegiance.errors import AllegianceError, EdgeListError
from allegiance.io import read_edge_list
from allegiance.io.edgelist import read_edge_arrays


def write(tmp_path, text, name="edges.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def as_graph_dict(G):
    return list(G.nodes), {frozenset((a, b)): dict(d) for a, b, d in G.edges(data=True)}


def assert_same(path, **kwargs):
    G = read_edge_list(path, **kwargs)
    E = read_edge_arrays(path, **kwargs)
    assert as_graph_dict(E.to_networkx()) == as_graph_dict(G)
    for key in ("dropped_self_loops", "dropped_zero_pairs", "conflicting_pairs", "times", "time"):
        assert E.graph[key] == G.graph[key], key


names = st.sampled_from(["a", "b", "c", "d", "e", " f", "g "])
signs = st.sampled_from(["1", "-1", "+", "-", "positive", "neg", "-1.0", " 1"])
weights = st.sampled_from(["", "1", "2", "0.5", "-3", "4"])
times = st.sampled_from(["t1", "t2"])


@st.composite
def edge_files(draw):
    with_weight = draw(st.booleans())
    with_time = draw(st.booleans())
    header = ["source", "target", "sign"] + (["weight"] if with_weight else []) + (["time"] if with_time else [])
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 25))):
        sign = draw(signs)
        row = [draw(names), draw(names), sign]
        if with_weight:
            w = draw(weights)
            if w.startswith("-") and not sign.strip().startswith(("-", "n")):
                w = w[1:]  # a negative weight on a positive row is an error (tested below)
            row.append(w)
        if with_time:
            row.append(draw(times))
        lines.append(",".join(row))
        if draw(st.integers(0, 9)) == 0:
            lines.append("")
    return "\n".join(lines) + "\n", with_time


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edge_files())
def test_the_same_graph_as_read_edge_list(tmp_path, drawn):
    text, with_time = drawn
    path = write(tmp_path, text)
    try:
        G = read_edge_list(path)
    except AllegianceError as exc:
        with pytest.raises(type(exc)):
            read_edge_arrays(path)
        return
    assert G is not None
    assert_same(path)
    if with_time:
        for t in ("t1", "t2"):
            try:
                read_edge_list(path, time=t)
            except EdgeListError:
                continue
            assert_same(path, time=t)


@pytest.mark.parametrize("text", [
    "source,target\na,b\n",
    "source,target,sign\na,b,2\n",
    "source,target,sign\na,b\n",
    "source,target,sign,weight\na,b,1,x\n",
    "source,target,sign,weight\na,b,1,-2\n",
    "source,target,sign\n,b,1\n",
    'source,target,sign\n"a,b,1\n',
])
def test_the_same_errors_with_file_and_line(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(AllegianceError) as slow:
        read_edge_list(path)
    with pytest.raises(type(slow.value)) as fast:
        read_edge_arrays(path)
    assert str(fast.value) == str(slow.value)


def test_a_quoted_file_takes_the_exact_parser(tmp_path):
    assert_same(write(tmp_path, 'source,target,sign\n"a, Inc.",b,1\nb,c,-1\n'))


def test_windows_line_endings_and_a_byte_order_mark(tmp_path):
    p = tmp_path / "e.csv"
    p.write_bytes(b"\xef\xbb\xbfsource,target,sign\r\na,b,1\r\nb,c,-1\r\n")
    assert_same(p)
