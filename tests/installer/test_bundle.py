"""Checks a built bundle (skipped unless ARCHWISE_BUNDLE points at dist/archwise)."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import __version__
from app.paths import EXAMPLES_DIR

BUNDLE = os.environ.get("ARCHWISE_BUNDLE")
pytestmark = pytest.mark.skipif(not BUNDLE, reason="set ARCHWISE_BUNDLE to a built bundle folder")


def _run(*args, home: Path):
    exe = Path(BUNDLE) / "archwise"
    env = {"PATH": "/usr/bin:/bin", "ARCHWISE_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=120)


def test_version(tmp_path):
    out = _run("--version", home=tmp_path)
    assert out.returncode == 0
    assert __version__ in out.stdout


def test_size_acceptance_scenario(tmp_path):
    out = _run("size", str(EXAMPLES_DIR / "llama3-70b-on-8x-a100.yaml"), "--json", home=tmp_path)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["feasible"] is True
    assert result["recommended"]["tensor_parallel"] > 1
    # First start created the user's project from the bundled catalog.
    assert (tmp_path / "default.archwise").exists()


def test_report_to_pdf(tmp_path):
    pdf = tmp_path / "decision.pdf"
    out = _run("report", str(EXAMPLES_DIR / "llama3-70b-on-raspberry-pi.yaml"), "-o", str(pdf), home=tmp_path)
    assert out.returncode == 0, out.stderr
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Hardware constraints insufficient for SLA" in text
