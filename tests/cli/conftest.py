"""Helpers for driving the real ``allegiance`` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_cli(*args: str, input: bytes | None = None, cwd: Path | None = None, timeout: float = 600,
            columns: int = 200):
    """Run ``python -m allegiance`` with ``args``; return the CompletedProcess (bytes)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS=str(columns))
    return subprocess.run(
        [sys.executable, "-m", "allegiance", *args],
        input=input,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


@pytest.fixture
def cli():
    return run_cli
