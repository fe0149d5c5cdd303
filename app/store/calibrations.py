"""The user's measured runs and fitted profiles, kept in the project file (issue 21).

Both live in the project's `meta` table as JSON documents (no schema change: a project written by
this version opens in an older one, which ignores the keys). Applying a calibration writes the
fitted efficiency record and the calibration's provenance in one transaction; reverting restores
the record that was there before (or removes the one the fit added), also in one transaction.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select

from app.domain import DomainError
from app.domain.measurement import Calibration, MeasuredRun
from app.store.project import Project, _dump
from app.store.schema import Meta, RecordRow

RUNS_KEY = "measurements.runs"
CALIBRATIONS_KEY = "measurements.calibrations"
_RUNS = TypeAdapter(list[MeasuredRun])
_CALS = TypeAdapter(list[Calibration])


def _read(project: Project, key: str) -> Any:
    text = project.setting(key)
    if not text:
        return []
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return []


def _valid(items: Any, adapter: TypeAdapter[Any]) -> list[Any]:
    """The items that validate; a damaged entry is left out rather than failing the page."""
    if not isinstance(items, list):
        return []
    out = []
    for item in items:
        try:
            out.extend(adapter.validate_python([item]))
        except ValidationError:
            continue
    return out


def measured_runs(project: Project) -> list[MeasuredRun]:
    """The runs imported into this project, in import order."""
    return _valid(_read(project, RUNS_KEY), _RUNS)


def save_runs(project: Project, runs: list[MeasuredRun]) -> None:
    """Replace the project's runs with `runs` (one transaction); ids must be unique."""
    ids = [r.id for r in runs]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise DomainError(f"run ids must be unique; repeated: {', '.join(dup[:3])}")
    project.set_setting(RUNS_KEY, _RUNS.dump_json(runs).decode())


def calibrations(project: Project) -> list[Calibration]:
    """Every calibration fitted and applied in this project, oldest first (reverted ones too)."""
    return _valid(_read(project, CALIBRATIONS_KEY), _CALS)


def _set(s: Any, key: str, value: str) -> None:
    row = s.get(Meta, f"setting.{key}")
    if row is None:
        s.add(Meta(key=f"setting.{key}", value=value))
    else:
        row.value = value


def apply_calibration(project: Project, cal: Calibration) -> Calibration:
    """Store the fitted profile as the project's efficiency record and its provenance, in one
    transaction; returns the calibration as stored (applied). A fit that moved nothing
    (`changed` False) is kept in the history only: the record in force is not touched."""
    stored = cal.model_copy(update={"applied": True})
    history = calibrations(project) + [stored]
    with project._session(f"calibrate {cal.profile}") as s:
        if cal.changed:  # a fit that moved nothing writes no record: the profile in force stays
            Project._put(s, "efficiency", cal.after)
        _set(s, CALIBRATIONS_KEY, _CALS.dump_json(history).decode())
    return stored


def revert_calibration(project: Project, profile: str) -> Calibration:
    """Put back the profile the latest applied calibration of `profile` replaced (the catalog's, or
    an earlier fit), or remove the record the fit added; one transaction. DomainError when the
    profile has no applied calibration."""
    history = calibrations(project)
    idx = next(
        (
            i
            for i in range(len(history) - 1, -1, -1)
            if history[i].profile.casefold() == profile.casefold() and history[i].applied
        ),
        None,
    )
    if idx is None:
        raise DomainError(f"'{profile}' has no applied calibration to revert")
    cal = history[idx]
    history[idx] = cal.model_copy(update={"applied": False})
    with project._session(f"revert {cal.profile}") as s:
        if not cal.changed:  # it wrote no record (apply_calibration): only the history changes
            _set(s, CALIBRATIONS_KEY, _CALS.dump_json(history).decode())
            return history[idx]
        row = s.scalar(
            select(RecordRow).where(RecordRow.kind == "efficiency", RecordRow.name_key == cal.profile.casefold())
        )
        if cal.replaced:
            if row is None:
                s.add(
                    RecordRow(
                        kind="efficiency",
                        name=cal.before.name,
                        name_key=cal.before.name.casefold(),
                        data=_dump(cal.before),
                        user_modified=cal.before.user_modified,
                    )
                )
            else:
                row.name, row.data, row.user_modified = cal.before.name, _dump(cal.before), cal.before.user_modified
        elif row is not None:
            s.delete(row)
        _set(s, CALIBRATIONS_KEY, _CALS.dump_json(history).decode())
    return history[idx]


__all__ = ["apply_calibration", "calibrations", "measured_runs", "revert_calibration", "save_runs"]
