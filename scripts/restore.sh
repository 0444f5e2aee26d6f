#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database of DATABASE_URL and into MEDIA_ROOT.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/portal/media scripts/restore.sh BACKUP_FOLDER
#
# The backup's checksums are verified before anything is touched. The database is
# created when missing; existing portal tables in it are replaced (pg_restore --clean).
# Uploaded files are unpacked into MEDIA_ROOT and each is checked against media.sha256.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-.venv/bin/python}
if [ $# -ne 1 ]; then
    echo "usage: scripts/restore.sh BACKUP_FOLDER (made by scripts/backup.sh)" >&2
    exit 2
fi
backup=$(cd "$1" && pwd)

eval "$("$PY" scripts/portal_locations.py)"
export PGHOST PGPORT PGUSER PGPASSWORD
if [ "$PORTAL_DB_ENGINE" != "postgresql" ]; then
    echo "restore.sh restores into PostgreSQL; DATABASE_URL points at $PORTAL_DB_ENGINE." >&2
    exit 1
fi

echo "Checking the backup in $backup"
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || {
    echo "The backup in $backup is damaged: its files do not match SHA256SUMS. Nothing was restored." >&2
    exit 1
}

# psql quotes the name itself (:'name'); it reads the query from standard input for that.
exists=$(echo "SELECT 1 FROM pg_database WHERE datname = :'name'" |
    psql --dbname=postgres --no-align --tuples-only --set=name="$PGDATABASE")
if [ -z "$exists" ]; then
    createdb "$PGDATABASE"
fi
pg_restore --dbname="$PGDATABASE" --clean --if-exists --no-owner --exit-on-error "$backup/database.dump"

mkdir -p "$PORTAL_MEDIA_ROOT"
tar --extract --gzip --file="$backup/media.tar.gz" --directory="$PORTAL_MEDIA_ROOT"
# sha256sum refuses an empty list, and a portal without uploads has one.
[ ! -s "$backup/media.sha256" ] || (cd "$PORTAL_MEDIA_ROOT" && sha256sum --check --quiet "$backup/media.sha256") || {
    echo "Restored files in $PORTAL_MEDIA_ROOT do not match media.sha256." >&2
    exit 1
}
echo "Restored $PGDATABASE and $(wc -l < "$backup/media.sha256") files into $PORTAL_MEDIA_ROOT"
