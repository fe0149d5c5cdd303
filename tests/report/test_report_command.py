"""`archwise report` and the reporting services: dates, weights, and the two acceptance examples."""

import datetime as dt

import pytest
from pypdf import PdfReader

from app.cli import CliError, main
from app.cli.report_cmd import parse_weights
from app.domain import INSUFFICIENT_HARDWARE, DomainError
from app.paths import EXAMPLES_DIR
from app.services.reporting import report_date


def test_report_date_given_epoch_or_today(monkeypatch):
    assert report_date("2026-11-23") == dt.date(2026, 11, 23)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    assert report_date() == dt.date(2023, 11, 14)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert report_date() == dt.date.today()
    with pytest.raises(DomainError, match="YYYY-MM-DD"):
        report_date("23/11/2026")


def test_weights_parse_and_refuse_garbage():
    assert parse_weights(["quality=4", " cost_per_mtok = 0.5"]) == {"quality": 4.0, "cost_per_mtok": 0.5}
    with pytest.raises(CliError, match="CRITERION=NUMBER"):
        parse_weights(["quality"])
    with pytest.raises(CliError, match="CRITERION=NUMBER"):
        parse_weights(["quality=high"])


@pytest.mark.parametrize(
    "example, verdict",
    [
        ("llama3-70b-on-8x-a100.yaml", "Verdict: feasible, the SLA is met"),
        ("llama3-70b-on-raspberry-pi.yaml", INSUFFICIENT_HARDWARE),
    ],
)
def test_report_command_on_the_acceptance_examples(tmp_path, example, verdict, capsys):
    out = tmp_path / "package.pdf"
    rc = main(
        [
            "report",
            str(EXAMPLES_DIR / example),
            "-o",
            str(out),
            "--date",
            "2026-11-23",
            "--author",
            "Zofia <Ż>",
            "--project",
            str(tmp_path / "p.archwise"),
        ]
    )
    assert rc == 0, capsys.readouterr().err
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert verdict in " ".join(pages[2].split())
    assert "Zofia <Ż>" in pages[0]
    assert "9 Assumptions and sources" in "\n".join(pages)


def test_report_command_bad_weight_is_one_line_and_exit_2(tmp_path, capsys):
    rc = main(["report", "missing.yaml", "-o", str(tmp_path / "x.pdf"), "--weight", "speed"])
    assert rc == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("archwise:") and "\n" not in err
    assert not (tmp_path / "x.pdf").exists()
