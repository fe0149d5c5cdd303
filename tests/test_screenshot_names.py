"""The README's screenshots and the files in docs/screenshots agree (window defects: the README
showed 05-report.png and 12-fleet-*.png while tools/screenshots.py wrote 06-report.png and
08-fleet-*.png, and shots no one referenced stayed behind). Every picture the README names exists,
and every committed picture is named by the README or written by the screenshot script."""

from __future__ import annotations

import re
from fnmatch import fnmatch
from pathlib import Path

from app.ui.main_window import PAGES

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"


def readme_patterns() -> list[str]:
    """The screenshot names (or globs) the README links to."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [m.rstrip(".") for m in re.findall(r"docs/screenshots/([\w*.-]+\.png)", text)]


def script_patterns() -> list[str]:
    """The names tools/screenshots.py writes into docs/screenshots, as globs."""
    text = (ROOT / "tools" / "screenshots.py").read_text(encoding="utf-8")
    pages = [f"{i + 1:02d}-{page.lower().replace(' ', '-')}.png" for i, page in enumerate(PAGES)]
    fixed = re.findall(r'outdir / "([\w-]+\.png)"', text)
    prefixed = [f"{p}-*.png" for p in re.findall(r'outdir / f"(\d\d-[a-z]+(?:-[a-z]+)*)-\{', text)]
    return pages + fixed + prefixed


def test_every_screenshot_the_readme_names_exists():
    for pattern in readme_patterns():
        assert any(fnmatch(p.name, pattern) for p in SHOTS.glob("*.png")), pattern


def test_every_committed_screenshot_is_named_by_the_readme_or_the_script():
    patterns = readme_patterns() + script_patterns()
    assert "06-report.png" in patterns and "08-fleet-*.png" in patterns
    orphans = [p.name for p in sorted(SHOTS.glob("*.png")) if not any(fnmatch(p.name, x) for x in patterns)]
    assert orphans == []


def test_the_readme_shows_what_the_script_writes():
    names = {p.name for p in SHOTS.glob("*.png")}
    readme = readme_patterns()
    for page_shot in ("06-report.png", "08-fleet.png"):
        assert page_shot in names and page_shot in readme
    assert not any(fnmatch(n, "12-fleet-*") for n in names)  # the old names are gone
