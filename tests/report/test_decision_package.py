"""The decision package read back with pypdf: sections, verdict, figures, sources, error page."""

import datetime as dt
import os

import pytest
import selection_factories as f
from pypdf import PdfReader
from report_cases import build_case

from app.domain import INSUFFICIENT_HARDWARE
from app.report import ReportError, ReportMeta, write_decision_package
from app.selection import build_matrix, sensitivity

SECTIONS = [
    "Contents",
    "1 Summary",
    "2 Workload and SLA",
    "3 System map",
    "4 Selection matrix",
    "5 Sizing of the shortlisted options",
    "6 Charts",
    "7 Inference strategy and what to avoid",
    "8 Path to production",
    "9 Assumptions and sources",
]


def export(tmp_path, scenario, sizing, catalog, meta, name="package.pdf"):
    matrix = build_matrix(sizing, catalog, scenario.workload)
    path = write_decision_package(tmp_path / name, scenario, sizing, matrix, catalog, meta, sensitivity(matrix))
    pages = [p.extract_text() for p in PdfReader(path).pages]
    return path, pages, matrix


def flat(text: str) -> str:
    return " ".join(text.split())


def test_sections_verdict_figures_and_sources(tmp_path, case, meta):
    scenario, sizing, catalog = case
    path, pages, matrix = export(tmp_path, scenario, sizing, catalog, meta)
    text = flat("\n".join(pages))
    for heading in SECTIONS:
        assert heading in text, heading
    assert "Capacity plan" in pages[0] and "2026-11-23" in pages[0] and "A. Architect" in pages[0]
    summary = flat(pages[2])
    assert "Verdict: feasible, the SLA is met" in summary
    assert f"Recommended: {sizing.recommended.label}" in summary
    assert "$50,000" in summary  # cost per month of the recommended option (1.0 x 50,000)
    top = matrix.top
    assert top.label == sizing.recommended.label  # the matrix and the engine agree here: one story
    assert f"selection matrix's first choice with the stated weights (a score of {100 * top.score:.0f} / 100" in summary
    for row in matrix.ranked:  # every score printed in the matrix
        assert f"{100 * row.score:.1f}" in text
    assert "non-compliant sensitivity: confidential data, the API accepts up to internal" in text
    for rec in [*catalog.models, *catalog.instances, *catalog.accelerators, *catalog.runtimes, *catalog.efficiency]:
        assert " ".join(rec.source.split()) in text, rec.source
    assert "Tensor parallelism 4 inside the NVLink domain" in text and "Avoid pipeline parallelism" in text
    assert "Prototype in Q1, pilot with 200 users" in text and "Platform team" in text
    assert f"page 3 of {len(pages)}" in pages[2]
    assert "max(bytes / (BW x MBU), flops / (peak x MFU)) + overhead" in text


def test_infeasible_scenario_produces_the_error_page(tmp_path, meta):
    scenario = f.scenario("Llama 70B on a Raspberry Pi")
    sizing = f.infeasible_sizing()
    _, pages, _ = export(tmp_path, scenario, sizing, f.catalog([f.model("Llama-3-70B-Instruct")]), meta)
    summary = flat(pages[2])
    assert INSUFFICIENT_HARDWARE in summary
    assert "Binding constraints" in summary
    assert "needs 140 GB for BF16 weights, the device has 4 GB" in summary
    assert "TTFT floor 3.1 s > SLA 10 ms" in summary and "3,100.0" in summary
    assert "Verdict: feasible" not in flat("\n".join(pages))


HOSTILE = ["<b>&\"'", "Zażółć gęślą jaźń", "Съешь же ещё", "数据中心", "<script>x</script> & &amp;"]


def test_hostile_user_text_survives(tmp_path):
    name = " ".join(HOSTILE[:4])
    scenario, sizing, catalog = build_case(
        scenario_name=name,
        description=HOSTILE[4],
        author=HOSTILE[2],
        system_map=dict(use_case=HOSTILE[0], data_boundary=HOSTILE[1], owner=HOSTILE[3]),
    )
    meta = ReportMeta(project="Projekt <ąę> & 项目", author="Ю & <i>", date=dt.date(2026, 11, 23))
    _, pages, _ = export(tmp_path, scenario, sizing, catalog, meta)
    text = "\n".join(pages)
    for s in HOSTILE + ["Projekt <ąę> & 项目", "Ю & <i>"]:
        assert s in text, s


