"""The help texts: the guide's sections (resources/help/guide.md, one '## Title {#id}' heading
each) and the glossary (resources/help/glossary.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from app.paths import HELP_DIR

_HEADING = re.compile(r"^## (?P<title>.+?)\s*\{#(?P<key>[\w-]+)\}\s*$")


@dataclass(frozen=True)
class Section:
    key: str  # 'analysis', 'workshop', ...
    title: str
    markdown: str


@dataclass(frozen=True)
class Term:
    term: str
    text: str


@cache
def guide_sections() -> tuple[Section, ...]:
    """The guide's introduction (key 'intro') and its sections, in order."""
    lines = (HELP_DIR / "guide.md").read_text(encoding="utf-8").splitlines()
    sections: list[Section] = []
    body: list[str] = []
    key, title = "intro", "Archwise in five minutes"
    for line in lines:
        match = _HEADING.match(line)
        if match:
            sections.append(Section(key, title, "\n".join(body).strip()))
            key, title, body = match["key"], match["title"], []
        elif not line.startswith("# "):
            body.append(line)
    sections.append(Section(key, title, "\n".join(body).strip()))
    shortcuts = page_shortcuts()
    return tuple(Section(x.key, x.title, x.markdown.replace("{page_shortcuts}", shortcuts)) for x in sections)


def page_shortcuts() -> str:
    """'Ctrl+1 Catalog, Ctrl+2 Scenarios, … ' for the navigation rail's pages, however many."""
    from app.ui.main_window import PAGES  # the rail's pages; the window imports this module

    return ", ".join(f"Ctrl+{k} {title}" for k, title in enumerate(PAGES[:9], start=1))


@cache
def glossary() -> tuple[Term, ...]:
    entries = yaml.safe_load((HELP_DIR / "glossary.yaml").read_text(encoding="utf-8")) or []
    return tuple(Term(str(e["term"]), " ".join(str(e["text"]).split())) for e in entries)


PAGE_SECTIONS = {  # a page's title -> the guide section F1 opens on it
    "Catalog": "catalog",
    "Scenarios": "scenarios",
    "Analysis": "analysis",
    "Selection matrix": "selection",
    "Deployment": "deployment",
    "Report": "report",
    "Measurements": "measurements",
    "Fleet": "fleet",
}
