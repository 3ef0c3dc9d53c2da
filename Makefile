# Two commands: `make test` and `make run`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TORCH := torch==2.13.0

.PHONY: install browser test run index lint eval bench clean

$(STAMP): pyproject.toml requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# CPU torch first: otherwise sentence-transformers pulls several GB of CUDA wheels
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The UI tests drive Debian's chromium through Playwright (no browser download); install it, and a CJK font
# for the screenshot, when missing.
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; } || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

index: $(STAMP)
	$(BIN)/assistant index

test: $(STAMP) browser
	$(BIN)/ruff check assistant tests
	$(BIN)/python -m pytest -q

run: $(STAMP)
	$(BIN)/assistant index --quiet
	$(BIN)/assistant serve

eval: $(STAMP)
	$(BIN)/assistant eval

# quality against the alternatives, speed, load; add --scale 10000,100000 for the scale series (slow)
bench: $(STAMP)
	$(BIN)/assistant bench --quality --speed --load --out bench

clean:
	rm -rf indexes .pytest_cache