def test_hostile_model_names_in_matrix_and_headings(tmp_path, meta):
    names = ["Model <b>one</b>", "Модель & два", "模型三"]
    scenario, sizing, catalog = build_case(model_names=names)
    _, pages, _ = export(tmp_path, scenario, sizing, catalog, meta)
    text = "\n".join(pages)
    for n in names:
        assert n in text


def test_many_candidates_paginate_with_the_header_repeated(tmp_path, meta):
    names = [f"Model-{i:02d}-Instruct" for i in range(60)]
    scenario, sizing, catalog = build_case(model_names=names)
    _, pages, matrix = export(tmp_path, scenario, sizing, catalog, meta)
    assert len(matrix.ranked) == 60
    matrix_pages = [p for p in pages if "Model-" in p and "[USD] ↓" in p and "Score" in p]
    assert len(matrix_pages) >= 2  # the ranked table continues, its header repeated
    text = flat("\n".join(pages))
    assert all(n in text for n in names)


def test_same_inputs_give_the_same_pdf(tmp_path, case, meta):
    scenario, sizing, catalog = case
    a, pages_a, _ = export(tmp_path, scenario, sizing, catalog, meta, "a.pdf")
    b, pages_b, _ = export(tmp_path, scenario, sizing, catalog, meta, "b.pdf")
    assert pages_a == pages_b
    assert a.read_bytes() == b.read_bytes()


def test_fonts_are_embedded_dejavu(tmp_path, case, meta):
    scenario, sizing, catalog = case
    path, _, _ = export(tmp_path, scenario, sizing, catalog, meta)
    pages = PdfReader(path).pages
    used = {
        str(font.get_object()["/BaseFont"])
        for page in pages
        for key, font in page["/Resources"]["/Font"].items()
        if key.encode() + b" " in page.get_contents().get_data()
    }
    assert {"/AAAAAA+DejaVuSans", "/AAAAAA+DejaVuSans-Bold"} <= used
    assert not any("Helvetica" in f for f in used)


def test_a_failed_export_leaves_the_old_file_and_no_temporary(tmp_path, case, meta):
    scenario, sizing, catalog = case
    path, _, _ = export(tmp_path, scenario, sizing, catalog, meta)
    before = path.read_bytes()
    with pytest.raises(AttributeError):
        write_decision_package(path, scenario, sizing, object(), catalog, meta)  # not a matrix
    assert path.read_bytes() == before
    assert sorted(p for p in os.listdir(tmp_path) if p != "archwise-home") == ["package.pdf"]  # no temporary


def test_missing_folder_is_a_clear_error(tmp_path, case, meta):
    scenario, sizing, catalog = case
    with pytest.raises(ReportError, match="does not exist"):
        write_decision_package(tmp_path / "nope" / "x.pdf", scenario, sizing, None, catalog, meta)


def test_very_long_user_text_wraps_and_continues(tmp_path, meta):
    long = ("A paragraph with a URL https://example.com/" + "x" * 300 + " ") * 40
    scenario, sizing, catalog = build_case(description=long, system_map=dict(use_case=long, owner="y" * 5000))
    _, pages, _ = export(tmp_path, scenario, sizing, catalog, meta.model_copy(update={"project": "p" * 400}))
    text = "".join("".join(p.split()) for p in pages)
    assert "y" * 5000 in text  # a 5,000-character word split across lines (and pages), nothing lost


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs a folder no file can be made in (Linux /proc)")
def test_unwritable_folder_names_the_users_file_not_a_temporary(case, meta):
    # CLI review finding 9: "[Errno 2] No such file or directory: '/proc/.r.pdf.3j8b9yc3.tmp'"
    scenario, sizing, catalog = case
    with pytest.raises(ReportError) as err:
        write_decision_package("/proc/r.pdf", scenario, sizing, None, catalog, meta)
    assert str(err.value).startswith("cannot write /proc/r.pdf: ")
    assert ".tmp" not in str(err.value)
