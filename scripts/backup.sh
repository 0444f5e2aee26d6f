#!/usr/bin/env bash
# Back up the portal: its PostgreSQL database and its uploaded files.
#
#   scripts/backup.sh [DESTINATION]        (default: backups/<UTC date and time>)
#
# DATABASE_URL and MEDIA_ROOT are read as the portal reads them (environment, then .env).
# DESTINATION receives:
#   database.dump   pg_dump's custom format (restore with scripts/restore.sh)
#   media.tar.gz    every file under MEDIA_ROOT
#   media.sha256    the SHA-256 of each of those files, checked after a restore
#   SHA256SUMS      the SHA-256 of the three files above, checked before a restore
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-.venv/bin/python}
destination=${1:-backups/$(date -u +%Y%m%dT%H%M%SZ)}

eval "$("$PY" scripts/portal_locations.py)"
export PGDATABASE PGHOST PGPORT PGUSER PGPASSWORD
if [ "$PORTAL_DB_ENGINE" != "postgresql" ]; then
    echo "backup.sh backs up PostgreSQL; DATABASE_URL points at $PORTAL_DB_ENGINE." >&2
    echo "For the SQLite demo database, copy the file while the portal is stopped." >&2
    exit 1
fi
if [ -e "$destination" ] && [ -n "$(ls -A "$destination")" ]; then
    echo "$destination exists and is not empty; choose a new folder." >&2
    exit 1
fi
mkdir -p "$destination"
destination=$(cd "$destination" && pwd)

# One consistent snapshot of the whole database, even while the portal keeps writing.
pg_dump --format=custom --compress=6 --file="$destination/database.dump"

mkdir -p "$PORTAL_MEDIA_ROOT"
(
    cd "$PORTAL_MEDIA_ROOT"
    find . -type f -print0 | LC_ALL=C sort -z | xargs -0 --no-run-if-empty sha256sum > "$destination/media.sha256"
    tar --create --gzip --file="$destination/media.tar.gz" .
)
(
    cd "$destination"
    sha256sum database.dump media.tar.gz media.sha256 > SHA256SUMS
)
echo "Backup of $PGDATABASE and $(wc -l < "$destination/media.sha256") files in $destination"
