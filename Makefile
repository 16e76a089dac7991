# Set-up and the two entry points of the README. Works on a fresh Debian machine with Swift.
SWIFT ?= swift
APT_PACKAGES := libgsl-dev libfftw3-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps demo test build notebooks browser-check

# Installs the Debian packages the build links against, only if one is missing.
deps:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y $(APT_PACKAGES); \
	fi

build: deps
	$(SWIFT) build -c release

# The main job: build in release mode and run the tool on a bundled example.
demo: build
	./scripts/demo.sh .build/release/ctxlimits

test: deps
	$(SWIFT) test

# Executes the notebooks headlessly against the debug build (installs their Python packages).
notebooks: deps
	$(SWIFT) build
	python3 -m pip install -q --disable-pip-version-check nbclient nbformat ipykernel pandas matplotlib
	CTXLIMITS=.build/debug/ctxlimits python3 Notebooks/run_notebooks.py

# Renders check --report pages in headless Chromium at 1280 and 390 px: no console errors, no blank screenshot,
# no text cut at the viewport edge, tables in scroll containers, no figure text below 11 px.
browser-check: deps
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium fonts-dejavu-core; }
	$(SWIFT) build
	python3 -m pip install -q --disable-pip-version-check pillow
	python3 scripts/check_report_browser.py .build/debug/ctxlimits
