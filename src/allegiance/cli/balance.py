"""``allegiance balance``: structural balance of a signed edge list or of the store.

Edge lists (CSV ``source,target,sign[,weight][,time]``) are collapsed as
:func:`allegiance.io.read_edge_list` documents: direction ignored, all rows of a
pair summed as ``sign * |weight|``, the edge taking the sign of the sum, zero sums and
self-loops dropped. ``--time VALUE`` keeps one window of a file with a ``time`` column.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table
from rich.text import Text

from allegiance.cli.app import app, cli_errors, console, err_console, plain
from allegiance.errors import ConfigError
from allegiance.store import open_store

__all__ = ["balance"]


@app.command()
def balance(
    edges: Optional[Path] = typer.Argument(
        None, help="Edge list CSV: source,target,sign[,weight][,time]. Or use --db.", show_default=False
    ),
    db: Optional[str] = typer.Option(None, "--db", help="Read relations from this store instead."),
    as_json: bool = typer.Option(False, "--json", help="Print the DESIGN.md JSON contract."),
    time: Optional[str] = typer.Option(None, "--time", help="Edge list: keep only rows with this time label."),
    method: str = typer.Option("milp", "--method", help="Frustration index: milp (exact) or heuristic."),
    time_limit: Optional[float] = typer.Option(
        None, "--time-limit", help="Seconds for the exact solver; then the best result and its bound."
    ),
    weighted: bool = typer.Option(False, "--weighted", help="Weigh edges by their weight (default: count them)."),
    since: Optional[str] = typer.Option(None, "--since", help="Store: relations dated on/after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Store: relations dated on/before YYYY-MM-DD."),
    half_life: Optional[float] = typer.Option(None, "--half-life", help="Store: recency half-life in days."),
    kind: Optional[List[str]] = typer.Option(None, "--kind", help="Store: keep actors of this kind (repeatable)."),
    collapse_factions: bool = typer.Option(
        False, "--collapse-factions", help="Store: count factions as their parent party."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the local search."),
    window: Optional[str] = typer.Option(
        None, "--window", help="Store: a series of windows of this length (30d, 6m, 1y)."
    ),
    step: Optional[str] = typer.Option(None, "--step", help="Store: distance between window starts (default --window)."),
    by_time: bool = typer.Option(False, "--by-time", help="Edge list: one result per time label, in file order."),
    pooled: bool = typer.Option(
        False, "--pooled", help="Store: one graph over all dates, even when they span many years."
    ),
    samples: Optional[int] = typer.Option(
        None, "--samples", help="Null-model samples for the verdict (0: skip; default by size, 30 per window)."
    ),
    significance_budget: Optional[float] = typer.Option(
        None, "--significance-budget", show_default=False,
        help="Seconds for drawing null samples (default: half the frustration solve's time, at least 0.5, "
             "3 up to 2,000 ties; 0: no limit, reproducible); a measure short of samples does not decide the verdict.",
    ),
    walk_budget: float = typer.Option(
        60.0, "--walk-budget", help="Seconds for the walk balance; past them it reports the error bound it has."
    ),
) -> None:
    """Triangle census, balance, frustration index and the two camps of a signed network.

    With --window (store) or --by-time (edge list with a time column) it prints one
    result per window: JSON lines with a "time" key under --json, else a table. A store
    whose relations span more than a few years is analysed in sliding windows sized from
    its dates unless --pooled (or --window) is given; each window then carries its
    verdict, null-model band, blocs, camp moves and sign changes.
    """
    from allegiance.balance import analyse_balance

    with cli_errors():
        _check_options(edges, db, method=method, step=step, window=window, by_time=by_time, time=time,
                       store_only=(since, until, half_life, kind, collapse_factions))
        if db is not None and window is None and not pooled and since is None and until is None:
            window, step, start = _default_window(db)
        else:
            start = since
        store_options = dict(half_life_days=half_life, kinds=kind or None, collapse_factions=collapse_factions)
        if by_time or window is not None:
            series = _series(edges, db, window=window, step=step, since=since, until=until, start=start,
                             **store_options)
            results, over_time = _series_results(series, method=method, time_limit=time_limit, weighted=weighted,
                                                 seed=seed, samples=samples)
        else:
            G = (_read_edges(edges, time=time, quiet=as_json) if edges is not None
                 else _graph_from_store(db, since=since, until=until, **store_options))
            analysis = analyse_balance(G, method=method, time_limit=time_limit,
                                       weight="weight" if weighted else None, seed=seed, samples=samples,
                                       budget=significance_budget, walk_budget=walk_budget)
    if by_time or window is not None:
        _print_series(results, as_json, over_time)
    elif as_json:
        typer.echo(json.dumps(analysis.to_dict()))
    else:
        _print_table(analysis.summary, G)
        _print_trust(analysis.to_dict())


def _check_options(edges, db, *, method, step, window, by_time, time, store_only) -> None:
    """One clear line for each combination of options that cannot work."""
    if (edges is None) == (db is None):
        raise ConfigError("give an edge list or --db, not both or neither",
                          hint="e.g. `allegiance balance edges.csv --json`")
    if method not in ("milp", "heuristic"):
        raise ConfigError(f"unknown --method {method!r}", hint="use milp or heuristic")
    if step is not None and window is None:
        raise ConfigError("--step needs --window", hint="e.g. --window 1y --step 6m")
    if by_time and (edges is None or time is not None):
        raise ConfigError("--by-time needs an edge list and no --time", hint="drop --time to see every window")
    if window is not None and db is None:
        raise ConfigError("--window needs --db", hint="for an edge list with a time column use --by-time")
    if edges is not None and not by_time and any(v for v in store_only):
        raise ConfigError("--since/--until/--half-life/--kind/--collapse-factions need --db",
                          hint="for an edge list, pick a window with --time")
    if db is not None and time is not None:
        raise ConfigError("--time applies to edge lists", hint="use --since/--until with --db")


def _read_edges(edges, *, time, quiet):
    """The collapsed graph of an edge list, with a note when several time labels were pooled."""
    from allegiance.io.edgelist import read_edge_list

    G = read_edge_list(edges, time=time)
    times = G.graph.get("times") or []
    if time is None and len(times) > 1 and not quiet:
        err_console.print(f"note: {len(times)} time labels collapsed together; "
                          "use --time VALUE for one window", highlight=False)
    return G


def _series_results(series, *, method, time_limit, weighted, seed, samples):
    """Balance of each window, and the windows over time (bands, verdicts, blocs, moves, sign changes)."""
    from allegiance.balance import balance_series
    from allegiance.balance.temporal import temporal_balance

    results = balance_series(series, method=method, time_limit=time_limit,
                             weight="weight" if weighted else None, seed=seed, walk=False)
    over_time = temporal_balance(series, samples=30 if samples is None else samples, seed=seed,
                                 time_limit=1.0 if time_limit is None else time_limit).to_dict()
    return results, over_time


def _print_trust(trust: dict) -> None:
    sig = trust["significance"]
    if sig is None:
        return
    console.print(Text("verdict", style="bold") + plain(f": {sig['verdict']} ({sig['reason']})"))
    for c in sig["null_models"]:
        console.print(f"  {c['measure']} vs {c['model']}: observed {c['observed']}, chance {c['expected']} "
                      f"(sd {c['std']}), z {c['z']}, p {c['p_value']} ({c['samples']} null samples: "
                      f"p resolves to {c['p_resolution']})", highlight=False)
    if len(trust["components"]) > 1:
        for i, c in enumerate(trust["components"]):
            console.print(f"  piece {i + 1}: {c['nodes']} actors, {c['edges']} ties, triangle balance "
                          f"{c['triangle_balance']}, frustration {c['frustration']}, {len(c['blocs'])} blocs, "
                          f"{len(c['dipoles'])} dipoles", highlight=False)


def _series(edges, db, *, window, step, since, until, start=None, **store_options):
    if edges is not None:
        from allegiance.io.edgelist import read_edge_list_windows

        return read_edge_list_windows(edges)
    from allegiance.network import window_series

    with open_store(db, create=False) as store:
        relations = list(store.iter_relations(since=since, until=until))
    return window_series(relations, window=window, step=step, start=start or since, end=until, **store_options)


def _default_window(db):
    """(window, step, start) chosen from the store's dates when they span more than a few years, else Nones."""
    from allegiance.network.windows import choose_window, needs_windows, window_start

    with open_store(db, create=False) as store:
        dates = sorted(str(r.date)[:10] for r in store.iter_relations() if r.date)
    if dates and needs_windows(dates[0], dates[-1]):
        window, step = choose_window(dates[0], dates[-1])
        return window, step, window_start(dates[0], window)
    return None, None, None


