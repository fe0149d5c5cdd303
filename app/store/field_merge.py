"""Field-level merging of one record's JSON: what an edit changed, and that change applied to the
record as stored now, so an edit writes only the fields it changed (a change another window made
meanwhile to other fields is kept).

A field is a path of keys through nested objects ("workload", "traffic", "requests_per_s"); a
list or a scalar is one field as a whole. Pure functions on JSON-like dicts: no store, no Qt.
"""

from __future__ import annotations

from typing import Any

Path = tuple[str, ...]
_MISSING: Any = object()  # a key absent on one side


def changed_fields(before: dict[str, Any], after: dict[str, Any], at: Path = ()) -> list[Path]:
    """The paths of the fields whose values differ between `before` and `after` (a key present on
    one side only is a changed field), in `after`'s order then `before`'s."""
    out: list[Path] = []
    for key in [*after, *(k for k in before if k not in after)]:
        old, new = before.get(key, _MISSING), after.get(key, _MISSING)
        if isinstance(old, dict) and isinstance(new, dict):
            out.extend(changed_fields(old, new, (*at, key)))
        elif old is _MISSING or new is _MISSING or old != new:
            out.append((*at, key))
    return out


def value_at(data: dict[str, Any], path: Path) -> Any:
    """The value at `path` in `data`, or a marker that equals only itself when it is absent."""
    value: Any = data
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return _MISSING
        value = value[key]
    return value


def applied(data: dict[str, Any], source: dict[str, Any], paths: list[Path]) -> dict[str, Any]:
    """A copy of `data` with each field of `paths` set to its value in `source` (removed where
    `source` has none); the other fields are `data`'s."""
    out = _copied(data)
    for path in paths:
        value = value_at(source, path)
        node = out
        for key in path[:-1]:
            child = node.get(key)
            if not isinstance(child, dict):
                child = node[key] = {}
            node = child
        if value is _MISSING:
            node.pop(path[-1], None)
        else:
            node[path[-1]] = value
    return out


def _copied(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _copied(v) if isinstance(v, dict) else v for k, v in data.items()}


def field_label(path: Path) -> str:
    """'budget usd per month' for ('workload', 'budget_usd_per_month'): the field's own name."""
    return path[-1].replace("_", " ") if path else ""
