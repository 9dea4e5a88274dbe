# Clew developer entry points: `make run` opens the app, `make test` runs the tests.
#
#   make run       create .venv if needed, install Clew into it, check system libraries, start Clew
#                  (VAULT=~/notes opens that folder; else the last vault, the demo vault at first)
#   make install   set up .venv, then put `clew` on your PATH (~/.local/bin) with a menu entry and icon
#   make uninstall take them away again (the checkout and its .venv stay)
#   make test      same set-up (plus PyInstaller), then the whole test suite offscreen, the installer too
#   make test-quick    the suite without the "packaging" tests (which build the installer, ~40 s)
#   make package   build the Linux bundle (dist/clew) and the .deb (dist/clew_VERSION_ARCH.deb)
#   make test-package  only the "packaging" tests: build both in a scratch folder and test them
#   make bench     generate 10k- and 100k-note vaults under /tmp, print the performance figures (BENCH_ARGS)
#   make screenshots   regenerate the README's pictures (docs/img/*.png) from the sample vaults
#   make sysdeps   check the Debian/Ubuntu packages Qt needs; install them as root, else print the line
#   make clean     remove .venv, build artefacts and caches
#
# Variables: PYTHON=/path/to/python3.11 picks the interpreter for the venv;
#            PYTEST_ARGS="-k backlinks -x" is passed on to pytest.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
# Touched after `pip install -e '.[test]'`; older than pyproject.toml means "install again".
STAMP  := $(VENV)/.clew-installed
# Touched after `pip install -e '.[test,package]'` (PyInstaller, for the installers).
PKG_STAMP := $(VENV)/.clew-package-installed
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
PYTEST_ARGS ?=

# Qt runtime libraries.
QT_DEBS := libglib2.0-0 libgl1 libegl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0
# Xvfb and the xcb platform plugin, for screenshots under a virtual display.
XVFB_DEBS := xvfb xauth libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
             libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1
# Fonts for Chinese, Japanese, Korean and emoji in notes.
FONT_DEBS := fonts-noto-cjk fonts-noto-color-emoji
# What building and checking the .deb calls (packaging/build.py, tests/test_packaging.py).
BUILD_DEBS := binutils dpkg desktop-file-utils
SYS_DEBS  := $(QT_DEBS) $(XVFB_DEBS) $(FONT_DEBS) $(BUILD_DEBS)
# What to look for with ldconfig where there is no dpkg.
SYS_LIBS  := libglib-2.0.so.0 libGL.so.1 libEGL.so.1 libX11.so.6 libdbus-1.so.3 libfontconfig.so.1 \
             libfreetype.so.6 libxkbcommon.so.0 libxkbcommon-x11.so.0 libxcb-cursor.so.0

# Where `make install` puts the command, the menu entry and the icon (the XDG user folders).
PREFIX ?= $(HOME)/.local
BIN_DIR      := $(PREFIX)/bin
BIN_LINK     := $(BIN_DIR)/clew
DESKTOP_FILE := $(PREFIX)/share/applications/clew.desktop
ICON_FILE    := $(PREFIX)/share/icons/hicolor/scalable/apps/clew.svg

.PHONY: help run install uninstall test test-quick bench screenshots package test-package sysdeps venv clean

help:
	@sed -n '3,12s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

run: $(STAMP) sysdeps
	$(VENV)/bin/clew $(VAULT)

# The command is a link to the venv's script, which runs the venv's Python on this checkout:
# edits and `git pull` take effect without installing again; `make clean` breaks the link.
install: $(STAMP) sysdeps
	@mkdir -p "$(BIN_DIR)" "$(dir $(DESKTOP_FILE))" "$(dir $(ICON_FILE))"
	ln -sfn "$(CURDIR)/$(VENV)/bin/clew" "$(BIN_LINK)"
	sed 's|^Exec=clew |Exec=$(BIN_LINK) |' resources/clew.desktop > "$(DESKTOP_FILE)"
	cp resources/icons/clew.svg "$(ICON_FILE)"
	-@command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$(dir $(DESKTOP_FILE))"
	@case ":$$PATH:" in *":$(BIN_DIR):"*|*":$(BIN_DIR)/:"*) \
	  echo "Installed: run 'clew' or 'clew ~/notes', or Clew in the applications menu." ;; \
	  *) echo "Installed $(BIN_LINK); $(BIN_DIR) is not on your PATH: add it in ~/.profile with"; \
	     echo "  export PATH=\"$(BIN_DIR):\$$PATH\"" ;; esac

