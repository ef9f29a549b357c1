"""The README's examples run, on the project's own files, and print what the README shows (issue 17).

Every command of a ```console or ```bash block of README.md is run here, from a temporary directory
that looks like the root of a clone (``src`` links to this checkout's ``src``), with ``allegiance``
being this checkout's command line (``python -m allegiance``). A ```console block's commands run in
one shell, in order (``echo $?`` shows the previous command's exit code); the lines below a command
are its expected output, where ``...`` stands for anything (a whole ``...`` line for any number of
lines) and a ``"seconds"`` value for any number. A command whose exit code the README does not show
must succeed. A command that cannot run here is listed in ``EXCLUDED`` with the reason, and each
exclusion must still match a README command.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
SHELL_BLOCKS = {"console", "bash", "sh", "shell"}
PG_PLACEHOLDER = "postgresql://allegiance@127.0.0.1:PORT/postgres"

#: commands that are not run, with the reason (a regular expression searched in the command)
EXCLUDED: dict[str, str] = {
    r"python3\.11 -m venv": "creates a virtual environment and installs from PyPI (the README's two setup "
                            "commands); the demo they run is made here by the demo_store fixture, and the "
                            "suite they run is this one",
    r"^scripts/postgres\.sh (start|stop)": "starting and stopping the throwaway server is what the "
                                           "postgres_url fixture does, with this same script",
    r"^dask (scheduler|worker) ": "starts a Dask cluster daemon, meant for other machines, that runs until stopped",
    r"tcp://SCHEDULER": "needs a Dask cluster at a placeholder address (SCHEDULER, DBHOST)",
    r"^python benchmarks/": "a benchmark: needs ../shared/data/corpora and minutes of CPU; not part of the suite",
}
#: words of a command that make its block slow (the spaCy pipeline, the demo, a server)
SLOW = re.compile(r"allegiance (extract|ingest|actors|demo)\b|allegiance-demo|postgresql://|--dask")


@dataclass
class Step:
    line: int  # README line of the command
    command: str
    shown: list[str] | None  # expected output (console blocks), None when the README shows none


@dataclass
class Block:
    line: int  # README line of the opening fence
    lang: str
    steps: list[Step]


def readme_blocks(text: str) -> list[Block]:
    """The shell blocks of a Markdown text with their commands (and shown output)."""
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        fence = re.match(r"^```(\w*)\s*$", lines[i])
        if not fence:
            i += 1
            continue
        start, body = i + 1, []
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        i += 1
        lang = fence.group(1)
        if lang == "console":
            blocks.append(Block(start, lang, _console_steps(body, start)))
        elif lang in SHELL_BLOCKS:
            steps = [Step(start + k + 1, line.strip(), None) for k, line in enumerate(body)
                     if line.strip() and not line.lstrip().startswith("#")]
            blocks.append(Block(start, lang, steps))
    return blocks


def _console_steps(body: list[str], start: int) -> list[Step]:
    steps: list[Step] = []
    for k, line in enumerate(body):
        if line.startswith("$ "):
            steps.append(Step(start + k + 1, line[2:].strip(), []))
        elif steps:
            steps[-1].shown.append(line)
    return steps


def exclusion(command: str) -> str | None:
    return next((reason for pattern, reason in EXCLUDED.items() if re.search(pattern, command)), None)


def runnable_blocks() -> list[Block]:
    out = []
    for block in readme_blocks(README.read_text(encoding="utf-8")):
        steps = [s for s in block.steps if exclusion(s.command) is None]
        if steps:
            out.append(Block(block.line, block.lang, steps))
    return out


def _line_pattern(line: str) -> str:
    out = []
    for part in re.split(r'(\.\.\.|"seconds": [0-9.]+)', line):
        if part == "...":
            out.append(".*?")
        elif part.startswith('"seconds": '):
            out.append(r'"seconds": [0-9.eE+-]+')
        else:
            out.append(re.escape(part))
    return "".join(out)


def output_matches(shown: list[str], output: str) -> bool:
    """Whether ``output`` is what the README shows (``...`` for anything, a ``...`` line for any lines).

    >>> output_matches(['{"a": 1, ...}', "..."], '{"a": 1, "b": 2}\\nmore\\nlines\\n')
    True
    >>> output_matches(['{"a": 1}'], '{"a": 2}\\n')
    False
    """
    pattern = "".join(r"(?:[^\n]*\n)*?" if line.strip() == "..." else _line_pattern(line) + r"\n"
                      for line in shown)
    text = output if not output or output.endswith("\n") else output + "\n"
    return re.fullmatch(pattern, text) is not None


def _script(block: Block, postgres_url: str | None) -> str:
    parts = []
    for k, step in enumerate(block.steps):
        command = step.command.replace(PG_PLACEHOLDER, postgres_url) if postgres_url else step.command
        parts.append(f"{command}\n__rc=$?\nprintf '\\n@@END {k} %d@@\\n' \"$__rc\"\n(exit \"$__rc\")")
    return "\n".join(parts) + "\n"


def _split_outputs(output: str, count: int) -> list[tuple[str, int]]:
    results = []
    rest = output
    for k in range(count):
        match = re.search(rf"\n@@END {k} (\d+)@@\n", rest)
        assert match, f"the shell stopped before step {k + 1}:\n{rest[-2000:]}"
        results.append((rest[:match.start()], int(match.group(1))))
        rest = rest[match.end():]
    return results


def _clone_like(directory: Path) -> dict[str, str]:
    """Make ``directory`` look like a clone's root; the environment that runs this checkout's CLI."""
    (directory / "src").symlink_to(REPO / "src", target_is_directory=True)
    bin_dir = directory / ".bin"
    bin_dir.mkdir()
    shim = bin_dir / "allegiance"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m allegiance "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    pythonpath = os.pathsep.join(p for p in (str(REPO / "src"), os.environ.get("PYTHONPATH")) if p)
    # a wide terminal, as the README's one-line outputs assume; plain text; this checkout's code
    return dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", PYTHONPATH=pythonpath,
                COLUMNS="400", NO_COLOR="1", PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """``allegiance demo`` run once for the session (what the README's first command leaves behind)."""
    directory = tmp_path_factory.mktemp("readme-demo")
    env = _clone_like(directory)
    done = subprocess.run(["allegiance", "demo"], cwd=directory, env=env, capture_output=True, text=True,
                          timeout=1200)
    assert done.returncode == 0, done.stderr
    return directory / "allegiance-demo"


def _block_param(block: Block):
    marks = [pytest.mark.slow] if any(SLOW.search(s.command) for s in block.steps) else []
    return pytest.param(block, id=f"README-line-{block.line}", marks=marks)


@pytest.mark.parametrize("block", [_block_param(b) for b in runnable_blocks()])
def test_readme_example(block: Block, tmp_path: Path, request) -> None:
    env = _clone_like(tmp_path)
    commands = " ".join(s.command for s in block.steps)
    if "allegiance-demo/" in commands:
        (tmp_path / "allegiance-demo").symlink_to(request.getfixturevalue("demo_store"), target_is_directory=True)
    postgres_url = request.getfixturevalue("postgres_url") if PG_PLACEHOLDER in commands else None
    if "--dask" in commands:
        pytest.importorskip("dask.distributed", reason="the Dask example needs the dask extra")
    done = subprocess.run(["bash", "-c", _script(block, postgres_url)], cwd=tmp_path, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1800)
    results = _split_outputs(done.stdout, len(block.steps))
    for k, (step, (output, code)) in enumerate(zip(block.steps, results)):
        shows_code = k + 1 < len(block.steps) and block.steps[k + 1].command == "echo $?"
        where = f"README line {step.line}: {step.command}"
        if not shows_code:
            assert code == 0, f"{where}\nexit code {code}\n{output[-3000:]}"
        if step.shown is not None:
            assert output_matches(step.shown, output), (
                f"{where}\nshows:\n" + "\n".join(step.shown) + f"\nprints:\n{output[-3000:]}\n"
                "(update the README, or the code, so that they agree)")


def test_every_readme_command_is_run_or_excluded_with_a_reason() -> None:
    commands = [s.command for b in readme_blocks(README.read_text(encoding="utf-8")) for s in b.steps]
    run = [c for b in runnable_blocks() for c in (s.command for s in b.steps)]
    excluded = {c: exclusion(c) for c in commands if exclusion(c) is not None}
    assert sorted(run + list(excluded)) == sorted(commands)
    assert sum("allegiance" in c for c in run) >= 10
    stale = [p for p in EXCLUDED if not any(re.search(p, c) for c in commands)]
    assert not stale, f"exclusions matching no README command: {stale}"
    # the README's examples use the project's own files, not ../shared
    assert not [c for c in run if "../shared" in c]
