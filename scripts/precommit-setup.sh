#!/usr/bin/env bash
# Installs the real pre-commit (PyPI, pinned) for the pre-commit hook's test (test/package/precommit.package.test.ts)
# into its own virtual environment: ~/.cache/go-proxy-doctor-precommit/venv, or $PRE_COMMIT_VENV. Does nothing when
# that version is already there. Needs python3 with venv (Debian's python3-venv is installed when it is missing).
set -euo pipefail

VERSION=4.7.0
VENV="${PRE_COMMIT_VENV:-$HOME/.cache/go-proxy-doctor-precommit/venv}"

if [ -x "$VENV/bin/pre-commit" ] && [ "$("$VENV/bin/pre-commit" --version 2>/dev/null)" = "pre-commit $VERSION" ]; then
  echo "pre-commit $VERSION is in $VENV"
  exit 0
fi

apt_install() {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v python3 >/dev/null || apt_install python3 python3-venv || { echo "python3 could not be installed" >&2; exit 1; }
rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
if ! python3 -m venv "$VENV" 2>/dev/null; then
  rm -rf "$VENV"
  apt_install python3-venv || { echo "python3-venv could not be installed" >&2; exit 1; }
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check "pre-commit==$VERSION"
echo "installed $("$VENV/bin/pre-commit" --version) in $VENV"
