"""Filling in a record the engine has just built, without validating it again field by field."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def set_fields(record: BaseModel, **values: Any) -> None:
    """Set `values` on `record`, a result the engine built a moment ago (an Option), as one plain
    assignment each.

    Domain records validate on assignment (`DomainModel`: an edit made in the window is checked
    there), which re-runs the record's validators for every field set: about 10 us each, and a
    what-if step sets ten fields on each of up to 40 options. The engine's own figures need no
    such check: the callers pass values already of each field's type (float, None, str, bool).
    A name the record does not have is refused (a typo must not pass silently)."""
    unknown = set(values) - set(type(record).model_fields)
    if unknown:
        raise AttributeError(f"{type(record).__name__} has no field(s) {', '.join(sorted(unknown))}")
    record.__dict__.update(values)
    record.__pydantic_fields_set__.update(values)
