"""The exact path: the week's placement and schedule (and the auto pools' sizes) as one
mixed-integer linear program, solved by HiGHS through `scipy.optimize.milp`.

Why HiGHS through SciPy rather than OR-Tools CP-SAT: the model is linear with integer replica
counts and fractional work shares, which is what a MILP solver is for; SciPy is one well-kept
wheel on every platform the installer targets (PyInstaller bundles it), while OR-Tools brings a
large native package and a protobuf pin. HiGHS is MIT-licensed and ships inside SciPy >= 1.9.

Variables (all >= 0): x[u,p,h] integer replicas of a serving unit; y[u,p,h] integer replicas (or
gangs) of a job in its runs' hours; b[p,h] integer burst nodes rented; N[p] integer nodes of an
auto pool (when sizing); f[u,h] req/s to the unit's hosted fallback; s[u,h] req/s missing the SLA;
m[u,r] share of run r missing its deadline; z[u,p,h] integer spare replicas a serving unit holds for
its SLA availability (N + k, as `greedy.place_spares`), zs[u,h] spares with no room.

    demand      sum_p rate[u,p] x[u,p,h] + f[u,h] + s[u,h] >= demand[u,h]
    base pool   sum_u foot[u,p] (x + y)[u,p,h] <= GPUs/node x max_util x (N[p] - max(reserve, down[p,h]))
    burst pool  sum_u foot[u,p] (x + y)[u,p,h] <= GPUs/node x b[p,h],  b[p,h] <= max nodes
    spares      sum_p z[u,p,h] + zs[u,h] >= k[u]   (each hour with demand; k: the engine's spare
                replicas on the unit's cheapest pool, `Unit.spares`; z uses pool room like x)
    run r       sum_{p, h in r} y[u,p,h] / work[u,p] + m[u,r] >= 1
    gang        sum_p y[u,p,h] <= max_parallel[u]   (a training run: one gang)

    per second  t[u,p,h] <= y[u,p,h] on a burst pool: replica-hours of a job run that do no work (its
                last hour's tail), credited at price x footprint / node GPUs; the run rows count
                (y - t) / work. So a rented hour is priced by the second of work, as billed.

Minimise: owned nodes x price x 168 h + rented node-hours x price - the credited t + fallback
requests x API price + penalties for s and m that dwarf any price and grow tenfold per priority class (so a more
important unit is never short while a less important one is served; s is priced at the GPUs it frees, a
whole replica when the hour's demand is below one replica's rate, m at the run's GPU-hours) + a penalty
for zs below every serving and deadline penalty (spares never take any unit's serving room, as on the greedy path) but
above any node's price + a tie-break of 1e-6 USD per GPU-hour used (no replica without a reason).

The objective prices a job's rented hours by the second of work (the credit above; exact when the
run's replicas fill their nodes, as the greedy path packs them); the plan's bill is the greedy path's
(`kpis.billed_node_hours`: per second of use, a monthly run once a month), read from the solution's
replicas with the idle tail of each job run's last hour (`_idle_tail`). Issue 18: pricing the last
hour whole, the MILP put a nightly run on a cheaper-per-hour but slower pool ($57.64 a week billed)
where the greedy path's $53.90 plan was there to take."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from app.domain import DomainError
from app.domain.portfolio import HOURS_PER_WEEK
from app.engine.fleet.busy import busy_gpus
from app.engine.fleet.greedy import EPS, Allocation
from app.engine.fleet.pools import PoolTable
from app.engine.fleet.units import Unit

TIE_BREAK = 1e-6  # USD per GPU-hour used
TIME_LIMIT_S = 60.0


@dataclass
class _Vars:
    n: int = 0

    def take(self, k: int) -> np.ndarray:
        out = np.arange(self.n, self.n + k)
        self.n += k
        return out


class SolverFailed(DomainError):
    """HiGHS returned no solution (time limit without an incumbent, or a numerical failure): one
    line at the command line, like any other answer that cannot be given."""


def solve(
    units: list[Unit],
    pools: PoolTable,
    nodes: np.ndarray,
    max_util: float,
    reserve: int = 0,
    down: np.ndarray | None = None,
    allow_fallback: bool = True,
    size_auto: bool = False,
    time_limit_s: float = TIME_LIMIT_S,
    whole_hours: frozenset[int] = frozenset(),
) -> Allocation:
    """The optimal allocation for node counts `nodes` (or, `size_auto`, with the auto pools' counts
    chosen too: read them from `Allocation.nodes`). `whole_hours`: burst pools whose rented hours
    are priced whole, without the per-second credit (milp_billing: where a billing minimum bit)."""
    H, P = HOURS_PER_WEEK, len(pools.names)
    V = _Vars()
    cost: list[tuple[np.ndarray, np.ndarray]] = []
    integer: list[np.ndarray] = []
    upper: list[tuple[np.ndarray, float]] = []
    rows: list[tuple[list[int], list[float], float, float]] = []  # (cols, coefs, lo, hi)

    price_gpu_h = float(np.max(pools.price / pools.gpus)) if P else 1.0
    big = 1e4 * (price_gpu_h + 1.0)

    def weight(u: Unit) -> float:
        return big * 10.0 ** (3 - u.priority.rank)

    def spare_weight(u: Unit) -> float:  # below every weight(), above any price per GPU-hour
        return big * 10.0 ** (-1 - u.priority.rank)

    auto = [p for p in range(P) if size_auto and pools.auto[p] and not pools.burst[p]]
    nvar = {p: int(V.take(1)[0]) for p in auto}
    for p, j in nvar.items():
        cost.append((np.array([j]), np.array([pools.price[p] * H])))
        integer.append(np.array([j]))
        upper.append((np.array([j]), float(pools.max_nodes[p])))
    bvar: dict[int, np.ndarray] = {}
    for p in range(P):
        if pools.burst[p]:
            bvar[p] = V.take(H)
            cost.append((bvar[p], np.full(H, pools.price[p])))
            integer.append(bvar[p])
            upper.append((bvar[p], float(pools.max_nodes[p])))
    # per pool and hour: the (column, footprint) pairs that use it
    use: list[list[list[tuple[int, float]]]] = [[[] for _ in range(H)] for _ in range(P)]
    xvar: dict[tuple[int, int], np.ndarray] = {}
    yvar: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}  # (columns, hours)
    fvar: dict[int, np.ndarray] = {}
    svar: dict[int, np.ndarray] = {}
    mvar: dict[int, np.ndarray] = {}
    zvar: dict[tuple[int, int], np.ndarray] = {}  # spare replicas, one column per hour
    zsvar: dict[int, np.ndarray] = {}
    # replica-hours of a job on a burst pool that do no work (the tail of a run's last hour), credited at
    # the pool's price: per-second billing in the choice, as `kpis.billed_node_hours` bills the plan
    tvar: dict[tuple[int, int], np.ndarray] = {}
    for i, u in enumerate(units):
        if u.kind == "serving":
            for p in range(P):
                if u.allowed[p] and u.rate[p] > 0:
                    cols = V.take(H)
                    xvar[i, p] = cols
                    integer.append(cols)
                    cost.append((cols, np.full(H, TIE_BREAK * u.footprint[p])))
                    for h in range(H):
                        use[p][h].append((int(cols[h]), float(u.footprint[p])))
            ok = [p for p in range(P) if u.allowed[p] and u.rate[p] > 0]
            # a req/s short is priced at the GPUs it frees: GPUs per req/s on its densest pool, and an
            # hour whose demand is below one replica's rate frees the whole replica (tcli6 N17: 0.3 req/s
            # short weighed 0.3 / 16 of a GPU-hour against a batch run's whole one, and the MILP
            # dropped the interactive chat for it); the class weights then compare GPU-hours alike
            per = np.full(H, 1.0)
            if ok:
                per = np.min(
                    [u.footprint[p] / np.where(u.demand > EPS, np.minimum(u.rate[p], u.demand), u.rate[p]) for p in ok],
                    axis=0,
                )
            svar[i] = V.take(H)
            cost.append((svar[i], weight(u) * per))
            if u.fallback is not None and allow_fallback:
                fvar[i] = V.take(H)
                cost.append((fvar[i], np.full(H, u.fallback_usd_per_request * 3600.0)))
            for h in range(H):
                if u.demand[h] <= EPS:
                    continue
                cols_h = [int(xvar[i, p][h]) for p in range(P) if (i, p) in xvar]
                coefs = [float(u.rate[p]) for p in range(P) if (i, p) in xvar]
                cols_h.append(int(svar[i][h]))
                coefs.append(1.0)
                if i in fvar:
                    cols_h.append(int(fvar[i][h]))
                    coefs.append(1.0)
                rows.append((cols_h, coefs, float(u.demand[h]), np.inf))
            if u.spares is not None and down is None:
                _spare_rows(i, u, pools, V, zvar, zsvar, use, cost, integer, rows, spare_weight(u))
        elif u.kind == "job":
            hours = np.unique(np.concatenate(u.runs)) if u.runs else np.array([], dtype=int)
            for p in range(P):
                if u.allowed[p] and np.isfinite(u.work[p]):
                    cols = V.take(len(hours))
                    yvar[i, p] = (cols, hours)
                    integer.append(cols)
                    cost.append((cols, np.full(len(hours), TIE_BREAK * u.footprint[p])))
                    for c, h in zip(cols, hours, strict=True):
                        use[p][int(h)].append((int(c), float(u.footprint[p])))
                    # per-second (or per-minute) billing: the replica-hours a run leaves unused are not paid;
                    # a pool billed by the hour (billing_increment_s 3600) pays its last hour whole
                    if pools.burst[p] and (pools.instances[p].billing_increment_s or 1) < 3600 and p not in whole_hours:
                        tvar[i, p] = V.take(len(hours))
                        credit = float(pools.price[p]) * float(u.footprint[p]) / float(pools.gpus[p])
                        cost.append((tvar[i, p], np.full(len(hours), -credit)))
                        for t_col, y_col in zip(tvar[i, p], cols, strict=True):
                            rows.append(([int(t_col), int(y_col)], [1.0, -1.0], -np.inf, 0.0))
            best_work = [u.work[p] * u.footprint[p] for p in range(P) if (i, p) in yvar] or [1.0]
            mvar[i] = V.take(len(u.runs))
            upper.append((mvar[i], 1.0))
            cost.append((mvar[i], np.full(len(u.runs), weight(u) * min(best_work))))
            for r, run in enumerate(u.runs):
                cols_r: list[int] = [int(mvar[i][r])]
                coefs_r: list[float] = [1.0]
                for p in range(P):
                    if (i, p) not in yvar:
                        continue
                    cols, hrs = yvar[i, p]
                    pos = np.searchsorted(hrs, run)
                    cols_r += [int(c) for c in cols[pos]]
                    coefs_r += [1.0 / float(u.work[p])] * len(run)
                    if (i, p) in tvar:  # an unused (unpaid) replica-hour does no work
                        cols_r += [int(c) for c in tvar[i, p][pos]]
                        coefs_r += [-1.0 / float(u.work[p])] * len(run)
                rows.append((cols_r, coefs_r, 1.0, np.inf))
            if np.isfinite(u.max_parallel):
                for h in hours:
                    cols_g = []
                    for p in range(P):
                        if (i, p) in yvar:
                            cols, hrs = yvar[i, p]
                            cols_g.append(int(cols[int(np.searchsorted(hrs, h))]))
                    if cols_g:
                        rows.append((cols_g, [1.0] * len(cols_g), -np.inf, float(u.max_parallel)))
    for p in range(P):
        for h in range(H):
            entries = use[p][h]
            cols_c = [c for c, _ in entries]
            coefs_c = [f for _, f in entries]
            if pools.burst[p]:
                cols_c.append(int(bvar[p][h]))
                coefs_c.append(-float(pools.gpus[p]))
                rows.append((cols_c, coefs_c, -np.inf, 0.0))
                continue
            gone = float(reserve) if down is None else max(float(reserve), float(down[p, h]))
            per_node = float(pools.gpus[p]) * max_util
            if p in nvar:
                cols_c.append(nvar[p])
                coefs_c.append(-per_node)
                rows.append((cols_c, coefs_c, -np.inf, -per_node * gone))
            elif entries:
                rows.append((cols_c, coefs_c, -np.inf, per_node * max(float(nodes[p]) - gone, 0.0)))

    n = V.n
    c = np.zeros(n)
    for cols, coef in cost:
        c[cols] += coef
    integrality = np.zeros(n)
    for cols in integer:
        integrality[cols] = 1
    ub = np.full(n, np.inf)
    for cols, hi in upper:
        ub[cols] = hi
    r_idx: list[int] = []
    c_idx: list[int] = []
    vals: list[float] = []
    row_lo: list[float] = []
    row_hi: list[float] = []
    for k, (cols_k, coefs_k, l_k, h_k) in enumerate(rows):
        r_idx += [k] * len(cols_k)
        c_idx += cols_k
        vals += coefs_k
        row_lo.append(l_k)
        row_hi.append(h_k)
    A = coo_matrix((vals, (r_idx, c_idx)), shape=(len(rows), n)).tocsr()
    res = milp(
        c,
        integrality=integrality,
        bounds=Bounds(np.zeros(n), ub),
        constraints=[LinearConstraint(A, np.array(row_lo), np.array(row_hi))] if rows else [],
        options={"time_limit": time_limit_s, "mip_rel_gap": 1e-4, "disp": False},
    )
    if res.x is None:
        raise SolverFailed(
            f"the MILP found no plan within {time_limit_s:g} s ({res.message}); use the greedy path (--method greedy)"
        )
    sol = np.round(res.x, 9)
    found = _allocation(
        units, pools, nodes, nvar, bvar, xvar, yvar, fvar, svar, mvar, zvar, zsvar, sol, max_util, reserve, down, tvar
    )
    if res.status == 1:  # the time limit ended the search: the best plan found, not proven optimal
        found.note = f"the MILP stopped at its {time_limit_s:g} s limit: the best plan found, not proven optimal"
    return found


def _spare_rows(  # type: ignore[no-untyped-def]
    i: int, u: Unit, pools: PoolTable, var: _Vars, zvar, zsvar, use, cost, integer, rows, penalty: float
) -> None:
    """Columns and rows of unit `i`'s spare replicas: k = the engine's spares on the unit's cheapest pool
    (the pool the greedy path's first replicas take), held in every hour with demand on any pool the
    unit may use, short only at `penalty` per missing replica-GPU-hour."""
    from app.engine.fleet.greedy import cost_orders

    base, burst = cost_orders([u], pools)[0]
    where = base + burst
    assert u.spares is not None
    if not where or u.spares[where[0]] <= 0:
        return
    k = float(u.spares[where[0]])
    busy = np.flatnonzero(u.demand > EPS)
    for p in where:
        cols = var.take(HOURS_PER_WEEK)
        zvar[i, p] = cols
        integer.append(cols)
        cost.append((cols, np.full(HOURS_PER_WEEK, TIE_BREAK * u.footprint[p])))
        for h in busy:
            use[p][int(h)].append((int(cols[h]), float(u.footprint[p])))
    zsvar[i] = var.take(HOURS_PER_WEEK)
    cost.append((zsvar[i], np.full(HOURS_PER_WEEK, penalty * float(np.min(u.footprint[where])))))
    for h in busy:
        cols_h = [int(zvar[i, p][h]) for p in where] + [int(zsvar[i][h])]
        rows.append((cols_h, [1.0] * len(cols_h), k, np.inf))


def _idle_tail(units: list[Unit], x: np.ndarray) -> np.ndarray:
    """(U, P, H) replica-hours placed beyond each job run's work, in the hour its work ends (the run's
    hours in order, pools in order): k replicas for an hour when the work left x work per replica-hour
    is less than k, as `greedy._place_job` counts them (what per-second billing frees)."""
    idle = np.zeros_like(x)
    for i, u in enumerate(units):
        if u.kind != "job":
            continue
        for run in u.runs:
            need = 1.0
            for h in sorted(int(v) for v in run):
                for p in range(x.shape[1]):
                    k = float(x[i, p, h])
                    if k <= 0 or not np.isfinite(u.work[p]):
                        continue
                    idle[i, p, h] += max(k - max(need, 0.0) * float(u.work[p]), 0.0)
                    need -= k / float(u.work[p])
    return idle


def _allocation(  # type: ignore[no-untyped-def]
    units, pools, nodes, nvar, bvar, xvar, yvar, fvar, svar, mvar, zvar, zsvar, sol, max_util, reserve, down, tvar=None
) -> Allocation:
    from app.engine.fleet.greedy import base_capacity

    H, P, U = HOURS_PER_WEEK, len(pools.names), len(units)
    planned = np.array(nodes, dtype=np.float64).copy()
    for p, j in nvar.items():
        planned[p] = np.round(sol[j])
    x = np.zeros((U, P, H))
    for (i, p), cols in xvar.items():
        x[i, p] = np.round(sol[cols])
    for (i, p), (cols, hrs) in yvar.items():
        x[i, p, hrs] = np.round(sol[cols])
    # the replica-hours the solution left unused and was not charged for (`tvar`: per second on a burst
    # pool) are idle as it priced them; what the runs still hold beyond their work is the tail of each
    # run's last hour (`_idle_tail`), as the greedy path counts it
    credited = np.zeros_like(x)
    for (i, p), cols in (tvar or {}).items():
        hrs = yvar[i, p][1]
        credited[i, p, hrs] = np.clip(sol[cols], 0.0, x[i, p, hrs])
    idle = credited + _idle_tail(units, x - credited)
    spare, spare_short = None, None
    if zvar:  # spare replicas are paid, powered and idle, like the greedy path's (`place_spares`)
        spare, spare_short = np.zeros((U, P, H)), np.zeros((U, H))
        for (i, p), cols in zvar.items():
            spare[i, p] = np.round(sol[cols])
        for i, cols in zsvar.items():
            spare_short[i] = np.round(sol[cols])
        x = x + spare
    fallback = np.zeros((U, H))
    unmet = np.zeros((U, H))
    for i, cols in fvar.items():
        fallback[i] = sol[cols]
    for i, cols in svar.items():
        unmet[i] = sol[cols]
    unmet[unmet < 1e-7] = 0.0
    done = [np.ones(len(u.runs)) for u in units]
    for i, cols in mvar.items():
        done[i] = np.clip(1.0 - sol[cols], 0.0, 1.0)
    cap = base_capacity(pools, planned, max_util, reserve, down)
    foot = np.array([[u.footprint[p] for p in range(P)] for u in units]) if U else np.zeros((0, P))
    used = np.einsum("up,uph->ph", foot, x) if U else np.zeros((P, H))
    rented = np.zeros((P, H))
    for p, cols in bvar.items():
        rented[p] = np.round(sol[cols])
        rented[p] = np.ceil(used[p] / pools.gpus[p] - EPS)  # the nodes the replicas need (never more)
    idle_gpus = np.einsum("up,uph->ph", foot, idle) if U else np.zeros((P, H))
    busy = busy_gpus(units, x, fallback, unmet, spare, idle)
    return Allocation(
        x,
        fallback,
        unmet,
        done,
        cap,
        used,
        np.maximum(rented, 0.0),
        planned,
        "",
        spare,
        spare_short,
        idle_gpus,
        busy,
        idle,
    )
