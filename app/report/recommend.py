"""One recommendation from the two rankings the package holds.

The engine decides what is feasible and what it costs; the selection matrix weighs the
feasible options against the stated criteria (quality, latency, cost, licence, ...). The
package recommends the matrix's first choice with the stated weights, and says so when the
engine's own pick (its cheapest feasible design) differs: by how much it costs, which criteria
tip the balance, and which weight change would make the engine's pick first.

The matrix and its sensitivity arrive duck-typed (app.selection's SelectionMatrix and
Sensitivity): report and selection are sibling layers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.domain import HostedOption, Option, Sizing


@dataclass(frozen=True)
class Recommendation:
    """The package's one recommended option and why."""

    label: str  # "" when nothing is feasible
    option: Option | None = None  # self-hosted
    hosted: HostedOption | None = None  # a hosted API
    engine_pick: Option | None = None  # the engine's cheapest feasible design
    agrees: bool = True  # the matrix and the engine pick the same option
    reasons: list[str] = field(default_factory=list)  # sentences, in order

    @property
    def cost_per_month_usd(self) -> float | None:
        if self.option is not None:  # an unpriced option's cost is unknown, not $0
            return self.option.cost_per_month_usd if self.option.priced else None
        if self.hosted is not None:
            return self.hosted.cost_per_month_usd
        return None


def _money(v: float) -> str:
    return f"${v:,.0f}"


def _row_for(matrix: Any, index: int | None) -> Any:
    if matrix is None or index is None:
        return None
    return next((r for r in matrix.ranked if r.option_index == index), None)


def _tipping(matrix: Any, top: Any, other: Any) -> tuple[list[str], list[str]]:
    """Criteria names where `top` gains most over `other` (weighted), and where it loses most."""
    gains: list[tuple[float, str]] = []
    for cr in matrix.criteria:
        d = cr.weight_share * (top.normalised.get(cr.key, 0.0) - other.normalised.get(cr.key, 0.0))
        if abs(d) > 1e-9:
            gains.append((d, cr.name))
    better = [n for d, n in sorted(gains, reverse=True) if d > 0][:2]
    worse = [n for d, n in sorted(gains) if d < 0][:1]
    return better, worse


def _what_would_change(sens: Any, target: str) -> str:
    """The smallest weight change (relative) that makes `target` first, as a sentence; "" when none does."""
    if sens is None:
        return ""
    best: tuple[float, str] | None = None
    for w in sens.weights:
        for winner, share, weight in (
            (w.up_winner, w.up_to_share, w.up_to_weight),
            (w.down_winner, w.down_to_share, w.down_to_weight),
        ):
            if winner != target or share is None or weight is None:
                continue
            step = abs(share - w.share) / max(w.share, 1e-9)
            verb = "Raising" if share > w.share else "Lowering"
            text = (
                f"{verb} the weight of {w.name} from {w.weight:.2f} to {weight:.2f} (its share from "
                f"{100 * w.share:.1f} % to {100 * share:.1f} %) would make it first."
            )
            if best is None or step < best[0]:
                best = (step, text)
    return best[1] if best else ""


def reconcile(sizing: Sizing, matrix: Any, sens: Any) -> Recommendation:
    """The recommendation: the matrix's first choice when there is one, else the engine's pick."""
    engine = sizing.recommended if sizing.feasible else None
    top = matrix.top if matrix is not None else None
    unpriced = _unpriced_ahead(sizing, matrix)
    if unpriced:  # no recommendation rests on an unknown price (tgui6 D12): the first priced row leads
        top = next((r for r in matrix.ranked if r not in unpriced), top)
    if engine is None and top is None:
        return Recommendation(label="")
    option: Option | None = None
    hosted: HostedOption | None = None
    if top is not None and top.option_index is not None:
        option = sizing.options[top.option_index]
    elif top is not None and top.hosted_index is not None:
        hosted = sizing.hosted[top.hosted_index]
    else:
        option = engine
    label = option.label if option is not None else f"{hosted.name} (hosted API)" if hosted is not None else ""
    # the sensitivity's stability is the matrix's own first row's: not said for a priced row below it
    stability = sens.top_stability if sens is not None and top is not None and not unpriced else None
    score = ""
    if top is not None:
        score = f"a score of {100 * top.score:.0f} / 100"
        if stability is not None:
            score += f", first in {100 * stability:.0f} % of {sens.samples:,} weightings drawn around the stated ones"
    agrees = engine is not None and option is not None and option.label == engine.label
    reasons: list[str] = []
    priced, among = (" priced", " among the priced options") if unpriced else ("", "")
    if engine is None:
        reasons.append(f"It ranks first{among} in the selection matrix with the stated weights ({score}).")
    elif agrees:
        reasons.append(
            f"It is both the sizing engine's cheapest design that meets the SLA ({_money(engine.cost_per_month_usd)} "
            f"a month) and the selection matrix's first{priced} choice with the stated weights ({score})."
            if top is not None
            else "It is the sizing engine's cheapest design that meets the SLA "
            f"({_money(engine.cost_per_month_usd)} a month)."
        )
    else:
        cost = (
            option.cost_per_month_usd
            if option is not None
            else hosted.cost_per_month_usd
            if hosted is not None
            else 0.0
        )
        diff = cost - engine.cost_per_month_usd
        reasons.append(
            f"It ranks first{among} in the selection matrix with the stated weights ({score}); the sizing engine "
            f"says which designs meet the SLA and what each costs."
        )
        line = (
            f"The engine's cheapest design that meets the SLA is {engine.label}, at "
            f"{_money(engine.cost_per_month_usd)} a month: the recommendation costs "
            f"{_money(abs(diff))} a month {'more' if diff > 0 else 'less'}"
        )
        other = _row_for(matrix, sizing.options.index(engine) if engine in sizing.options else None)
        if other is not None and top is not None:
            better, worse = _tipping(matrix, top, other)
            if better:
                line += f", and the matrix prefers it on {' and '.join(better)}"
            if worse:
                line += f" at the expense of {worse[0]}"
        reasons.append(line + ".")
        change = _what_would_change(sens, engine.label)
        reasons.append(
            change.replace("would make it first", "would make the engine's cheapest design first")
            if change
            else "No single weight change within the matrix makes the engine's cheapest design first."
        )
    if unpriced and (option is None or option.priced):
        names = "; ".join(f"{r.label} ({sizing.options[r.option_index].why_unpriced})" for r in unpriced)
        reasons.append(
            f"The matrix ranks {names} higher, but {'it is' if len(unpriced) == 1 else 'they are'} not priced: "
            f"{'its' if len(unpriced) == 1 else 'their'} cost is unknown (scored at the field's worst), so the "
            "recommendation is the first priced option."
        )
    elif unpriced and option is not None:  # nothing priced ranks at all: say plainly that the cost is unknown
        reasons.append(f"Its cost is unknown ({option.why_unpriced}): this recommendation rests on no price.")
    return Recommendation(label=label, option=option, hosted=hosted, engine_pick=engine, agrees=agrees, reasons=reasons)


def _unpriced_ahead(sizing: Sizing, matrix: Any) -> list[Any]:
    """The matrix's ranked self-hosted rows above its first priced row whose option is not priced
    (a bare accelerator with no price): [] when the first row is priced or there is no matrix."""
    out: list[Any] = []
    for r in matrix.ranked if matrix is not None else []:
        if r.option_index is None or sizing.options[r.option_index].priced:
            break
        out.append(r)
    return out


__all__ = ["Recommendation", "reconcile"]
