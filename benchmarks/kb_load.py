"""Reading the built-in knowledge-base files: libyaml's safe loader against PyYAML's pure-Python one.

Every process that builds the actor pipes reads the six built-in YAML files once (thousands of
entries since the relation corpus's promotions). This parses the same texts with both loaders,
interleaved rounds, best of each, and prints seconds per full read and the ratio.

Usage::

    python benchmarks/kb_load.py [--rounds R]
"""

from __future__ import annotations

import argparse
import os
import time
from importlib import resources
from pathlib import Path

import yaml

from allegiance.actors import kb_files

from _common import write_report

OUT = Path(__file__).resolve().parent / "results" / "kb_load.json"


class _PurePythonLineLoader(yaml.SafeLoader):
    """The loader the KB used before: same line-recording constructor, pure-Python parser."""


_PurePythonLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, kb_files._construct_mapping)


def read_all(texts: list[str], loader: type) -> float:
    """Seconds to parse every text with ``loader``."""
    start = time.perf_counter()
    for text in texts:
        yaml.load(text, Loader=loader)  # noqa: S506 - both are SafeLoader subclasses
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    load_start = os.getloadavg()
    data_dir = resources.files("allegiance.actors") / "data"
    texts = [(data_dir / name).read_text(encoding="utf-8") for name in kb_files._BUILTIN_FILES]
    pure, fast = [], []
    for _ in range(args.rounds):
        pure.append(read_all(texts, _PurePythonLineLoader))
        fast.append(read_all(texts, kb_files._LineLoader))
    same = all(yaml.load(t, Loader=_PurePythonLineLoader) == yaml.load(t, Loader=kb_files._LineLoader)  # noqa: S506
               for t in texts)
    report = {"benchmark": "built-in KB files read by the pure-Python and the libyaml safe loader",
              "loader": kb_files._LineLoader.__mro__[1].__name__, "files": list(kb_files._BUILTIN_FILES),
              "bytes": sum(len(t.encode()) for t in texts), "rounds": args.rounds,
              "pure_python_s": round(min(pure), 3), "libyaml_s": round(min(fast), 3),
              "speedup": round(min(pure) / min(fast), 2), "same_data": same}
    write_report(report, OUT, load_start)
    return report


if __name__ == "__main__":
    main()
