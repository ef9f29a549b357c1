"""Exports round-trip: GraphML/GEXF/JSON through networkx, CSV/Parquet through pandas."""

from __future__ import annotations

import json
import os
import stat

import networkx as nx
import pytest

pd = pytest.importorskip("pandas", reason="pandas is needed for the table exports (pip install pandas pyarrow)")
pytest.importorskip("pyarrow", reason="pyarrow is needed for Parquet (pip install pyarrow)")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from allegiance.cli import app  # noqa: E402
from allegiance.errors import ConfigError  # noqa: E402
from allegiance.io import (  # noqa: E402
    edges_frame,
    export_graph,
    export_store,
    flatten_graph,
    nodes_frame,
    read_graph,
    read_table,
    relations_frame,
    signed_for_export,
    to_networkx,
)
from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType, TimeFrame  # noqa: E402


@pytest.fixture(scope="module")
def graph(small_db):
    return to_networkx(small_db)


def _edge_attrs(G):
    return {frozenset((str(u), str(v))): d for u, v, d in G.edges(data=True)}


def test_to_networkx_annotations(graph):
    assert graph.number_of_nodes() == 8 and graph.number_of_edges() == 11
    e = graph["GBR"]["DEU"]
    assert e["sign"] == -1 and e["type"] == "fight" and e["first_seen"] == e["last_seen"] == "1914-08-04"
    assert graph["ITA"]["DEU"]["past"] is True and graph["GBR"]["DEU"]["past"] is False
    assert sum(d["frustrated"] for *_e, d in graph.edges(data=True)) == graph.graph["frustration"] == 1
    assert graph.nodes["GBR"]["bloc"] == graph.nodes["FRA"]["bloc"] != graph.nodes["DEU"]["bloc"]
    assert graph.nodes["GBR"]["first_seen"] == "1904-04-08" and graph.nodes["GBR-LAB"]["first_seen"] is None


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_graph_formats_round_trip(graph, tmp_path, fmt):
    path = tmp_path / f"net.{fmt}"
    export_graph(graph, path, fmt)
    # read back with plain networkx: same nodes, edges and flattened attributes
    plain = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}.get(fmt)
    expected = flatten_graph(graph, fmt)
    if plain is not None:
        back = plain(path)
        assert set(back.nodes) == set(expected.nodes)
        assert set(map(frozenset, back.edges)) == set(map(frozenset, expected.edges))
        for n, d in expected.nodes(data=True):
            got = dict(back.nodes[n])
            if fmt == "gexf":
                got.pop("label", None), d.pop("label", None)
            assert got == d, n
        want_edges = _edge_attrs(expected)
        for key, got in _edge_attrs(back).items():
            got = dict(got)
            got.pop("id", None)
            assert got == want_edges[key], key
    # and with our reader: the original attributes, JSON decoded
    back = read_graph(path)
    for n, d in graph.nodes(data=True):
        got = back.nodes[str(n)]
        for k in ("name", "kind", "bloc", "activity", "first_seen", "last_seen"):
            assert got.get(k) == d.get(k), (n, k)
    want = _edge_attrs(graph)
    for key, got in _edge_attrs(back).items():
        for k in ("sign", "weight", "type", "types", "count", "first_seen", "last_seen", "frustrated", "past",
                  "evidence", "periods"):
            assert got.get(k) == want[key].get(k), (key, k)


def test_gexf_is_dynamic(graph, tmp_path):
    path = tmp_path / "net.gexf"
    export_graph(graph, path, "gexf")
    text = path.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    back = nx.read_gexf(path)
    e = back["GBR"]["FRA"]
    assert e["start"] == "1904-04-08" and e["sign_by_year"] == [(1, "1904-01-01", "1904-12-31")]
    assert back.nodes["GBR"]["start"] == "1904-04-08" and back.nodes["GBR"]["end"] == "1914-08-04"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tables_round_trip(small_db, tmp_path, fmt):
    result = export_store(small_db, tmp_path / f"ties.{fmt}", fmt)
    assert [os.path.basename(p) for p in result.paths] == [f"ties.{fmt}", f"ties.nodes.{fmt}", f"ties.relations.{fmt}"]
    graph = to_networkx(small_db)
    for path, frame in zip(result.paths, (edges_frame(graph), nodes_frame(graph), relations_frame(small_db))):
        back = read_table(path)
        pd.testing.assert_frame_equal(back, frame)
        # and plain pandas gives the same rows too
        plain = pd.read_parquet(path) if fmt == "parquet" else pd.read_csv(path)
        assert len(plain) == len(frame) and list(plain.columns) == list(frame.columns)
        assert plain["sign"].tolist() == frame["sign"].tolist() if "sign" in frame else True
    assert len(read_table(result.paths[2])) == 11


def test_exports_are_atomic_and_readable(graph, tmp_path):
    path = tmp_path / "deep" / "g.graphml"
    export_graph(graph, path, "graphml")
    assert [p.name for p in path.parent.iterdir()] == ["g.graphml"]
    assert stat.S_IMODE(path.stat().st_mode) & 0o044  # not the 0600 of a temp file
    with pytest.raises(ConfigError):
        export_graph(graph, tmp_path, "graphml")  # a folder
    with pytest.raises(ConfigError):
        export_graph(graph, tmp_path / "x.xls", "xls")


