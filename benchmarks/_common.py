"""What every benchmark here does last: record the machine, print the JSON, write it to its file."""

from __future__ import annotations

import json
import os
from pathlib import Path


def write_report(report: dict, out: Path, load_start: tuple[float, float, float]) -> None:
    """Add the machine (cores, load at start and end) to ``report``, print it and write it to ``out``."""
    report["machine"] = {"cpus": os.cpu_count(), "load_average_start": list(load_start),
                         "load_average_end": list(os.getloadavg())}
    text = json.dumps(report, indent=1)
    print(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
