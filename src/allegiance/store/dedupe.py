"""Near-duplicate detection: MinHash signatures over word shingles, banded for LSH.

A document is summarised by a MinHash signature (:mod:`datasketch`) of its set of word
shingles. The signature is cut into ``bands`` bands of ``rows`` values each; two
documents whose Jaccard similarity reaches the threshold share at least one band with
high probability. The store keeps each band as one 64-bit *bucket* number in a table,
so the index lives in the database (consistent across runs and processes, memory flat),
and the candidates it proposes are confirmed with the estimated Jaccard similarity.

Examples
--------
>>> from allegiance.store.dedupe import NearDuplicateConfig
>>> cfg = NearDuplicateConfig(threshold=0.8, min_words=5)
>>> a = cfg.signature("The party's leadership allied with the unions to draw up the list.")
>>> b = cfg.signature("The party's leadership allied with the unions to draw up the list!")
>>> cfg.similarity(a, b)
1.0
>>> set(cfg.buckets(a)) == set(cfg.buckets(b))
True
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

from allegiance.errors import ConfigError

__all__ = ["NearDuplicateConfig", "shingles"]

_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = 1  # fixed: signatures must be comparable across runs and processes
_SCHEME = "affine32"  # datasketch >= 2.0 permutation scheme, pinned for the same reason


@functools.lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple:
    """The permutation parameters for ``num_perm`` (costly to draw; drawn once)."""
    return MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME).permutations


def _minhash(num_perm: int, hashvalues: np.ndarray | None = None) -> MinHash:
    return MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME, hashvalues=hashvalues,
                   permutations=_permutations(num_perm))


def shingles(text: str, size: int = 3) -> set[str]:
    """The set of ``size``-word shingles of the case-folded words of ``text``.

    A text shorter than ``size`` words gives one shingle holding all its words.

    Examples
    --------
    >>> sorted(shingles("Unite and the GMB, working together.", 3))
    ['and the gmb', 'gmb working together', 'the gmb working', 'unite and the']
    >>> shingles("Hello", 3)
    {'hello'}
    """
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@dataclass(frozen=True, slots=True)
class NearDuplicateConfig:
    """How near duplicates are found; stored with the index so it stays consistent.

    Parameters
    ----------
    threshold : float
        Estimated Jaccard similarity of word-shingle sets at or above which a document
        is a near duplicate of a kept one (0 < threshold <= 1).
    num_perm : int
        Number of MinHash permutations (signature length).
    shingle_size : int
        Words per shingle.
    min_words : int
        Texts with fewer words are de-duplicated exactly only: in a single sentence one
        changed word can change the relation it states.

    Examples
    --------
    >>> NearDuplicateConfig().bands, NearDuplicateConfig().rows
    (9, 13)
    """

    threshold: float = 0.8
    num_perm: int = 128
    shingle_size: int = 3
    min_words: int = 50
    bands: int = field(init=False)
    rows: int = field(init=False)

    def __post_init__(self) -> None:
        if not 0.0 < float(self.threshold) <= 1.0:
            raise ConfigError(
                f"near-duplicate threshold {self.threshold!r} is out of range",
                hint="give a Jaccard similarity between 0 (exclusive) and 1, e.g. 0.8",
            )
        if int(self.num_perm) < 16 or int(self.shingle_size) < 1 or int(self.min_words) < 1:
            raise ConfigError(
                "near-duplicate settings are out of range",
                hint="use num_perm >= 16, shingle_size >= 1 and min_words >= 1",
            )
        lsh = MinHashLSH(threshold=float(self.threshold), num_perm=int(self.num_perm))
        object.__setattr__(self, "bands", int(lsh.b))
        object.__setattr__(self, "rows", int(lsh.r))

    def as_meta(self) -> dict[str, str]:
        """The settings as ``meta`` table rows (key -> text value).

        Examples
        --------
        >>> NearDuplicateConfig().as_meta()["near.threshold"]
        '0.8'
        """
        return {
            "near.threshold": repr(float(self.threshold)),
            "near.num_perm": str(int(self.num_perm)),
            "near.shingle_size": str(int(self.shingle_size)),
            "near.min_words": str(int(self.min_words)),
            "near.scheme": f"datasketch:{_SCHEME}:seed={_SEED}",
        }

    @classmethod
    def from_meta(cls, meta: dict[str, str]) -> "NearDuplicateConfig | None":
        """Rebuild the settings stored in a ``meta`` table, or None when none are stored.

        Examples
        --------
        >>> cfg = NearDuplicateConfig(threshold=0.9)
        >>> NearDuplicateConfig.from_meta(cfg.as_meta()) == cfg
        True
        """
        if "near.threshold" not in meta or meta.get("near.scheme") != f"datasketch:{_SCHEME}:seed={_SEED}":
            return None
        return cls(
            threshold=float(meta["near.threshold"]),
            num_perm=int(meta["near.num_perm"]),
            shingle_size=int(meta["near.shingle_size"]),
            min_words=int(meta["near.min_words"]),
        )

    def indexable(self, text: str) -> bool:
        """True when ``text`` is long enough to take part in near-duplicate detection.

        Examples
        --------
        >>> NearDuplicateConfig(min_words=3).indexable("two words")
        False
        """
        count = 0
        for _ in _WORD.finditer(text):
            count += 1
            if count >= self.min_words:
                return True
        return False

    def signature(self, text: str) -> np.ndarray:
        """The MinHash signature (``num_perm`` unsigned 64-bit values) of ``text``.

        Examples
        --------
        >>> NearDuplicateConfig().signature("a b c d").shape
        (128,)
        """
        minhash = _minhash(int(self.num_perm))
        minhash.update_batch([s.encode("utf-8") for s in shingles(text, int(self.shingle_size))])
        return np.asarray(minhash.hashvalues, dtype=np.uint64)

    def similarity(self, a: np.ndarray, b: np.ndarray) -> float:
        """Estimated Jaccard similarity of two signatures.

        Examples
        --------
        >>> cfg = NearDuplicateConfig()
        >>> cfg.similarity(cfg.signature("x y z"), cfg.signature("x y z"))
        1.0
        """
        left = _minhash(int(self.num_perm), a)
        right = _minhash(int(self.num_perm), b)
        return float(left.jaccard(right))

    def buckets(self, signature: np.ndarray) -> list[int]:
        """One signed 64-bit bucket number per LSH band of ``signature``.

        Examples
        --------
        >>> cfg = NearDuplicateConfig()
        >>> len(cfg.buckets(cfg.signature("x y z"))) == cfg.bands
        True
        """
        values = np.asarray(signature, dtype="<u8")
        out = []
        for band in range(self.bands):
            chunk = values[band * self.rows : (band + 1) * self.rows].tobytes()
            digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8).digest()
            out.append(int.from_bytes(digest, "little", signed=True))
        return out

    @staticmethod
    def to_bytes(signature: np.ndarray) -> bytes:
        """Serialise a signature for storage (little-endian uint64).

        Examples
        --------
        >>> cfg = NearDuplicateConfig()
        >>> sig = cfg.signature("x y z")
        >>> bool((cfg.from_bytes(cfg.to_bytes(sig)) == sig).all())
        True
        """
        return np.asarray(signature, dtype="<u8").tobytes()

    @staticmethod
    def from_bytes(data: bytes | memoryview) -> np.ndarray:
        """Inverse of :meth:`to_bytes`.

        Examples
        --------
        >>> NearDuplicateConfig.from_bytes(bytes(16)).tolist()
        [0, 0]
        """
        return np.frombuffer(bytes(data), dtype="<u8").astype(np.uint64)
