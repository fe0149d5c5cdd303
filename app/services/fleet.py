"""The fleet use cases the CLI and the GUI share: read a portfolio, resolve the scenarios it names,
check every name against the catalog, plan the fleet.

    portfolio = load_portfolio("platform.yaml")                  # DomainError: one clear line
    session = FleetSession(project, portfolio, base_dir)         # resolves and checks names once
    plan = session.plan()                                        # FleetPlan (frozen, JSON-ready)
    plan = session.plan(edited, compare=False, failures=False)   # a what-if drag: only changed sizings redone
    plan = session.plan(failure_hour=38)                         # "fail a node" at Tue 14:00 instead of the peak
    sims = session.simulate(plan)                                # SimPy check at the peak (seconds, off the GUI thread)
    chart = demand_chart(plan, day=2)                            # the stacked GPU chart of Wednesday

`plan_portfolio(project, path)` does all three for one call (the CLI)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from app.domain import Candidates, Catalog, Chart, DomainError, Scenario, parse
from app.domain.fleet_results import FleetPlan
from app.domain.portfolio import Portfolio, PortfolioWorkload
from app.services.sizing import catalog_of, load_scenario

if TYPE_CHECKING:
    from app.engine.fleet import Method, SizingCache
    from app.store import Project


def load_portfolio(path: str | os.PathLike[str]) -> Portfolio:
    """A Portfolio from a YAML file; DomainError naming the file and the bad field."""
    from app.store.io_formats import YAML_LOADER, read_text, yaml_error

    p = Path(path)
    text = read_text(p, "portfolio file")
    try:
        data = yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        raise yaml_error(p, exc) from None
    if not isinstance(data, dict):
        raise DomainError(f"{p}: expected a mapping with name, workloads and fleet")
    _refuse_ambiguous(data, p.name)
    return parse(Portfolio, data, what=p.name)


def _refuse_ambiguous(data: dict[str, Any], what: str) -> None:
    """Refuse what a portfolio file may write but does not mean one thing: `routing.cascade: []`
    (no cascade? a forgotten list?) and a profile with both `pattern` and `levels` (the levels
    would win, the pattern would be ignored). The records themselves accept both (a saved
    record carries every field); only a file written by hand is held to this."""
    workloads = data.get("workloads")
    if not isinstance(workloads, list):
        return
    for i, w in enumerate(workloads):
        if not isinstance(w, dict):
            continue
        label = w.get("name") or f"workloads.{i}"
        routing, profile = w.get("routing"), w.get("profile")
        if isinstance(routing, dict) and routing.get("cascade") == []:
            raise DomainError(
                f"{what}: workload {label}: routing.cascade is empty; leave it out for no cascade, or list its stages"
            )
        if isinstance(profile, dict) and profile.get("levels") is not None and "pattern" in profile:
            raise DomainError(
                f"{what}: workload {label}: profile gives both pattern and levels; give one "
                "(levels are the hours themselves, pattern a named shape)"
            )


def portfolio_yaml(portfolio: Portfolio) -> str:
    """The portfolio as YAML (what the GUI saves)."""
    data = portfolio.model_dump(mode="json", exclude_defaults=True)
    for w in data.get("workloads", []):
        profile = w.get("profile", {})
        if profile.get("levels") is not None:
            profile.pop("pattern", None)  # the levels win; a file with both is refused on reading
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def resolve_entry(entry: PortfolioWorkload, project: Project | Catalog, base_dir: Path) -> Scenario:
    """The scenario behind one entry: saved in the project, read from a file (relative to the
    portfolio's folder), or made from the inline workload and candidates."""
    if entry.scenario is not None:
        if isinstance(project, Catalog):
            raise DomainError(f"workload {entry.label}: scenario '{entry.scenario}' needs a project (--project FILE)")
        return project.scenario(entry.scenario)
    if entry.file is not None:
        path = Path(entry.file)
        return load_scenario(path if path.is_absolute() else base_dir / path)
    assert entry.workload is not None  # the record's validator holds exactly one source
    return Scenario(name=entry.label, workload=entry.workload, candidates=entry.candidates or Candidates())


def check_names(portfolio: Portfolio, scenarios: dict[str, Scenario], catalog: Catalog) -> None:
    """Every name the portfolio uses exists in the catalog: pools' instances, chosen and cascade
    models, hosted stages and fallbacks. DomainError naming the place and the closest names."""
    for pool in portfolio.fleet.pools:
        _named(f"pool {pool.name}", lambda n=pool.instance: catalog.instance(n))
    for w in portfolio.workloads:
        where = f"workload {w.label}"
        if w.model is not None:
            _named(where, lambda n=w.model: catalog.model(n))
        for st in w.routing.cascade:
            if st.model is not None:
                _named(where, lambda n=st.model: catalog.model(n))
            if st.hosted is not None:
                _named(where, lambda n=st.hosted: catalog.hosted_api(n))
        if w.routing.fallback is not None:
            _named(where, lambda n=w.routing.fallback: catalog.hosted_api(n))
        s = scenarios[w.label]
        for m in s.candidates.models:
            _named(f"{where} (scenario {s.name})", lambda n=m: catalog.model(n))


def _named(where: str, look) -> None:  # type: ignore[no-untyped-def]
    try:
        look()
    except DomainError as exc:
        raise DomainError(f"{where}: {exc}") from None


class FleetSession:
    """One portfolio against one project's catalog, kept for what-if steps: the engine's per-pool
    sizings are cached, so changing a profile, a priority or a pool's node count re-plans without
    sizing again, and changing one workload re-sizes only that workload."""

    def __init__(
        self, project: Project | Catalog, portfolio: Portfolio, base_dir: str | os.PathLike[str] = "."
    ) -> None:
        self.catalog = catalog_of(project)
        self.base_dir = Path(base_dir)
        self._project = project
        self.cache: SizingCache = {}
        self._resolved: dict[str, Scenario] = {}  # entry source (JSON) -> its scenario
        self.portfolio = portfolio
        self.scenarios = self._resolve(portfolio)

    def _resolve(self, portfolio: Portfolio) -> dict[str, Scenario]:
        scenarios = {}
        for w in portfolio.workloads:
            key = w.model_dump_json(include={"name", "scenario", "file", "workload", "candidates"})
            if key not in self._resolved:  # a scenario file is read once per session, not per what-if
                self._resolved[key] = resolve_entry(w, self._project, self.base_dir)
            scenarios[w.label] = self._resolved[key]
        check_names(portfolio, scenarios, self.catalog)
        return scenarios

    def plan(
        self,
        portfolio: Portfolio | None = None,
        method: Method = "greedy",
        compare: bool = True,
        failures: bool = True,
        failure_hour: int | None = None,
        placement_hour: int | None = None,
    ) -> FleetPlan:
        """The plan of `portfolio` (default: the session's); a new portfolio becomes the session's.
        DomainError (one line) when a name it uses is unknown or a scenario cannot be read."""
        from app.engine.fleet import plan_fleet

        if portfolio is not None and portfolio is not self.portfolio:
            self.scenarios = self._resolve(portfolio)
            self.portfolio = portfolio
        return plan_fleet(
            self.portfolio, self.scenarios, self.catalog, method=method, cache=self.cache, compare=compare,
            failures=failures, failure_hour=failure_hour, placement_hour=placement_hour,
        )  # fmt: skip

    @staticmethod
    def simulate(
        plan: FleetPlan,
        progress: Callable[[float, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> FleetPlan:
        """`plan` with its discrete-event check (`FleetPlan.simulation`): the plan alone, no session
        state (a plan on screen is checked even after the session was dropped for a new catalog).
        `progress` and `cancelled` as `simulate_plan` takes them (a worker's)."""
        from app.engine.fleet.simulate import simulate_plan

        return plan.model_copy(update={"simulation": simulate_plan(plan, progress=progress, cancelled=cancelled)})


def demand_chart(plan: FleetPlan, day: int | None = None) -> Chart:
    """The stacked GPU chart of one day (0 = Monday; default the peak's day): what the Fleet page's
    day selector shows. The plan's own `charts` hold the peak day's."""
    from app.engine.fleet.charts import demand_chart as chart

    if day is not None and not 0 <= day < 7:
        raise DomainError(f"day must be 0 (Monday) to 6 (Sunday), got {day}")
    return chart(plan, day)


def example_portfolios() -> list[Path]:
    """The shipped portfolio examples (catalog/examples/fleet/*.yaml)."""
    from app.paths import EXAMPLES_DIR

    folder = EXAMPLES_DIR / "fleet"
    return sorted(folder.glob("*.yaml")) if folder.exists() else []


def save_portfolio(portfolio: Portfolio, path: str | os.PathLike[str]) -> Path:
    """Write the portfolio as YAML through a temporary file (never a half-written file)."""
    from app.store.io_formats import write_atomic

    return write_atomic(path, portfolio_yaml(portfolio))


def plan_portfolio(
    project: Project | Catalog, ref: str | os.PathLike[str], method: Method = "greedy", simulate: bool = False
) -> FleetPlan:
    """Read, resolve, check and plan the portfolio `ref` (the CLI's one call): a portfolio YAML
    file, or the name of a portfolio saved in `project` (see services.portfolios.portfolio_from)."""
    from app.services.portfolios import portfolio_from

    portfolio, base_dir = portfolio_from(None if isinstance(project, Catalog) else project, str(ref))
    session = FleetSession(project, portfolio, base_dir)
    plan = session.plan(method=method)
    return session.simulate(plan) if simulate else plan


def fleet_json(plan: FleetPlan) -> str:
    return plan.model_dump_json(indent=2)
