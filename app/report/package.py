"""The decision package document: page templates, contents, page numbers, atomic write.

Deterministic: the canvas runs with invariant=1 (fixed creation date and document id) and
every list in the story is in a stable order, so the same inputs give the same PDF.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, KeepTogether, PageTemplate, Paragraph

from app import APP_NAME, __version__
from app.domain import Catalog, Scenario, Sizing
from app.domain.fleet_results import FleetPlan
from app.report.meta import ReportError, ReportMeta, creation_time
from app.report.numbering import is_numbered
from app.report.sections import Ctx, story
from app.report.styles import FONT, MUTED, RULE, register_fonts
from app.report.text import _CJK, CJK_FONT, markup

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 50.0, 56.0, 56.0


def _runs(text: str) -> list[tuple[str, str]]:
    return [(part, CJK_FONT if i % 2 else FONT) for i, part in enumerate(_CJK.split(text)) if part]


def _width(text: str, size: float) -> float:
    return sum(stringWidth(p, f, size) for p, f in _runs(text))


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, size: float, anchor: str = "left", max_width: float | None = None
) -> None:
    """drawString with CJK runs in the CID font (DejaVu has no CJK glyphs), cut to max_width."""
    if max_width is not None and _width(text, size) > max_width:
        while text and _width(text + "…", size) > max_width:
            text = text[: max(len(text) * 9 // 10, len(text) - 1) if len(text) > 40 else len(text) - 1]
        text += "…"
    runs = _runs(text)
    width = sum(stringWidth(p, f, size) for p, f in runs)
    if anchor == "right":
        x -= width
    for part, font in runs:
        canvas.setFont(font, size)
        canvas.drawString(x, y, part)
        x += stringWidth(part, font, size)


def _stamp(created: dt.datetime) -> TimeStamp:
    """reportlab's document time stamp set to `created` (UTC); invariant mode would say 2000-01-01."""
    ts = TimeStamp(invariant=1)
    ts.t = created.timestamp()
    ts.lt = created.utctimetuple()
    ts.YMDhms = tuple(ts.lt)[:6]
    ts.dhh = ts.dmm = 0
    ts.tzname = "UTC"
    return ts


