# Two commands do all set-up on a fresh machine (Python 3.10+ and make):
#   make examples   install cfgov into .venv and check the bundled examples
#   make test       install the test tools into .venv and run the whole test suite
# .ci/run runs `make lint test docs`.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: examples test lint docs browser clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,lint,docs,notebook,charts]'
	touch $@

examples: $(BIN)/.installed
	$(BIN)/cfgov check examples/

test: $(BIN)/.installed
	$(BIN)/python -m pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

docs: $(BIN)/.installed
	$(BIN)/sphinx-build -W --keep-going -b html -q docs docs/_build/html

# The HTML report's browser test needs Chromium and ChromeDriver (Debian packages);
# without them it is skipped, except under CI. .ci/run calls this first.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver)

clean:
	rm -rf $(VENV) docs/_build .pytest_cache .mypy_cache .ruff_cache
