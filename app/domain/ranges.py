"""Finite numbers within a documented range: one validator for every numeric field.

A number enters Archwise from a YAML or CSV file, a Hugging Face config.json, a command-line
flag or a GUI field. Each of those can carry NaN, ±inf, 1e309 (which parses as inf), -0.0 or a
figure so large or so small that later arithmetic overflows (1e300 req/s, an accelerator with
1e-300 TFLOP/s). `Within` refuses all of them at the boundary, with a message that names the
allowed range::

    peak_to_mean: Annotated[float, Within(1, 1000)] = 2.0
    ttft_p95_ms: Annotated[float, Within(0, 1e9, low_open=True)] | None = None
    layers: Annotated[int, Within(1, 10_000)]

`Within.check(value, field)` is the same rule for code that is not a pydantic field (a CLI
flag, a CSV cell): it returns the number or raises DomainError naming the field.

The generic aliases in `app.domain.common` (PositiveFloat, NonNegativeInt, Fraction, ...) are
`Within` types with wide ceilings (MAGNITUDE_CEILING, INT_CEILING) so that products of a few
figures stay far below the float limit (1.8e308) and int64 (9.2e18).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from app.domain.errors import DomainError
from app.domain.wording import with_article

# Largest magnitude a float field accepts unless it says otherwise: 1e15 of anything (tokens,
# dollars, requests per second) is beyond any real deployment, and a product of five such
# figures (1e75) is still finite.
MAGNITUDE_CEILING = 1e15
# Smallest non-zero magnitude a strictly positive float accepts: divisions by such a figure stay
# below 1e24 instead of overflowing (an accelerator with 1e-300 TFLOP/s).
MAGNITUDE_FLOOR = 1e-9
# Largest whole number an int field accepts unless it says otherwise: the engine multiplies a few
# counts (layers x heads x head_dim x tokens) in int64, whose limit is 9.2e18.
INT_CEILING = 1_000_000_000


def _show(x: float) -> str:
    """A bound as people write it: 1,000 or 0.5 or 1e+15 (no locale, ASCII only)."""
    if x == int(x) and abs(x) < 1e12:
        return f"{int(x):,}"
    return f"{x:g}"


def _got(value: object) -> str:
    """The refused input, short: 'nan', '1e+300', "'1e309'", 'a 401-digit number'."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return with_article(f"{len(str(abs(value)))}-digit number")
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _as_float(value: object) -> float | None:
    """`value` as a finite-or-infinite float, None when it is no number (for wording only)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        return float(value)
    except (ValueError, OverflowError):
        return math.inf if isinstance(value, int) else None


_UNITS = (  # field-name endings (DESIGN: units live in field names) -> the unit an architect reads
    ("requests_per_s", "req/s"),
    ("tokens_per_s", "tokens/s"),
    ("_usd_per_hour", "USD/h"),
    ("_usd_per_kwh", "USD/kWh"),
    ("_gb_s", "GB/s"),
    ("_gbit_s", "Gbit/s"),
    ("_gib", "GiB"),
    ("_ms", "ms"),
    ("hours_per_day", "h a day"),
    ("_hours", "h"),
    ("_tokens", "tokens"),
    ("_usd", "USD"),
    ("_w", "W"),
)


def unit_of(field: str) -> str:
    """The unit a field's name carries ('requests_per_s' -> 'req/s', 'memory_gib' -> 'GiB'), or ''."""
    name = field.rsplit(".", 1)[-1].casefold()
    return next((unit for end, unit in _UNITS if name.endswith(end)), "")


def with_unit(message: str, field: str) -> str:
    """A range message with the field's unit after its bound: 'must be between 1 and 5 h, got 9'.
    Unchanged when the message ends in no number before ', got' ('must be a positive number')."""
    head, sep, tail = message.partition(", got ")
    unit = unit_of(field)
    if unit and sep and head.startswith("must be ") and head[-1:].isdigit():
        return f"{head} {unit}{sep}{tail}"
    return message