def numbered_canvas(left_text: str, header_text: str, created: dt.datetime | None = None) -> type[Canvas]:
    """A canvas class that writes 'page N of M' once it knows M (pages are buffered)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            if created is not None:
                self._doc._timeStamp = _stamp(created)

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self._pageNumber > 1:
                    self._decorate(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _decorate(self, total: int) -> None:
            w, h = self._pagesize
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, h - MARGIN_TOP + 16, w - MARGIN_X, h - MARGIN_TOP + 16)
            self.line(MARGIN_X, MARGIN_BOTTOM - 18, w - MARGIN_X, MARGIN_BOTTOM - 18)
            self.setFillColor(MUTED)
            draw_text(self, MARGIN_X, h - MARGIN_TOP + 21, header_text, 7.5, max_width=w - 2 * MARGIN_X)
            draw_text(self, MARGIN_X, MARGIN_BOTTOM - 30, left_text, 7.5, max_width=w - 2 * MARGIN_X - 80)
            draw_text(self, w - MARGIN_X, MARGIN_BOTTOM - 30, f"page {self._pageNumber} of {total}", 7.5, "right")
            self.restoreState()

    return NumberedCanvas


class KeepHeadingWithNext(KeepTogether):
    """What reportlab groups for keepWithNext (a heading and what follows it).

    reportlab moves the whole group to the next page when it does not fit; a group taller than a
    page (a heading over a long table) then leaves the heading alone at the foot of a page. Here
    such a group starts where it stands when the headings and `FOLLOW_PT` of what follows fit."""

    FOLLOW_PT = 90.0  # points of the following flowable that must fit under its heading

    def split(self, aW, aH):  # noqa: N803 (reportlab's names)
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        frame = getattr(self, "_frame", None)
        page_h = frame._height if frame is not None else aH
        if page_h >= self._H:  # fits on a fresh page: keep it whole (reportlab's rule)
            return super().split(aW, aH)
        *heads, last = self._content
        need = sum(f.wrap(aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in heads)
        need += min(self.FOLLOW_PT, last.wrap(aW, aH)[1])
        out = list(self._content)
        if need > aH:
            out.insert(0, FrameBreak())
        return out


class PackageDoc(BaseDocTemplate):
    """Portrait pages, landscape pages for the wide matrix; H1/H2 feed the contents and outline."""

    keepTogetherClass = KeepHeadingWithNext  # noqa: N815 (reportlab's name)

    def __init__(self, filename: str, **kw):
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            invariant=1,
            initialFontName=FONT,
            initialFontSize=9,
            **kw,
        )  # no page names Helvetica
        pw, ph = A4
        lw, lh = landscape(A4)
        portrait = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            pw - 2 * MARGIN_X,
            ph - MARGIN_TOP - MARGIN_BOTTOM,
            id="p",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        wide = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            lw - 2 * MARGIN_X,
            lh - MARGIN_TOP - MARGIN_BOTTOM,
            id="l",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("title", [portrait], pagesize=A4),
                PageTemplate("portrait", [portrait], pagesize=A4),
                PageTemplate("landscape", [wide], pagesize=landscape(A4)),
            ]
        )
        self._heading_seq = 0

    def beforeDocument(self):
        self._heading_seq = 0

    def afterFlowable(self, flowable):
        if not isinstance(flowable, Paragraph) or flowable.style.name not in ("h1", "h2"):
            return
        level = 0 if flowable.style.name == "h1" else 1
        text = flowable.getPlainText()
        self._heading_seq += 1
        key = f"s{self._heading_seq}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        if level == 0 or is_numbered(flowable):
            self.notify("TOCEntry", (level, markup(text), self.page, key))


def write_decision_package(
    path: str | os.PathLike,
    scenario: Scenario,
    sizing: Sizing,
    matrix,
    catalog: Catalog,
    meta: ReportMeta | dict,
    sensitivity=None,
    fleet: FleetPlan | None = None,
) -> Path:
    """Write the PDF decision package to `path` atomically; returns the path.

    fleet: a portfolio's plan (app.services.fleet) to add as the Fleet section, or None.

    matrix / sensitivity: app.selection's SelectionMatrix and Sensitivity (or None). The file is
    built in a temporary file beside `path` and renamed over it, so a failure leaves no partial
    PDF. Raises ReportError (a DomainError) naming the file when it cannot be written.
    """
    meta = meta if isinstance(meta, ReportMeta) else ReportMeta.model_validate(meta)
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ReportError(f"cannot write {target}: the folder {folder} does not exist")
    register_fonts()
    ctx = Ctx(
        scenario=scenario, sizing=sizing, matrix=matrix, sens=sensitivity, catalog=catalog, meta=meta, fleet=fleet
    )
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:  # the user's path, not our temporary file's (CLI review finding 9)
        raise ReportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    os.close(fd)
    try:
        doc = PackageDoc(
            tmp,
            title=f"{meta.title}: {scenario.name}",
            author=meta.author or scenario.author,
            subject=f"{scenario.workload.name}",
            creator=f"{APP_NAME} {__version__}",
            producer=f"{APP_NAME} {__version__} (reportlab)",
        )
        footer = f"{APP_NAME} {__version__} · {meta.title} · {meta.date.isoformat()}"
        header = f"{meta.project + ' · ' if meta.project else ''}{scenario.name}"
        doc.multiBuild(story(ctx), canvasmaker=numbered_canvas(footer, header, creation_time(meta)))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, target)
    except OSError as exc:
        _discard(tmp)
        raise ReportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        _discard(tmp)
        raise
    return target


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
