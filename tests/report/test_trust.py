"""The report's trust sections: verdict, windows and blocs over time, strained ties, predictions, labels."""

from __future__ import annotations

import itertools

from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType
from allegiance.report import render_report, report_data

A = {k: Actor(k, k, ActorKind.COUNTRY) for k in ("GBR", "FRA", "RUS", "DEU", "AUT", "USA", "ITA", "SUN", "POL")}


def rel(a, b, sign, date, i):
    sentence = f"{a} and {b} {'allied' if sign > 0 else 'fought'}."
    return Relation(f"d{i}", Mention(a, 0, 3, A[a]), Mention(b, 8, 11, A[b]),
                    RelationType.ALLY if sign > 0 else RelationType.FIGHT, Evidence(sentence, 0, len(sentence)),
                    date=date)


def camp_relations(left, right, year, start):
    out = []
    for i, (a, b) in enumerate(itertools.combinations(left + right, 2)):
        sign = 1 if (a in left) == (b in left) else -1
        out.append(rel(a, b, sign, f"{year}-0{1 + i % 9}-01", start + i))
    return out


def two_eras():
    """WWI (Britain with Russia against Germany) and the Cold War (Britain with Germany against the
    Soviets): pooled, Britain, Russia and Germany would fall together somewhere."""
    return (camp_relations(["GBR", "FRA", "RUS", "ITA"], ["DEU", "AUT"], 1915, 0)
            + camp_relations(["GBR", "FRA", "DEU", "USA"], ["RUS", "POL"], 1960, 100))


def test_long_ranges_get_windows_and_no_bloc_spans_two_eras():
    data = report_data(two_eras())
    w = data.timeline["windows"]
    assert w is not None and w["window"].endswith("y") and len(w["windows"]) >= 3
    assert data.timeline["balance"] and all("verdict" in r for r in data.timeline["balance"])
    rows = data.tables["blocs"]
    assert rows and all(r["window"] != "undated" for r in rows)
    for r in rows:
        members = {m[1] for m in r["members"]}
        assert not {"GBR", "RUS", "DEU"} <= members, r
    together = [{m[1] for m in r["members"]} for r in rows]
    assert any({"GBR", "RUS"} <= g for g in together) and any({"GBR", "DEU"} <= g for g in together)
    turned = {(c["source"], c["target"], c["after"]) for c in w["sign_changes"]}
    assert ("GBR", "RUS", -1) in turned and ("DEU", "GBR", 1) in turned
    assert all(c["evidence"] for c in w["sign_changes"])
    for c in w["sign_changes"]:
        assert all(data.relations[i]["sign"] == c["after"] for i in c["evidence"])
    assert any(m["actor"] in ("RUS", "DEU") for m in w["moves"])


def test_short_ranges_have_no_windows_and_the_old_timeline():
    rs = camp_relations(["GBR", "FRA"], ["DEU", "AUT"], 1915, 0)
    data = report_data(rs)
    assert data.timeline["windows"] is None
    assert data.tables["blocs"] and "window" not in data.tables["blocs"][0]


def test_sparse_map_says_too_little_data_on_the_page():
    rs = [rel("GBR", "FRA", 1, "2010-01-01", 0), rel("FRA", "RUS", 1, "2010-01-02", 1),
          rel("GBR", "RUS", 1, "2010-01-03", 2), rel("USA", "SUN", -1, "2010-01-04", 3),
          rel("ITA", "AUT", 1, "2010-01-05", 4)]
    data = report_data(rs)
    assert data.meta["balance"]["triangle_balance"] == 1.0
    assert data.meta["balance"]["verdict"] == "too little data to say"
    assert data.tables["significance"]["data"]["triangles"] == 1
    page = render_report(data).html
    assert "too little data to say" in page and "100% of 1 triangles balanced" in page


def test_strained_ties_are_only_those_a_balanced_map_would_flip_and_predictions_have_confidence():
    data = report_data(two_eras())
    assert all(r["balanced_sign"] != r["sign"] and r["frustrated"] for r in data.tables["strained"])
    assert all(r["confidence"] > 0 for r in data.tables["predictions"])


def test_drawn_names_never_overlap_in_a_dense_cluster():
    from allegiance.report.trust import _box

    names = [f"Actor number {i}" for i in range(40)]
    for n in names:
        A.setdefault(n, Actor(n, n, ActorKind.PARTY))
    rs = [rel(a, b, 1 if (i + j) % 3 else -1, "2020-01-01", 1000 + 50 * i + j)
          for i, a in enumerate(names) for j, b in enumerate(names) if i < j and (i * j) % 4 == 0]
    data = report_data(rs, balance_windows=False)
    shown = [n for n in data.nodes if n["label"]]
    assert 0 < len(shown) < len(data.nodes)
    boxes = [_box(n) for n in shown]
    for a, b in itertools.combinations(boxes, 2):
        assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    assert data.nodes[0]["label"]  # the most active actor is always named
    drawn = [n for n in data.nodes if n["drawn"]]
    for a, b in itertools.combinations(drawn, 2):  # and no two discs overlap
        assert ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 >= (a["size"] + b["size"]) / 2 - 0.5


def test_balance_db_over_many_years_is_windowed_by_default(small_db):
    """The small store spans 1904-1915: `balance --db` gives windows unless --pooled."""
    import json

    from typer.testing import CliRunner

    import allegiance.cli.balance  # noqa: F401  (registers the command)
    from allegiance.cli.app import app

    runner = CliRunner()
    r = runner.invoke(app, ["balance", "--db", str(small_db), "--json", "--samples", "5"])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(lines) > 1 and lines[0]["time"].startswith("1904-01-01")
    assert all({"verdict", "chance", "blocs", "moves", "sign_changes"} <= set(x) for x in lines)
    pooled = runner.invoke(app, ["balance", "--db", str(small_db), "--json", "--pooled", "--samples", "5"])
    one = json.loads(pooled.stdout)
    assert "time" not in one and one["significance"]["verdict"] == "too little data to say"


def test_crowded_discs_are_pushed_apart_and_keep_their_order():
    from allegiance.report.trust import separate_nodes

    nodes = [{"x": float(i % 5), "y": float(i // 5), "size": 14 + i, "drawn": True} for i in range(30)]
    nodes.append({"x": 0.0, "y": 0.0, "size": 50, "drawn": False})  # not drawn: left alone
    assert separate_nodes(nodes, iterations=400) <= 0.01
    for a, b in itertools.combinations(nodes[:30], 2):
        assert ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 >= (a["size"] + b["size"]) / 2 - 0.01
    assert (nodes[30]["x"], nodes[30]["y"]) == (0.0, 0.0)
    assert nodes[4]["x"] > nodes[0]["x"]  # left stays left


def test_one_shared_neighbour_is_no_certainty():
    rs = [rel("GBR", "FRA", -1, "2010-01-01", 0), rel("FRA", "RUS", -1, "2010-01-02", 1)]
    rows = report_data(rs).tables["predictions"]
    assert [(r["source"], r["target"], r["sign"], r["confidence"]) for r in rows] == [("GBR", "RUS", 1, 0.5)]
