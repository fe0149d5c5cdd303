"""Table columns, declared once: header, getter, format, alignment, editable.

Catalog columns are derived from the domain class's scalar fields so a new field appears
without UI changes; the header carries the unit taken from the field name.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

_UNITS = {
    "_gib": "GiB",
    "_gb_s": "GB/s",
    "_usd_per_hour": "USD/h",
    "_usd": "USD",
    "_w": "W",
    "_ms": "ms",
    "_gbps": "Gb/s",
    "_gb": "GB",
    "_per_s": "/s",
    "_s": "s",  # durations in seconds (billing_increment_s); the longer "_per_s" and "_gb_s" win
    "_days": "days",
    "_usd_per_month": "USD/month",
    "_usd_per_1m": "USD/1M tok",
    "_usd_per_mtok": "USD/1M tok",
    "_b": "billion",
    "_us": "µs",
}
_SPELLING = {
    "hf": "HF",
    "kv": "KV",
    "ttft": "TTFT",
    "tpot": "TPOT",
    "gpu": "GPU",
    "gpus": "GPUs",
    "api": "API",
    "moe": "MoE",
    "qk": "QK",
    "lora": "LoRA",
    "tdp": "TDP",
    "vcpus": "vCPUs",
    "ram": "RAM",
    "url": "URL",
}


def _words(text: str) -> str:
    """'kv heads' -> 'KV heads', 'vcpus' -> 'vCPUs': acronyms as people write them."""
    first, *rest = text.split()
    return " ".join([_SPELLING.get(first, first.capitalize())] + [_SPELLING.get(w, w) for w in rest])


def header_for(field: str) -> str:
    for suffix, unit in sorted(_UNITS.items(), key=lambda kv: -len(kv[0])):
        if field.endswith(suffix):
            base = field[: -len(suffix)].replace("_", " ").strip()
            return f"{_words(base)} [{unit}]"
    if field.startswith("tflops_"):
        return f"{field[7:].upper()} [TFLOP/s]"
    return _words(field.replace("_", " "))


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def sorts_before(a: Any, b: Any) -> bool:
    """Sort-key order for table proxies: empty cells first, numbers as numbers, and text when
    the two kinds differ."""
    if a is None or b is None:
        return a is None and b is not None
    try:
        return a < b
    except TypeError:
        return str(a) < str(b)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    getter: Callable[[Any], Any]
    fmt: Callable[[Any], str] = format_value
    alignment: Qt.AlignmentFlag = Qt.AlignLeft | Qt.AlignVCenter
    editable: bool = True


_SCALARS = (str, int, float, bool, dt.date)


def is_scalar(annotation: Any) -> tuple[bool, bool]:
    """(is a scalar we can edit in a cell, is numeric)."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return is_scalar(inner[0]) if len(inner) == 1 else (False, False)
    if origin is typing.Annotated:
        return is_scalar(args[0])
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return True, False
    if annotation in _SCALARS:
        return True, annotation in (int, float)
    return False, False


def columns_for(record_cls: type) -> list[Column]:
    """One column per scalar field of a domain record class, `name` first."""
    cols: list[Column] = []
    for key, info in record_cls.model_fields.items():
        scalar, numeric = is_scalar(info.annotation)
        if not scalar or key == "user_modified":
            continue
        cols.append(
            Column(
                key=key,
                header=header_for(key),
                getter=lambda rec, k=key: getattr(rec, k),
                alignment=(Qt.AlignRight | Qt.AlignVCenter) if numeric else (Qt.AlignLeft | Qt.AlignVCenter),
            )
        )
    # name first, the figures next, provenance last (the detail panel shows it in full)
    last = ("source", "as_of", "notes")
    cols.sort(key=lambda c: 0 if c.key == "name" else (2 + last.index(c.key) if c.key in last else 1))
    return cols


# The candidate lists (Analysis side panel, scenario editor): one column, the name with what
# identifies it ("AWS p5.48xlarge — 8× H100 SXM"); a group row shows its title and count.
CANDIDATE_COLUMNS: list[Column] = [
    Column("candidate", "Candidate", lambda c: c.label, str, Qt.AlignLeft | Qt.AlignVCenter, False),
]
