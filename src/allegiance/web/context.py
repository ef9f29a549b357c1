"""What the routes of one app share: the store per worker thread, caches, the form's model and tokens.

Routes receive it with ``Depends(app_context)``; :func:`allegiance.web.create_app` puts one
:class:`AppContext` on ``app.state.context``.

Examples
--------
>>> from allegiance.web.app import WebConfig
>>> ctx = AppContext(WebConfig(":memory:"))
>>> with ctx.store() as s:
...     s.status().relations
0
>>> ctx.remembered(ctx.cache, 2, ("k",), lambda: 41 + 1)
42
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from fastapi import Request

from allegiance.errors import StoreError
from allegiance.store import open_store
from allegiance.web.guards import CsrfTokens

__all__ = ["AppContext", "app_context"]


class AppContext:
    """The state one app's routes share (see the module doc)."""

    def __init__(self, config: Any):
        self.config = config
        self.tokens = CsrfTokens()
        self.state: dict[str, Any] = {"nlp": None, "page": None, "page_key": None}
        self.lock = threading.Lock()  # held while the form extracts and while the page is built
        self.cache_lock = threading.Lock()  # not `lock`: that one is held while the form extracts
        self.cache: OrderedDict[tuple, Any] = OrderedDict()
        self.counts: OrderedDict[tuple, Any] = OrderedDict()
        self.pages: OrderedDict[tuple, Any] = OrderedDict()
        self._local = threading.local()

    @contextmanager
    def store(self) -> Iterator[Any]:
        """This worker thread's open store (SQLite connections stay in their thread)."""
        s = getattr(self._local, "store", None)
        if s is None:
            s = self._local.store = open_store(self.config.db)
        try:
            yield s
        except StoreError:
            self._local.store = None
            s.close()
            raise

    def remembered(self, kept: OrderedDict[tuple, Any], size: int, key: tuple, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept in ``kept`` under ``key`` (which must change when the answer does; LRU)."""
        with self.cache_lock:
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
        value = compute()
        with self.cache_lock:
            kept[key] = value
            while len(kept) > size:
                kept.popitem(last=False)
        return value

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """Results of the costly routes, kept while the store does not change (LRU of 32)."""
        with self.store() as s:
            full = (tuple(s.status().to_dict().values()), *key)
        return self.remembered(self.cache, 32, full, compute)


def app_context(request: Request) -> AppContext:
    """The dependency: the context of the app serving ``request``."""
    return request.app.state.context
