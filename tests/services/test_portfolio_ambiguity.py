"""A portfolio file that does not mean one thing is refused: a model twice in one cascade, an
empty cascade, a profile with both a pattern and levels. What the GUI saves still reads."""

from __future__ import annotations

import pytest
import yaml

from app.domain import DomainError, parse
from app.domain.portfolio import Routing
from app.services.fleet import example_portfolios, load_portfolio, portfolio_yaml, save_portfolio


@pytest.fixture()
def cascade_file():
    return next(p for p in example_portfolios() if p.name == "saas-cascade.yaml")


def _edited(src, tmp_path, change):
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    change(data["workloads"][0])
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_a_model_twice_in_one_cascade_is_refused():
    stages = [{"model": "M", "answers": 0.5}, {"model": "M", "answers": 0.5}]
    with pytest.raises(DomainError, match="routing.cascade names M twice"):
        parse(Routing, {"cascade": stages})
    # a model and a hosted API of the same name are different targets: fine
    parse(Routing, {"cascade": [{"model": "M", "answers": 0.5}, {"hosted": "H", "answers": 0.5}]})


def test_an_empty_cascade_in_a_file_is_refused(tmp_path, cascade_file):
    def empty(w):
        w["routing"] = {"cascade": []}
        w.pop("model", None)

    with pytest.raises(DomainError, match=r"routing.cascade is empty; leave it out for no cascade"):
        load_portfolio(_edited(cascade_file, tmp_path, empty))


def test_pattern_and_levels_together_are_refused(tmp_path, cascade_file):
    def both(w):
        w["profile"] = {"pattern": "flat", "levels": [1.0] * 24}

    with pytest.raises(DomainError, match="profile gives both pattern and levels"):
        load_portfolio(_edited(cascade_file, tmp_path, both))


def test_what_the_gui_saves_reads_back(tmp_path, cascade_file):
    """The GUI keeps the last pattern when the user drags own levels; the file it writes has the
    levels only, and reads back to the same hours."""
    portfolio = load_portfolio(cascade_file)
    w = portfolio.workloads[0]
    own = w.edited(profile=w.profile.edited(pattern="flat", levels=[0.5] * 12 + [1.0] * 12))
    portfolio = portfolio.edited(workloads=[own, *portfolio.workloads[1:]])
    assert "pattern" not in portfolio_yaml(portfolio).split("levels")[0].split("profile")[-1]
    back = load_portfolio(save_portfolio(portfolio, tmp_path / "gui.yaml"))
    assert back.workloads[0].profile.day() == portfolio.workloads[0].profile.day()
