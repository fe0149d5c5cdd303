"""Fixtures for report tests."""

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_cases import build_case

from app.report import ReportMeta


@pytest.fixture
def case():
    return build_case()


@pytest.fixture
def meta():
    return ReportMeta(
        project="Capacity plan",
        author="A. Architect",
        date=dt.date(2026, 11, 23),
        created=dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC),
    )
