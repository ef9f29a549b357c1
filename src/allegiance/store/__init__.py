"""Persistence of documents, duplicate links, rejected inputs, actors and relations.

SQLite (WAL mode) by default, PostgreSQL by URL; schema versioned with ordered
migrations; each batch written in one transaction, so ingestion is idempotent and
resumable after a crash.

Examples
--------
>>> from allegiance.model import Document
>>> from allegiance.store import open_store
>>> with open_store(":memory:") as store:
...     result = store.write_batch([(Document.from_text("NATO backs Kyiv."), None)])
...     result.stored, store.status().documents
(1, 1)
"""

from allegiance.store.backend import connect, migrate, schema_version
from allegiance.store.core import (
    BatchResult,
    DuplicateLink,
    RejectedInput,
    RenamedDocument,
    Store,
    StoreStatus,
    open_store,
)
from allegiance.store.dedupe import NearDuplicateConfig
from allegiance.store.schema import LATEST_VERSION, MIGRATIONS
from allegiance.store.url import StoreURL

__all__ = [
    "BatchResult",
    "DuplicateLink",
    "LATEST_VERSION",
    "MIGRATIONS",
    "NearDuplicateConfig",
    "RejectedInput",
    "RenamedDocument",
    "Store",
    "StoreStatus",
    "StoreURL",
    "connect",
    "migrate",
    "open_store",
    "schema_version",
]
