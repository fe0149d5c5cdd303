"""tools/screenshots.py has a real command line: `--help` prints its usage and writes nothing (it
became an output folder named '--help' and ran the whole window), and a wrong option is refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TOOL = Path(__file__).resolve().parents[1] / "tools" / "screenshots.py"


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, str(TOOL), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )


def test_help_prints_the_usage_and_writes_nothing(tmp_path):
    done = _run(tmp_path, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: python tools/screenshots.py")
    for option in ("--measurements", "--matrix", "outdir"):
        assert option in done.stdout
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_option_is_refused_with_exit_status_2(tmp_path):
    done = _run(tmp_path, "--bogus")
    assert done.returncode == 2
    assert "unrecognized arguments: --bogus" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_measurements_and_matrix_exclude_each_other(tmp_path):
    done = _run(tmp_path, "--matrix", "--measurements")
    assert done.returncode == 2 and "not allowed with" in done.stderr
