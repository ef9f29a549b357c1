"""``allegiance balance``: structural balance of a signed edge list or of the store.

Edge lists (CSV ``source,target,sign[,weight][,time]``) are collapsed as
:func:`allegiance.network.read_edge_list` documents: direction ignored, all rows of a
pair summed as ``sign * |weight|``, the edge taking the sign of the sum, zero sums and
self-loops dropped. ``--time VALUE`` keeps one window of a file with a ``time`` column.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import List, Optional

import typer

from allegiance.cli.app import app, cli_errors, console, err_console

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
    walk_budget: float = typer.Option(
        60.0, "--walk-budget", help="Seconds for the walk balance; past them it reports the error bound it has."
    ),
) -> None:
    """Triangle census, balance, frustration index and the two camps of a signed network.

    With --window (store) or --by-time (edge list with a time column) it prints one
    result per window: JSON lines with a "time" key under --json, else a table.
    """
    from allegiance.balance import balance_summary
    from allegiance.errors import ConfigError

    with cli_errors():
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
        if by_time or window is not None:
            series = _series(edges, db, window=window, step=step, half_life=half_life, kinds=kind,
                             collapse_factions=collapse_factions, since=since, until=until)
            from allegiance.balance import balance_series

            results = balance_series(series, method=method, time_limit=time_limit,
                                     weight="weight" if weighted else None, seed=seed, walk=False)
        else:
            results = None
        if results is not None:
            pass
        elif edges is not None:
            if any(v for v in (since, until, half_life, kind, collapse_factions)):
                raise ConfigError("--since/--until/--half-life/--kind/--collapse-factions need --db",
                                  hint="for an edge list, pick a window with --time")
            from allegiance.network import read_edge_list

            G = read_edge_list(edges, time=time)
            times = G.graph.get("times") or []
            if time is None and len(times) > 1 and not as_json:
                err_console.print(f"note: {len(times)} time labels collapsed together; "
                                  "use --time VALUE for one window", highlight=False)
        else:
            if time is not None:
                raise ConfigError("--time applies to edge lists", hint="use --since/--until with --db")
            G = _graph_from_store(db, since=since, until=until, half_life=half_life, kinds=kind,
                                  collapse_factions=collapse_factions)
        if results is None:
            summary = balance_summary(G, method=method, time_limit=time_limit,
                                      weight="weight" if weighted else None, seed=seed,
                                      budget=walk_budget)
    if results is not None:
        _print_series(results, as_json)
        return
    if as_json:
        typer.echo(json.dumps(summary.to_dict()))
        return
    _print_table(summary, G)


def _series(edges, db, *, window, step, half_life, kinds, collapse_factions, since, until):
    if edges is not None:
        from allegiance.network import read_edge_list_windows

        return read_edge_list_windows(edges)
    from allegiance.errors import StoreError
    from allegiance.network import window_series
    from allegiance.store import open_store

    if "://" not in db and db != ":memory:" and not Path(db).exists():
        raise StoreError(f"no store at {db}", hint="run `allegiance ingest PATH --db DB` first")
    with open_store(db) as store:
        relations = list(store.iter_relations(since=since, until=until))
    return window_series(relations, window=window, step=step, start=since, end=until,
                         half_life_days=half_life, kinds=kinds or None, collapse_factions=collapse_factions)


def _print_series(results, as_json: bool) -> None:
    if as_json:
        for r in results:
            typer.echo(json.dumps({"time": r.label, **r.to_dict()}))
        return
    from rich.table import Table

    t = Table(title="Balance over time", title_justify="left")
    for col in ("window", "actors", "ties", "negative", "triangle balance", "frustration", "1 - 2L/m"):
        t.add_column(col)
    for r in results:
        fr = r.frustration
        tb = "n/a" if math.isnan(r.triangle_balance) else f"{r.triangle_balance:.3f}"
        nf = "n/a" if math.isnan(r.normalised_frustration) else f"{r.normalised_frustration:.3f}"
        t.add_row(str(r.label), str(r.nodes), str(r.edges), str(r.negative_edges), tb,
                  f"{fr.value}{'' if fr.optimal else ' (bound ' + str(fr.lower_bound) + ')'}", nf)
    console.print(t)


def _graph_from_store(db, *, since, until, half_life, kinds, collapse_factions):
    from allegiance.errors import StoreError
    from allegiance.network import build_signed_graph
    from allegiance.store import open_store

    if "://" not in db and db != ":memory:" and not Path(db).exists():
        raise StoreError(f"no store at {db}", hint="run `allegiance ingest PATH --db DB` first")
    with open_store(db) as store:
        return build_signed_graph(
            store.iter_relations(since=since, until=until),
            half_life_days=half_life, kinds=kinds or None, since=since, until=until,
            collapse_factions=collapse_factions,
        )


def _walk_text(walk, num) -> str:
    """The walk balance, with its error bound and method when it is not exact."""
    if walk is None:
        return "n/a (skipped)"
    if not walk.approximate:
        return num(walk.value)
    return (f"{walk.value:.6g} ± {walk.error:.2g} "
            f"({walk.error_kind} bound, {walk.method}, {walk.eigenvalues} eigenvalues)")


def _print_table(summary, G) -> None:
    from rich.table import Table

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
        console.print(f"[bold]camp {side}[/]: {shown}", highlight=False)
    if fr.frustrated_edges:
        shown = fr.frustrated_edges[:30]
        console.print("[bold]ties under strain[/] (frustrated: would flip in a balanced map):", highlight=False)
        for u, v in shown:
            sign = G[u][v]["sign"] if G.has_edge(u, v) else None
            mark = {1: "+", -1: "-"}.get(sign, "?")
            console.print(f"  {u} {mark} {v}", highlight=False)
        if len(fr.frustrated_edges) > len(shown):
            console.print(f"  ... and {len(fr.frustrated_edges) - len(shown)} more (use --json)", highlight=False)
