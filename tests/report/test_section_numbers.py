"""Section numbers are generated: the contents and the headings count 1, 2, 3 … and n.1, n.2 …
without gaps (a section left out, such as the hybrid chart, must not leave 6.2 → 6.4), and no
heading sits alone at the foot of a page. Read back with pypdf from a real package."""

from __future__ import annotations

import re

import pytest
from report_builders import written_package

from app.services.reporting import package_contents

# A steady job: flat hourly rates (deployment sub-sections depend on the traffic shape).
SCENARIO = {
    "name": "Steady summaries",
    "workload": {
        "name": "Summaries",
        "category": "inference_api",
        "traffic": {"requests_per_s": 3, "peak_to_mean": 1.0, "pattern": "steady"},
        "tokens": {"input_tokens": 2000, "output_tokens": 200},
        "sla": {"ttft_p95_ms": 2000, "tpot_p95_ms": 80},
    },
    "candidates": {
        "models": ["Llama-3.1-8B-Instruct"],
        "hardware": ["On-prem 8x H100 SXM (DGX H100)", "GCP a3-highgpu-8g", "Lambda 1x H100 SXM"],
        "precisions": ["bf16"],
    },
    "assumptions": {"horizon_years": 3},
}

NUMBER = re.compile(r"^(\d+)(?:\.(\d+))? \S")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return written_package(tmp_path_factory.mktemp("pdf"), SCENARIO, "Numbers").pages


def toc_numbers(pages: list[str]) -> list[tuple[int, int | None]]:
    contents = next(p for p in pages if p.lstrip().startswith("Contents"))
    out = []
    for line in contents.splitlines():
        m = NUMBER.match(line.strip())
        if m:
            out.append((int(m.group(1)), None if m.group(2) is None else int(m.group(2))))
    return out


def test_contents_numbers_are_consecutive(pages):
    numbers = toc_numbers(pages)
    assert len(numbers) >= 9
    major, minor = 0, 0
    for top, sub in numbers:
        if sub is None:
            assert top == major + 1, numbers
            major, minor = top, 0
        else:
            assert (top, sub) == (major, minor + 1), numbers
            minor = sub
    assert (6, 1) in numbers, numbers


def test_no_heading_alone_at_the_foot_of_a_page(pages):
    for k, text in enumerate(pages[2:], start=3):
        body = [ln for ln in text.splitlines() if ln.strip()][:-3]  # footer: project, header, page n of m
        if body and NUMBER.match(body[-1].strip()) and len(body[-1]) < 90:
            assert len(body) > 1, f"page {k} ends with the heading {body[-1]!r}"


def test_report_page_lists_the_sections_the_pdf_is_built_from():
    listed = " ".join(package_contents())
    for part in ("deployment", "quality evidence", "quality per dollar", "fleet", "path to production"):
        assert part in listed


def contents_number(pages: list[str], title: str) -> int:
    contents = next(p for p in pages if p.lstrip().startswith("Contents"))
    m = re.search(rf"^(\d+) {re.escape(title)}", contents, re.MULTILINE)
    assert m, (title, contents)
    return int(m.group(1))


def test_cross_references_in_the_text_name_the_generated_numbers(pages):
    """Before, the text typed "Quality evidence (section 4)" while the matrix was section 5."""
    text = " ".join(" ".join(p.split()) for p in pages)
    assert "[[section" not in text
    matrix = contents_number(pages, "Selection matrix")
    assert f"each score's source is under Quality evidence (section {matrix})." in text
    for m in re.finditer(r"\(section (\d+)\)", text):
        assert int(m.group(1)) in [n for n, sub in toc_numbers(pages) if sub is None]


def test_a_reference_follows_its_section_when_another_is_added_or_left_out():
    from reportlab.platypus import KeepTogether

    from app.report.numbering import heading, number_headings, ref
    from app.report.styles import para, table

    def story(extra: bool) -> list:
        out = [heading("Summary", 0), para(f"See the costs ({ref('Costs')}) and {ref('Fleet plan')}.")]
        out += [table([["Figure", "Where"], ["Latency", f"measured later ({ref('Costs')})"]], [100, 200])]
        if extra:
            out.append(heading("System map", 0))
        out.append(KeepTogether([heading("Costs", 0), para("…")]))
        return out

    for extra, number in ((False, 2), (True, 3)):
        s = story(extra)
        number_headings(s)
        assert s[1].text == f"See the costs (section {number}) and 'Fleet plan'."  # left out: its name
        cell = s[2]._cellvalues[1][1]
        assert cell.text == f"measured later (section {number})"
