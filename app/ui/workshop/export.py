"""Export the workshop session for the follow-up: each chart as a PNG (the projector's
high-contrast palette, thick lines, a marker shape per option, title, axis titles and the
options' names in the legend) and a slide deck with one slide per chart and one for the pinned
comparison (`app.services.session_export`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.ui.workshop.view import WorkshopView

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain import Catalog, Chart, DomainError
from app.logs import log_exception
from app.ui import file_dialogs
from app.ui.chart_export import write_atomically
from app.ui.workshop.steps import CHART_STEPS

PPTX = file_dialogs.FileKind("PowerPoint slides", (".pptx",))
PNG_SIZE = (1600, 900)  # [px] a 16:9 slide's picture
# The workshop's type (view.TICK_PT, AXIS_TITLE_PT) x this in the PNG: drawn about 10.4 in wide on
# its slide (deck.chart_picture_width), axis numbers and titles come out at 18 pt or more there,
# not the ~7 pt of a screen-sized chart (tgui4 D23)
PNG_TYPE_SCALE = 2.2
# the legend's: it names whole options, so larger would take the plot's width (about 14 pt on the slide)
LEGEND_SCALE = 1.6
TITLE_PT = "28pt"  # the chart's title in the PNG (the slide says it again in its title band)


def slide_type_pt(font_px: float, png_w: int = PNG_SIZE[0], png_h: int = PNG_SIZE[1]) -> float:
    """[pt] how large type of `font_px` px in a png_w x png_h chart PNG comes out on its slide."""
    from app.report.deck import INCH, chart_picture_width

    return font_px * chart_picture_width(png_w, png_h) / INCH / png_w * 72


def render_chart_png(chart: Chart, path: Path) -> Path:
    """`chart` drawn for the projector (workshop mode's high-contrast palette, as the deck's
    slides) at PNG_SIZE with its title, in type for the slide (PNG_TYPE_SCALE), to `path`: laid
    out at that size off screen and grabbed, so type and lines keep their proportions."""
    from app.ui.workshop.view import LEGEND_PT, projector_chart

    view = projector_chart(mode="workshop", scale=PNG_TYPE_SCALE)
    view.legend.setLabelTextSize(f"{round(LEGEND_PT * LEGEND_SCALE)}pt")
    try:
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        view.resize(*PNG_SIZE)
        view.show()
        view.getPlotItem().setTitle(chart.title, size=TITLE_PT, color=view.palette_["foreground"])
        view.set_chart(chart)
        QApplication.processEvents()  # the layout at its size before the grab
        image = view.grab().toImage()

        def write(tmp: Path) -> None:
            if not image.save(str(tmp), "PNG"):
                raise OSError(f"cannot write {tmp}")

        return write_atomically(Path(path), write)
    finally:
        view.hide()
        view.deleteLater()


def export_session(view: WorkshopView, deck_path: str | Path) -> list[Path]:
    """Write the PNGs (beside the deck: '<deck stem>-<step>.png') and the deck; returns the
    files written, the deck last. DomainError when there is nothing to export or a file fails."""
    from app.services.session_export import export_session_deck

    page = view.analysis
    sizing, scenario = page.current_sizing(), page.sized_scenario
    if sizing is None or scenario is None:
        raise DomainError("Nothing to export yet: run an analysis first.")
    deck_path = Path(file_dialogs.with_suffix(str(deck_path), PPTX))
    charts = {c.key: c for c in sizing.charts}
    written: list[Path] = []
    pairs = []
    for step in CHART_STEPS:
        chart = charts.get(step.chart_key or "")
        if chart is None:
            continue
        png = deck_path.with_name(f"{deck_path.stem}-{step.key}.png")
        written.append(render_chart_png(chart, png))
        pairs.append((chart, png))
    source = page.project_getter()
    catalog = source if isinstance(source, Catalog) else None
    project = None if catalog is not None else source
    # the Selection matrix page's weights: the deck recommends what the decision package does
    weights = (view.selection_weights() if view.selection_weights is not None else None) or None
    written.append(
        export_session_deck(
            deck_path, scenario, sizing, pairs, page.compare.pins(), catalog=catalog, project=project, weights=weights
        )
    )
    return written


def choose_and_export(window: Any, view: WorkshopView) -> None:
    """Ask where, export, and say what was written (or why not) in the status bar and a box."""
    scenario = view.analysis.sized_scenario
    stem = file_dialogs.stem_for(scenario.name if scenario is not None else "", "workshop")
    path = file_dialogs.save_path(window, "Export workshop session", [PPTX], f"{stem}-workshop.pptx")
    if not path:
        return
    try:
        written = export_session(view, path)
    except DomainError as exc:
        window.show_error("Export session", str(exc))
        return
    except Exception as exc:  # noqa: BLE001 - logged in full; the user reads one line
        where = log_exception("exporting the workshop session")
        window.show_error("Export session", f"The session could not be exported: {exc}. Details are in {where}.")
        return
    window.show_message(f"Exported {written[-1]} and {len(written) - 1} PNG(s) beside it")
