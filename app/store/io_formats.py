"""Catalog records to and from YAML, JSON and CSV files. Reading validates every record
before anything is returned; writing goes to a temporary file that is then renamed."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from app.domain import CATALOG_KINDS, Catalog, DomainError, Sourced, parse
from app.paths import CATALOG_DIR

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader is ~10x faster
KIND_COLUMN = "catalog_kind"  # CSV column naming the record kind
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv"}


def format_of(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise DomainError(f"{path.name}: use a .yaml, .yml, .json or .csv file") from None


def check_kind(kind: str) -> str:
    if kind not in CATALOG_KINDS:
        raise DomainError(f"unknown kind '{kind}'; kinds are {', '.join(CATALOG_KINDS)}")
    return kind


def read_text(p: Path, what: str = "file") -> str:
    """A UTF-8 text file, or a DomainError naming it and what went wrong."""
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DomainError(f"{p}: no such {what}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DomainError(f"{p}: cannot read it ({exc})") from None


def yaml_error(p: Path, exc: Exception) -> DomainError:
    """'FILE: not valid YAML at line N' for a parse error."""
    mark = getattr(exc, "problem_mark", None)
    return DomainError(f"{p.name if p.name else p}: not valid YAML" + (f" at line {mark.line + 1}" if mark else ""))


def read_records(path: str | os.PathLike[str]) -> list[tuple[str, Sourced]]:
    """(kind, record) pairs from a YAML/JSON file (`kind:` + `records:`, or a list of files'
    worth under `catalog:`) or a CSV file (a `catalog_kind` column, or the kind as the file name;
    not `kind`, which accelerators use for gpu/npu/...).
    Every record is validated; the first bad one raises DomainError naming file, row and field."""
    p = Path(path)
    fmt = format_of(p)
    text = read_text(p)
    if fmt == "csv":
        return _read_csv(p, text)
    try:
        data = yaml.load(text, Loader=YAML_LOADER) if fmt == "yaml" else json.loads(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else (f" at line {exc.lineno}" if hasattr(exc, "lineno") else "")
        raise DomainError(f"{p.name}: not valid {fmt.upper()}{line}") from None
    if not isinstance(data, dict) or "records" not in data:
        raise DomainError(f"{p.name}: expected a mapping with 'kind' and 'records' (as in catalog/*.yaml)")
    kind = check_kind(str(data.get("kind") or p.stem))
    records = data["records"]
    if not isinstance(records, list):
        raise DomainError(f"{p.name}: 'records' must be a list")
    out = []
    for n, raw in enumerate(records, 1):
        if not isinstance(raw, dict):
            raise DomainError(f"{p.name}: record {n} is not a mapping")
        out.append((kind, parse(CATALOG_KINDS[kind], raw, what=f"{p.name}: record {n} ({raw.get('name', '?')})")))
    return out


def _read_csv(p: Path, text: str) -> list[tuple[str, Sourced]]:
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        raise DomainError(f"{p.name}: not valid CSV ({exc})") from None
    if not rows:
        raise DomainError(f"{p.name}: no rows")
    out = []
    for n, row in enumerate(rows, 2):  # row 1 is the header
        kind = check_kind((row.pop(KIND_COLUMN, None) or p.stem).strip())
        data = _unflatten({k: v for k, v in row.items() if k is not None and v not in (None, "")})
        out.append((kind, parse(CATALOG_KINDS[kind], data, what=f"{p.name}: row {n} ({data.get('name', '?')})")))
    return out


def _unflatten(flat: dict[str, str]) -> dict[str, Any]:
    """Dotted columns become nested mappings; cells that hold JSON (lists, objects) are decoded."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        value = value.strip()
        if value[:1] in "[{":
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(value)
        node = out
        parts = key.strip().split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and all(not isinstance(v, (dict, list)) for v in value.values()):
            out.update(_flatten(value, name + "."))
        elif isinstance(value, (dict, list)):
            out[name] = json.dumps(value, ensure_ascii=False)
        elif value is None:
            out[name] = ""
        else:
            out[name] = str(value)
    return out


def render(kind: str, records: list[Sourced], fmt: str) -> str:
    dumped = [r.model_dump(mode="json", exclude_defaults=True) for r in records]
    if fmt == "yaml":
        return yaml.safe_dump({"kind": kind, "records": dumped}, sort_keys=False, allow_unicode=True)
    if fmt == "json":
        return json.dumps({"kind": kind, "records": dumped}, indent=2, ensure_ascii=False) + "\n"
    flat = [_flatten(d) for d in dumped]
    columns = [KIND_COLUMN] + list(dict.fromkeys(k for row in flat for k in row))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in flat:
        writer.writerow({KIND_COLUMN: kind, **row})
    return buf.getvalue()


def write_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write `text` to a temporary file beside `path`, then rename it over `path`."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise DomainError(f"{folder}: no such folder")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an export gets the usual permissions
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


def read_catalog_dir(catalog_dir: Path = CATALOG_DIR) -> dict[str, list[Sourced]]:
    """The catalog files of a folder (the shipped `catalog/` by default), validated; a kind
    whose file is missing is simply empty."""
    out: dict[str, list[Sourced]] = {}
    for kind in CATALOG_KINDS:
        path = catalog_dir / f"{kind}.yaml"
        out[kind] = [r for _, r in read_records(path)] if path.exists() else []
    return out


def catalog_from_dir(catalog_dir: Path = CATALOG_DIR) -> Catalog:
    """The same as one Catalog, for the engine without a project (benchmarks, tests)."""
    return Catalog(**read_catalog_dir(catalog_dir))
