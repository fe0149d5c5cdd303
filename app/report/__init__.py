"""The PDF decision package, drawn with reportlab. No Qt here.

reportlab is imported lazily (about 180 ms): importing `app.report` costs nothing until a
package is written.

    write_decision_package(path, scenario, sizing, matrix, catalog, meta, sensitivity=None, fleet=None)
"""

from __future__ import annotations

from app.report.meta import ReportError, ReportMeta


def write_decision_package(path, scenario, sizing, matrix, catalog, meta, sensitivity=None, fleet=None):
    """See app.report.package.write_decision_package (`fleet`: a FleetPlan for the Fleet section)."""
    from app.report.package import write_decision_package as write

    return write(path, scenario, sizing, matrix, catalog, meta, sensitivity, fleet=fleet)


__all__ = ["ReportError", "ReportMeta", "write_decision_package"]
