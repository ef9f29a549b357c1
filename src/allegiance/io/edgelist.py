"""Read signed edge lists (CSV ``source,target,sign[,weight][,time]``) into networkx graphs.

The collapsing rule (the same as ``../shared/data/balance/REFERENCE.md`` and signnet):

* every row contributes a **signed weight** ``sign * |weight|`` (``weight`` absent or
  empty: 1); weights may be magnitudes or carry the row's sign, but a negative weight
  on a positive row is an error;
* all rows between one pair (in either direction, unless ``directed=True``) are
  collapsed into one edge whose ``sign`` is the sign of the **summed** signed weight
  and whose ``weight`` is the absolute value of that sum; ``rows`` counts the rows;
* pairs whose rows sum to 0 (e.g. one ``+1`` and one ``-1`` row) are dropped and
  counted in ``G.graph["dropped_zero_pairs"]``; pairs whose rows disagree in sign but
  do not cancel are kept and counted in ``G.graph["conflicting_pairs"]``;
* self-loops are dropped and counted in ``G.graph["dropped_self_loops"]``;
* ``time=VALUE`` keeps only the rows whose ``time`` column equals ``VALUE``; without
  it all rows are collapsed together (``G.graph["times"]`` lists the labels seen).

Errors (missing columns, a sign other than +1/-1, a non-numeric or contradicting
weight, an empty source or target) raise :class:`allegiance.errors.EdgeListError`
naming the file and line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable

import networkx as nx
import numpy as np
import pandas as pd
from charset_normalizer import from_bytes

from allegiance.errors import EdgeListError, EmptyInputError, UnreadableInputError
from allegiance.network.edgelist import EdgeArrays, collapse_arrays, sum_pairs

__all__ = ["EdgeArrays", "read_edge_arrays", "read_edge_list", "read_edge_list_windows", "parse_edge_rows",
           "EDGE_COLUMNS"]

EDGE_COLUMNS = ("source", "target", "sign", "weight", "time")
_REQUIRED = ("source", "target", "sign")
_SIGN_WORDS = {"+": 1, "-": -1, "+1": 1, "-1": -1, "1": 1, "positive": 1, "negative": -1, "pos": 1, "neg": -1}


def _open_text(path: str | Path) -> str:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise UnreadableInputError("no such file", path=str(p), hint="check the path to the edge list") from None
    except IsADirectoryError:
        raise UnreadableInputError("is a directory", path=str(p), hint="give a CSV file") from None
    except OSError as exc:
        raise UnreadableInputError(f"cannot read ({exc.strerror})", path=str(p)) from None
    if b"\x00" in raw[:4096]:
        raise EdgeListError("looks like a binary file, not CSV", path=str(p),
                            hint="give a CSV with columns source,target,sign[,weight][,time]")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(raw).best()
        if best is None:
            raise UnreadableInputError("cannot decode the file's text", path=str(p),
                                       hint="save the edge list as UTF-8") from None
        return str(best)


def _parse_sign(text: str, where: str) -> int:
    t = text.strip().lower()
    if t in _SIGN_WORDS:
        return _SIGN_WORDS[t]
    try:
        value = float(t)
    except ValueError:
        raise EdgeListError(f"sign {text!r} is not +1 or -1", path=where,
                            hint="write signs as 1 or -1 (strengths go in a weight column)") from None
    if value == 1:
        return 1
    if value == -1:
        return -1
    raise EdgeListError(f"sign {text!r} is not +1 or -1", path=where,
                        hint="write signs as 1 or -1 (strengths go in a weight column)")


def parse_edge_rows(text: str, *, origin: str = "<edges>", time: str | None = None):
    """Parse edge-list CSV text into validated rows ``(source, target, signed_weight, time)``.

    Returns the rows (time-filtered if ``time`` is given), the time labels seen (in
    order of first appearance) and the number of self-loop rows dropped.

    Examples
    --------
    >>> rows, times, loops = parse_edge_rows("source,target,sign\\na,b,-1\\nb,b,1\\n")
    >>> rows, loops
    ([('a', 'b', -1.0, None)], 1)
    """
    reader = _checked(csv.reader(io.StringIO(text)), origin)
    header = None
    for header in reader:
        if any(cell.strip() for cell in header):
            break
    else:
        raise EmptyInputError("the edge list is empty", path=origin,
                              hint="give a CSV with a header row source,target,sign")
    cols = [c.strip().lower() for c in header]
    missing = [c for c in _REQUIRED if c not in cols]
    if missing:
        raise EdgeListError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} (header is {','.join(header)})",
            path=f"{origin}:{reader.line_num}",
            hint="the header must name source,target,sign (optional weight,time)",
        )
    if time is not None and "time" not in cols:
        raise EdgeListError("--time was given but the file has no time column", path=origin,
                            hint="drop --time or add a time column")
    i_src, i_tgt, i_sign = cols.index("source"), cols.index("target"), cols.index("sign")
    i_w = cols.index("weight") if "weight" in cols else None
    i_t = cols.index("time") if "time" in cols else None
    rows: list[tuple[str, str, float, str | None]] = []
    times: dict[str, None] = {}
    loops = 0
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        where = f"{origin}:{reader.line_num}"
        if len(record) < len(cols):
            raise EdgeListError(f"row has {len(record)} fields, the header has {len(cols)}", path=where,
                                hint="every row needs source,target,sign (and the optional columns)")
        src, tgt = record[i_src].strip(), record[i_tgt].strip()
        if not src or not tgt:
            raise EdgeListError("empty source or target", path=where, hint="name both ends of every edge")
        sign = _parse_sign(record[i_sign], where)
        magnitude = 1.0
        if i_w is not None and record[i_w].strip():
            try:
                w = float(record[i_w])
            except ValueError:
                raise EdgeListError(f"weight {record[i_w]!r} is not a number", path=where,
                                    hint="give numeric weights or leave the cell empty") from None
            if w != w or w in (float("inf"), float("-inf")):
                raise EdgeListError(f"weight {record[i_w]!r} is not finite", path=where)
            if w < 0 and sign > 0:
                raise EdgeListError(f"weight {record[i_w]!r} contradicts sign {record[i_sign]!r}", path=where,
                                    hint="give weights as magnitudes or with the same sign as the sign column")
            magnitude = abs(w)
        label = record[i_t].strip() if i_t is not None else None
        if label is not None:
            times.setdefault(label, None)
        if time is not None and label != time:
            continue
        if src == tgt:
            loops += 1
            continue
        rows.append((src, tgt, sign * magnitude, label))
    if time is not None and time not in times:
        shown = ", ".join(list(times)[:5]) + (", ..." if len(times) > 5 else "")
        raise EdgeListError(f"no rows with time {time!r}", path=origin,
                            hint=f"pick one of: {shown}" if times else "the time column is empty")
    return rows, list(times), loops


class _checked:
    """A csv reader whose parse errors become :class:`EdgeListError` with file:line."""

    def __init__(self, reader, origin: str):
        self._reader = reader
        self._origin = origin

    @property
    def line_num(self) -> int:
        return self._reader.line_num

    def __iter__(self):
        return self

    def __next__(self):
        try:
            return next(self._reader)
        except csv.Error as exc:
            raise EdgeListError(f"cannot parse the row ({exc})", path=f"{self._origin}:{self._reader.line_num}",
                                hint="check quoting and line breaks in that row") from None


def _collapse(rows: Iterable[tuple[str, str, float, str | None]], *, directed: bool) -> nx.Graph:
    sums = sum_pairs(((src, tgt, sw) for src, tgt, sw, _t in rows), directed=directed)
    G: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    zero = conflicting = 0
    for key, (total, count, has_pos, has_neg, (src, tgt)) in sums.items():
        G.add_node(src)
        G.add_node(tgt)
        if abs(total) < 1e-12:
            zero += 1
            continue
        if has_pos and has_neg:
            conflicting += 1
        weight = abs(total)
        if float(weight).is_integer():
            weight = int(weight)
        G.add_edge(src, tgt, sign=1 if total > 0 else -1, weight=weight, rows=count)
    G.graph["dropped_zero_pairs"] = zero
    G.graph["conflicting_pairs"] = conflicting
    return G


def read_edge_list(path: str | Path, *, time: str | None = None, directed: bool = False) -> nx.Graph:
    """Read a signed edge list CSV into a collapsed signed graph.

    Parameters
    ----------
    path : str or Path
        CSV with header ``source,target,sign`` and optional ``weight`` and ``time``
        (other columns are ignored).
    time : str, optional
        Keep only rows whose ``time`` equals this label (one window).
    directed : bool
        Keep arcs (collapse per ordered pair) and return a ``DiGraph``.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Edge attributes ``sign`` (+1/-1), ``weight`` (|summed signed weight|),
        ``rows``; graph attributes ``dropped_self_loops``, ``dropped_zero_pairs``,
        ``conflicting_pairs``, ``times``, ``time``, ``source``.

    Raises
    ------
    EdgeListError
        Missing columns, bad signs or weights, unknown ``time`` (with file:line).

    Examples
    --------
    >>> import tempfile, os
    >>> f = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False)
    >>> _ = f.write("source,target,sign\\na,b,1\\nb,a,-1\\nb,a,-1\\nb,c,-1\\nc,c,1\\n"); f.close()
    >>> G = read_edge_list(f.name)
    >>> sorted(G.edges(data="sign")), G.graph["dropped_self_loops"], G.graph["conflicting_pairs"]
    ([('a', 'b', -1), ('b', 'c', -1)], 1, 1)
    >>> os.unlink(f.name)
    """
    origin = str(path)
    text = _open_text(path)
    rows, times, loops = parse_edge_rows(text, origin=origin, time=time)
    if not rows and not loops:
        raise EmptyInputError("the edge list has no edges", path=origin,
                              hint="add rows source,target,sign under the header")
    G = _collapse(rows, directed=directed)
    G.graph.update(dropped_self_loops=loops, times=times, time=time, source=origin)
    return G


def read_edge_list_windows(path: str | Path, *, directed: bool = False) -> dict[str, nx.Graph]:
    """Read an edge list with a ``time`` column as one collapsed graph per time label.

    Labels keep their order of first appearance in the file.

    Examples
    --------
    >>> import tempfile, os
    >>> f = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False)
    >>> _ = f.write("source,target,sign,time\\na,b,1,1990\\na,b,-1,1991\\n"); f.close()
    >>> {t: list(G.edges(data="sign")) for t, G in read_edge_list_windows(f.name).items()}
    {'1990': [('a', 'b', 1)], '1991': [('a', 'b', -1)]}
    >>> os.unlink(f.name)
    """
    origin = str(path)
    text = _open_text(path)
    rows, times, _loops = parse_edge_rows(text, origin=origin)
    if not times:
        raise EdgeListError("the edge list has no time column (or it is empty)", path=origin,
                            hint="add a time column to split the edges into windows")
    by_time: dict[str, list] = {t: [] for t in times}
    loops = {t: 0 for t in times}
    for r in rows:
        by_time[r[3]].append(r)
    out = {}
    for t in times:
        G = _collapse(by_time[t], directed=directed)
        G.graph.update(dropped_self_loops=loops[t], times=times, time=t, source=origin)
        out[t] = G
    return out


def _fast_rows(text: str, origin: str, time: str | None):
    """Columns ``(source, target, signed weight)`` and the time labels, parsed with
    pandas; ``None`` when anything is unusual (the exact row parser then reports it)."""
    first = text.lstrip("\r\n").split("\n", 1)[0]
    cols = [c.strip().lower() for c in next(csv.reader([first]), [])]
    if any(c not in cols for c in _REQUIRED) or '"' in text or (time is not None and "time" not in cols):
        return None
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                         skip_blank_lines=True, engine="c")
    except (ValueError, pd.errors.ParserError):
        return None
    df.columns = [str(c).strip().lower() for c in df.columns]
    if list(df.columns) != cols or df.isna().to_numpy().any():
        return None
    # every non-blank line has exactly the header's fields (short rows are an error)
    lines = sum(1 for line in text.splitlines() if line.strip())
    if lines != len(df) + 1 or text.count(",") != (len(cols) - 1) * lines:
        return None
    src = df["source"].str.strip().to_numpy(dtype=object)
    tgt = df["target"].str.strip().to_numpy(dtype=object)
    if len(src) and ((src == "").any() or (tgt == "").any()):
        return None
    raw_sign = df["sign"].str.strip().str.lower()
    uniq = raw_sign.unique()
    if any(u not in _SIGN_WORDS for u in uniq):
        return None
    sign = raw_sign.map(_SIGN_WORDS).to_numpy(dtype=float)
    magnitude = np.ones(len(df))
    if "weight" in cols:
        cell = df["weight"].str.strip()
        given = (cell != "").to_numpy()
        values = pd.to_numeric(cell[given], errors="coerce").to_numpy(dtype=float)
        if not np.isfinite(values).all() or ((values < 0) & (sign[given] > 0)).any():
            return None
        magnitude[given] = np.abs(values)
    labels = df["time"].str.strip().to_numpy(dtype=object) if "time" in cols else None
    times = list(pd.unique(labels)) if labels is not None else []
    keep = np.ones(len(df), dtype=bool) if time is None else (labels == time)
    if time is not None and time not in times:
        return None
    loop = keep & (src == tgt)
    keep &= ~loop
    return src[keep], tgt[keep], (sign * magnitude)[keep], times, int(loop.sum())


def read_edge_arrays(path: str | Path, *, time: str | None = None) -> EdgeArrays:
    """Read a signed edge list CSV into flat arrays: :func:`read_edge_list` without networkx.

    The same rows are accepted and the same collapsed undirected graph comes out
    (same collapsing rule, same errors with file:line, the same graph attributes in
    ``.graph``), parsed with pandas in one pass; a million rows take seconds.

    Parameters
    ----------
    path : str or Path
        CSV with header ``source,target,sign`` and optional ``weight`` and ``time``.
    time : str, optional
        Keep only rows whose ``time`` equals this label.

    Returns
    -------
    EdgeArrays

    Raises
    ------
    EdgeListError
        As :func:`read_edge_list`.

    Examples
    --------
    >>> import tempfile, os
    >>> f = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False)
    >>> _ = f.write("source,target,sign\\na,b,1\\nb,a,-1\\nb,a,-1\\nb,c,-1\\nc,c,1\\n"); f.close()
    >>> E = read_edge_arrays(f.name)
    >>> E.nodes, E.sign.tolist(), E.graph["dropped_self_loops"], E.graph["conflicting_pairs"]
    (['a', 'b', 'c'], [-1, -1], 1, 1)
    >>> os.unlink(f.name)
    """
    origin = str(path)
    text = _open_text(path)
    parsed = _fast_rows(text, origin, time)
    if parsed is None:  # something unusual: the row-by-row parser accepts or names the line
        rows, times, loops = parse_edge_rows(text, origin=origin, time=time)
        src = np.asarray([r[0] for r in rows], dtype=object)
        tgt = np.asarray([r[1] for r in rows], dtype=object)
        signed = np.asarray([r[2] for r in rows], dtype=float)
    else:
        src, tgt, signed, times, loops = parsed
    if not len(src) and not loops:
        raise EmptyInputError("the edge list has no edges", path=origin,
                              hint="add rows source,target,sign under the header")
    nodes, (u, v, sign, weight, count), meta = collapse_arrays(src, tgt, signed)
    meta.update(dropped_self_loops=loops, times=times, time=time, source=origin)
    return EdgeArrays(nodes, u, v, sign, weight, count, meta)
