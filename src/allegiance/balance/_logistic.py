"""Internal: L2-regularised logistic regression on numpy/scipy (no scikit-learn dependency).

Features go through ``sign(x) log1p(|x|)`` (counts are heavy-tailed) and are standardised
with the training mean and spread; the weights minimise the mean log-loss plus
``l2 / 2 * |w|^2`` (the intercept is not penalised) by L-BFGS with the exact gradient.
The loss is convex, so the fit is unique and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit

__all__ = ["LogisticModel", "fit_logistic"]


def _squash(X: np.ndarray) -> np.ndarray:
    return np.sign(X) * np.log1p(np.abs(X))


@dataclass(frozen=True, slots=True)
class LogisticModel:
    """A fitted model: ``decision(X)`` is the log-odds of the positive class."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    converged: bool

    def decision(self, X: np.ndarray) -> np.ndarray:
        """Log-odds of the positive class for each row of ``X``."""
        return ((_squash(X) - self.mean) / self.scale) @ self.coef + self.intercept

    def probability(self, X: np.ndarray) -> np.ndarray:
        """Probability of the positive class for each row of ``X``."""
        return expit(self.decision(X))


def fit_logistic(X: np.ndarray, y: np.ndarray, *, l2: float = 1e-3) -> LogisticModel:
    """Fit ``P(y = 1 | x)``; ``y`` holds 0/1 (or -1/+1) labels of the rows of ``X``.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]]); y = np.array([0, 0, 1, 1])
    >>> m = fit_logistic(X, y)
    >>> [round(float(p)) for p in m.probability(X)]
    [0, 0, 1, 1]
    """
    t = (np.asarray(y) > 0).astype(float)
    Z = _squash(np.asarray(X, dtype=float))
    mean = Z.mean(axis=0)
    scale = Z.std(axis=0)
    scale[scale == 0] = 1.0
    Z = (Z - mean) / scale
    n, k = Z.shape
    sign = 2 * t - 1

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:k], theta[k]
        margin = sign * (Z @ w + b)
        value = -float(np.mean(log_expit(margin))) + 0.5 * l2 * float(w @ w)
        r = -sign * expit(-margin) / n
        return value, np.append(Z.T @ r + l2 * w, r.sum())

    prior = np.clip(t.mean(), 1e-6, 1 - 1e-6)
    start = np.append(np.zeros(k), np.log(prior / (1 - prior)))
    res = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return LogisticModel(mean, scale, res.x[:k], float(res.x[k]), bool(res.success))
