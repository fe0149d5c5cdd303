"""Which power fields of each accelerator are sourced (issue 18: idle power and TDP for every
accelerator). Every record either carries idle_power_w with its reading quoted in notes
("idle_power_w N W: ... https://...") or says "idle_power_w: not found (searched ...)", and either
carries tdp_w or says "tdp_w: not published (searched ...)". A new accelerator without one of the
two fails here by name; `power_sources()` is the listing (printed with `pytest -s`)."""

from __future__ import annotations

import re

import pytest
import yaml

from app.domain import Accelerator, parse
from app.paths import CATALOG_DIR

SOURCED, NOT_FOUND, MISSING = "sourced", "not found (searched)", "MISSING"


def _accelerators() -> list[Accelerator]:
    records = yaml.safe_load((CATALOG_DIR / "accelerators.yaml").read_text(encoding="utf-8"))["records"]
    return [parse(Accelerator, r) for r in records]


def _notes(a: Accelerator) -> str:
    return " ".join((a.notes or "").split())


def idle_status(a: Accelerator) -> str:
    """SOURCED: the figure is quoted in notes with a URL; NOT_FOUND: notes say where it was sought."""
    notes = _notes(a)
    if a.idle_power_w is not None:
        quoted = re.search(rf"idle_power_w {a.idle_power_w:g} W: [^|]*?https?://", notes)
        return SOURCED if quoted else MISSING
    return NOT_FOUND if "idle_power_w: not found (searched" in notes else MISSING


def tdp_status(a: Accelerator) -> str:
    """SOURCED: tdp_w given (the record's source covers it); NOT_FOUND: notes say where it was sought."""
    if a.tdp_w is not None:
        return SOURCED
    return NOT_FOUND if "tdp_w: not published (searched" in _notes(a) else MISSING


def power_sources() -> dict[str, tuple[str, str]]:
    """{accelerator: (tdp_w status, idle_power_w status)} for the whole catalog."""
    return {a.name: (tdp_status(a), idle_status(a)) for a in _accelerators()}


ACCELERATORS = _accelerators()


@pytest.mark.parametrize("acc", ACCELERATORS, ids=[a.name for a in ACCELERATORS])
def test_power_fields_are_sourced_or_say_where_they_were_sought(acc):
    tdp, idle = tdp_status(acc), idle_status(acc)
    assert tdp != MISSING, f"{acc.name}: tdp_w empty and no 'tdp_w: not published (searched ...)' note"
    assert idle != MISSING, (
        f"{acc.name}: idle_power_w needs 'idle_power_w {acc.idle_power_w:g} W: <reading, date, URL>' in notes"
        if acc.idle_power_w is not None
        else f"{acc.name}: idle_power_w empty and no 'idle_power_w: not found (searched ...)' note"
    )


def test_listing_covers_every_accelerator_and_counts_the_sourced_ones():
    listing = power_sources()
    assert set(listing) == {a.name for a in ACCELERATORS}
    for name, (tdp, idle) in sorted(listing.items()):
        print(f"{name:34} tdp_w {tdp:22} idle_power_w {idle}")
    idle_sourced = sorted(n for n, (_, idle) in listing.items() if idle == SOURCED)
    # 2026-11-30: H100 SXM, A100 80/40 GB SXM (earlier) plus B200, H200, L40S, L4, A10, A10G, T4,
    # MI300X, MI355X, RTX 3090/4090/5090, RTX 6000 Ada and A100 80GB PCIe (17); then V100 32GB,
    # RTX PRO 6000, Gaudi 3, Raspberry Pi 5 (4GB), Apple M1 Max / M1 Ultra / M2 Max / M2 Ultra (25);
    # then H100 PCIe, GB200, GB10 (whole DGX Spark) (28); Apple M4 Pro (Mac mini) (29); MI325X (30);
    # then Apple M2 Pro (Mac mini 2023), Apple M3 Ultra, Ryzen AI Max+ 395 (Framework Desktop) and
    # Raspberry Pi 5 (8GB), whole systems at the wall (34); Apple M4 Max (Mac Studio, 64 GB: a lower bound) (35)
    assert len(idle_sourced) == 35, idle_sourced
    assert {
        "NVIDIA H200 SXM",
        "NVIDIA L4",
        "AMD Instinct MI300X",
        "Intel Gaudi 3",
        "Apple M2 Ultra",
        "Apple M2 Pro",
        "Apple M3 Ultra",
        "AMD Ryzen AI Max+ 395",
        "Raspberry Pi 5 (8GB)",
    } <= set(idle_sourced)
    # TDP: every discrete accelerator's vendor figure, plus Apple M1 Max / M2 Ultra / M4 Pro (measured
    # Mac maximum), GB10 (SoC, Hot Chips 2025) and Ryzen AI Max+ 395 (AMD default TDP) (33 of 45); then
    # Apple M2 Pro (Mac mini 2023 measured maximum) (34)
    tdp_sourced = sorted(n for n, (tdp, _) in listing.items() if tdp == SOURCED)
    assert len(tdp_sourced) == 34, tdp_sourced


