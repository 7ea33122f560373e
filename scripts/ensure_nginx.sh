#!/bin/sh
# Make sure Debian's nginx is there for `make serve` and the tests in tests/deploy. We only need the
# binary: scripts/serve.py runs it in the foreground with its own config in a temporary folder, never
# as the system service.
set -eu
for b in "${NGINX:-}" /usr/sbin/nginx; do
  if [ -n "$b" ] && [ -x "$b" ]; then
    echo "nginx: $b"
    exit 0
  fi
done
if command -v nginx >/dev/null 2>&1; then
  echo "nginx: $(command -v nginx)"
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "nginx: installing Debian's nginx-light with apt-get ..."
  apt-get update -qq
  # nginx-light has what the proxy needs (upstream hash, map, proxy, gzip); nginx is the fallback.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
  exit 0
fi
echo "nginx: not found. Install it (Debian/Ubuntu: sudo apt-get install nginx-light) or set NGINX=/path/to/nginx." >&2
echo "       The system service is not needed: scripts/serve.py runs its own nginx. The proxy tests fail under CI without it." >&2
exit 0
