#!/usr/bin/env bash
# Install from Debian what the tests start or drive: a PostgreSQL server (with unaccent, which Debian's
# package includes, and the RUM index extension), a Redis server and Chromium. Called by `make test`.
#
# A no-op (well under a second) when everything is present. When something is missing and cannot be
# installed (not root, no apt-get, no network), it says so and exits 0: the tests that need it are
# then skipped, each with the reason (see tests/fixtures/servers.py), never silently.
set -uo pipefail

# The newest PostgreSQL major version installed, if any (Debian 12 ships 15).
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

missing=()
pg="$(pg_bin)"
if [ -z "$pg" ] || [ ! -x "$pg/initdb" ]; then
    missing+=(postgresql)
fi
command -v redis-server >/dev/null || missing+=(redis-server)
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing+=(chromium)
rum_missing() {
    local pg version
    pg="$(pg_bin)"
    [ -n "$pg" ] || return 1
    version="$(basename "$(dirname "$pg")")"
    [ ! -f "/usr/share/postgresql/$version/extension/rum.control" ] && echo "postgresql-$version-rum"
}

if [ ${#missing[@]} -eq 0 ] && [ -z "$(rum_missing)" ]; then
    exit 0
fi

say() { echo "make test: $*" >&2; }
if [ "$(id -u)" != 0 ]; then
    say "missing ${missing[*]} $(rum_missing): not root, so not installing them (sudo apt-get install ${missing[*]} $(rum_missing));"
    say "the tests that need them are skipped and say why."
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    say "missing ${missing[*]} $(rum_missing): no apt-get on this machine; the tests that need them are skipped and say why."
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
say "installing from Debian: ${missing[*]} $(rum_missing) (once per machine)"
if ! apt-get update -qq; then
    say "apt-get update failed; the tests that need ${missing[*]} are skipped and say why."
    exit 0
fi
if [ ${#missing[@]} -gt 0 ] && ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    say "apt-get install ${missing[*]} failed; the tests that need them are skipped and say why."
fi
# The RUM index extension is optional (the search benchmark compares with it): its absence only skips.
rum="$(rum_missing)"
if [ -n "$rum" ] && ! apt-get install -y -qq --no-install-recommends "$rum" >/dev/null; then
    say "apt-get install $rum failed; the search tests that want RUM indexes are skipped."
fi
exit 0
