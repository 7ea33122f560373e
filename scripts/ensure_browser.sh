#!/bin/sh
# Make sure Debian's chromium is there for the browser tests. Playwright drives it through
# executable_path; we never download a browser build of our own.
set -eu
for b in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$b" ] && [ -x "$b" ]; then
    echo "browser: $b"
    exit 0
  fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser: installing Debian's chromium with apt-get ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "browser: chromium not found. Install it (Debian/Ubuntu: sudo apt-get install chromium)" >&2
echo "         or set CHROMIUM=/path/to/chromium. Browser tests are skipped locally and fail under CI." >&2
exit 0
