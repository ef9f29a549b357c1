"""read_edge_list: the collapsing rule, clear errors, windows; checked on our own small
files and (when ../shared is present) on the published networks."""

from __future__ import annotations

import pytest

from allegiance.errors import EdgeListError, EmptyInputError, UnreadableInputError
from allegiance.io import read_edge_list, read_edge_list_windows


def write(tmp_path, text, name="edges.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_plain_edges_keep_their_signs(tmp_path):
    G = read_edge_list(write(tmp_path, "source,target,sign\na,b,1\nb,c,-1\n"))
    assert dict(((u, v), s) for u, v, s in G.edges(data="sign")) == {("a", "b"): 1, ("b", "c"): -1}
    assert G.graph["dropped_self_loops"] == 0 and G.graph["conflicting_pairs"] == 0


def test_rows_of_a_pair_collapse_to_the_sign_of_their_sum(tmp_path):
    text = "source,target,sign,weight\na,b,1,3\nb,a,-1,-1\nc,d,1,2\nd,c,-1,2\ne,f,-1,1\ne,f,-1,2\n"
    G = read_edge_list(write(tmp_path, text))
    assert G["a"]["b"]["sign"] == 1 and G["a"]["b"]["weight"] == 2 and G["a"]["b"]["rows"] == 2
    assert not G.has_edge("c", "d")  # sums to zero: dropped, nodes kept
    assert "c" in G and G.graph["dropped_zero_pairs"] == 1
    assert G["e"]["f"]["sign"] == -1 and G["e"]["f"]["weight"] == 3
    assert G.graph["conflicting_pairs"] == 1  # a-b (c-d cancelled out)


def test_weight_may_be_a_magnitude_with_a_negative_sign(tmp_path):
    G = read_edge_list(write(tmp_path, "source,target,sign,weight\na,b,-1,4\n"))
    assert G["a"]["b"]["sign"] == -1 and G["a"]["b"]["weight"] == 4


def test_self_loops_are_dropped_and_counted(tmp_path):
    G = read_edge_list(write(tmp_path, "source,target,sign\na,a,1\na,b,-1\n"))
    assert list(G.edges()) == [("a", "b")] and G.graph["dropped_self_loops"] == 1


def test_directed_keeps_arcs(tmp_path):
    G = read_edge_list(write(tmp_path, "source,target,sign\na,b,1\nb,a,-1\n"), directed=True)
    assert G.is_directed() and G["a"]["b"]["sign"] == 1 and G["b"]["a"]["sign"] == -1


def test_time_picks_one_window_and_windows_split(tmp_path):
    p = write(tmp_path, "source,target,sign,time\na,b,1,w1\na,b,-1,w2\nb,c,-1,w2\n")
    assert list(read_edge_list(p, time="w2").edges(data="sign")) == [("a", "b", -1), ("b", "c", -1)]
    assert read_edge_list(p).graph["times"] == ["w1", "w2"]
    windows = read_edge_list_windows(p)
    assert list(windows) == ["w1", "w2"] and windows["w1"]["a"]["b"]["sign"] == 1


def test_extra_columns_and_signs_written_as_words(tmp_path):
    G = read_edge_list(write(tmp_path, "Source,Target,Sign,note\na,b,+,x\nb,c,negative,y\nc,d,-1.0,z\n"))
    assert [s for *_e, s in G.edges(data="sign")] == [1, -1, -1]


@pytest.mark.parametrize(
    "text, needle",
    [
        ("source,target\na,b\n", "missing column sign"),
        ("from,to,sign\na,b,1\n", "missing columns source, target"),
        ("source,target,sign\na,b,1\na,c,2\n", ":3: sign '2' is not +1 or -1"),
        ("source,target,sign\na,b,yes\n", ":2: sign 'yes'"),
        ("source,target,sign\na,b,0\n", "sign '0'"),
        ("source,target,sign,weight\na,b,1,heavy\n", "weight 'heavy' is not a number"),
        ("source,target,sign,weight\na,b,1,-3\n", "contradicts sign"),
        ("source,target,sign\na,,1\n", "empty source or target"),
        ("source,target,sign\na,b\n", "row has 2 fields"),
    ],
)
def test_bad_rows_name_the_line_and_say_what_to_do(tmp_path, text, needle):
    with pytest.raises(EdgeListError) as info:
        read_edge_list(write(tmp_path, text))
    message = str(info.value)
    assert needle in message
    assert "edges.csv" in message and ";" in message  # where, and a hint


def test_unknown_time_lists_the_labels(tmp_path):
    p = write(tmp_path, "source,target,sign,time\na,b,1,1990\n")
    with pytest.raises(EdgeListError, match="pick one of: 1990"):
        read_edge_list(p, time="1991")
    with pytest.raises(EdgeListError, match="no time column"):
        read_edge_list(write(tmp_path, "source,target,sign\na,b,1\n", "b.csv"), time="1990")


def test_empty_missing_and_binary_inputs(tmp_path):
    with pytest.raises(EmptyInputError):
        read_edge_list(write(tmp_path, ""))
    with pytest.raises(EmptyInputError, match="no edges"):
        read_edge_list(write(tmp_path, "source,target,sign\n", "h.csv"))
    with pytest.raises(UnreadableInputError, match="no such file"):
        read_edge_list(tmp_path / "nope.csv")
    (tmp_path / "bin.csv").write_bytes(b"\x00\x01\x02source")
    with pytest.raises(EdgeListError, match="binary"):
        read_edge_list(tmp_path / "bin.csv")


def test_latin1_file_is_read(tmp_path):
    p = tmp_path / "l1.csv"
    p.write_bytes("source,target,sign\nSão Tomé,Angola,1\nGenève,Zürich,-1\n".encode("latin-1"))
    G = read_edge_list(p)
    assert G.number_of_edges() == 2


# --- published networks (../shared) -------------------------------------------------


@pytest.mark.parametrize(
    "path, nodes, edges, negatives",
    [
        ("tribes/edges.csv", 16, 58, 29),
        ("sampson/affect_T2.csv", 18, 79, 39),
        ("sampson/affect_T3.csv", 18, 79, 38),
        ("sampson/affect_T4.csv", 18, 78, 37),
    ],
)
def test_reference_networks_collapse_as_reference_md_says(shared_dir, path, nodes, edges, negatives):
    G = read_edge_list(shared_dir / "data" / "balance" / path)
    assert (G.number_of_nodes(), G.number_of_edges()) == (nodes, edges)
    assert sum(1 for *_e, s in G.edges(data="sign") if s < 0) == negatives


def test_cow_has_51_windows(shared_dir):
    windows = read_edge_list_windows(shared_dir / "data" / "balance" / "cow" / "edges.csv")
    assert len(windows) == 51
    first = windows["1946-1949"]
    assert (first.number_of_nodes(), first.number_of_edges()) == (64, 362)
    assert sum(1 for *_e, s in first.edges(data="sign") if s < 0) == 42


def test_a_carriage_return_inside_a_row_names_its_line(tmp_path):
    p = tmp_path / "cr.csv"
    p.write_bytes(b"source,target,sign\na,b,1\n\r\x01\n")
    with pytest.raises(EdgeListError) as info:
        read_edge_list(p)
    assert info.value.path == f"{p}:3" and "cannot parse the row" in str(info.value)
