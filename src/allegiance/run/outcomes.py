"""The spaCy-free side of a run: what a task returns, and what the parent needs to start workers.

Examples
--------
>>> from allegiance.model import Document
>>> [d.id for d, _ in delivered([(Document("a", "A."), [])], None)]
['a']
"""

from __future__ import annotations

import atexit
import hashlib
import io
import os
import shutil
import tarfile
import tempfile
import threading
from dataclasses import replace
from multiprocessing import parent_process
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator

from allegiance.errors import InputError
from allegiance.model import Document, Relation
from allegiance.run.options import ErrorHandler, PipelineOptions

__all__ = ["Outcome", "delivered", "pipeline_archive", "run_shipped", "watch_parent"]

#: what a task gives for one document: its relations, or ``(message, path, hint)`` of its failure
Outcome = list[Relation] | tuple[str, str | None, str | None]


def pipeline_archive(folder: str) -> bytes:
    """The saved pipeline in ``folder`` as one tar archive, to ship to workers that cannot see the folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = tempfile.mkdtemp()
    >>> _ = (pathlib.Path(folder) / "config.cfg").write_text("[nlp]")
    >>> len(pipeline_archive(folder)) > 0
    True
    """
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(folder, arcname=".")
    return buffer.getvalue()


_UNPACKED: dict[str, str] = {}
_UNPACK_LOCK = threading.Lock()


def _unpacked(options: PipelineOptions, archive: bytes) -> PipelineOptions:
    """``options`` naming the shipped pipeline as unpacked on this worker (once per pipeline)."""
    key = hashlib.blake2b(archive, digest_size=16).hexdigest()  # the same pipeline unpacks once
    with _UNPACK_LOCK:
        if key not in _UNPACKED:
            folder = tempfile.mkdtemp(prefix="allegiance-pipeline-")
            atexit.register(shutil.rmtree, folder, True)
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(folder, filter="data")
            _UNPACKED[key] = folder
    return replace(options, pipeline_path=_UNPACKED[key])


def run_shipped(task: Callable[..., Any], documents: list[Document], options: PipelineOptions, archive: bytes, *args):
    """Run ``task`` on the pipeline shipped as ``archive`` (a Dask worker on another machine)."""
    return task(documents, _unpacked(options, archive), *args)


def delivered(pairs: Iterable[tuple[Document, Outcome | InputError]],
              on_error: ErrorHandler | None) -> Iterator[tuple[Document, list[Relation]]]:
    """Yield the extracted ``(document, relations)`` of ``pairs``; hand each failure to ``on_error``.

    Without ``on_error`` a failure is raised (as an :class:`InputError`).

    Examples
    --------
    >>> errors = []
    >>> pairs = [(Document("a", "A."), []), (Document("b", "B."), ("out of memory", "b.txt", None))]
    >>> [d.id for d, _ in delivered(pairs, errors.append)], [str(e) for e in errors]
    (['a'], ['b.txt: out of memory'])
    """
    for document, outcome in pairs:
        if isinstance(outcome, tuple):
            message, path, hint = outcome
            outcome = InputError(message, path=path, hint=hint)
        if isinstance(outcome, InputError):
            if on_error is None:
                raise outcome
            on_error(outcome)
        else:
            yield document, outcome


def watch_parent() -> None:
    """Initialiser of a worker process: end this process as soon as the process that started it is gone.

    A pool's worker processes hold both ends of their task queue, so they would wait
    forever after the parent is killed (SIGKILL, OOM killer); a daemon thread waiting
    on the parent's sentinel ends them instead.
    """
    parent = parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="allegiance-parent-watch", daemon=True).start()
