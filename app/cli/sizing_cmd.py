"""`archwise size`, `archwise estimate` and `archwise sweep`: the engine from the command line."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from app.cli import CliError, close_project, number_flag
from app.domain import Precision, Sizing
from app.domain.numbers import figure
from app.engine.deployment.compare import ALL_BRIDGED

TABLE_ROWS = 10


def register(sub) -> None:
    p = sub.add_parser(
        "size",
        help="size a scenario: verdict, ranked options, strategy, what to avoid",
        description="Size SCENARIO.yaml against the project's catalog.",
    )
    p.add_argument("scenario", help="scenario YAML file (see catalog/examples/ and the README)")
    p.add_argument("--json", action="store_true", help="print the whole result as JSON")
    p.add_argument(
        "--simulate",
        action="store_true",
        help="also run a discrete-event simulation of the recommended option to check the p95s",
    )
    p.add_argument("--project", default=None, help="project file (default: the one in the user data folder)")
    p.set_defaults(handler=run_size)

    e = sub.add_parser(
        "estimate",
        help="one exact configuration: memory, TTFT, TPOT, throughput",
        description="Answer for one configuration at one load, or for every row of --from FILE.csv "
        "(columns: " + ", ".join(_input_columns()) + ").",
    )
    e.add_argument("--model")
    e.add_argument("--hardware", help="instance or accelerator name")
    e.add_argument("--gpus", type=number_flag(_range("gpus"), whole=True))
    e.add_argument(
        "--tp",
        type=number_flag(_range("tp"), whole=True),
        default=None,
        help="tensor parallel degree (default: gpus / pp)",
    )
    e.add_argument("--pp", type=number_flag(_range("pp"), whole=True), default=1, help="pipeline parallel degree")
    formats = ", ".join(p.value for p in Precision)
    e.add_argument("--precision", default="bf16", help=f"weights: {formats} (GGUF types with llama.cpp)")
    e.add_argument("--kv-precision", default=None, help="KV cache format (default: follows the weights)")
    e.add_argument("--runtime", default="vLLM")
    e.add_argument("--input-tokens", type=number_flag(_range("input_tokens"), whole=True, unit="tokens"))
    e.add_argument("--output-tokens", type=number_flag(_range("output_tokens"), whole=True, unit="tokens"))
    e.add_argument(
        "--images",
        type=number_flag(_range("images"), unit="images"),
        default=None,
        help="images sent with each request (a vision-language model): their tokens go into every prefill",
    )
    load = e.add_mutually_exclusive_group()
    load.add_argument(
        "--concurrency", type=number_flag(_range("concurrency")), help="sequences in flight (closed loop)"
    )
    load.add_argument(
        "--rate", type=number_flag(_range("rate"), unit="req/s"), help="offered requests per second (Poisson)"
    )
    e.add_argument(
        "--from",
        dest="from_csv",
        default=None,
        metavar="FILE.csv",
        help="one configuration per row; writes one result row per input row to standard output",
    )
    e.add_argument("--json", action="store_true")
    e.add_argument("--project", default=None)
    e.set_defaults(handler=run_estimate)

    s = sub.add_parser(
        "sweep",
        help="every candidate configuration of a scenario as CSV",
        description="Write the engine's full candidate table for SCENARIO.yaml as CSV.",
    )
    s.add_argument("scenario")
    s.add_argument("-o", "--output", default=None, help="CSV file (default: standard output)")
    s.add_argument("--project", default=None)
    s.set_defaults(handler=run_sweep)


def _range(key: str):
    from app.services.sizing import ESTIMATE_RANGES

    return ESTIMATE_RANGES[key]


def _input_columns():
    from app.services.sizing import ESTIMATE_INPUT_COLUMNS

    return ESTIMATE_INPUT_COLUMNS


def _project(path):
    from app.services.catalog import open_project

    return open_project(path, read_only=True)  # sizing only reads the catalog


def run_size(args: argparse.Namespace) -> int:
    from app.services.sizing import load_scenario, size_scenario, sizing_json

    scenario = load_scenario(args.scenario)
    project = _project(args.project)
    try:
        sizing = size_scenario(project, scenario, simulate=args.simulate)
        pick = None if args.json else _matrix_pick(project, scenario, sizing)
    finally:
        close_project(project)
    if args.json:
        print(sizing_json(sizing))
    else:
        print(render_sizing(sizing, pick))
    return 0


def _matrix_pick(project, scenario, sizing):
    """The selection matrix's recommendation with the default weights (the one `report` puts in the
    decision package), or None where it is the engine's pick or no matrix can be built."""
    from app.services.reporting import matrix_recommendation

    rec = matrix_recommendation(project, scenario, sizing)
    return rec if rec is not None and not rec.agrees else None


