"""`archwise catalog list|show|import|export` and `archwise model import-config`."""

from __future__ import annotations

import argparse
import json

from app.cli import CliError, close_project
from app.domain.numbers import figure

# What `list` shows per kind besides the name and the source date.
LIST_FIELDS = {
    # tflops_fp16 is empty where it equals tflops_bf16; T4 and V100 have FP16 but no BF16 units
    "accelerators": ["vendor", "memory_gib", "memory_bandwidth_gb_s", "tflops_bf16", "tflops_fp16", "tflops_fp8"],
    "instances": ["provider", "accelerator", "accelerator_count", "price_on_demand_usd_per_hour", "capex_usd"],
    "models": ["family", "params_total_b", "params_active_b", "layers", "kv_heads", "max_context_tokens"],
    "runtimes": ["vendor", "license", "efficiency_multiplier"],
    "hosted_apis": ["provider", "model", "price_input_usd_per_mtok", "price_output_usd_per_mtok"],
    "efficiency": ["efficiency_class", "runtime", "step_overhead_ms", "calibrated"],
    "grid_regions": ["location", "grid_gco2e_per_kwh"],
}


def register(sub) -> None:
    cat = sub.add_parser(
        "catalog",
        help="list, show, import and export catalog records",
        description="Catalog records of the project (accelerators, instances, models, runtimes, "
        "hosted_apis, efficiency).",
    )
    csub = cat.add_subparsers(dest="catalog_command", metavar="ACTION")
    ls = csub.add_parser("list", help="list the records of one kind")
    ls.add_argument("kind", help=", ".join(LIST_FIELDS))
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--project", default=None)
    ls.set_defaults(handler=run_list)
    show = csub.add_parser("show", help="every field of one record")
    show.add_argument("kind")
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    show.add_argument("--project", default=None)
    show.set_defaults(handler=run_show)
    imp = csub.add_parser("import", help="import records from YAML, JSON or CSV (all validated first)")
    imp.add_argument("file")
    imp.add_argument("--project", default=None)
    imp.set_defaults(handler=run_import)
    exp = csub.add_parser("export", help="export the records of one kind to YAML, JSON or CSV")
    exp.add_argument("kind")
    exp.add_argument("-o", "--output", required=True, help="file to write; the format follows its suffix")
    exp.add_argument("--project", default=None)
    exp.set_defaults(handler=run_export)
    merge = csub.add_parser("merge", help="merge this release's shipped catalog, keeping your edits")
    merge.add_argument("--project", default=None)
    merge.set_defaults(handler=run_merge)
    cat.set_defaults(handler=lambda args: _usage(cat))

    model = sub.add_parser("model", help="models from Hugging Face config files")
    msub = model.add_subparsers(dest="model_command", metavar="ACTION")
    ic = msub.add_parser("import-config", help="import a model from a Hugging Face config.json (offline)")
    ic.add_argument("config", help="path to config.json")
    ic.add_argument("--name", default=None, help="catalog name (default: from the config or its folder)")
    ic.add_argument("--project", default=None)
    ic.set_defaults(handler=run_import_config)
    model.set_defaults(handler=lambda args: _usage(model))


def _usage(parser) -> int:
    parser.print_help()
    return 2


def _with_project(args, fn, read_only: bool = False):
    from app.services.catalog import open_project

    project = open_project(args.project, read_only=read_only)
    try:
        return fn(project)
    finally:
        close_project(project)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return figure(value)
    if hasattr(value, "value"):
        return str(value.value)
    return str(value)


def run_list(args: argparse.Namespace) -> int:
    from app.services.catalog import differs_from_shipped, list_records

    records, stale = _with_project(
        args, lambda p: (list_records(p, args.kind), differs_from_shipped(p, args.kind)), read_only=True
    )
    if args.json:
        print(json.dumps([r.model_dump(mode="json") for r in records], indent=2, ensure_ascii=False))
        return 0
    from app.cli.sizing_cmd import table

    fields = LIST_FIELDS[args.kind]
    header = ["name"] + fields + ["as of"]
    rows = [[r.name] + [_cell(getattr(r, f, None)) for f in fields] + [r.as_of.isoformat()] for r in records]
    print("\n".join(table(header, rows)))
    print(f"{len(records)} {args.kind}")
    older, edited = stale
    names = lambda xs: ", ".join(xs[:5]) + (f" and {len(xs) - 5} more" if len(xs) > 5 else "")
    if older:
        print(
            f"{len(older)} of them are from an older release and differ from this release's shipped catalog "
            f"({names(older)}): a project keeps its records until `archwise catalog merge`, which updates them."
        )
    if edited:
        print(
            f"{len(edited)} edited in this project differ from the shipped catalog ({names(edited)}); merge keeps them."
        )
    return 0


def run_show(args: argparse.Namespace) -> int:
    from app.services.catalog import show_record

    record = _with_project(args, lambda p: show_record(p, args.kind, args.name), read_only=True)
    data = record.model_dump(mode="json")
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    width = max(len(k) for k in data)
    for key, value in data.items():
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else _cell(value)
        print(f"{key.ljust(width)}  {' '.join(str(text).split())}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from app.services.catalog import import_records

    report = _with_project(args, lambda p: import_records(p, args.file))
    print(f"imported {args.file}: {report}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from app.services.catalog import export_records

    path = _with_project(args, lambda p: export_records(p, args.kind, args.output), read_only=True)
    print(f"wrote {path}")
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from app.services.catalog import merge_shipped_catalog

    report = _with_project(args, merge_shipped_catalog)
    print(f"merged the shipped catalog: {report}")
    return 0


def run_import_config(args: argparse.Namespace) -> int:
    from app.services.catalog import import_model_config

    model = _with_project(args, lambda p: import_model_config(p, args.config, args.name))
    active = f", {model.active_params_b:g}B active" if model.is_moe else ""
    print(
        f"imported {model.name}: {model.params_total_b:g}B parameters{active}, {model.layers} layers, "
        f"{model.attention_kind.value.upper()} ({model.attention_heads} heads, {model.kv_heads} KV heads)"
    )
    return 0


__all__ = ["register", "CliError"]
