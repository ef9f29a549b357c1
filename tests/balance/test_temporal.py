"""Balance over time: windows chosen from the data, bands, blocs over time, moves, sign changes."""

from __future__ import annotations

import datetime as dt

import networkx as nx

from allegiance.balance.temporal import temporal_balance
from allegiance.network import Window
from allegiance.network.windows import choose_window, needs_windows


def camps(left, right, *, tag):
    """Friends inside each side, enemies across; every tie's evidence is ``tag:u-v``."""
    G = nx.Graph()
    for side in (left, right):
        for i, a in enumerate(side):
            for b in side[i + 1:]:
                G.add_edge(a, b, sign=1, evidence=[f"{tag}:{a}-{b}"])
    for a in left:
        for b in right:
            G.add_edge(a, b, sign=-1, evidence=[f"{tag}:{a}-{b}"])
    return G


def window(label, year, G):
    return Window(label, dt.date(year, 1, 1), dt.date(year + 1, 1, 1), G)


def test_an_actor_changing_sides_is_a_camp_move_with_evidence():
    series = [window("1990", 1990, camps("ABC", "DEF", tag="1990")),
              window("1991", 1991, camps("ABC", "DEF", tag="1991")),
              window("1992", 1992, camps("AB", "CDEF", tag="1992"))]
    t = temporal_balance(series, samples=5)
    assert [(m.actor, m.previous, m.window) for m in t.moves] == [("C", "1991", "1992")]
    move = t.moves[0]
    assert move.left == ["A", "B"] and move.joined == ["D", "E", "F"]
    assert "1992:C-D" in move.evidence and "1992:A-C" in move.evidence
    # the same bloc keeps its number from window to window
    first, last = t.windows[0].blocs, t.windows[2].blocs
    assert first["A"] == last["A"] and first["D"] == last["D"] != last["A"] and last["C"] == last["D"]
    changed = {(c.source, c.target, c.before, c.after, c.window) for c in t.sign_changes}
    assert changed == {("A", "C", 1, -1, "1992"), ("B", "C", 1, -1, "1992"), ("C", "D", -1, 1, "1992"),
                       ("C", "E", -1, 1, "1992"), ("C", "F", -1, 1, "1992")}
    assert all(c.evidence for c in t.sign_changes)


def test_each_window_carries_its_chance_band_and_verdict():
    t = temporal_balance([window("1990", 1990, camps("ABC", "DEF", tag="x")),
                          window("1991", 1991, nx.Graph())], samples=10)
    w = t.windows[0].to_dict()
    assert w["triangle_balance"] == 1.0 and w["normalised"] == 1.0
    assert w["verdict"] == "too little data to say"  # 15 ties: below the minimum
    low, high = w["chance"]["normalised_frustration"]["band"]
    assert low <= high < 1.0
    assert t.windows[1].edges == 0 and t.windows[1].to_dict()["normalised"] is None


def test_windows_are_made_for_long_ranges_only_and_sized_from_the_data():
    assert not needs_windows("2015-01-01", "2017-12-31")
    assert needs_windows("1914-08-05", "2020-04-14")
    assert choose_window("1914-08-05", "2020-04-14") == ("8y", "4y")
    assert choose_window("1946-01-01", "1999-12-31") == ("4y", "2y")
    assert choose_window("2001-01-01", "2010-12-31", sliding=False) == ("1y", "1y")


def test_samples_zero_skips_the_bands_but_keeps_blocs_and_changes():
    series = [window("1990", 1990, camps("ABC", "DEF", tag="a")), window("1991", 1991, camps("AB", "CDEF", tag="b"))]
    t = temporal_balance(series, samples=0)
    w = t.windows[0].to_dict()
    assert w["verdict"] is None and w["chance"] == {} and w["blocs"]
    assert t.moves and t.sign_changes