def _window_extras(over_time: dict) -> dict[str, dict]:
    """Per window label: verdict, chance band, blocs, and the moves and sign changes arriving in it."""
    out = {w["label"]: {"verdict": w["verdict"], "reason": w["reason"], "chance": w["chance"], "blocs": w["blocs"],
                        "moves": [], "sign_changes": []} for w in over_time["windows"]}
    for m in over_time["moves"]:
        out[m["window"]]["moves"].append(m)
    for c in over_time["sign_changes"]:
        out[c["window"]]["sign_changes"].append(c)
    return out


def _print_series(results, as_json: bool, over_time: dict) -> None:
    extras = _window_extras(over_time)
    if as_json:
        for r in results:
            typer.echo(json.dumps({"time": r.label, **r.to_dict(), **extras.get(r.label, {})}))
        return
    t = Table(title="Balance over time", title_justify="left")
    for col in ("window", "actors", "ties", "negative", "triangle balance", "frustration", "1 - 2L/m",
                "chance (5-95%)", "verdict"):
        t.add_column(col)
    for r in results:
        fr = r.frustration
        tb = "n/a" if math.isnan(r.triangle_balance) else f"{r.triangle_balance:.3f}"
        nf = "n/a" if math.isnan(r.normalised_frustration) else f"{r.normalised_frustration:.3f}"
        x = extras.get(r.label, {})
        band = (x.get("chance") or {}).get("normalised_frustration", {}).get("band") or [None, None]
        t.add_row(plain(r.label), str(r.nodes), str(r.edges), str(r.negative_edges), tb,
                  f"{fr.value}{'' if fr.optimal else ' (bound ' + str(fr.lower_bound) + ')'}", nf,
                  "n/a" if band[0] is None else f"{band[0]:.3f}-{band[1]:.3f}", x.get("verdict", ""))
    console.print(t)
    for m in over_time["moves"]:
        console.print(plain(f"moved camp: {m['actor']} in {m['window']}, left {', '.join(m['left'])}"
                            f"{'; joined ' + ', '.join(m['joined']) if m['joined'] else ''}"))
    for c in over_time["sign_changes"]:
        console.print(plain(f"sign change: {c['source']} {'+' if c['before'] > 0 else '-'} -> "
                            f"{'+' if c['after'] > 0 else '-'} {c['target']} ({c['previous']} -> {c['window']})"))


