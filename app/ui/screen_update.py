"""One screen update for a batch of plot changes (issue 13: slider-to-redraw).

Why a what-if step reached the screen in four or five updates: every pyqtgraph plot has its own
QGraphicsScene, and a scene publishes its changed items later, in a queued call of its own
(`QGraphicsScene`'s private slot `_q_processDirtyItems`). That call ends by sending the window's
pending update request at once (Qt's `QGraphicsViewPrivate::dispatchPendingUpdateRequests`, kept
for smooth animations), so each plot's scene synced the whole window on its own: the first sync
painted the options table, the verdict and one plot, and each other plot came in a sync of its
own, one event-loop pass later, each with its own flush of the window to the screen.

`one_screen_update(widget, scenes)` wraps the code that changes several plots. When it leaves,
it publishes each scene's changes now, while the window's update request is held back, then lets
exactly one update request through: one sync paints every changed plot and widget together.
Nothing is drawn differently: the same items and regions are painted, once each.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QEvent, QMetaObject, QObject, Qt
from PySide6.QtWidgets import QGraphicsScene, QWidget

# QGraphicsScene's private slot that publishes its dirty items (Qt 5 and 6; invoked by name: a
# Qt without it leaves the scene to its own queued call, as before)
PUBLISH_SLOT = "_q_processDirtyItems"
LOW_PRIORITY = Qt.EventPriority.LowEventPriority.value  # as Qt posts a widget's update request


class _UpdateHold(QObject):
    """An event filter on a top-level widget that swallows its update requests and counts them."""

    def __init__(self) -> None:
        super().__init__()
        self.held = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.UpdateRequest:
            self.held += 1
            return True
        return False


def publish(scene: QGraphicsScene) -> bool:
    """Publish `scene`'s changed items to its views now (their viewports marked for repaint), as
    the scene's own queued call would; False where this Qt has no such slot."""
    try:
        return bool(QMetaObject.invokeMethod(scene, PUBLISH_SLOT, Qt.ConnectionType.DirectConnection))
    except (RuntimeError, TypeError):
        return False


@contextmanager
def one_screen_update(widget: QWidget, scenes: Iterable[QGraphicsScene]) -> Iterator[None]:
    """Run the body with `widget`'s window updates held; on leaving, publish `scenes` (an iterable
    read then: the plots the body changed may be listed after it) and post one update request.

    The window's repaint manager, whose request was swallowed, has its dirty regions still and
    sends no other request until one is delivered: one is always posted when any was held."""
    window = widget.window()
    hold = _UpdateHold()
    window.installEventFilter(hold)
    try:
        yield
        for scene in scenes:
            publish(scene)
    finally:
        window.removeEventFilter(hold)
        if hold.held:
            QCoreApplication.postEvent(window, QEvent(QEvent.Type.UpdateRequest), LOW_PRIORITY)
