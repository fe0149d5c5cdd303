"""How robust the top choice is to the weights.

1. Per weight, exactly: move criterion i's share of the total weight from its value w_i to t,
   the other weights keeping their proportions (the same as changing only i's raw weight).
   Each row's score is then linear in t:
       S_r(t) = t n_ri + (1 - t) B_r,   B_r = sum_{j != i} w_j n_rj / (1 - w_i)
   For the top row a and any other row b, S_a(t) - S_b(t) crosses zero at
       t* = (B_a - B_b) / ((B_a - B_b) - (n_ai - n_bi)).
   The nearest crossing above w_i is how far the weight can go up before the top choice
   changes; the nearest below is how far it can go down. In raw-weight terms (the others
   unchanged) a share t is the weight t / (1 - t) x (sum of the other weights).
2. Rank stability: DIRICHLET_SAMPLES weight vectors drawn from Dirichlet(k x w) (mean w,
   concentration k = DIRICHLET_CONCENTRATION, fixed seed, criteria weighted 0 stay 0); for
   each row, the share of samples in which it is top, and in which it keeps its rank.
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field

from app.domain.common import DomainModel
from app.selection.matrix import SelectionMatrix
from app.selection.missing import MissingData, missing_data

DIRICHLET_SAMPLES = 1000
DIRICHLET_CONCENTRATION = 50.0  # std of a 20 % share is about 5.6 points
DIRICHLET_SEED = 20261123
_EPS = 1e-12

METHOD = (
    "Weight thresholds: one weight's share moves while the others keep their proportions; "
    "scores are linear in the share, so each threshold is exact (where the top row's score "
    "line crosses another row's). Stability: {n:,} weightings drawn at random around the stated "
    "weights (a weight holding 20 % of the total typically moves by about {spread:.0f} points either way; "
    "the same draws every time, so the answer is repeatable); the share of draws in which each "
    "option comes first, and in which it keeps its rank."
)


class WeightSensitivity(DomainModel):
    key: str
    name: str
    weight: float
    share: float  # of the total weight, 0..1
    down_to_share: float | None = None  # None: can fall to 0 without changing the top choice
    down_to_weight: float | None = None
    down_winner: str | None = None
    up_to_share: float | None = None  # None: can rise to 100 % without changing the top choice
    up_to_weight: float | None = None  # None with up_to_share set: only at 100 %
    up_winner: str | None = None


class RowStability(DomainModel):
    label: str
    rank: int
    top_share: float  # fraction of samples in which this row is top
    rank_share: float  # fraction of samples in which it keeps its rank
    mean_rank: float


class Sensitivity(DomainModel):
    top: str | None
    weights: list[WeightSensitivity] = Field(default_factory=list)
    stability: list[RowStability] = Field(default_factory=list)
    samples: int = DIRICHLET_SAMPLES
    concentration: float = DIRICHLET_CONCENTRATION
    seed: int = DIRICHLET_SEED
    method: str = ""
    missing: MissingData | None = None  # rank ranges over unknown scores (selection.missing)

    @property
    def top_stability(self) -> float | None:
        return self.stability[0].top_share if self.stability else None


def _raw_weight(share: float, others: float) -> float | None:
    if share >= 1.0 - _EPS:
        return None
    return share / (1.0 - share) * others


def weight_thresholds(
    n: np.ndarray, w: np.ndarray, i: int
) -> tuple[tuple[float, int] | None, tuple[float, int] | None]:
    """((t_down, row), (t_up, row)) for criterion i; row 0 of `n` is the current top.

    n: rows x criteria normalised values [0..1]; w: weight shares summing to 1.
    """
    rest = 1.0 - w[i]
    if rest <= _EPS:  # the only weighted criterion: spread the rest equally when it falls
        others = np.ones_like(w)
        others[i] = 0.0
        b = n @ others / others.sum() if others.sum() else np.zeros(len(n))
    else:
        wo = w.copy()
        wo[i] = 0.0
        b = n @ wo / rest
    down, up = None, None
    for r in range(1, len(n)):
        db = b[0] - b[r]
        dn = n[0, i] - n[r, i]
        denom = db - dn
        if abs(denom) < _EPS:
            continue  # parallel lines: never cross
        t = db / denom
        if not _EPS < t < 1.0 - _EPS:
            continue  # lines meeting only at 0 % or 100 % tie there; a tie keeps the top row
        if t > w[i] + _EPS and (up is None or t < up[0]):
            up = (float(t), r)
        elif t < w[i] - _EPS and (down is None or t > down[0]):
            down = (float(t), r)
    return down, up


def sensitivity(
    matrix: SelectionMatrix,
    samples: int = DIRICHLET_SAMPLES,
    concentration: float = DIRICHLET_CONCENTRATION,
    seed: int = DIRICHLET_SEED,
) -> Sensitivity:
    """Weight thresholds and rank stability of `matrix` (see the module docstring)."""
    ranked = matrix.ranked
    # A Dirichlet share p has standard deviation sqrt(p (1 - p) / (k + 1)); quoted for p = 20 %.
    method = METHOD.format(n=samples, spread=100 * math.sqrt(0.16 / (concentration + 1)))
    if not ranked:
        return Sensitivity(
            top=None,
            samples=samples,
            concentration=concentration,
            seed=seed,
            method=method,
            missing=missing_data(matrix),
        )
    keys = [c.key for c in matrix.criteria]
    raw = np.array([c.weight for c in matrix.criteria], dtype=float)
    w = raw / raw.sum()
    n = np.array([[r.normalised[k] for k in keys] for r in ranked], dtype=float)

    out = []
    for i, c in enumerate(matrix.criteria):
        ws = WeightSensitivity(key=c.key, name=c.name, weight=c.weight, share=float(w[i]))
        down, up = weight_thresholds(n, w, i) if len(ranked) > 1 else (None, None)
        others = float(raw.sum() - raw[i])
        if down is not None:
            ws.down_to_share, ws.down_winner = down[0], ranked[down[1]].label
            ws.down_to_weight = _raw_weight(down[0], others)
        if up is not None:
            ws.up_to_share, ws.up_winner = up[0], ranked[up[1]].label
            ws.up_to_weight = _raw_weight(up[0], others)
        out.append(ws)

    rng = np.random.default_rng(seed)
    pos = w > 0
    draws = np.zeros((samples, len(w)))
    if pos.sum() == 1:
        draws[:, pos] = 1.0
    else:
        draws[:, pos] = rng.dirichlet(concentration * w[pos], size=samples)
    scores = n @ draws.T  # rows x samples
    order = np.argsort(-scores, axis=0, kind="stable")  # ties keep the current order
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(len(ranked))[:, None].repeat(samples, axis=1), axis=0)
    stability = [
        RowStability(
            label=r.label,
            rank=r.rank or k + 1,
            top_share=float(np.mean(ranks[k] == 0)),
            rank_share=float(np.mean(ranks[k] == k)),
            mean_rank=float(np.mean(ranks[k]) + 1),
        )
        for k, r in enumerate(ranked)
    ]
    return Sensitivity(
        top=ranked[0].label,
        weights=out,
        stability=stability,
        samples=samples,
        concentration=concentration,
        seed=seed,
        method=method,
        missing=missing_data(matrix),
    )