def matrix_pick_lines(sz, rec) -> list[str]:
    """Where the matrix (default weights) recommends another option than the engine's cheapest: that
    option beside it, and which one the deployment comparison below prices (tcli5 N6: `size` and
    `report` named different options and neither said so)."""
    if rec is None or sz.recommended is None:
        return []
    cost = rec.cost_per_month_usd
    model = rec.option.model if rec.option is not None else ""
    dep = sz.deployments
    models = sorted({r.model for r in dep.rows}) if dep is not None else []
    return [
        f"  matrix pick: {rec.label}"
        + (f", ${cost:,.0f}/month" if cost is not None else "")
        + " (the selection matrix's first choice with the default weights: the one `report` recommends"
        + (f" and prices in its deployment comparison, {model}'s options only)" if model else ")"),
        "  this output's deployment comparison prices the cheapest option of each deployment model among "
        f"all feasible options, led by the engine's cheapest design ({sz.recommended.label})"
        + (f"; its rows serve {', '.join(models)}" if models else ""),
    ]  # the verdict is an answer, not an error: scripts read `feasible` from --json


def render_sizing(sz, pick=None) -> str:
    """The text answer; `pick`: the matrix's recommendation where it differs from the engine's."""
    lines = [f"Scenario: {sz.scenario}"]
    training = any(o.train_gpu_hours is not None for o in sz.options)
    if sz.feasible and training:
        o = sz.recommended
        lines.append(
            f"Verdict: feasible. Recommended training run: {o.model} on {o.hardware}, {o.train_gpus}x "
            f"{o.accelerator}: {o.train_memory_gib_per_gpu or 0:,.1f} GiB per GPU, {o.train_gpu_hours or 0:,.1f} "
            f"GPU-hours, about {o.train_hours or 0:,.1f} h to train, {o.cost_summary}"
        )
        lines.append(f"  cost basis: {o.cost_basis}")
    elif sz.feasible:
        o = sz.recommended
        lines.append(
            f"Verdict: feasible. Recommended: {o.label}, {o.replicas_text}, "
            f"p95 TTFT {o.ttft_p95_ms:,.0f} ms, TPOT {o.tpot_ms:,.1f} ms, {o.cost_summary}"
        )
        lines += matrix_pick_lines(sz, pick)
    else:
        lines.append(f"Verdict: {sz.error}")
        for b in sz.binding_constraints:
            lines.append(f"  - {b.line} (required {b.required:,.6g} {b.unit}, available {b.available:,.6g} {b.unit})")
            if b.fix:
                lines.append(f"      fix: {b.fix}")
    lines += [f"  note: {n}" for n in sz.scope_notes]
    header = [
        "#",
        "option",
        "fits",
        "GiB/GPU",
        "TTFT p95 ms",
        "TPOT ms",
        "out tok/s/replica at op. batch",
        "max req/s/replica",
        "replicas",
        "$/month",
        "$/1M tok",
        "status",
    ]
    per_run = any(o.cost_per_run_usd is not None for o in sz.options)
    if per_run:  # a batch or training job: its cost per run next to the month's
        header.insert(9, "$/run")
    rows = []
    for o in sz.options[:TABLE_ROWS]:
        status = "ok" if o.feasible else "; ".join(v.constraint for v in o.violations)
        rows.append(
            [
                str(o.rank),
                o.label,
                "yes" if o.memory.fits else "no",
                f"{o.memory.weights_gib + o.memory.activation_gib + o.memory.reserve_gib:,.1f}",
                f"{o.ttft_p95_ms:,.0f}",
                f"{o.tpot_ms:,.1f}",
                f"{o.tokens_per_s:,.0f}",
                # nothing serves at the SLA: "n/a" (the status says why), never 0 replicas at $0
                o.priced_text(o.requests_per_s_per_replica, ",.3g"),
                o.priced_text(o.replicas, "d"),
                o.priced_text(o.cost_per_month_usd, ",.0f"),
                o.priced_text(o.cost_per_million_tokens_usd, ",.3f"),
                status,
            ]
        )
        if per_run:
            rows[-1].insert(9, o.priced_text(o.cost_per_run_usd or 0, ",.0f"))
    if training:
        header, rows = training_table(sz.options)
    lines.append("")
    lines.append(
        f"Options ({len(rows)} shown of {len(sz.options)} kept; {sz.evaluated_points:,} points evaluated; "
        "$/1M tok = $/month / tokens a month):"
    )
    lines += table(header, rows)
    lines += deployments_table(sz)
    if training:  # how each hardware's run makes its cost: rented hours, or a dedicated month
        bases = {o.hardware: o.cost_basis for o in sz.options if o.cost_basis}
        lines += [f"  cost basis, {hw}: {basis}" for hw, basis in bases.items()]
    for title, items in (("Strategy", sz.strategy), ("Avoid", sz.avoid)):
        if items:
            lines.append("")
            lines.append(f"{title}:")
            lines += [f"  - {x}" for x in items]
    if sz.hosted:
        lines.append("")
        lines.append("Hosted APIs:")
        for h in sz.hosted:
            lines.append(
                f"  - {h.name}: "
                + ("image cost unknown, text alone " if h.image_cost_unknown else "")
                + f"${h.cost_per_month_usd:,.0f}/month, "
                + (f"${h.cost_per_run_usd:,.0f}/run, " if h.cost_per_run_usd is not None else "")
                + f"${h.cost_per_million_tokens_usd:,.3f}/1M tokens"
                + ("" if h.allowed else f" (not allowed: {h.reason})")
            )
            if h.image_basis:
                lines.append(f"    images: {h.image_basis}")
    if sz.simulation:
        x = sz.simulation
        lines.append("")
        lines.append(
            f"Simulation of {x.option} ({x.requests:,} requests at {x.rate_rps:,.3g} req/s per replica, seed {x.seed}):"
        )
        lines.append(
            f"  TTFT p50 {x.ttft_p50_ms:,.0f} ms, p95 {x.ttft_p95_ms:,.0f} ms (analytic p95 "
            f"{x.analytic_ttft_p95_ms:,.0f} ms); TPOT p50 {x.tpot_p50_ms:,.1f} ms, p95 {x.tpot_p95_ms:,.1f} ms "
            + (
                f"(analytic p95 {x.analytic_tpot_p95_ms:,.1f} ms, mean {x.analytic_tpot_ms:,.1f} ms)"
                if x.analytic_tpot_p95_ms is not None
                else f"(analytic {x.analytic_tpot_ms:,.1f} ms)"
            )
            + f"; mean batch {x.mean_batch:,.1f}"
        )
        lines += [f"  Not met in the simulation: {line}" for line in x.sla_broken]
    if sz.workload_kind:
        lines.append("")
        lines.append(f"{sz.workload_kind.kind}:")
        lines += [f"  - {k}: {figure(v)}" for k, v in sz.workload_kind.figures.items()]
        lines += [f"  {n}" for n in sz.workload_kind.notes]
    return "\n".join(lines)


