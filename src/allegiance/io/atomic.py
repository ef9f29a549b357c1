"""Writing output files atomically: through a temporary file beside the target, then a rename.

A reader never sees half a file, and a failure leaves no partial output.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from allegiance.errors import ConfigError

__all__ = ["atomic_path", "write_atomic"]


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` when the block succeeds.

    Examples
    --------
    >>> import os, tempfile
    >>> target = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> open(target).read()
    'done'
    """
    target = Path(path)
    if target.is_dir():
        raise ConfigError(f"{target} is a folder", hint="give a file name for the output")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ConfigError(f"cannot write to {folder} ({exc.strerror or exc})",
                          hint="choose a writable output path") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, _file_mode())
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: str | os.PathLike[str], text: str | bytes) -> Path:
    """Write ``text`` (str as UTF-8, or bytes) to ``path`` atomically, synced to disk.

    Examples
    --------
    >>> import tempfile, os
    >>> p = write_atomic(os.path.join(tempfile.mkdtemp(), "a.txt"), "hello")
    >>> p.read_text()
    'hello'
    """
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
    return Path(path)


def _file_mode() -> int:
    """The mode a newly created file gets under the current umask (mkstemp uses 0600)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
