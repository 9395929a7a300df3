# Two commands do all set-up on a fresh machine (Python 3.10+ and make):
#   make examples   install cfgov into .venv and check the bundled examples
#   make test       install the test tools into .venv and run the whole test suite
# .ci/run runs `make lint test test-python-reader docs`.
#
# cfgov's compiled YAML reader is built on install where a C compiler and libyaml's
# headers are found (Debian: libyaml-dev), and left out otherwise; `make test-python-reader`
# runs the suite again on an install built without it (in .venv-python-reader).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

PURE_VENV ?= .venv-python-reader

.PHONY: examples test test-python-reader lint docs browser libyaml clean

$(BIN)/.installed: pyproject.toml hatch_build.py src/cfgov/io/_reader.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,lint,docs,notebook,charts]'
	touch $@

examples: $(BIN)/.installed
	$(BIN)/cfgov check examples/

test: $(BIN)/.installed
	$(BIN)/python -m pytest

# The same suite on a copy of cfgov installed without its compiled reader (PyYAML only).
$(PURE_VENV)/bin/.installed: pyproject.toml hatch_build.py $(shell find src -type f -name '*.py')
	rm -rf $(PURE_VENV)
	$(PYTHON) -m venv $(PURE_VENV)
	CFGOV_COMPILED_READER=no $(PURE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check '.[test,notebook,charts,docs]'
	touch $@

test-python-reader: $(PURE_VENV)/bin/.installed
	CFGOV_TEST_READER=python $(PURE_VENV)/bin/python -m pytest -p no:cacheprovider

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

# libyaml's headers, for the compiled reader (Debian package libyaml-dev). .ci/run calls
# this so that CI always builds and tests the compiled reader.
libyaml:
	@test -f /usr/include/yaml.h || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libyaml-dev)

clean:
	rm -rf $(VENV) $(PURE_VENV) src/cfgov/io/_reader*.so docs/_build .pytest_cache .mypy_cache .ruff_cache