def training_table(options) -> tuple[list[str], list[list[str]]]:
    """A training job's options as runs: one row per model and hardware (its serving TP/PP
    variants are the same run), with the method's memory per GPU, GPU-hours, time, cost and energy a
    month (engine.deployment.training; n/a without a TDP: the option's energy_missing says why)."""
    header = ["#", "training run", "GPUs", "GiB/GPU", "GPU-hours", "hours", "$/run", "$/month", "kWh/month", "status"]
    rows, seen = [], set()
    for o in options:
        if (o.model, o.hardware) in seen or len(rows) >= TABLE_ROWS:
            continue
        seen.add((o.model, o.hardware))
        status = "ok" if o.feasible else "; ".join(v.constraint for v in o.violations)
        rows.append(
            [
                str(o.rank),
                f"{o.model} · {o.hardware}, {o.accelerator}",
                str(o.train_gpus),
                f"{o.train_memory_gib_per_gpu or 0:,.1f}",
                f"{o.train_gpu_hours or 0:,.1f}",
                f"{o.train_hours or 0:,.1f}",
                f"{o.cost_per_run_usd or 0:,.0f}",
                f"{o.cost_per_month_usd:,.0f}",
                _training_kwh(o),
                status,
            ]
        )
    return header, rows


def _training_kwh(o) -> str:  # type: ignore[no-untyped-def]
    """A training run's kWh/month cell with the marks serving rows carry (tcli6 N30): ">= x (no host)"
    when the host's power is left out, "<= x (host max)" when the host draws its catalogued maximum."""
    if o.energy_kwh_per_month is None:
        return "n/a"
    text = f"{o.energy_kwh_per_month:,.1f}"
    if o.energy_bound == "lower":
        return f">= {text} ({o.lower_bound_short()})"
    return upper(text, o)


