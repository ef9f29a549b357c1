"""Blocs, balance summaries and series, and the ``allegiance balance`` command."""

from __future__ import annotations

import itertools
import json
import math

import networkx as nx
import pytest
from typer.testing import CliRunner

from allegiance.balance import balance_series, balance_summary, bloc_criterion, k_blocs, two_blocs
from allegiance.cli.app import app
from allegiance.errors import ConfigError

import allegiance.cli.balance  # noqa: F401  (registers the command)

BALANCE = ("data", "balance")


def three_camps() -> nx.Graph:
    """Three mutually hostile camps of three, with one cross-camp friendship."""
    G = nx.Graph()
    camps = [["a1", "a2", "a3"], ["b1", "b2", "b3"], ["c1", "c2", "c3"]]
    for camp in camps:
        G.add_edges_from(itertools.combinations(camp, 2), sign=1)
    for x, y in itertools.combinations(range(3), 2):
        G.add_edges_from(itertools.product(camps[x], camps[y]), sign=-1)
    G["a1"]["b1"]["sign"] = 1
    return G


def test_k_blocs_lets_the_data_choose_three():
    b = k_blocs(three_camps())
    assert (b.k, b.optimal, b.method) == (3, True, "milp")
    assert b.criterion == 0.5  # the a1-b1 friendship across camps
    assert sorted(sorted(g) for g in b.groups) == [["a1", "a2", "a3"], ["b1", "b2", "b3"], ["c1", "c2", "c3"]]
    assert bloc_criterion(three_camps(), b.membership) == b.criterion


def test_k_blocs_with_a_limit_and_heuristic_agree_on_easy_cases():
    h = k_blocs(three_camps(), method="heuristic")
    assert h.criterion == 0.5 and h.k == 3 and not h.optimal
    two = k_blocs(three_camps(), k=2)
    assert two.k <= 2 and two.criterion >= 0.5
    with pytest.raises(ConfigError):
        k_blocs(three_camps(), k=0)
    with pytest.raises(ConfigError):
        k_blocs(three_camps(), k=3, method="milp")


def test_two_blocs_is_the_frustration_colouring():
    b = two_blocs(three_camps())
    assert b.k == 2 and b.optimal and b.alpha is None
    assert b.criterion == bloc_criterion(three_camps(), b.membership, alpha=0.5) * 2


def test_summary_contract_keys_and_series():
    s = balance_summary(three_camps())
    d = s.to_dict()
    assert list(d) == ["nodes", "edges", "negative_edges", "triangles", "triangle_balance", "frustration",
                       "partition", "frustrated_edges", "walk_balance", "skipped"]
    assert list(d["frustration"]) == ["value", "optimal", "lower_bound", "seconds", "method"]
    assert d["nodes"] == 9 and d["edges"] == 36 and d["negative_edges"] == 26
    assert len(d["frustrated_edges"]) == d["frustration"]["value"]
    no_triangles = balance_summary(nx.Graph([(1, 2, {"sign": 1})]), walk=False).to_dict()
    assert no_triangles["triangle_balance"] is None
    series = balance_series({"t1": three_camps(), "t2": nx.Graph([(1, 2, {"sign": -1})])}, walk=False)
    assert [x.label for x in series] == ["t1", "t2"] and series[1].normalised_frustration == 1.0


def test_tribes_k_blocs_match_signnet(shared_dir):
    from allegiance.io import read_edge_list

    G = read_edge_list(shared_dir.joinpath(*BALANCE, "tribes", "edges.csv"))
    # signnet's membership (k = 3, alpha = 0.5) in UCINET gama.dat order; signnet's
    # criterion counts each undirected edge twice (symmetric matrix): 2 = 2 x 1.0
    order = "Gavev Kotun Ove Alika Nagam Gahuk Masil Ukudz Notoh Kohik Geham Asaro Uheto Seuve Nagad Gama".split()
    signnet = dict(zip(order, [3, 3, 2, 2, 1, 2, 2, 2, 1, 1, 2, 2, 1, 1, 3, 3]))
    assert bloc_criterion(G, signnet) == 1.0
    b = k_blocs(G, k=3)
    assert b.criterion == 1.0
    free = k_blocs(G)
    assert free.optimal and free.criterion == 1.0 and free.k == 3


# --- CLI ------------------------------------------------------------------------------

runner = CliRunner()


def toy_csv(tmp_path):
    p = tmp_path / "toy.csv"
    rows = ["source,target,sign,time"]
    for u, v, d in three_camps().edges(data=True):
        rows.append(f"{u},{v},{d['sign']},t1")
    rows.append("a1,a2,-1,t2")
    p.write_text("\n".join(rows) + "\n")
    return p


