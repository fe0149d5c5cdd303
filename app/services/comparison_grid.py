"""The pinned scenarios as the workshop's comparison grid: one row per criterion a room decides on
(verdict, design, cost per month and per 1M tokens, latency or a batch job's run time, energy and
CO2e, what binds) and one cell per pin (A, B, C), each differing from A marked as in
`app.services.comparison` ('(+12% vs A)' for numbers, '' for text).

Each pin speaks for the selection matrix's recommendation (`Pin.recommendation`), a hosted API
included: the grid names the hosted API and its prices, not the engine's cheapest self-hosted design
(the verdict and the charts lead with the same recommendation)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain import HostedOption, Option
from app.services.comparison import LETTERS, REEVALUATED, Cell, Comparison, Pin, difference_text

INPUTS = "Inputs"
VERDICT = "Verdict"
DESIGN = "Design"
PER_MONTH = "$ per month"
PER_MILLION = "$ per 1M tokens"
LATENCY = "TTFT p95 · TPOT"
RUN_TIME = "Run time"
LATENCY_OR_RUN = "Latency / run time"
ENERGY = "Energy a month"
BINDS = "What binds"
COMPLETION = "completion time per run [h]"  # app.engine.kinds.batch's figure names
REQUESTS_PER_RUN = "requests per run"
DEADLINE = "deadline per run [h]"
PEAK = "peak requests/s"  # Sizing.assumptions_used: the rate the replicas are planned for [req/s]


@dataclass(frozen=True)
class Value:
    """One cell before it is compared: the words shown and the number the comparison measures
    (None: compared as text)."""

    text: str
    number: float | None = None
    unit: str = ""  # numbers compare only with numbers of the same unit (a run's hours, not a TTFT)


def hosted_of(pin: Pin) -> HostedOption | None:
    """The hosted API the pin's recommendation names (None: a self-hosted design or the engine's)."""
    if pin.kept is not None:
        return None  # the design pinned, sized again
    rec = pin.recommendation
    return getattr(rec, "hosted", None) if rec is not None and getattr(rec, "option", None) is None else None


def over_budget(pin: Pin) -> Option | None:
    """The cheapest design that meets everything but the budget, when only the budget rules every
    option out (Sizing.error_kind "budget"): the room compares its figures, marked over budget,
    rather than a row of dashes (tgui4 D24). None otherwise."""
    s = pin.sizing
    if s.feasible or s.error_kind != "budget":
        return None
    near = [o for o in s.options if o.priced and o.violations and all(v.constraint == "budget" for v in o.violations)]
    return min(near, key=lambda o: o.cost_per_month_usd) if near else None


def chosen(pin: Pin) -> Option | None:
    """The self-hosted option the pin's figures describe: the pinned design, else the
    recommendation, else (nothing within budget) the cheapest design over budget; None when a
    hosted API is recommended."""
    if hosted_of(pin) is not None:
        return None
    return pin.option or over_budget(pin)


def _budget(o: Option) -> float | None:
    """[USD/month] the budget `o` breaks; None when it keeps to it."""
    return next((v.available for v in o.violations if v.constraint == "budget"), None)


def _over(o: Option) -> str:
    """' (over the $500 budget)' when `o` costs more than the budget, else ''."""
    budget = _budget(o)
    return f" (over the ${budget:,.0f} budget)" if budget is not None else ""


def run_hours(pin: Pin, o: Option) -> float | None:
    """[h] a batch job's time to finish one run on `o`: requests per run / (replicas × the
    replica's rate [req/s]) / 3600 s/h (as app.engine.kinds.batch); None when the pin is not a job."""
    kind = pin.sizing.workload_kind
    if kind is None or kind.kind != "batch" or REQUESTS_PER_RUN not in kind.figures:
        return None
    rate = o.requests_per_s_per_replica * max(o.replicas, 1)
    return kind.figures[REQUESTS_PER_RUN] / rate / 3600.0 if rate > 0 else None


def _verdict(pin: Pin) -> Value:
    s = pin.sizing
    if not s.feasible:
        return Value(f"✖ {s.error or 'Not feasible'}")
    return Value("✔ Feasible" + (" (hosted API)" if hosted_of(pin) is not None else ""))


def _design(pin: Pin) -> Value:
    hosted = hosted_of(pin)
    if hosted is not None:
        return Value(f"{hosted.name} (hosted API)")
    o = chosen(pin)
    if o is None:
        return Value("none")
    each = f", {o.gpus} GPUs each" if o.gpus > 1 else ""
    over = " · over budget" if _budget(o) is not None else ""
    return Value(f"{o.model} ({o.precision.value}) · {o.replicas} × {o.hardware}{each}{over}")


def _per_month(pin: Pin) -> Value:
    """'$5,022' (the row's name says per month: a narrow column keeps the figure whole)."""
    hosted, o = hosted_of(pin), chosen(pin)
    if hosted is not None:
        return Value(f"${hosted.cost_per_month_usd:,.0f}", hosted.cost_per_month_usd)
    if o is None or not o.priced:
        return Value("n/a")
    return Value(f"${o.cost_per_month_usd:,.0f}{_over(o)}", o.cost_per_month_usd)


def _per_million(pin: Pin) -> Value:
    hosted, o = hosted_of(pin), chosen(pin)
    if hosted is not None:
        return Value(f"${hosted.cost_per_million_tokens_usd:,.3f}", hosted.cost_per_million_tokens_usd)
    if o is None or not o.priced:
        return Value("n/a")
    return Value(f"${o.cost_per_million_tokens_usd:,.3f}", o.cost_per_million_tokens_usd)