def deployments_table(sz: Sizing) -> list[str]:
    """The deployment comparison, compact: each model's month, horizon total, cost and energy per
    1M tokens (horizon cash / horizon tokens), CO2e and its first break-even against the first row."""
    c = sz.deployments
    if c is None or not c.rows:
        return []
    first = c.rows[0].label
    money = lambda x: "n/a" if x is None else f"{x:,.0f}"
    header = ["model", "hardware", "$/month", f"{c.horizon_months} mo $", f"owed after mo {c.horizon_months}"]
    header += ["$/1M tok (horizon)", "kWh/1M tok"]
    header += ["kg CO2e/month", f"break-even vs {first}"]
    rows = []
    for r in c.rows:
        be = next((b for b in c.break_evens if {b.first, b.second} == {first, r.label}), None)
        when = "-"
        if r.label != first and be is not None:
            when = be.when()
        wh = r.energy_wh_per_million_tokens
        rows.append(
            [
                r.label + (" (dominated)" if r.dominated else "") + (" (over budget)" if r.over_budget else ""),
                r.hardware,
                money(r.cost_per_month_usd),
                money(r.horizon_cost_usd),
                money(r.owed_after_horizon_usd),
                f"{r.cost_per_million_tokens_usd:,.3f}" if r.cost_per_million_tokens_usd is not None else "n/a",
                "n/a"
                if wh is None
                else (
                    f">= {wh / 1000:,.3f} ({r.lower_bound_short()})"
                    if r.energy_incomplete
                    else upper(f"{wh / 1000:,.3f}", r)
                ),
                f">= {money(r.co2e_kg_per_month)} ({r.lower_bound_short(True)})"
                if (r.energy_incomplete or r.co2e_missing) and r.co2e_kg_per_month is not None
                else upper(money(r.co2e_kg_per_month), r),
                when,
            ]
        )
    dominated = [f"{r.label}: {r.dominated}" for r in c.rows if r.dominated]
    rec = sz.recommended
    dominated += [
        f"Recommended option's own plan: {f}" for f in (rec.flags if rec else []) if f.startswith("dominated:")
    ]
    # the budget month by month, as the window's and the PDF's row notes say it (tcli6 N11)
    dominated += [f"{r.label}: {r.budget_note}" for r in c.rows if r.budget_note]
    # a plan whose every run falls in its delivery bridge (issue 18, tcli6 N26)
    dominated += [f"{r.label}: {r.bridge}" for r in c.rows if ALL_BRIDGED in r.bridge]
    gaps = [
        f"{r.label}: energy {'incomplete' if r.energy_wh_per_million_tokens is None else 'a lower bound (>=)'}, "
        f"no {', no '.join(r.energy_missing)}"
        for r in c.rows
        if r.energy_incomplete
    ]
    gaps += [f"{r.label}: CO2e incomplete, no {', no '.join(r.co2e_missing)}" for r in c.rows if r.co2e_missing]
    gaps += [f"{r.label}: energy an {r.energy_bound_reason} (<=)" for r in c.rows if r.energy_bound == "upper"]
    return ["", f"Deployment comparison over {c.horizon_months} months:", *table(header, rows), *dominated, *gaps]


