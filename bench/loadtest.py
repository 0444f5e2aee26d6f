"""`make loadtest`: gunicorn on 127.0.0.1 serving the benchmark dataset, driven by locust.

    .venv/bin/python bench/loadtest.py            (what `make loadtest` runs)

1. The benchmark dataset (bench/build_dataset.py, 5,000 BLK-Ks) is built in
   LOAD_DATABASE_URL, or kept when it is there already.
2. Accounts for the load are created or refreshed (ministry staff, managers with their
   BLK-K, mentors with their centre), and a plan of what each may work on is written.
3. Static files are collected into a temporary folder; gunicorn starts with production
   settings (DEBUG off) on a free port of 127.0.0.1.
4. locust (bench/locustfile.py) runs headless with LOAD_USERS users for LOAD_RUN_TIME,
   at most LOAD_MAX_REQUESTS requests.
5. Requests per second and p50/p95/p99 per page go to bench/results/loadtest.md and to
   the terminal. The exit status is 1 when any request failed.
6. PostgreSQL's statements during the run, by total time, go to
   bench/results/loadtest-statements.md (bench/statements.py: pg_stat_statements when the
   server loads it, else the server log with log_min_duration_statement = 0 on the load
   database for the run only). The database connections the portal opened are counted
   too: with persistent connections (CONN_MAX_AGE) they stay at one per worker thread.

Settings (environment): LOAD_DATABASE_URL (postgres://postgres@127.0.0.1:5432/blkk_load),
LOAD_USERS (50), LOAD_SPAWN_RATE (10), LOAD_RUN_TIME (5m), LOAD_MAX_REQUESTS (60000),
LOAD_WORKERS (gunicorn workers, 3), LOAD_WORKER_CLASS (sync or gthread; gthread by default),
LOAD_THREADS (threads per gthread worker, 4), LOAD_KEEPALIVE (gthread's keep-alive, 10 s),
LOAD_BLKKS (5000), LOAD_WSGI_APP (blkk_portal.wsgi:application; another module on
PYTHONPATH can wrap the portal, to try a change without editing it).
"""

import csv
import datetime
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psycopg2
from statements import StatementLog
from statements import render as render_statements

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
# Known to the load plan only; these accounts exist in the load database alone.
PASSWORD = os.environ.get("LOAD_PASSWORD", "uji-beban-portal-2026")
ACCOUNTS = {"ministry": 20, "manager": 40, "mentor": 20}
REPORTS_PER_MENTOR = 400
IMPLEMENTATIONS_PER_MANAGER = 30


def setting(name, default):
    return os.environ.get(name, default)


def build_dataset(url):
    print(f"==> Benchmark dataset in {url.rsplit('/', 1)[-1]}", flush=True)
    subprocess.run(  # noqa: S603 - the project's own script
        [sys.executable, "bench/build_dataset.py", "--blkks", setting("LOAD_BLKKS", "5000")],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )


