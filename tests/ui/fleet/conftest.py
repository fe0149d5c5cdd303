"""Fleet page fixtures."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest


@pytest.fixture
def fleet_page(qtbot, tmp_path) -> Iterator[Callable[..., Any]]:
    """A factory: `fleet_page(width, height, shown=False)` is a real FleetPage of that size [px] on
    a new project `tmp_path / "p.archwise"` (shown on screen when asked). After the test its
    planner is cancelled and the project closed."""
    from app.store import Project
    from app.ui.fleet.page import FleetPage

    made: list[tuple[Any, Any]] = []

    def make(width: int, height: int, shown: bool = False) -> Any:
        project = Project.open(tmp_path / "p.archwise", create=True)
        w = FleetPage(lambda: project)
        qtbot.addWidget(w)
        w.resize(width, height)
        w.set_project(project)
        if shown:
            w.show()
        made.append((w, project))
        return w

    yield make
    for w, project in made:
        w.runner.cancel()
        project.close()
