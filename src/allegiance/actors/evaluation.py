"""Mention-level scoring of actor detection against gold actor strings.

Gold comes as sentences with the actor strings annotated in them (for example
the ``source``/``target`` strings of a relation gold set). A gold string is
*found* when one of our actor mentions in that sentence matches it by name;
a predicted mention is *correct* when it matches one of the sentence's gold
strings. Names match leniently: case-folded, punctuation, leading determiners
and possessives dropped; equal, or one contains the other as whole words, or
the same last word with only titles before it ("President Obama" = "Barack
Obama"); the actor's canonical name and aliases count as well as the mention.

Precision is a lower bound when the gold lists only some of the actors in a
sentence (relation gold lists only those in relations).

Examples
--------
>>> names_match("President Obama", "Barack Obama")
True
>>> names_match("Hillary Clinton", "Bill Clinton")
False
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from spacy.language import Language

from allegiance.nlp.extensions import ACTOR_SPANS_KEY

__all__ = [
    "DetectionScores", "detection_scores", "document_detection_scores", "names_match", "name_tokens",
]

_DETERMINERS = frozenset({"the", "a", "an"})
_TITLES = frozenset(
    """mr mrs ms miss dr sir dame lord lady president vice prime minister pm premier chancellor
    secretary general gen senator sen rep representative congressman congresswoman governor gov
    mayor king queen prince princess pope ayatollah sheikh emir ambassador judge justice speaker
    leader chairman chair foreign defence defense home state deputy former first commissioner
    attorney colonel col commander""".split()
)


def name_tokens(name: str) -> tuple[str, ...]:
    """Normalised word tuple of a name.

    Examples
    --------
    >>> name_tokens("the U.S.’s")
    ('us',)
    """
    s = unicodedata.normalize("NFKC", name).casefold()
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"\b((?:[a-z]\. ?){2,})", lambda m: m.group(1).replace(".", "").replace(" ", ""), s)
    s = re.sub(r"'s\b", " ", s)
    s = re.sub(r"[^\w\s]", " ", s)
    words = s.split()
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return tuple(words)


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    n, m = len(big), len(small)
    return 0 < m <= n and any(big[i:i + m] == small for i in range(n - m + 1))


def names_match(a: str, b: str) -> bool:
    """Whether two actor names denote the same actor (lenient, see module doc).

    Examples
    --------
    >>> names_match("the Republicans", "Republicans")
    True
    >>> names_match("North Korea", "South Korea")
    False
    """
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb or _contains(ta, tb) or _contains(tb, ta):
        return True
    if ta[-1] != tb[-1]:
        return False
    return all(t in _TITLES for t in ta[:-1]) or all(t in _TITLES for t in tb[:-1])


@dataclass(frozen=True)
class DetectionScores:
    """Mention-level precision and recall of actor detection.

    Attributes
    ----------
    sentences : int
        Sentences scored.
    gold : int
        Gold actor strings (distinct per sentence).
    found : int
        Gold strings matched by one of our mentions.
    predicted : int
        Our mentions (references such as "they" excluded).
    correct : int
        Our mentions that match a gold string of their sentence.
    misses : tuple of (str, int)
        The commonest gold strings we missed, with counts.

    Examples
    --------
    >>> s = DetectionScores(sentences=1, gold=4, found=3, predicted=5, correct=3)
    >>> round(s.recall, 2), round(s.precision, 2)
    (0.75, 0.6)
    """

    sentences: int
    gold: int
    found: int
    predicted: int
    correct: int
    misses: tuple[tuple[str, int], ...] = field(default=())

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "sentences": self.sentences, "gold": self.gold, "found": self.found,
            "predicted": self.predicted, "correct": self.correct,
            "recall": round(self.recall, 4), "precision": round(self.precision, 4),
            "misses": [list(m) for m in self.misses],
        }


_REFERENCE_WORDS = frozenset({"they", "them", "their", "theirs"})


def detection_scores(nlp: Language, gold: Mapping[str, Iterable[str]] | Sequence[tuple[str, Iterable[str]]],
                     *, batch_size: int = 64, top_misses: int = 25) -> DetectionScores:
    """Score the actor mentions ``nlp`` finds against gold actor strings per sentence.

    Parameters
    ----------
    nlp : Language
        A pipeline with :func:`allegiance.actors.add_actor_pipes` applied.
    gold : mapping or sequence of (sentence, actor strings)
        The gold actor strings of each sentence (each sentence read on its own).
    batch_size : int
        Batch size for ``nlp.pipe``.
    top_misses : int
        How many of the commonest misses to report.

    Returns
    -------
    DetectionScores

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> from allegiance.actors import add_actor_pipes
    >>> nlp = add_actor_pipes(load_model())
    >>> s = detection_scores(nlp, {"Mr. Obama blasted Republicans.": ["Barack Obama", "Republican Party"]})
    >>> (s.found, s.gold, s.correct, s.predicted)
    (2, 2, 2, 2)
    """
    items = list(gold.items()) if isinstance(gold, Mapping) else list(gold)
    units = [(sentence, [(0, len(sentence), list(strings))]) for sentence, strings in items]
    return document_detection_scores(nlp, units, batch_size=batch_size, top_misses=top_misses)


def document_detection_scores(
    nlp: Language,
    documents: Iterable[tuple[str, Sequence[tuple[int, int, Sequence[str]]]]],
    *, batch_size: int = 16, top_misses: int = 25,
) -> DetectionScores:
    """Like :func:`detection_scores`, but each document is read whole (so
    within-document resolution counts) and scored sentence by sentence.

    Parameters
    ----------
    nlp : Language
        A pipeline with the actor components.
    documents : iterable of (text, [(start, end, gold strings), ...])
        Each document's text and its gold sentences as character ranges.

    Returns
    -------
    DetectionScores

    Examples
    --------
    >>> from allegiance.nlp import load_model
    >>> from allegiance.actors import add_actor_pipes
    >>> nlp = add_actor_pipes(load_model())
    >>> text = "Afzhal Khan won. Khan thanked Labour."
    >>> document_detection_scores(nlp, [(text, [(17, 37, ["Afzhal Khan", "Labour"])])]).recall
    1.0
    """
    docs = list(documents)
    n_units = n_gold = n_found = n_pred = n_correct = 0
    misses: Counter[str] = Counter()
    for (text, segments), doc in zip(docs, nlp.pipe((t for t, _ in docs), batch_size=batch_size)):
        spans = [span for span in doc.spans[ACTOR_SPANS_KEY]
                 if span.text.casefold() not in _REFERENCE_WORDS]
        for start, end, strings in segments:
            n_units += 1
            strings = [s for s in dict.fromkeys(strings) if name_tokens(s)]
            inside = [sp for sp in spans if sp.start_char >= start and sp.end_char <= end]
            names = [
                (sp.text, sp._.actor.name, *sp._.actor.aliases) if sp._.actor else (sp.text,)
                for sp in inside
            ]
            for string in strings:
                n_gold += 1
                if any(names_match(string, n) for group in names for n in group):
                    n_found += 1
                else:
                    misses[string] += 1
            for group in names:
                n_pred += 1
                if any(names_match(g, n) for g in strings for n in group):
                    n_correct += 1
    return DetectionScores(n_units, n_gold, n_found, n_pred, n_correct,
                           tuple(misses.most_common(top_misses)))
