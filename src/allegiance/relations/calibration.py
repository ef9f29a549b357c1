"""A relation's confidence as the chance that it is right: Platt scaling fitted on labelled relations.

A relation's ``confidence`` weighs it in the network (:mod:`allegiance.network.build`: an edge's
sign is the confidence-weighted majority of its relations), so it should mean what it says: of the
relations given 0.7, about seven in ten right. The trained model's pair confidence is calibrated on
gold mentions (a temperature, :func:`~allegiance.relations.model.component.fit_temperature`), but a
model relation can still be wrong in ways that pair never sees (a mention resolved to the wrong
actor, a pair the gold does not record): on the corpus's dev split the model's relations at 0.8-0.9
were right about half the time. :class:`PlattScale` maps the confidence a relation leaves the
pipeline with to the share of such relations that the corpus's scorer counts right
(:func:`~allegiance.relations.evaluate_scoring.prediction_outcomes`), as
``sigmoid(slope * logit(confidence) + intercept)``: two numbers, fitted by maximum likelihood,
monotone (the order of relations by confidence is kept, so are ties), and stable on a few hundred
relations where a binned or isotonic map would not be.

Examples
--------
>>> scale = PlattScale.fit([0.9, 0.9, 0.9, 0.9, 0.6, 0.6, 0.6, 0.6], [1, 1, 0, 0, 1, 0, 0, 0])
>>> round(scale(0.9), 2), round(scale(0.6), 2)   # right half and a quarter of the time
(0.5, 0.25)
>>> PlattScale()(0.8)   # the identity
0.8
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy

from allegiance.errors import ConfigError

__all__ = ["PlattScale", "expected_calibration_error", "reliability"]

_EPSILON = 1e-4


def _logit(confidence):
    p = numpy.clip(numpy.asarray(confidence, dtype=float), _EPSILON, 1 - _EPSILON)
    return numpy.log(p / (1 - p))


@dataclass(frozen=True)
class PlattScale:
    """``confidence -> sigmoid(slope * logit(confidence) + intercept)``; ``PlattScale()`` is the identity.

    ``fitted_on`` is how many relations the two numbers were fitted on (0: not fitted).
    """

    slope: float = 1.0
    intercept: float = 0.0
    fitted_on: int = 0

    @property
    def identity(self) -> bool:
        """Whether the scale leaves every confidence as it is."""
        return self.slope == 1.0 and self.intercept == 0.0

    def __call__(self, confidence: float) -> float:
        """The calibrated confidence, rounded to 4 places (the identity returns ``confidence`` unchanged)."""
        if self.identity:
            return confidence
        z = self.slope * float(_logit(confidence)) + self.intercept
        return round(1.0 / (1.0 + math.exp(-z)), 4)

    @classmethod
    def fit(cls, confidences: Sequence[float], correct: Sequence[bool | int], *,
            iterations: int = 50) -> "PlattScale":
        """The slope and intercept of maximal likelihood of ``correct`` (Newton's method, a tiny ridge
        keeps it finite when one side is empty or the confidences separate the outcomes).

        Raises
        ------
        ConfigError
            Fewer than two relations, or lengths differ.

        Examples
        --------
        >>> PlattScale.fit([0.5], [1])
        Traceback (most recent call last):
        ...
        allegiance.errors.ConfigError: a confidence scale needs at least two labelled relations (got 1); label more relations, or keep the confidences as they are
        """
        if len(confidences) != len(correct) or len(confidences) < 2:
            raise ConfigError(f"a confidence scale needs at least two labelled relations (got "
                              f"{min(len(confidences), len(correct))})",
                              hint="label more relations, or keep the confidences as they are")
        x = numpy.column_stack([_logit(confidences), numpy.ones(len(confidences))])
        y = numpy.asarray(correct, dtype=float)
        ridge = 1e-3

        def loss(w):
            z = x @ w
            return float(numpy.sum(numpy.logaddexp(0.0, z) - y * z) + ridge * (w @ w) / 2)

        w = numpy.zeros(2)
        for _ in range(iterations):
            p = 1.0 / (1.0 + numpy.exp(-(x @ w)))
            gradient = x.T @ (p - y) + ridge * w
            hessian = (x.T * (p * (1 - p))) @ x + ridge * numpy.eye(2)
            step = numpy.linalg.solve(hessian, gradient)
            size, before = 1.0, loss(w)
            while loss(w - size * step) > before and size > 1e-6:  # damped: never a step uphill
                size /= 2
            w = w - size * step
            if float(numpy.abs(size * step).max()) < 1e-9:
                break
        return cls(round(float(w[0]), 6), round(float(w[1]), 6), len(y))

    def to_list(self) -> list[float]:
        """``[slope, intercept, fitted_on]``: the form a component's config keeps."""
        return [self.slope, self.intercept, self.fitted_on]

    @classmethod
    def from_list(cls, values: Sequence[float] | None) -> "PlattScale":
        """The scale of :meth:`to_list` (None or empty: the identity).

        Examples
        --------
        >>> PlattScale.from_list(PlattScale(0.5, -1.0, 300).to_list())
        PlattScale(slope=0.5, intercept=-1.0, fitted_on=300)
        >>> PlattScale.from_list([1.0])
        Traceback (most recent call last):
        ...
        allegiance.errors.ConfigError: a confidence scale is [slope, intercept] or [slope, intercept, fitted_on], not [1.0]; write it again with: allegiance calibrate --corpus CORPUS --model DIR
        """
        if not values:
            return cls()
        if len(values) not in (2, 3):
            raise ConfigError(f"a confidence scale is [slope, intercept] or [slope, intercept, fitted_on], not "
                              f"{list(values)}", hint="write it again with: allegiance calibrate --corpus CORPUS "
                                                      "--model DIR")
        return cls(float(values[0]), float(values[1]), int(values[2]) if len(values) == 3 else 0)


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool | int], *,
                               bins: int = 10) -> float:
    """Mean ``|share right - mean confidence|`` over equal-width confidence bins, weighted by their size.

    Examples
    --------
    >>> expected_calibration_error([0.9, 0.9], [1, 0])
    0.4
    >>> expected_calibration_error([], [])
    0.0
    """
    confidence = numpy.asarray(confidences, dtype=float)
    right = numpy.asarray(correct, dtype=float)
    if len(confidence) == 0:
        return 0.0
    edges = numpy.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = (confidence > lo) & (confidence <= hi) if lo > 0 else (confidence >= lo) & (confidence <= hi)
        if inside.any():
            error += inside.mean() * abs(right[inside].mean() - confidence[inside].mean())
    return round(float(error), 4)


def reliability(confidences: Sequence[float], correct: Sequence[bool | int]) -> dict:
    """How many relations, how many right, their precision and mean confidence (in %), and the expected
    calibration error: whether a set of relations' confidences say how often they are right.

    Examples
    --------
    >>> reliability([0.9, 0.7], [True, False])
    {'relations': 2, 'right': 1, 'precision': 50.0, 'mean_confidence': 80.0, 'calibration_error': 0.4}
    >>> reliability([], [])["precision"] is None
    True
    """
    n, right = len(confidences), int(sum(bool(c) for c in correct))
    return {"relations": n, "right": right, "precision": round(100 * right / n, 1) if n else None,
            "mean_confidence": round(100 * sum(confidences) / n, 1) if n else None,
            "calibration_error": expected_calibration_error(confidences, correct)}
