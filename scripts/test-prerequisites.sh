#!/usr/bin/env bash
# What the tests need from Debian besides Python: Chromium (the real-browser tests; never a
# downloaded browser), PostgreSQL (the shared-database tests) and poppler-utils (the PDF report rendered to page images and read
# back). Installed when missing and this is root with apt-get, as on CI; otherwise one line
# says what to install, and the run stops before any test.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
{ command -v pdftoppm && command -v pdftotext; } >/dev/null 2>&1 || missing+=(poppler-utils)
# PostgreSQL: the tests start their own server in a temp folder (tests/postgres.py).
{ command -v initdb || ls /usr/lib/postgresql/*/bin/initdb; } >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} for the tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
    echo "The tests need Debian's ${missing[*]}: run 'sudo apt-get install ${missing[*]}', then 'make test' again." >&2
    exit 1
fi
