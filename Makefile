# Two commands do everything: `make serve` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
JS_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1
# Dates in the build (sitemap) come from the last commit, so two builds of a commit are identical.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

.PHONY: serve build test snapshots robustness other-models bench audit lock clean assets

serve: $(PY_STAMP) $(JS_STAMP) assets
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: $(PY_STAMP) $(JS_STAMP) assets
	$(BIN)/mkdocs build --strict

test: $(PY_STAMP) $(JS_STAMP) assets
	$(BIN)/pytest

# Rewrite tests/snapshots/ from the snippets' current output; review the diff before committing.
snapshots: $(PY_STAMP)
	$(BIN)/pytest tests/snippets/test_snippets.py --update-snapshots

# Rerun every experiment on the reporting seeds and rewrite its effects' pass rates (several minutes).
robustness: $(PY_STAMP)
	$(BIN)/python scripts/robustness.py --jobs 2

# Rerun them with thirty-two other pretrained models, trained the same way (about forty-five minutes).
other-models: $(PY_STAMP)
	$(BIN)/python scripts/robustness.py --other-models --jobs 2

bench: $(PY_STAMP) $(JS_STAMP) assets
	@for script in scripts/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Lighthouse scores of the built site (numbers to read, not a pass/fail test).
audit: build
	$(BIN)/python scripts/audit_pages.py site

# The in-page runner's browser assets (Pyodide, our wheel, the bundled runner); a no-op when up to date.
assets: $(PY_STAMP) $(JS_STAMP)
	$(BIN)/python scripts/build_assets.py

# Re-pin requirements.txt from the direct dependencies in requirements.in.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -q -r requirements.in
	.venv-lock/bin/pip freeze --exclude-editable | sort > requirements.txt
	rm -rf .venv-lock

$(PY_STAMP): requirements.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Python 3.12 or newer is needed, found " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(JS_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf site build dist node_modules $(VENV)