def upper(text: str, r) -> str:
    """A row's energy figure, "<= <text> (host max)" when it rests on a host's catalogued maximum."""
    return f"<= {text} (host max)" if r.energy_bound == "upper" and text != "n/a" else text


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    fmt = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip()
    return [fmt(header), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]


def run_estimate(args: argparse.Namespace) -> int:
    from app.services.sizing import estimate_kwargs, estimate_one, estimate_rows

    project = _project(args.project)
    try:
        if args.from_csv:
            try:
                with open(args.from_csv, newline="", encoding="utf-8") as fh:
                    rows = list(csv.DictReader(fh))
            except (OSError, UnicodeDecodeError, csv.Error) as exc:
                raise CliError(f"{args.from_csv}: cannot read it as CSV ({exc})") from None
            sys.stdout.write(estimate_rows(project, rows))
            return 0
        record = {
            "model": args.model,
            "hardware": args.hardware,
            "gpus": args.gpus,
            "tp": args.tp,
            "pp": args.pp,
            "precision": args.precision,
            "kv_precision": args.kv_precision,
            "runtime": args.runtime,
            "input_tokens": args.input_tokens,
            "output_tokens": args.output_tokens,
            "concurrency": args.concurrency,
            "rate": args.rate,
            "images": args.images,
        }
        missing = [
            f"--{k.replace('_', '-')}"
            for k in ("model", "hardware", "gpus", "input_tokens", "output_tokens")
            if record[k] in (None, "")
        ]
        if missing:
            raise CliError(f"estimate needs {', '.join(missing)} (or --from FILE.csv)")
        e = estimate_one(project, **estimate_kwargs({k: "" if v is None else str(v) for k, v in record.items()}))
    finally:
        close_project(project)
    if args.json:
        print(e.model_dump_json(indent=2))
        return 0
    m = e.memory
    print(
        f"{e.model} on {e.gpus}x {e.accelerator} (TP{e.tensor_parallel}, PP{e.pipeline_parallel}), "
        f"{e.precision.value} weights, {e.kv_precision.value} KV, {e.runtime}"
    )
    print(
        f"  memory per GPU: weights {m.weights_gib:,.2f} GiB, KV cache {m.kv_cache_gib:,.2f} GiB, "
        f"reserve {m.reserve_gib:,.2f} GiB, activations {m.activation_gib:,.2f} GiB of {m.capacity_gib:,.0f} GiB -> "
        f"{'fits' if e.fits else 'DOES NOT FIT'}, up to {m.max_concurrent_sequences:,} sequences of "
        + (
            f"{e.input_tokens:,} prompt tokens (an embedder generates none)"
            if e.embedding
            else f"{e.input_tokens + e.output_tokens + round(e.image_tokens_per_request):,} tokens"
        )
    )
    if e.images_per_request:
        print(
            f"  images: {e.images_per_request:g} per request, {e.image_tokens_per_request:,.0f} image tokens in "
            f"each prefill (with the {e.input_tokens:,} text tokens)"
        )
    if not e.fits:  # latency of a configuration that cannot load the model would be a made-up number
        short = m.weights_gib + m.reserve_gib + m.activation_gib - m.usable_gib
        need = (
            f"weights, reserve and activations need {short:,.1f} GiB more per GPU than the usable "
            f"{m.usable_gib:,.1f} GiB"
            if short > 0
            else "no room is left for one sequence's KV cache"
        )
        print(f"  no latency figures: {need}; use more GPUs (TP/PP), a narrower precision or a larger accelerator")
        for flag in e.flags:
            print(f"  note: {flag}")
        return 0
    band = lambda k: f" [{figure(e.bands[k].low)} .. {figure(e.bands[k].high)}]" if k in e.bands else ""
    print(
        f"  load: {e.concurrency:,.{0 if e.concurrency == int(e.concurrency) else 2}f} sequences in flight"
        + (f" at {e.rate_rps:,.6g} req/s offered" if e.rate_rps else "")
    )
    if e.embedding:  # one prefill per request: a latency and vectors per second, no TPOT
        print(f"  latency per request {e.ttft_ms:,.1f} ms{band('ttft_ms')}")
        print(
            f"  {e.requests_per_s:,.1f} vectors/s{band('requests_per_s')}, "
            f"{e.requests_per_s * e.input_tokens:,.0f} input tokens/s encoded"
        )
    else:
        if e.ttft_p95_ms is not None:  # an offered rate: the p95 `size` judges the SLA on, then the mean
            print(f"  TTFT p95 {e.ttft_p95_ms:,.1f} ms{band('ttft_p95_ms')}; mean {e.ttft_ms:,.1f} ms{band('ttft_ms')}")
        else:
            print(f"  TTFT {e.ttft_ms:,.1f} ms{band('ttft_ms')}")
        if e.tpot_p95_ms is not None:
            print(f"  TPOT p95 {e.tpot_p95_ms:,.2f} ms{band('tpot_p95_ms')}; mean {e.tpot_ms:,.2f} ms{band('tpot_ms')}")
        else:
            print(f"  TPOT {e.tpot_ms:,.2f} ms{band('tpot_ms')}")
        print(f"  end-to-end {e.e2e_ms:,.0f} ms{band('e2e_ms')}")
        print(
            f"  output {e.output_tokens_per_s:,.1f} tokens/s{band('output_tokens_per_s')}, "
            f"{e.requests_per_s:,.3f} requests/s"
        )
    print(f"  regime: {e.regime}")
    en = e.energy
    if en is not None and en.power_w is not None and en.energy_kwh_per_month is not None:
        per_mtok = (
            f", {en.energy_wh_per_million_tokens:,.0f} Wh per 1M tokens" if en.energy_wh_per_million_tokens else ""
        )
        on_prem = f"; on-prem ${en.on_prem_usd_per_month:,.0f}/month" if en.on_prem_usd_per_month is not None else ""
        print(
            f"  energy: {en.power_w:,.0f} W at the meter for {en.nodes} node(s) at this load, "
            f"{en.energy_kwh_per_month:,.0f} kWh/month held every hour{per_mtok}{on_prem}"
        )
    for flag in e.flags:
        print(f"  note: {flag}")
    return 0


def run_sweep(args: argparse.Namespace) -> int:
    from app.services.sizing import load_scenario, sweep_csv

    scenario = load_scenario(args.scenario)
    project = _project(args.project)
    try:
        text = sweep_csv(project, scenario)
    finally:
        close_project(project)
    if args.output:
        from app.services.catalog import write_file

        target = write_file(args.output, text)  # a temporary file renamed into place, removed on failure
        print(f"wrote {target} ({text.count(chr(10)) - 1} rows)")
    else:
        sys.stdout.write(text)
    return 0


__all__ = ["register", "render_sizing", "json"]