def test_cli_export(small_db, tmp_path):
    out = tmp_path / "g.gexf"
    r = CliRunner().invoke(app, ["export", "--db", str(small_db), "--format", "gexf", "--out", str(out), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["edges"] == 11 and out.is_file()
    r = CliRunner().invoke(app, ["export", "--db", str(small_db), "--format", "csv", "--out", str(tmp_path / "t.csv"),
                                 "--since", "1914-01-01", "--until", "1914-12-31", "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["edges"] == 5
    r = CliRunner().invoke(app, ["export", "--db", str(small_db), "--format", "xls", "--out", str(tmp_path / "x")])
    assert r.exit_code == 2 and "unknown export format" in r.output
    r = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "none.db"), "--format", "csv", "--out", str(tmp_path / "y.csv")])
    assert r.exit_code == 1 and "no store at" in r.output and not (tmp_path / "y.csv").exists()


_ACTORS = [Actor(f"P{i}", name, ActorKind.PARTY) for i, name in
           enumerate(["Alpha", "Beta & Co", "<Gamma>", "Délta \"quoted\"", "Eps,ilon"])]


@st.composite
def _relations(draw):
    out = []
    for k in range(draw(st.integers(0, 10))):
        i, j = draw(st.sampled_from([(i, j) for i in range(5) for j in range(5) if i != j]))
        year = draw(st.one_of(st.none(), st.integers(1900, 2020)))
        s = draw(st.text(min_size=1, max_size=30))
        out.append(Relation(f"d{k}", Mention("a", 0, 1, _ACTORS[i]), Mention("b", 2, 3, _ACTORS[j]),
                            draw(st.sampled_from(list(RelationType))), Evidence(s, 0, len(s)),
                            date=f"{year}-03-04" if year else None, time=draw(st.sampled_from(list(TimeFrame))),
                            confidence=draw(st.floats(0.05, 1.0))))
    return out


@settings(max_examples=15, deadline=None)
@given(_relations(), st.sampled_from(["graphml", "gexf", "json", "csv", "parquet"]))
def test_round_trip_property(tmp_path_factory, relations, fmt):
    folder = tmp_path_factory.mktemp("prop")
    G = signed_for_export(to_networkx(relations, time_limit=2.0))  # as written: cancelled ties have sign 0
    result = export_graph(G, folder / f"x.{fmt}", fmt, relations=relations)
    if fmt in ("csv", "parquet"):
        pd.testing.assert_frame_equal(read_table(result.paths[0]), edges_frame(G))
        pd.testing.assert_frame_equal(read_table(result.paths[1]), nodes_frame(G))
        pd.testing.assert_frame_equal(read_table(result.paths[2]), relations_frame(relations))
    else:
        back = read_graph(result.paths[0])
        assert set(back.nodes) == {str(n) for n in G.nodes}
        assert {frozenset(e) for e in back.edges} == {frozenset(map(str, e)) for e in G.edges}
        for u, v, d in G.edges(data=True):
            got = back[str(u)][str(v)]
            assert (got["sign"], got["frustrated"], got["types"], got["evidence"]) == \
                   (d["sign"], d["frustrated"], d["types"], d["evidence"])
            assert got["weight"] == pytest.approx(d["weight"])


def _cancelling_relations():
    """GBR-FRA: one alliance and one war of equal confidence on one day (zero weight); GBR-DEU: war."""
    uk, fr, de = (Actor(i, n, ActorKind.COUNTRY) for i, n in (("GBR", "United Kingdom"), ("FRA", "France"),
                                                             ("DEU", "Germany")))

    def rel(doc, a, b, kind):
        return Relation(doc, Mention("a", 0, 1, a), Mention("b", 2, 3, b), kind, Evidence("a b.", 0, 4),
                        date="1914-08-04", confidence=0.8)

    return [rel("d1", uk, fr, RelationType.ALLY), rel("d2", uk, fr, RelationType.FIGHT),
            rel("d3", uk, de, RelationType.FIGHT)]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv", "parquet"])
def test_ambivalent_zero_weight_tie_exports_with_sign_zero(tmp_path, fmt):
    result = export_store(_cancelling_relations(), tmp_path / f"ties.{fmt}", fmt)
    if fmt in ("csv", "parquet"):
        for frame in (read_table(result.paths[0]), pd.read_parquet(result.paths[0]) if fmt == "parquet"
                      else pd.read_csv(result.paths[0])):
            signs = {frozenset((r.source, r.target)): int(r.sign) for r in frame.itertuples()}
            assert signs == {frozenset(("FRA", "GBR")): 0, frozenset(("DEU", "GBR")): -1}
    else:
        back = read_graph(result.paths[0])
        assert back["GBR"]["FRA"]["sign"] == 0 and back["GBR"]["FRA"]["weight"] == 0
        assert back["GBR"]["DEU"]["sign"] == -1
        assert back["GBR"]["FRA"]["periods"] == [("1914", 0)]