def test_cli_json_contract(tmp_path):
    r = runner.invoke(app, ["balance", str(toy_csv(tmp_path)), "--json", "--time", "t1"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["nodes"] == 9 and d["edges"] == 36 and d["triangles"]["+--"] > 0
    assert d["frustration"]["optimal"] is True and d["frustration"]["method"] == "milp"
    assert set(d["partition"]) == {f"{c}{i}" for c in "abc" for i in (1, 2, 3)}
    assert all(len(e) == 2 for e in d["frustrated_edges"])


def test_cli_table_and_heuristic(tmp_path):
    r = runner.invoke(app, ["balance", str(toy_csv(tmp_path)), "--time", "t1", "--method", "heuristic"])
    assert r.exit_code == 0, r.output
    assert "frustration index" in r.stdout and "camp 0" in r.stdout


@pytest.mark.parametrize(
    "args, code, needle",
    [
        (["--time", "t9"], 1, "pick one of: t1, t2"),
        (["--method", "magic"], 2, "unknown --method"),
        (["--since", "2020-01-01"], 2, "need --db"),
    ],
)
def test_cli_bad_input_gives_one_line(tmp_path, args, code, needle):
    r = runner.invoke(app, ["balance", str(toy_csv(tmp_path)), *args])
    assert r.exit_code == code
    assert needle in r.output and "Traceback" not in r.output


def test_cli_needs_exactly_one_source(tmp_path):
    r = runner.invoke(app, ["balance"])
    assert r.exit_code == 2 and "edge list or --db" in r.output
    bad = tmp_path / "bad.csv"
    bad.write_text("from,to\nx,y\n")
    r = runner.invoke(app, ["balance", str(bad)])
    assert r.exit_code == 1 and "missing columns" in r.output


def test_cli_reads_the_store(tmp_path):
    from allegiance.model import Actor, ActorKind, Document, Evidence, Mention, Relation, RelationType
    from allegiance.store import open_store

    store_path = tmp_path / "s.db"
    a, b, c = (Actor(i, i, ActorKind.COUNTRY) for i in ("AAA", "BBB", "CCC"))
    text = "AAA allies with BBB. BBB fights CCC. AAA fights CCC."

    def rel(x, y, t, start):
        return Relation("d1", Mention(x.id, start, start + 3, x), Mention(y.id, start + 10, start + 13, y), t,
                        Evidence(text, 0, len(text)), date="2020-01-01")

    with open_store(str(store_path)) as store:
        _add(store, Document("d1", text, date="2020-01-01"),
             [rel(a, b, RelationType.ALLY, 0), rel(b, c, RelationType.FIGHT, 21), rel(a, c, RelationType.FIGHT, 37)])
    r = runner.invoke(app, ["balance", "--db", str(store_path), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert (d["nodes"], d["edges"], d["negative_edges"]) == (3, 3, 2)
    assert d["triangles"]["+--"] == 1 and d["frustration"]["value"] == 0
    r = runner.invoke(app, ["balance", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 1 and "no store" in r.output


def _add(store, doc, relations):
    """Put one document and its relations in the store."""
    store.write_batch([(doc, relations)])


def test_cli_by_time_prints_one_result_per_window(tmp_path):
    r = runner.invoke(app, ["balance", str(toy_csv(tmp_path)), "--by-time", "--json"])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["time"] for x in lines] == ["t1", "t2"]
    assert lines[1]["edges"] == 1 and lines[1]["frustration"]["value"] == 0
    r = runner.invoke(app, ["balance", str(toy_csv(tmp_path)), "--by-time"])
    assert r.exit_code == 0 and "Balance over time" in r.stdout
    r = runner.invoke(app, ["balance", str(toy_csv(tmp_path)), "--window", "1y"])
    assert r.exit_code == 2 and "--window needs --db" in r.output


def test_cli_window_series_from_the_store(tmp_path):
    from allegiance.model import Actor, ActorKind, Document, Evidence, Mention, Relation, RelationType
    from allegiance.store import open_store

    store_path = tmp_path / "w.db"
    a, b = Actor("AAA", "AAA", ActorKind.PARTY), Actor("BBB", "BBB", ActorKind.PARTY)
    rows = []
    for i, (t, date) in enumerate([(RelationType.ALLY, "2019-03-01"), (RelationType.OPPOSE, "2020-03-01")]):
        text = f"AAA and BBB, story {i}."
        rel = Relation(f"d{i}", Mention("AAA", 0, 3, a), Mention("BBB", 8, 11, b), t,
                       Evidence(text, 0, len(text)), date=date)
        rows.append((Document(f"d{i}", text, date=date), [rel]))
    with open_store(str(store_path)) as store:
        store.write_batch(rows)
    r = runner.invoke(app, ["balance", "--db", str(store_path), "--window", "1y", "--since", "2019-01-01",
                            "--until", "2020-12-31", "--json"])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["time"] for x in lines] == ["2019-01-01..2019-12-31", "2020-01-01..2020-12-31"]
    assert [x["negative_edges"] for x in lines] == [0, 1]


def test_cli_sampson_by_time_matches_reference_md(shared_dir):
    path = shared_dir.joinpath(*BALANCE, "sampson", "affect_all.csv")
    r = runner.invoke(app, ["balance", str(path), "--by-time", "--json"])
    assert r.exit_code == 0, r.output
    values = {x["time"]: x["frustration"]["value"] for x in map(json.loads, r.stdout.splitlines())}
    assert values == {"T2": 16, "T3": 17, "T4": 12}