def prepare_accounts(url, plan_path):
    """Create the load accounts (idempotent) and write what each one works on; returns facts for the report."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blkk_portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password

    from accounts.roles import Role
    from registry.models import Blkk, Province
    from roadmap.models import Implementation, ReportingPeriod, StatusReport

    print("==> Load accounts and plan", flush=True)
    # One hash for every load account: hashing each with the production hasher would take a minute.
    password = make_password(PASSWORD)
    period = ReportingPeriod.objects.filter(locked=False).order_by("-starts_on").first()
    ministry = [account(f"muat.kemnaker.{n:02d}", Role.MINISTRY, password) for n in range(ACCOUNTS["ministry"])]
    mentors = mentor_accounts(password)
    plan = {
        "password": PASSWORD,
        "period": period.label,
        "provinces": list(Province.objects.order_by("code").values_list("code", flat=True)),
        "accounts": {
            "ministry": [{"username": user.username} for user in ministry],
            "manager": manager_accounts(password, period),
            "mentor": mentors,
        },
    }
    plan_path.write_text(json.dumps(plan))
    facts = {
        "blkks": Blkk.objects.count(),
        "implementations": Implementation.objects.count(),
        "reports": StatusReport.objects.count(),
        "period": period.label,
        "review_targets": sum(len(mentor["reports"]) for mentor in mentors),
    }
    from django.db import connections

    connections.close_all()  # the portal's connections alone are counted during the run
    return facts


def account(username, role, password):
    from django.contrib.auth.models import Group

    from accounts.models import User

    user, _ = User.objects.update_or_create(
        username=username,
        defaults={"full_name": username.replace(".", " ").title(), "password": password, "is_active": True},
    )
    user.groups.set([Group.objects.get(name=role.value)])
    return user


def manager_accounts(password, period):
    """One manager per BLK-K, each with the implementations of their BLK-K that run in the period."""
    from accounts.roles import Role
    from registry.models import Blkk
    from roadmap.models import Implementation

    managers = []
    for n, blkk in enumerate(spread_over_provinces(Blkk.objects.filter(status=Blkk.Status.ACTIVE))):
        user = account(f"muat.pengelola.{n:02d}", Role.MANAGER, password)
        user.managed_blkks.set([blkk])  # also when an earlier plan gave the account another BLK-K
        targets = Implementation.objects.reportable_by(user).running_in(period).order_by("pk")
        implementations = list(targets.values_list("pk", flat=True)[:IMPLEMENTATIONS_PER_MANAGER])
        managers.append({"username": user.username, "implementations": implementations})
    return managers


def spread_over_provinces(blkks):
    """ACCOUNTS["manager"] BLK-Ks taken in turn from each province, as reports come in from the whole country.

    Report writers of one province queue behind each other's rollup recount (the
    province's lock, roadmap.rollups); managers all from one province would measure that
    queue instead of the country's load.
    """
    by_province = {}
    for blkk in blkks.select_related("regency").order_by("pk")[100:]:
        by_province.setdefault(blkk.regency.province_id, []).append(blkk)
    queues = [by_province[code] for code in sorted(by_province)]
    chosen = []
    while len(chosen) < ACCOUNTS["manager"] and any(queues):
        chosen += [queue.pop(0) for queue in queues if queue][: ACCOUNTS["manager"] - len(chosen)]
    return chosen


def mentor_accounts(password):
    """Mentors spread over the centres; those of one centre take alternate pending reports of its scope."""
    from accounts.roles import Role
    from registry.models import TrainingCentre
    from roadmap.models import StatusReport

    centres = list(TrainingCentre.objects.exclude(kind=TrainingCentre.Kind.SATPEL).order_by("pk"))
    mentors = []
    for n in range(ACCOUNTS["mentor"]):
        user = account(f"muat.pembina.{n:02d}", Role.MENTOR, password)
        user.training_centres.set([centres[n % len(centres)]])
        colleagues = [m for m in range(ACCOUNTS["mentor"]) if m % len(centres) == n % len(centres)]
        pending = StatusReport.objects.reviewable_by(user).order_by("pk").values_list("pk", flat=True)
        share = list(pending[: REPORTS_PER_MENTOR * len(colleagues)])[colleagues.index(n) :: len(colleagues)]
        mentors.append({"username": user.username, "reports": share})
    return mentors


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def portal_environment(url, static_root):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "blkk_portal.settings",
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        # Returned reports e-mail the managers: composed as usual, sent nowhere.
        "EMAIL_URL": "dummymail://",
    }


def server_description():
    workers, kind = setting("LOAD_WORKERS", "3"), setting("LOAD_WORKER_CLASS", "gthread")
    threads = f" × {setting('LOAD_THREADS', '4')} threads" if kind == "gthread" else ""
    return f"{workers} {kind} workers{threads}"


def start_gunicorn(environment, port, log_path):
    workers = setting("LOAD_WORKERS", "3")
    kind = setting("LOAD_WORKER_CLASS", "gthread")
    print(f"==> gunicorn, {server_description()}, on 127.0.0.1:{port}", flush=True)
    threads = []
    if kind == "gthread":
        # Kept-alive connections outlive a simulated person's pause (1-4 s): with gunicorn's
        # default of 2 s, a request sent just as the server closes the idle connection fails.
        threads = ["--threads", setting("LOAD_THREADS", "4"), "--keep-alive", setting("LOAD_KEEPALIVE", "10")]
    command = [
        str(BIN / "gunicorn"),
        setting("LOAD_WSGI_APP", "blkk_portal.wsgi:application"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        workers,
        "--worker-class",
        kind,
        *threads,
        "--no-control-socket",
        "--timeout",
        "60",
        "--graceful-timeout",
        "10",
    ]
    server = subprocess.Popen(  # noqa: S603 - the venv's gunicorn with fixed arguments
        command, cwd=ROOT, env=environment, stdout=log_path.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not become healthy within a minute")


def run_locust(port, plan_path, csv_prefix):
    users, rate = setting("LOAD_USERS", "50"), setting("LOAD_SPAWN_RATE", "10")
    run_time = setting("LOAD_RUN_TIME", "5m")
    print(f"==> locust: {users} users (+{rate}/s) for {run_time}", flush=True)
    command = [
        str(BIN / "locust"),
        "-f",
        "bench/locustfile.py",
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "-u",
        users,
        "-r",
        rate,
        "--run-time",
        run_time,
        "--stop-timeout",
        "10",
        "--csv",
        str(csv_prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    environment = {**os.environ, "LOAD_PLAN": str(plan_path)}
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=environment, check=False)  # noqa: S603 - fixed arguments
    return {"users": users, "run_time": run_time, "seconds": time.monotonic() - started}


def summarise(csv_prefix, facts):
    with open(f"{csv_prefix}_stats.csv", newline="", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    failures = []
    failures_csv = Path(f"{csv_prefix}_failures.csv")
    if failures_csv.exists():
        with failures_csv.open(newline="", encoding="utf-8") as listing:
            failures = list(csv.DictReader(listing))
    lines = [
        f"# Load test, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"{facts['users']} users for {facts['run_time']} ({facts['seconds']:.0f} s with ramp-up and stop) against "
        f"gunicorn ({facts['server']}) on 127.0.0.1, DEBUG off, PostgreSQL 15, on {os.cpu_count()} "
        f"cores shared with locust. Dataset: {facts['blkks']:,} BLK-Ks, {facts['implementations']:,} "
        f"implementations, {facts['reports']:,} reports; current period {facts['period']}. Load average of the "
        f"machine before the run: {facts['load_before']:.1f}; after: {facts['load_after']:.1f} (other work shares it). "
        f"Database connections opened by the portal during the run: {facts['connections']} (at most "
        f"{facts['connections_at_once']} at once).",
        "",
        "| page | requests | failures | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        name = "**all requests**" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {float(row['Requests/s']):.2f} | "
            f"{row['50%']} | {row['95%']} | {row['99%']} |"
        )
    if failures:
        lines += ["", "Failures:", ""]
        lines += [f"- {row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}×)" for row in failures]
    report = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "loadtest.md").write_text(report)
    print("\n" + report)
    total = next((row for row in rows if row["Name"] == "Aggregated"), None)
    return int(total["Failure Count"]) if total else 1


class ConnectionWatcher:
    """Notes every backend of the load database every two seconds: how many the portal opened, and at most at once."""

    def __init__(self, statements):
        self.statements, self.seen, self.most = statements, set(), 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)
        self.thread.start()

    def watch(self):
        sql = (
            "SELECT pid, backend_start FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        while not self.done.wait(2):
            try:
                rows = self.statements._run(sql, fetch=True)
            except psycopg2.Error:
                continue  # noqa: S112 - a missed sample only lowers the counts
            self.seen |= set(rows)
            self.most = max(self.most, len(rows))

    def stop(self):
        self.done.set()
        self.thread.join(timeout=10)


def write_statements(rows, method, facts):
    if not rows:
        print("No statements were collected.")
        return
    note = (
        f"{facts['users']} users for {facts['run_time']}, gunicorn ({facts['server']}); "
        "the percentage is each statement's share of these 25 statements' total."
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "loadtest-statements.md").write_text(render_statements(rows, method, note))
    print("Top statements: bench/results/loadtest-statements.md")


def main():
    url = setting("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/blkk_load")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The load test needs PostgreSQL: set LOAD_DATABASE_URL=postgres://user@host:5432/blkk_load")
    build_dataset(url)
    with tempfile.TemporaryDirectory(prefix="blkk-load-") as scratch:
        scratch = Path(scratch)
        facts = prepare_accounts(url, scratch / "plan.json")
        environment = portal_environment(url, scratch / "static")
        print("==> collectstatic", flush=True)
        subprocess.run(  # noqa: S603 - manage.py with fixed arguments
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=ROOT,
            env=environment,
            check=True,
        )
        port = free_port()
        server = start_gunicorn(environment, port, scratch / "gunicorn.log")
        facts["load_before"] = os.getloadavg()[0]
        statements = StatementLog(url)
        print(f"==> statements: {statements.start()}", flush=True)
        watcher = ConnectionWatcher(statements)
        try:
            facts.update(run_locust(port, scratch / "plan.json", scratch / "loadtest"))
            facts["load_after"] = os.getloadavg()[0]
        finally:
            watcher.stop()
            rows = statements.stop()
            server.terminate()
            server.wait(timeout=30)
        facts["server"] = server_description()
        facts["connections"], facts["connections_at_once"] = len(watcher.seen), watcher.most
        failed = summarise(scratch / "loadtest", facts)
        write_statements(rows, statements.method, facts)
        errors = [line for line in (scratch / "gunicorn.log").read_text().splitlines() if "Traceback" in line]
        if errors:
            print(f"gunicorn logged {len(errors)} tracebacks; the last lines of its log:")
            print("\n".join((scratch / "gunicorn.log").read_text().splitlines()[-40:]))
    sys.exit(1 if failed or errors else 0)


if __name__ == "__main__":
    main()
