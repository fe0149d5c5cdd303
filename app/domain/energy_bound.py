"""How an energy figure that leaves a part out, or rests on a maximum, is written, one wording for
an option and a deployment row (the options table, the deployment table, `size --json`, the CLI and
the PDF): the known part as a lower bound, "≥ 1,234 (no host)", with what it leaves out in words;
a figure whose host draws its catalogued maximum every hour as an upper bound, "≤ 9,988 (host max)".

A figure is a lower bound when a figure the energy needs is missing (`energy_missing`: the node's
host power, so the accelerators are counted alone), or, for CO2e, when a share of the energy is on
a grid of unknown intensity (`co2e_missing`). It is an upper bound when it is whole and a node's host
power is the catalog's maximum (system maximum minus the accelerators' TDP) drawn every hour
(`energy_host_max`, `Assumptions.host_power_fraction` empty)."""

from __future__ import annotations

from collections.abc import Sequence


def _host_only(energy_missing: Sequence[str]) -> bool:
    return all(g.startswith("host power") for g in energy_missing)


def lower_bound_note(energy_incomplete: bool, energy_missing: Sequence[str], co2e_missing: Sequence[str] = ()) -> str:
    """What the figure leaves out, in words: "host power not included", "not included: <figures>",
    "energy on a grid of unknown intensity not included" (CO2e only); "" when whole."""
    parts = []
    if energy_incomplete:
        host = _host_only(energy_missing)
        parts.append("host power not included" if host else "not included: " + ", ".join(energy_missing))
    if co2e_missing:
        parts.append("energy on a grid of unknown intensity not included")
    return "; ".join(parts)


def lower_bound_short(energy_incomplete: bool, energy_missing: Sequence[str], co2e_missing: Sequence[str] = ()) -> str:
    """A table cell's few words for `lower_bound_note`: "no host", "part", "no grid"; "" when whole."""
    words = []
    if energy_incomplete:
        words.append("no host" if _host_only(energy_missing) else "part")
    if co2e_missing:
        words.append("no grid")
    return ", ".join(words)


def lower_bound_cell(text: str, short: str) -> str:
    """A figure's cell: "≥ <text> (<short>)" for a lower bound, else `text`."""
    return f"≥ {text} ({short})" if short else text


UPPER_SHORT = "host max"


def energy_bound(
    has_figure: bool, energy_incomplete: bool, energy_missing: Sequence[str], host_max: Sequence[str]
) -> tuple[str | None, str]:
    """(bound, reason) of an energy figure: ("lower", "lower bound: host power not included") when it
    leaves a part out; ("upper", "upper bound: host at its catalogued maximum (<host_max>)") when it is
    whole but rests on a host's maximum; (None, "") when neither or when there is no figure."""
    if not has_figure:
        return None, ""
    if energy_incomplete:
        return "lower", "lower bound: " + lower_bound_note(True, energy_missing)
    if host_max:
        return "upper", (
            f"upper bound: host at its catalogued maximum every hour ({'; '.join(host_max)}); "
            "set the Host power assumption to your metered share"
        )
    return None, ""


def upper_bound_cell(text: str) -> str:
    """A figure's cell when it rests on a host maximum: "≤ <text> (host max)"."""
    return f"≤ {text} ({UPPER_SHORT})"
