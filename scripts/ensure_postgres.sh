#!/bin/sh
# Make sure PostgreSQL and PostGIS are there for the database tests (tests/db): they start a throwaway
# cluster of their own from the server's programs, so no server needs to run. Debian's packages only.
set -eu
have_postgis() {
  for control in /usr/share/postgresql/*/extension/postgis.control; do
    [ -f "$control" ] || continue
    version=$(basename "$(dirname "$(dirname "$control")")")
    [ -x "/usr/lib/postgresql/$version/bin/initdb" ] && { echo "postgres: PostgreSQL $version with PostGIS"; return 0; }
  done
  return 1
}
have_postgis && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "postgres: installing Debian's postgresql and postgis with apt-get ..."
  apt-get update -qq
  # The server's programs only: the tests start their own cluster, so no cluster is created or started here.
  # postgresql-postgis: PostGIS for Debian's default PostgreSQL (bookworm: postgresql-15-postgis-3).
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql postgresql-postgis >/dev/null
  have_postgis && exit 0
  echo "postgres: installed, but PostGIS was not found for any PostgreSQL in /usr/lib/postgresql" >&2
  exit 1
fi
echo "postgres: PostgreSQL with PostGIS not found. Install them (Debian/Ubuntu: sudo apt-get install postgresql postgis)," >&2
echo "          or set PG_BIN to the folder of initdb. The database tests are skipped locally and fail under CI." >&2
exit 0
