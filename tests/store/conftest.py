from __future__ import annotations

import pytest

from app.store import Project


@pytest.fixture
def project(tmp_path):
    p = Project.open(tmp_path / "test.archwise", create=True)
    yield p
    p.close()
