#!/usr/bin/env bash
# Install the Debian packages kehoach needs (python venv, a C compiler and Python headers for the
# restore decoder's compiled loop, tesseract with Vietnamese, English and orientation detection,
# LibreOffice's Writer without a display for .doc, .rtf and .odt inputs, Chromium for the report's
# tests), plus any packages named as arguments (the model build adds fonts).
# Runs apt-get only when something is missing; says what to install when it cannot.
set -euo pipefail

missing=()
for package in "$@"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
python3 -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
# a C compiler and the Python headers build the restore decoder's compiled loop (numpy fallback without)
command -v gcc >/dev/null 2>&1 || missing+=(build-essential)
python3 -c 'import os, sysconfig; assert os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))' \
  2>/dev/null || missing+=(python3-dev)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
langs="$(tesseract --list-langs 2>/dev/null || true)"
grep -qx vie <<<"$langs" || missing+=(tesseract-ocr-vie)
grep -qx eng <<<"$langs" || missing+=(tesseract-ocr-eng)
grep -qx osd <<<"$langs" || missing+=(tesseract-ocr-osd)  # orientation of pages scanned sideways
# Word 97 .doc, RTF and OpenDocument inputs are converted to .docx by LibreOffice headless
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
# the HTML report's tests open it in a real headless browser (tests/browser.py), with a font that has
# every Vietnamese mark
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "kehoach set-up: installing ${missing[*]} with apt-get" >&2
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "kehoach set-up: cannot install system packages (not root, no sudo)." >&2
  echo "Please run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "kehoach set-up: apt-get not found; install these packages with your system's package manager: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
