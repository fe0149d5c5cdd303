"""Workshop mode: the window a facilitator drives on a projector. The verdict in large type, the
what-if sliders, one chart at a time at full size, the pinned scenarios as A/B/C cards, the
selection matrix's weights live, a presenter flow stepped with one key, and the session's export
(slide deck and PNGs). `WorkshopController` swaps it in and out of the main window and restores
the window's exact geometry and state on leaving."""

from app.ui.workshop.controller import WorkshopController
from app.ui.workshop.steps import STEPS, Step
from app.ui.workshop.view import WorkshopView

__all__ = ["STEPS", "Step", "WorkshopController", "WorkshopView"]
