"""CSV exports neutralise spreadsheet formulas (issue 16, #13): a text cell starting with
``= + - @ \\t \\r`` is written with a single quote in front; numbers are left alone; every
value still round-trips through :func:`allegiance.io.read_table`."""

from __future__ import annotations

import csv

import pytest

pd = pytest.importorskip("pandas", reason="pandas is needed for the table exports")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from allegiance.io import edges_frame, nodes_frame, read_table, relations_frame, to_networkx  # noqa: E402
from allegiance.io.export import FORMULA_TRIGGERS, export_graph, signed_for_export  # noqa: E402
from allegiance.model import Actor, ActorKind, Evidence, Mention, Relation, RelationType  # noqa: E402

NUMERIC = {"sign", "weight", "count", "n_positive", "n_negative", "positive", "negative", "bloc",
           "activity", "degree", "confidence", "sentence_start", "sentence_end"}
HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)",
           "\tTab", "\rcr", "'quoted"]


def relations_with(names: list[str], sentences: list[str]) -> list[Relation]:
    actors = [Actor(f"A{i}", name, ActorKind.PARTY) for i, name in enumerate(names)]
    out = []
    for k, sentence in enumerate(sentences):
        a, b = actors[k % len(actors)], actors[(k + 1) % len(actors)]
        out.append(Relation(f"d{k}", Mention(a.name[:3] or "x", 0, 1, a), Mention("b", 2, 3, b),
                            RelationType.OPPOSE if k % 2 else RelationType.ALLY, Evidence(sentence, 0, len(sentence)),
                            date="2020-01-02"))
    return out


def raw_rows(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_formulas_in_names_and_article_text_are_neutralised(tmp_path):
    relations = relations_with(HOSTILE, HOSTILE)
    G = to_networkx(relations, time_limit=2.0)
    result = export_graph(G, tmp_path / "ties.csv", "csv", relations=relations)
    seen_quoted = 0
    for path in result.paths:
        for row in raw_rows(path):
            for column, cell in row.items():
                if column in NUMERIC:
                    continue
                assert not cell.startswith(FORMULA_TRIGGERS), (path, column, cell)
                seen_quoted += cell.startswith("'")
    assert seen_quoted >= len(HOSTILE)  # names and evidence sentences were written, quoted
    names = {row["name"] for row in raw_rows(result.paths[1])}
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in names and "''quoted" in names
    sentences = {row["sentence"] for row in raw_rows(result.paths[2])}
    assert "'=cmd|' /C calc'!A0" in sentences


def test_negative_numbers_stay_numbers(tmp_path):
    # Labour-Unite allied, Unite-GMB opposed (an ally and an opposition on one pair would cancel: sign 0)
    relations = relations_with(["Labour", "Unite", "GMB"], ["Labour allied with Unite.", "Unite opposed GMB."])
    G = to_networkx(relations, time_limit=2.0)
    result = export_graph(G, tmp_path / "ties.csv", "csv", relations=relations)
    assert sorted(edge["sign"] for edge in raw_rows(result.paths[0])) == ["-1", "1"]
    assert {row["sign"] for row in raw_rows(result.paths[2])} == {"-1", "1"}


def test_other_formats_are_unchanged(tmp_path):
    relations = relations_with(HOSTILE[:3], HOSTILE[:3])
    G = to_networkx(relations, time_limit=2.0)
    result = export_graph(G, tmp_path / "g.json", "json")
    text = open(result.paths[0], encoding="utf-8").read()
    assert '"=HYPERLINK(\\"http://evil.example\\",\\"x\\")"' in text


@settings(max_examples=40, deadline=None)
@given(names=st.lists(st.sampled_from(HOSTILE) | st.text(min_size=1, max_size=12), min_size=2, max_size=4,
                      unique=True),
       sentences=st.lists(st.sampled_from(HOSTILE) | st.text(min_size=1, max_size=30), min_size=1, max_size=4))
def test_neutralised_csv_round_trips(tmp_path_factory, names, sentences):
    relations = relations_with(names, sentences)
    G = signed_for_export(to_networkx(relations, time_limit=2.0))  # as written: cancelled ties have sign 0
    folder = tmp_path_factory.mktemp("formulas")
    result = export_graph(G, folder / "x.csv", "csv", relations=relations)
    pd.testing.assert_frame_equal(read_table(result.paths[0]), edges_frame(G))
    pd.testing.assert_frame_equal(read_table(result.paths[1]), nodes_frame(G))
    pd.testing.assert_frame_equal(read_table(result.paths[2]), relations_frame(relations))
