# Palermo: the two commands a newcomer needs are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PURE := $(wildcard src/palermo/mse src/palermo/linkage src/palermo/disclosure src/palermo/htcds src/palermo/bench src/palermo/tabular.py src/palermo/graphics)

.PHONY: demo test setup lint system-deps serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# pycanon (independent k-anonymity check) and recordlinkage (FEBRL test data) pin old
	# numpy/pandas that would downgrade ours; both work with ours, so they come without their pins.
	$(BIN)/python -m pip install --quiet --no-deps 'pycanon==1.3.6' 'recordlinkage==0.16'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/palermo translations compile

demo: setup
	$(BIN)/palermo migrate --noinput
	$(BIN)/palermo demo setup
	$(BIN)/palermo runserver 127.0.0.1:8000

serve: setup
	$(BIN)/palermo runserver 127.0.0.1:8000

# System packages: Chromium for the browser tests, Pango and fonts for PDF reports (WeasyPrint).
# Installed when missing and we may use apt (root); otherwise those tests skip with a reason.
SYSTEM_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "warning: could not install$$missing; tests needing them will be skipped"; \
	  else echo "warning: missing$$missing and no apt-get as root; tests needing them will be skipped"; fi; \
	fi

lint: setup
	$(BIN)/ruff check src tests
	$(if $(PURE),$(BIN)/mypy $(PURE))

test: setup system-deps lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
