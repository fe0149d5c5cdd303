"""`archwise portfolio` keeps portfolios in the project and `archwise fleet NAME` plans a saved one;
bad files and unknown names get one line on stderr and exit status 2."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.paths import EXAMPLES_DIR

SAAS = str(EXAMPLES_DIR / "fleet" / "saas-cascade.yaml")
SAAS_NAME = "SaaS assistant cascade (8B -> 70B -> hosted)"


@pytest.fixture
def project(tmp_path):
    return str(tmp_path / "p.archwise")


def one_line_error(capsys, argv):
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("archwise") and err.count("\n") == 1, err
    return err


def test_import_list_plan_by_name_export(capsys, project, tmp_path):
    assert main(["portfolio", "import", SAAS, "--name", "Cascade", "--project", project]) == 0
    assert main(["portfolio", "list", "--project", project]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Cascade"
    assert main(["fleet", "Cascade", "--json", "--project", project]) == 0
    by_name = json.loads(capsys.readouterr().out)
    assert main(["fleet", SAAS, "--json", "--project", project]) == 0
    by_file = json.loads(capsys.readouterr().out)
    assert by_name["portfolio"] == "Cascade" and by_file["portfolio"] == SAAS_NAME
    assert by_name["cost_usd_per_month"] == pytest.approx(by_file["cost_usd_per_month"])
    out = tmp_path / "cascade.yaml"
    assert main(["portfolio", "export", "Cascade", "-o", str(out), "--project", project]) == 0
    assert main(["fleet", str(out), "--json", "--project", project]) == 0


def test_rename_and_delete(capsys, project):
    assert main(["portfolio", "import", SAAS, "--project", project]) == 0
    assert main(["portfolio", "rename", SAAS_NAME, "B", "--project", project]) == 0
    assert main(["portfolio", "delete", "B", "--project", project]) == 0
    capsys.readouterr()
    assert main(["portfolio", "list", "--project", project]) == 0
    assert "(no portfolios saved)" in capsys.readouterr().out


def test_unknown_name_and_bad_files_exit_2(capsys, project, tmp_path):
    assert main(["portfolio", "import", SAAS, "--project", project]) == 0
    err = one_line_error(capsys, ["fleet", "Nope", "--project", project])
    assert "no portfolio named 'Nope'" in err and SAAS_NAME in err
    assert "no such portfolio file" in one_line_error(capsys, ["fleet", "missing.yaml", "--project", project])
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    assert "not valid YAML" in one_line_error(capsys, ["portfolio", "import", str(bad), "--project", project])
    one_line_error(capsys, ["portfolio", "import", SAAS, "--name", SAAS_NAME, "--project", project])
    one_line_error(capsys, ["portfolio", "delete", "Nope", "--project", project])
    one_line_error(capsys, ["portfolio", "export", "Nope", "-o", str(tmp_path / "x.yaml"), "--project", project])
    one_line_error(capsys, ["portfolio", "rename", SAAS_NAME, "", "--project", project])


def test_report_takes_a_saved_portfolio(capsys, project, tmp_path):
    from pypdf import PdfReader

    assert main(["portfolio", "import", SAAS, "--name", "Cascade", "--project", project]) == 0
    out = tmp_path / "package.pdf"
    scenario = str(EXAMPLES_DIR / "rag-assistant-cloud.yaml")
    assert main(["report", scenario, "-o", str(out), "--portfolio", "Cascade", "--project", project]) == 0
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Cascade" in text
    err = one_line_error(capsys, ["report", scenario, "-o", str(out), "--portfolio", "Nope", "--project", project])
    assert "no portfolio named 'Nope'" in err
