"""Which paths are read: regular files only, refused with one line otherwise.

FIFOs (which would block the run forever), sockets and devices are refused, and so are
broken symbolic links and symbolic link loops; each refusal is an
:class:`~allegiance.errors.UnreadableInputError` that says what the path is and what to do.

Examples
--------
>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> os.symlink("loop", os.path.join(folder, "loop"))
>>> str(refuse_non_regular(Path(folder) / "loop")).split(": ", 1)[1]
'is a symbolic link loop; not read; point the link at a real file, or remove it'
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import IO

from allegiance.errors import InputError, UnreadableInputError

__all__ = ["open_regular", "refuse_directory_loop", "refuse_non_regular"]


_NON_REGULAR = (
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file; not read",
     "to read a pipe, give - and redirect the pipe to standard input"),
    (stat.S_ISSOCK, "is a socket, not a regular file; not read", "give a regular file"),
    (stat.S_ISCHR, "is a device, not a regular file; not read", "give a regular file"),
    (stat.S_ISBLK, "is a device, not a regular file; not read", "give a regular file"),
)


def _refusal_of_mode(mode: int, path: Path) -> InputError | None:
    """The error refusing a file of this ``st_mode`` (only regular files are read), or None."""
    if stat.S_ISREG(mode):
        return None
    for test, message, hint in _NON_REGULAR:
        if test(mode):
            return UnreadableInputError(message, path=str(path), hint=hint)
    return UnreadableInputError("is not a regular file; not read", path=str(path), hint="give a regular file")


def _refusal_of_oserror(exc: OSError, path: Path) -> InputError:
    """The one-line error for a path that cannot be opened or looked at."""
    if exc.errno == errno.ELOOP:
        return UnreadableInputError("is a symbolic link loop; not read", path=str(path),
                                    hint="point the link at a real file, or remove it")
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return UnreadableInputError("is a broken symbolic link; not read", path=str(path),
                                        hint="point the link at a real file, or remove it")
        return UnreadableInputError("no such file or directory", path=str(path),
                                    hint="check the path (use - to read standard input)")
    return UnreadableInputError(f"cannot open ({exc.strerror or exc})", path=str(path),
                                hint="check that the file exists and is readable")


def refuse_non_regular(path: Path) -> InputError | None:
    """Why ``path`` will not be read (not a regular file, a link loop ...), or None to read it.

    Examples
    --------
    >>> import tempfile
    >>> refuse_non_regular(Path(tempfile.mkdtemp()) / "nowhere").message
    'no such file or directory'
    """
    try:
        return _refusal_of_mode(os.stat(path).st_mode, path)
    except OSError as exc:
        return _refusal_of_oserror(exc, path)


def open_regular(path: Path, *, max_bytes: int) -> IO[bytes] | InputError:
    """Open ``path`` for reading if it is a regular file; never blocks on a FIFO.

    The file is opened non-blocking and checked with ``fstat`` on the open
    descriptor, so a FIFO put in place after a check cannot hang the run. A file
    larger than ``max_bytes`` is refused before anything is read.

    Examples
    --------
    >>> open_regular(Path("/dev/null"), max_bytes=1 << 30).message
    'is a device, not a regular file; not read'
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return _refusal_of_oserror(exc, path)
    try:
        status = os.fstat(fd)
        refusal = _refusal_of_mode(status.st_mode, path)
        if refusal is None and status.st_size > max_bytes:
            refusal = UnreadableInputError(f"is larger than {max_bytes >> 20} MB; not read", path=str(path),
                                           hint="split it into smaller files")
        if refusal is None:
            os.set_blocking(fd, True)
            return os.fdopen(fd, "rb")
    except OSError as exc:
        refusal = _refusal_of_oserror(exc, path)
    os.close(fd)
    return refusal


def refuse_directory_loop(path: Path) -> InputError | None:
    """The error for a symbolic link to a directory that holds it (a loop), else None.

    Directory walks never follow symbolic links; this only says so when the link
    would lead round in a circle, which a user would otherwise never learn.

    Examples
    --------
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> os.symlink("..", os.path.join(folder, "up"))
    >>> refuse_directory_loop(Path(folder) / "up").message
    'is a symbolic link loop (it points to a folder that holds it); not followed'
    """
    if not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    holder = os.path.realpath(path.parent)
    if holder == target or holder.startswith(target.rstrip(os.sep) + os.sep):
        return UnreadableInputError("is a symbolic link loop (it points to a folder that holds it); not followed",
                                    path=str(path), hint="remove the link, or give the folder it points to")
    return None
