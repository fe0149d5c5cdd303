"""Entering and leaving workshop mode on a real X server (Xvfb), not only the offscreen platform
(issue 19): full screen covers the screen, and leaving puts the window back at exactly the
geometry it had, at 1366x768 and at 1920x1080. Each size runs in a child process (the pytest
process is offscreen); its screenshots are kept in the test's tmp folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("xvfb_probe.py")

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")


@pytest.fixture
def x_server(request):
    """An Xvfb of the requested size on a free display; its DISPLAY value."""
    width, height = request.param
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as r:
        number = r.readline().strip()  # Xvfb writes its display number when it accepts clients
    try:
        assert number, "Xvfb did not start"
        yield f":{number}", (width, height)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("x_server", [(1366, 768), (1920, 1080)], indirect=True, ids=["1366x768", "1920x1080"])
def test_workshop_mode_restores_the_exact_geometry_on_a_real_x_server(x_server, tmp_path):
    display, (width, height) = x_server
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    env.pop("QT_SCALE_FACTOR", None)
    done = subprocess.run(
        [sys.executable, str(PROBE), str(tmp_path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["platform"] == "xcb" and got["screen"] == [0, 0, width, height]
    assert got["workshop_view"] and got["reached_full_screen"], got
    assert got["workshop"] == [0, 0, width, height]
    assert got["after"] == got["before"], got
    assert got["page_after"] == 0  # the Catalog page, shown before entering
    assert got["pages_visible"], got  # the pages are back on screen, not a blank window
    for name in ("1-normal.png", "2-workshop.png", "3-left.png"):
        assert (tmp_path / name).stat().st_size > 0
