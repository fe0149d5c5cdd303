"""A measured run naming a device or model the catalog lacks lists the closest catalog names, as
`size` does (CLI review finding 8: "accelerator 'NVIDIA L41S' is not in the catalog" and nothing more)."""

from __future__ import annotations

from app.domain.measurement import MeasuredRun
from app.services import measurements as ms
from app.store.io_formats import catalog_from_dir


def test_unknown_device_and_model_name_the_closest():
    catalog = catalog_from_dir()
    run = MeasuredRun(id="unk.json#1", model="Qwen2.5-14B-Instruct", accelerator="NVIDIA L41S", runtime="vLLM")
    said = ms.unknown_names(run, catalog)
    assert said == ["accelerator 'NVIDIA L41S' is not in the catalog; closest: NVIDIA L40S, NVIDIA L4, NVIDIA T4"]
    run = MeasuredRun(id="unk.json#2", model="Qwen2.5-14B-Instrukt", accelerator="NVIDIA L40S", runtime="vLLM")
    (line,) = ms.unknown_names(run, catalog)
    assert line.startswith("model 'Qwen2.5-14B-Instrukt' is not in the catalog; closest: Qwen2.5-14B-Instruct")
