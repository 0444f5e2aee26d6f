"""Print, as shell assignments, where the portal keeps its data: the database and MEDIA_ROOT.

backup.sh and restore.sh read them through the portal's own settings, so DATABASE_URL
and MEDIA_ROOT mean the same as for the running portal (environment first, then .env).
The database comes out as libpq's variables (PGHOST, PGPORT, ...), which pg_dump,
pg_restore and psql read.
"""

import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from blkk_portal import settings  # noqa: E402 - the path is set just above

database = settings.DATABASES["default"]
values = {
    "PORTAL_DB_ENGINE": database["ENGINE"].rsplit(".", 1)[-1],
    "PGDATABASE": database.get("NAME") or "",
    "PGHOST": database.get("HOST") or "",
    "PGPORT": str(database.get("PORT") or ""),
    "PGUSER": database.get("USER") or "",
    "PGPASSWORD": database.get("PASSWORD") or "",
    "PORTAL_MEDIA_ROOT": str(settings.MEDIA_ROOT),
}
for name, value in values.items():
    print(f"{name}={shlex.quote(str(value))}")
