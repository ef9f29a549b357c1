"""Write a deterministic corpus into a store in batches, printing after each commit.

Used by test_crash.py as a subprocess that gets killed mid-run:
``python crash_writer.py URL COUNT BATCH_SIZE``. Every 25th document is an exact copy
(with its own id) of the document 24 places earlier, and every kept document gets two relations.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from allegiance.model import Document  # noqa: E402
from allegiance.store import open_store  # noqa: E402
from store_helpers import TALIBAN, USA, article, relation  # noqa: E402


def corpus(count: int) -> list[Document]:
    docs = []
    for i in range(count):
        text = article(10_000 + (i - 24 if i % 25 == 24 else i), words=70)
        docs.append(Document(id=f"doc{i:05d}", text=text, date=f"20{i % 20:02d}-01-01"))
    return docs


def main(url: str, count: int, batch_size: int) -> None:
    docs = corpus(count)
    with open_store(url) as store:
        for start in range(0, count, batch_size):
            chunk = docs[start : start + batch_size]
            store.write_batch([
                (d, [relation(d.id), relation(d.id, TALIBAN, USA, offset=90)]) for d in chunk
            ])
            print(f"committed {start + len(chunk)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
