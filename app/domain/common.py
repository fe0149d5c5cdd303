"""Shared pieces of the domain: the sourced-record base, precisions and validators."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.domain.errors import DomainError
from app.domain.ranges import INT_CEILING, MAGNITUDE_CEILING, MAGNITUDE_FLOOR, Within, with_unit

# Units live in field names; these aliases say what a number may be. Each is finite and within
# a stated range (app.domain.ranges.Within); a field with a tighter real range declares its own:
# `peak_to_mean: Annotated[float, Within(1, 1000)] = 2.0`.
PositiveFloat = Annotated[float, Within(MAGNITUDE_FLOOR, MAGNITUDE_CEILING)]
NonNegativeFloat = Annotated[float, Within(0, MAGNITUDE_CEILING)]
Fraction = Annotated[float, Within(0, 1)]
PositiveInt = Annotated[int, Within(1, INT_CEILING)]
NonNegativeInt = Annotated[int, Within(0, INT_CEILING)]
# Finite and >= 0 with no ceiling but the float limit: for engine results (a band of a figure),
# which may be far outside any plausible input range but must never be NaN or inf.
FiniteNonNegative = Annotated[float, Within(0, sys.float_info.max)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class Precision(StrEnum):
    """Numeric formats for weights, activations and the KV cache."""

    FP32 = "fp32"
    BF16 = "bf16"
    FP16 = "fp16"
    FP8 = "fp8"
    INT8 = "int8"
    INT4 = "int4"
    # Block-quantised weight formats (bits per weight in app.domain.formats): llama.cpp's GGUF
    # types and the 4-bit microscaling floats Blackwell tensor cores run natively.
    Q4_0 = "q4_0"
    Q4_K_M = "q4_k_m"
    Q5_K_M = "q5_k_m"
    Q8_0 = "q8_0"
    MXFP4 = "mxfp4"
    NVFP4 = "nvfp4"


# Storage bytes per element. INT4 group-quantised weights add scales (see engine.memory).
BYTES_PER_ELEMENT: dict[Precision, float] = {
    Precision.FP32: 4.0,
    Precision.BF16: 2.0,
    Precision.FP16: 2.0,
    Precision.FP8: 1.0,
    Precision.INT8: 1.0,
    Precision.INT4: 0.5,
    # block formats: their bits per weight / 8, scales included (app.domain.formats)
    Precision.Q4_0: 18 / 32,
    Precision.Q4_K_M: 4.8944 / 8,
    Precision.Q5_K_M: 5.7036 / 8,
    Precision.Q8_0: 34 / 32,
    Precision.MXFP4: 17 / 32,
    Precision.NVFP4: 36 / 64,
}


class DomainModel(BaseModel):
    """Base for every domain record: strict about unknown fields, validated on assignment."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=True,
        use_enum_values=False,
        frozen=False,
    )


class Sourced(DomainModel):
    """A catalog record: every figure can be traced to where it came from and when."""

    name: Name
    source: Annotated[str, Field(min_length=3)]
    as_of: dt.date
    notes: str = ""
    # True once the user edited this record; catalog merges keep such records as they are.
    user_modified: bool = False


_BOUNDS = {
    "greater_than": "more than",
    "greater_than_equal": "at least",
    "less_than": "less than",
    "less_than_equal": "at most",
}


def plain_message(err: Any) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) in an architect's words, without
    where it is: 'a name is required', "'two' is not a number", 'a whole number is needed'."""
    kind, ctx, value = err.get("type", ""), err.get("ctx") or {}, err.get("input")
    names = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)]
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return "a name is required" if names[-1:] == ["name"] else "a value is required"
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type"):
        return f"'{value}' is not a number"
    if kind == "int_from_float":
        return "a whole number is needed"
    if kind == "string_too_short":
        return f"at least {ctx.get('min_length')} characters are needed"
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters fit"
    if kind in _BOUNDS:
        return with_unit(f"must be {_BOUNDS[kind]} {next(iter(ctx.values()), '')}, got {value}", ".".join(names))
    if kind == "enum":
        return f"'{value}' is not one of {ctx.get('expected', 'the choices')}"
    return with_unit(str(err.get("msg", "")).removeprefix("Value error, "), ".".join(names))


def readable_errors(exc: ValidationError) -> str:
    """One line per problem, 'field: message' in an architect's words (`plain_message`), for a
    message box, a field or a terminal: the CLI and the GUI share it. A missing name reads 'A
    name is required' (a nested one: 'models.2: a name is required')."""
    parts = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        msg = plain_message(err)
        if loc[-1:] == ["name"] and msg == "a name is required":
            loc = loc[:-1]  # the message names the field itself
            msg = msg if loc else "A name is required"
        where = ".".join(loc)
        parts.append(f"{where}: {msg}" if where else msg)  # a whole-record rule names its fields itself
    return "; ".join(parts)


_M = TypeVar("_M", bound=BaseModel)


def parse(model_cls: type[_M], data: Any, what: str = "") -> _M:
    """Validate `data` as `model_cls`, turning pydantic's error into a DomainError."""
    try:
        return model_cls.model_validate(data)
    except ValidationError as exc:
        label = what or getattr(data, "get", lambda *_: None)("name") or model_cls.__name__
        raise DomainError(f"{label}: {readable_errors(exc)}") from None