uninstall:
	rm -f "$(BIN_LINK)" "$(DESKTOP_FILE)" "$(ICON_FILE)"

test: $(PKG_STAMP) sysdeps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/ $(PYTEST_ARGS)

test-quick: $(STAMP) sysdeps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not packaging" tests/ $(PYTEST_ARGS)

bench: $(STAMP) sysdeps
	$(PY) bench/run.py $(BENCH_ARGS)

screenshots: $(STAMP) sysdeps
	$(PY) docs/screenshots.py

package: $(PKG_STAMP) sysdeps
	$(PY) packaging/build.py

test-package: $(PKG_STAMP) sysdeps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m packaging tests/ $(PYTEST_ARGS)

venv: $(STAMP)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -e '.[test]'
	@touch $@

$(PKG_STAMP): $(STAMP)
	$(PY) -m pip install -e '.[test,package]'
	@touch $@

# Create the venv. Debian/Ubuntu ship venv's ensurepip apart (python3.X-venv): install it as
# root, or say which package is missing.
$(PY):
	@py="$(PYTHON)"; \
	if [ -z "$$py" ]; then echo "make: no python3.11 or python3 on PATH; Clew needs Python 3.11+" >&2; exit 1; fi; \
	if ! "$$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then \
	  echo "make: $$py is $$("$$py" -V 2>&1); Clew needs Python 3.11+ (make PYTHON=/path/to/python3.11 ...)" >&2; exit 1; fi; \
	echo "Creating $(VENV) with $$py ($$("$$py" -V 2>&1))"; \
	if "$$py" -m venv $(VENV); then exit 0; fi; \
	rm -rf $(VENV); \
	pkg="python$$("$$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make: python -m venv failed; installing $$pkg"; \
	  apt-get update -q; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$$pkg" \
	    || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-venv; \
	  "$$py" -m venv $(VENV); \
	else \
	  echo "make: '$$py -m venv' failed; on Debian/Ubuntu install venv support with:" >&2; \
	  echo "  sudo apt-get install $$pkg" >&2; \
	  exit 1; \
	fi

# Quiet and quick when everything is there (one dpkg-query call). Never fails: the tests run
# offscreen and may work without some of these.
sysdeps:
	@if command -v dpkg-query >/dev/null 2>&1; then \
	  have=" $$( { dpkg-query -W -f='$${Package} $${db:Status-Abbrev}\n' \
	      $(foreach p,$(SYS_DEBS),$(p) $(p)t64) 2>/dev/null || true; } \
	      | awk '$$2 == "ii" { printf "%s ", $$1 }')"; \
	  missing=""; \
	  for p in $(SYS_DEBS); do \
	    case "$$have" in *" $$p "*|*" $${p}t64 "*) ;; *) missing="$$missing $$p" ;; esac; \
	  done; \
	  [ -z "$$missing" ] && exit 0; \
	  echo "sysdeps: missing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    { apt-get update -q \
	      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; } \
	    || echo "sysdeps: apt-get failed; carrying on (tests may still work)" >&2; \
	  else \
	    echo "sysdeps: install them with:" >&2; \
	    echo "  sudo apt-get install -y --no-install-recommends$$missing" >&2; \
	  fi; \
	elif command -v ldconfig >/dev/null 2>&1 || [ -x /sbin/ldconfig ]; then \
	  libs="$$(PATH="$$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null || true)"; \
	  missing=""; \
	  for l in $(SYS_LIBS); do \
	    case "$$libs" in *"$$l "*) ;; *) missing="$$missing $$l" ;; esac; \
	  done; \
	  [ -z "$$missing" ] || echo "sysdeps: not found by ldconfig:$$missing (install them with your package manager)" >&2; \
	fi

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov
	find . -path ./.git -prune -o \( -name __pycache__ -o -name '*.egg-info' \) -type d -prune -exec rm -rf {} +