def _latency(pin: Pin) -> Value:
    if hosted_of(pin) is not None:
        return Value("not published (hosted API)")
    o = chosen(pin)
    if o is None or not o.priced:
        return Value("n/a")
    hours = run_hours(pin, o)
    if hours is not None:
        kind = pin.sizing.workload_kind
        deadline = kind.figures.get(DEADLINE) if kind is not None else None
        return Value(
            f"{hours:,.2f}\u00a0h a run" + (f" (deadline {deadline:g}\u00a0h)" if deadline else ""), hours, "h"
        )
    if not o.generates:
        return Value(f"TTFT {o.ttft_p95_ms:,.0f}\u00a0ms", o.ttft_p95_ms, "ms")
    return Value(f"TTFT {o.ttft_p95_ms:,.0f}\u00a0ms · TPOT {o.tpot_ms:,.1f}\u00a0ms", o.ttft_p95_ms, "ms")


def _energy(pin: Pin) -> Value:
    if hosted_of(pin) is not None:
        return Value("not published (hosted API)")
    o = chosen(pin)
    if o is None or o.energy_kwh_per_month is None:
        return Value("–")
    co2 = f" · {o.co2e_kg_per_month:,.0f}\u00a0kg\u00a0CO2e" if o.co2e_kg_per_month is not None else ""
    if o.energy_lower_bound:  # the known part only (no host power): written as the other views do, not compared
        co2 = f" · ≥\u00a0{o.co2e_kg_per_month:,.0f}\u00a0kg\u00a0CO2e" if o.co2e_kg_per_month is not None else ""
        return Value(f"≥\u00a0{o.energy_kwh_per_month:,.0f}\u00a0kWh{co2} (no host)")
    about = "≈ " if o.energy_estimated else ""
    if o.energy_bound == "upper":  # a host at its catalogued maximum every hour: at most this, not compared
        co2 = f" · ≤\u00a0{o.co2e_kg_per_month:,.0f}\u00a0kg\u00a0CO2e" if o.co2e_kg_per_month is not None else ""
        return Value(f"≤\u00a0{about}{o.energy_kwh_per_month:,.0f}\u00a0kWh{co2} (host max)")
    return Value(f"{about}{o.energy_kwh_per_month:,.0f}\u00a0kWh{co2}", o.energy_kwh_per_month, "kWh")


def _binds(pin: Pin) -> Value:
    """Infeasible: the binding constraints by name ('Time to first token; GPU count'). Feasible and
    self-hosted: what sets the replica count, the peak rate [req/s] over the replicas' rate at the
    SLA (`Option.requests_per_s_per_replica`), or the one-replica floor when peak needs less, with
    the share of that capacity the peak uses: peak / (serving replicas × rate per replica)."""
    s = pin.sizing
    if not s.feasible:
        titles = list(dict.fromkeys(c.title for c in s.binding_constraints))
        return Value("; ".join(titles) or (s.error_kind or "–"))
    if hosted_of(pin) is not None:
        return Value("nothing self-hosted: the provider's prices and terms")
    o = chosen(pin)
    peak = s.assumptions_used.get(PEAK)
    if o is None or not o.priced or not isinstance(peak, (int, float)) or o.requests_per_s_per_replica <= 0:
        return Value("–")
    serving = max(o.replicas - o.spare_replicas, 1)
    share = peak / (serving * o.requests_per_s_per_replica)
    spare = f" + {o.spare_replicas} spare" if o.spare_replicas else ""
    if serving == 1:
        return Value(f"one replica is the floor{spare}: peak uses {share:.0%} of it")
    rate = o.requests_per_s_per_replica
    return Value(f"peak {peak:,.3g} req/s: {serving} replicas of {rate:,.3g} req/s{spare} ({share:.0%} used)")


def _inputs(pin: Pin) -> Value:
    return Value(pin.title)


def _latency_name(pins: Sequence[Pin]) -> str:
    jobs = [any(run_hours(p, o) is not None for o in [chosen(p)] if o is not None) for p in pins]
    return RUN_TIME if all(jobs) else LATENCY if not any(jobs) else LATENCY_OR_RUN


def grid(pins: Sequence[Pin]) -> Comparison:
    """The criteria × pins grid of `pins` (at most three), differences measured against A."""
    pins = list(pins)[: len(LETTERS)]
    out = Comparison(letters=[LETTERS[i] for i in range(len(pins))], names=[p.scenario_name for p in pins])
    rows = [
        (INPUTS, _inputs),
        (VERDICT, _verdict),
        (DESIGN, _design),
        (PER_MONTH, _per_month),
        (PER_MILLION, _per_million),
        (_latency_name(pins), _latency),
        (ENERGY, _energy),
        (BINDS, _binds),
    ]
    for name, get in rows:
        values = [get(p) for p in pins]
        cells = []
        for i, v in enumerate(values):
            base = values[0]
            if i == 0:
                diff = None
            elif v.number is not None and base.number is not None and v.unit == base.unit:
                diff = difference_text(v.number, base.number)
            else:
                diff = None if v.text == base.text else ""
            cells.append(Cell(v.text, diff))
        out.rows.append((name, cells))
    if any(p.note for p in pins):
        out.rows.append((REEVALUATED, [Cell(p.note or "–", "" if p.note else None) for p in pins]))
    return out
