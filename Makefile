# The README's two commands: `make run` and `make test`. Both set everything up on a fresh
# Debian machine (apt packages when root; otherwise they print what to install).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
APT_RUN  := libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libegl1 libgl1 \
            libfontconfig1 libdbus-1-3 libxcb-shape0 libxcb-randr0 libxcb-render-util0 \
            libxcb-image0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core
APT_TEST := libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 fonts-dejavu-core poppler-utils

.PHONY: run test lint bench screenshots installer system-run system-test clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

system-run:
	@bash installer/apt-deps.sh $(APT_RUN)

system-test:
	@bash installer/apt-deps.sh $(APT_TEST)

run: system-run $(STAMP)
	$(BIN)/archwise

# PYTEST_ARGS narrows the run: make test PYTEST_ARGS="-k journey" (CI gives none: the whole suite)
PYTEST_ARGS ?=

test: system-test $(STAMP)
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

# ruff (lint and format), mypy (pyproject's [tool.mypy]) and the import contracts
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/engine_sweep.py
	$(BIN)/python bench/accuracy.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/ui_latency.py
	$(BIN)/python bench/report_export.py
	$(BIN)/python bench/fleet_replan.py

screenshots: system-run $(STAMP)
	@command -v xvfb-run >/dev/null || bash installer/apt-deps.sh xvfb xauth
	QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1920x1080x24" $(BIN)/python tools/screenshots.py docs/screenshots
	# every page, normal and workshop mode, per screen size and scale (looked at, not committed)
	for run in 1366x768:1 1920x1080:1 1920x1080:1.5 2732x1536:2 1366x768:2; do \
		QT_SCALE_FACTOR=$${run#*:} QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 $${run%:*}x24" \
			$(BIN)/python tools/screenshots.py --matrix build/screenshots || exit 1; \
	done

installer: system-run $(STAMP)
	bash installer/build.sh

clean:
	rm -rf $(VENV) build dist