@dataclass(frozen=True)
class Within:
    """A finite number in [low, high]; `low_open` / `high_open` exclude the bound itself. Its
    message is worded by `describe` (NaN and inf are refused with the same words).

    Used as pydantic metadata (`Annotated[float, Within(0, 1)]`) it runs before the type's own
    validation (so NaN, inf and 1e309 get this message, not pydantic's) and checks the range
    after it. Negative zero becomes zero.
    """

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def describe(self, value: object = None) -> str:
        """The range as an architect says it: 'between 1 and 1,000', 'above 0 and at most 1',
        'at least 0 and below 1'. A range whose ceiling is only the overflow guard
        (MAGNITUDE_CEILING or more) says 'a positive number' or 'zero or a positive number', and
        names the guard only to a `value` that passes it (or the floor to one under it)."""
        lo, hi = _show(self.low), _show(self.high)
        if self.high >= MAGNITUDE_CEILING and not self.high_open:
            positive = (self.low == 0 and self.low_open) or (0 < self.low <= MAGNITUDE_FLOOR and not self.low_open)
            if positive:
                text = "a positive number"
            elif self.low == 0:
                text = "zero or a positive number"
            else:
                text = f"a number above {lo}" if self.low_open else f"a number of at least {lo}"
            number = _as_float(value)
            if number is not None and number > self.high:
                return f"{text} up to {hi}"
            if positive and number is not None and 0 < number < self.low:
                return f"{text} of at least {lo}"
            return text
        if self.low_open and self.high_open:
            return f"above {lo} and below {hi}"
        if self.low_open:
            return f"above {lo} and at most {hi}"
        if self.high_open:
            return f"at least {lo} and below {hi}"
        return f"between {lo} and {hi}"

    def _refuse(self, value: object) -> ValueError:
        return ValueError(f"must be {self.describe(value)}, got {_got(value)}")

    def _finite(self, value: Any) -> Any:
        """Before the type's validation: numbers (and numeric strings) must be finite. A boolean is
        refused: pydantic would read YAML's `true` as 1 (a rate of `true` sized as 1 req/s)."""
        if isinstance(value, bool):
            raise ValueError(f"must be a number, not {str(value).lower()}")
        if not isinstance(value, (int, float, str)):
            return value  # the type's own validation words the message for these
        try:
            number = float(value)
        except OverflowError:  # an int beyond the float range: 10**400
            raise self._refuse(value) from None
        except ValueError:
            return value  # not a number at all ('abc'): pydantic says so
        if not math.isfinite(number):
            raise self._refuse(value)
        return value

    def _in_range(self, value: Any) -> Any:
        """After the type's validation: the bounds, and -0.0 -> 0.0."""
        number = float(value)
        below = number <= self.low if self.low_open else number < self.low
        above = number >= self.high if self.high_open else number > self.high
        if below or above:
            raise self._refuse(value)
        return value + 0 if isinstance(value, int) else value + 0.0  # -0.0 + 0.0 == +0.0

    def check(self, value: float, field: str) -> float:
        """The same rule outside a pydantic model: `value`, or DomainError 'field: must be ...'."""
        try:
            return float(self._in_range(self._finite(value)))
        except ValueError as exc:
            raise DomainError(f"{field}: {with_unit(str(exc), field)}") from None

    def _whole(self, value: Any) -> Any:
        """Before an int field's validation: a number written in any form ('1e3', 2.0) that is a
        whole number in range is that integer; anything else is refused as 'a whole number from A
        to B' (pydantic's 'unable to parse string as an integer' says neither what nor which)."""
        value = self._finite(value)
        if isinstance(value, bool) or not isinstance(value, (int, float, str)) or isinstance(value, int):
            return value
        try:
            number = float(value)
        except ValueError:
            return value  # not a number at all ('abc'): pydantic says so
        lo, hi = _show(self.low), _show(self.high)
        if number != int(number) or not self.low <= number <= self.high:
            raise ValueError(f"must be a whole number from {lo} to {hi}, got {_got(value)}")
        return int(number)

    def _in_range_whole(self, value: Any) -> Any:
        """_in_range for an int field, worded as 'a whole number from A to B'."""
        try:
            return self._in_range(value)
        except ValueError:
            raise ValueError(
                f"must be a whole number from {_show(self.low)} to {_show(self.high)}, got {_got(value)}"
            ) from None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        inner = handler(source)
        checked = core_schema.no_info_after_validator_function(
            self._in_range_whole if source is int else self._in_range, inner
        )
        before = self._whole if source is int else self._finite
        return core_schema.no_info_before_validator_function(before, checked)


def range_of(model: type[Any], field: str) -> Within | None:
    """The Within a pydantic model's field declares (for a GUI spin box or a CLI flag)."""
    info = model.model_fields[field]
    for meta in info.metadata:
        if isinstance(meta, Within):
            return meta
    return None


__all__ = ["INT_CEILING", "MAGNITUDE_CEILING", "MAGNITUDE_FLOOR", "Within", "range_of", "unit_of", "with_unit"]