def _graph_from_store(db, *, since, until, **options):
    from allegiance.network import graph_of_store

    with open_store(db, create=False) as store:
        return graph_of_store(store, since=since, until=until, **options)


def _walk_text(walk, num) -> str:
    """The walk balance, with its error bound and method when it is not exact."""
    if walk is None:
        return "n/a (skipped)"
    if not walk.approximate:
        return num(walk.value)
    return (f"{walk.value:.6g} ± {walk.error:.2g} "
            f"({walk.error_kind} bound, {walk.method}, {walk.eigenvalues} eigenvalues)")


def _print_table(summary, G) -> None:
    fr = summary.frustration
    t = Table(title="Structural balance", show_header=False, title_justify="left")
    t.add_column("measure", style="bold")
    t.add_column("value")

    def num(x, digits=4):
        return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"

    t.add_row("actors / ties", f"{summary.nodes} / {summary.edges} ({summary.negative_edges} negative)")
    c = summary.triangles.to_dict()
    t.add_row("triangles +++ / ++- / +-- / ---", " / ".join(str(c[k]) for k in ("+++", "++-", "+--", "---")))
    t.add_row("triangle balance", num(summary.triangle_balance))
    t.add_row("walk balance", _walk_text(summary.walk, num))
    state = "proven optimal" if fr.optimal else f"best found; lower bound {fr.lower_bound} (gap {fr.gap:.1%})"
    t.add_row("frustration index", f"{fr.value} ({state}, {fr.method}, {fr.seconds:.2f} s)")
    t.add_row("normalised (1 - 2L/m)", num(summary.normalised_frustration))
    console.print(t)
    camps: dict[int, list[str]] = {}
    for n, side in fr.partition.items():
        camps.setdefault(side, []).append(str(G.nodes[n].get("name", n)) if n in G else str(n))
    for side in sorted(camps):
        names = sorted(camps[side])
        shown = ", ".join(names[:30]) + (f", ... ({len(names)} in all)" if len(names) > 30 else "")
        console.print(Text(f"camp {side}", style="bold") + Text(": ") + plain(shown))
    if fr.frustrated_edges:
        shown = fr.frustrated_edges[:30]
        console.print(Text("ties under strain", style="bold") + Text(" (frustrated: would flip in a balanced map):"))
        for u, v in shown:
            sign = G[u][v]["sign"] if G.has_edge(u, v) else None
            mark = {1: "+", -1: "-"}.get(sign, "?")
            console.print(plain(f"  {u} {mark} {v}"))
        if len(fr.frustrated_edges) > len(shown):
            console.print(f"  ... and {len(fr.frustrated_edges) - len(shown)} more (use --json)", highlight=False)
