"""PostgreSQL's top statements by total time during the load test, for bench/loadtest.py.

With pg_stat_statements loaded (shared_preload_libraries), its counters are reset before
the run and read after. Otherwise the load database logs every statement with its
duration (ALTER DATABASE ... SET log_min_duration_statement = 0, taken back after the
run), and the server log written meanwhile is summed by normalised statement: literals
become `?`, lists of them `(...)`. Either way the table lands in
bench/results/loadtest-statements.md.
"""

import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

import psycopg2

# A log entry starts with log_line_prefix's time stamp; the lines without one continue it.
ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \w+ \[\d+\] ")
DURATION = re.compile(r"duration: ([\d.]+) ms\s+(?:statement|execute [^:]*): (.*)", re.DOTALL)
STRING = re.compile(r"'(?:[^']|'')*'")
NUMBER = re.compile(r"(?<![\w\"$])-?\d+(?:\.\d+)?\b")
LIST = re.compile(r"\((?:\s*\?\s*,)+\s*\?\s*\)")
SPACE = re.compile(r"\s+")


def normalise(sql):
    sql = STRING.sub("?", sql)
    sql = NUMBER.sub("?", sql)
    sql = LIST.sub("(...)", sql)
    return SPACE.sub(" ", sql).strip()


class StatementLog:
    """Collects the load database's statements during the run (pg_stat_statements or the server log)."""

    def __init__(self, url):
        parsed = urlparse(url)
        self.database = parsed.path.lstrip("/")
        self.connect = {
            "host": parsed.hostname,
            "port": parsed.port or 5432,
            "user": parsed.username,
            "password": parsed.password,
        }
        self.method = None
        self.log_path = None
        self.offset = 0

    def _run(self, sql, parameters=(), database=None, fetch=False):
        connection = psycopg2.connect(dbname=database or self.database, **self.connect)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, parameters)
                return cursor.fetchall() if fetch else None
        finally:
            connection.close()

    def setting(self, name):
        return self._run(f"SHOW {name}", fetch=True)[0][0]

    def start(self):
        if "pg_stat_statements" in self.setting("shared_preload_libraries"):
            self._run("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            self._run("SELECT pg_stat_statements_reset()")
            self.method = "pg_stat_statements"
            return self.method
        self.log_path = self._find_log()
        if self.log_path is None:
            self.method = None
            return "no server log found: statements not collected"
        self.offset = self.log_path.stat().st_size
        self._run(f'ALTER DATABASE "{self.database}" SET log_min_duration_statement = 0', database="postgres")
        self.method = "log"
        return f"log_min_duration_statement = 0 on {self.database}, reading {self.log_path}"

    def stop(self):
        """Take the setting back (before anything else can fail) and return the rows, heaviest first."""
        if self.method == "log":
            self._run(f'ALTER DATABASE "{self.database}" RESET log_min_duration_statement', database="postgres")
            return self._from_log()
        if self.method == "pg_stat_statements":
            rows = self._run(
                "SELECT query, calls, total_exec_time, mean_exec_time FROM pg_stat_statements "
                "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                "ORDER BY total_exec_time DESC LIMIT 25",
                fetch=True,
            )
            return [(normalise(query), calls, total, mean) for query, calls, total, mean in rows]
        return []

    def _find_log(self):
        """The file the server writes its log to now: the collector's newest file, or Debian's stderr log."""
        if self.setting("logging_collector") == "on":
            folder = Path(self.setting("log_directory"))
            if not folder.is_absolute():
                folder = Path(self.setting("data_directory")) / folder
            files = sorted(folder.glob("*.log"), key=lambda path: path.stat().st_mtime) if folder.is_dir() else []
            return files[-1] if files else None
        version = self.setting("server_version_num")[:2]
        for candidate in (Path(f"/var/log/postgresql/postgresql-{version}-main.log"),):
            if candidate.exists():
                return candidate
        return None

    def _from_log(self):
        marker = f"@{self.database} "
        totals = defaultdict(lambda: [0, 0.0])
        with self.log_path.open(encoding="utf-8", errors="replace") as log:
            log.seek(self.offset)
            entry = []
            for line in [*log, "1970-01-01 00:00:00 UTC [0] end\n"]:
                if ENTRY.match(line):
                    self._count(entry, marker, totals)
                    entry = [line]
                elif entry:
                    entry.append(line)
        rows = [(sql, calls, total, total / calls) for sql, (calls, total) in totals.items()]
        return sorted(rows, key=lambda row: -row[2])[:25]

    @staticmethod
    def _count(entry, marker, totals):
        if not entry or marker not in entry[0]:
            return
        found = DURATION.search("".join(entry))
        if found:
            row = totals[normalise(found.group(2))]
            row[0] += 1
            row[1] += float(found.group(1))


def render(rows, method, facts):
    lines = [
        "# PostgreSQL statements under the load test, by total time",
        "",
        f"Source: {method}. {facts}",
        "",
        "| # | total ms | calls | mean ms | statement (normalised) |",
        "|---:|---:|---:|---:|---|",
    ]
    grand = sum(row[2] for row in rows) or 1
    for number, (sql, calls, total, mean) in enumerate(rows, 1):
        text = sql if len(sql) <= 400 else sql[:400] + " …"
        text = text.replace("|", "\\|")
        lines.append(f"| {number} | {total:,.0f} ({100 * total / grand:.0f}%) | {calls:,} | {mean:.2f} | `{text}` |")
    return "\n".join(lines) + "\n"
