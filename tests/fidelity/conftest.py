"""Fixtures for the fidelity tests: bench/accuracy.py loaded as a module (bench/ is not a package)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from app.paths import ROOT


@pytest.fixture(scope="session")
def accuracy():
    path = ROOT / "bench" / "accuracy.py"
    spec = importlib.util.spec_from_file_location("archwise_bench_accuracy", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def measurements(accuracy):
    return accuracy.load_measurements()