DATE = (
    r"(\d{4}-\d{2}-\d{2}|(January|February|March|April|May|June|July|August|September|October|November|December) \d{4})"
)


@pytest.mark.parametrize("acc", [a for a in ACCELERATORS if a.idle_power_w is not None], ids=lambda a: a.name)
def test_every_idle_figure_quotes_a_date_with_its_source(acc):
    """The quoted reading ("idle_power_w N W: ...", up to its URL and the sentence after) names when it was
    taken or read: a figure an architect cannot date cannot be defended."""
    assert idle_quote_is_dated(acc), f"{acc.name}: idle reading without a date"


def idle_quote_is_dated(a: Accelerator) -> bool:
    """The idle reading's quotation (to the end of the sentence holding its URL) carries a date."""
    quote = re.search(rf"idle_power_w {a.idle_power_w:g} W: [^|]*?https?://\S+[^.]*", _notes(a))
    return bool(quote and re.search(DATE, quote.group(0)))


@pytest.mark.parametrize(
    "acc", [a for a in ACCELERATORS if a.vendor == "Apple" and a.tdp_w is not None], ids=lambda a: a.name
)
def test_apple_tdp_is_quoted_as_a_whole_system_measurement(acc):
    """Apple publishes no chip TDP: a filled tdp_w is its measured Mac maximum at the wall, quoted with its URL
    and said to be the whole system (so no host power is added on top)."""
    quote = re.search(rf"tdp_w {acc.tdp_w:g}: [^|]*?https?://", _notes(acc))
    assert quote, f"{acc.name}: tdp_w {acc.tdp_w:g} not quoted in notes"
    assert "whole" in _notes(acc) and "host_power_w 0" in _notes(acc)


def test_a_record_with_neither_figure_nor_note_is_caught():
    bare = Accelerator(
        name="Test X1",
        vendor="Test",
        efficiency_class="cpu",
        memory_gib=8,
        memory_bandwidth_gb_s=10,
        tflops_fp32=1,
        source="test",
        as_of="2026-11-30",
    )
    assert (tdp_status(bare), idle_status(bare)) == (MISSING, MISSING)
    # an idle figure whose reading is not quoted is not "sourced"
    unquoted = bare.model_copy(update={"tdp_w": 100.0, "idle_power_w": 20.0, "notes": "idles at about 20 W"})
    assert idle_status(unquoted) == MISSING
    quoted = unquoted.model_copy(update={"notes": "idle_power_w 20 W: nvidia-smi, 2025-01-01, https://example.org/x"})
    assert (tdp_status(quoted), idle_status(quoted)) == (SOURCED, SOURCED)
    assert idle_quote_is_dated(quoted)
    # sourced but undated: the date rule catches it
    undated = unquoted.model_copy(update={"notes": "idle_power_w 20 W: nvidia-smi, https://example.org/x (no date)"})
    assert idle_status(undated) == SOURCED and not idle_quote_is_dated(undated)
