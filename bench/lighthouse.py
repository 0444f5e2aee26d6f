"""`make lighthouse`: Lighthouse (mobile) on the national dashboard and the directory.

    .venv/bin/python bench/lighthouse.py            (what `make lighthouse` runs)

1. A demo database (migrate + load_demo) is built in LIGHTHOUSE_DATABASE_URL, by default
   a SQLite file under bench/results/, or kept when it is there already.
2. Static files are collected into a temporary folder with the production storage
   (whitenoise: compressed, hashed names, cached for good); gunicorn starts with
   DEBUG off on a free port of 127.0.0.1, over plain HTTP (no HTTPS redirect, no
   secure-only cookies).
3. The script signs in as ministry staff (LIGHTHOUSE_USER, the demo's `kemnaker`) through
   the login form and hands the session cookie to Lighthouse as an extra header.
4. Lighthouse 12.2.3 (npx) runs with its mobile defaults on Debian's Chromium, once per page.
5. The four category scores per page go to bench/results/lighthouse.md, with every audit
   that did not pass; the JSON reports stay beside it.

Settings (environment): LIGHTHOUSE_DATABASE_URL, LIGHTHOUSE_USER (kemnaker), DEMO_PASSWORD
(portal-blkk-2021), LIGHTHOUSE_LANGUAGE (id), CHROMIUM (/usr/bin/chromium).
Not part of `make test`: it takes a few minutes and needs npm's registry once.
"""

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadtest import free_port, portal_environment, start_gunicorn  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = {"national dashboard": "/dashboard/", "directory": "/blkk/"}
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"


def setting(name, default):
    return os.environ.get(name, default)


def prepare_database(environment):
    """Migrate and load the demo once; a database that has the demo accounts is kept."""
    print("==> Demo database", flush=True)
    check = subprocess.run(  # noqa: S603 - manage.py with fixed arguments
        [sys.executable, "manage.py", "shell", "-c",
         "from accounts.models import User; print(User.objects.filter(username='kemnaker').exists())"],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    if check.stdout.strip().endswith("True"):
        print("    kept (the demo is loaded already)", flush=True)
        return
    for command in (["migrate", "--no-input", "--verbosity", "0"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=environment, check=True)  # noqa: S603


def session_cookie(base_url, username, password):
    """Sign in through the portal's login form; returns the session cookie as a header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_url = f"{base_url}/accounts/login/"
    with opener.open(login_url, timeout=30) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    request = urllib.request.Request(login_url, data=data.encode(), headers={"Referer": login_url})  # noqa: S310
    with opener.open(request, timeout=60) as response:
        if "/accounts/login/" in response.url:
            sys.exit(f"Signing in as {username} failed; is the demo loaded with DEMO_PASSWORD?")
    session = next((cookie for cookie in jar if cookie.name == "sessionid"), None)
    if session is None:
        sys.exit("No session cookie after signing in.")
    return f"sessionid={session.value}; django_language={setting('LIGHTHOUSE_LANGUAGE', 'id')}"


def run_lighthouse(url, cookie, output):
    command = [
        "npx", "--yes", LIGHTHOUSE, url,
        "--form-factor=mobile",
        f"--chrome-path={setting('CHROMIUM', '/usr/bin/chromium')}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json", f"--output-path={output}", "--quiet",
    ]  # fmt: skip
    environment = {**os.environ, "CHROME_PATH": setting("CHROMIUM", "/usr/bin/chromium")}
    subprocess.run(command, cwd=ROOT, env=environment, check=True)  # noqa: S603 - npx with fixed arguments
    return json.loads(output.read_text())


def failing_audits(report, category):
    """Audits of `category` that count towards its score and did not fully pass."""
    audits = report["audits"]
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            yield f"{audit['id']} ({audit['score']:.2f}): {audit['title']}" + (
                f" -- {audit['displayValue']}" if audit.get("displayValue") else ""
            )


def render(reports):
    lines = [
        "# Lighthouse (mobile)",
        "",
        f"`make lighthouse`: {LIGHTHOUSE}, mobile emulation with simulated throttling, Debian's Chromium;",
        "gunicorn (DEBUG off, whitenoise, collected static files) on 127.0.0.1, signed in as ministry staff.",
        "",
        "| page | " + " | ".join(CATEGORIES) + " |",
        "|---|" + "---:|" * len(CATEGORIES),
    ]
    for name, report in reports.items():
        scores = [round(report["categories"][category]["score"] * 100) for category in CATEGORIES]
        lines.append(f"| {name} | " + " | ".join(str(score) for score in scores) + " |")
    for name, report in reports.items():
        metrics = report["audits"]
        lines += ["", f"## {name}", ""]
        for metric in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                       "cumulative-layout-shift", "speed-index"):  # fmt: skip
            lines.append(f"- {metrics[metric]['title']}: {metrics[metric].get('displayValue', '')}")
        for category in CATEGORIES:
            for audit in failing_audits(report, category):
                lines.append(f"- not passed, {category}: {audit}")
    return "\n".join(lines) + "\n"


def main():
    RESULTS.mkdir(parents=True, exist_ok=True)
    database = setting("LIGHTHOUSE_DATABASE_URL", f"sqlite:///{RESULTS / 'lighthouse-demo.sqlite3'}")
    with tempfile.TemporaryDirectory(prefix="blkk-lighthouse-") as scratch:
        scratch = Path(scratch)
        environment = portal_environment(database, scratch / "static")
        environment["MEDIA_ROOT"] = str(RESULTS / "lighthouse-media")
        environment["TASKS_BACKEND"] = "immediate"
        prepare_database(environment)
        print("==> collectstatic", flush=True)
        subprocess.run(  # noqa: S603 - manage.py with fixed arguments
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=ROOT,
            env=environment,
            check=True,
        )
        port = free_port()
        environment["LOAD_WORKERS"] = setting("LOAD_WORKERS", "2")
        os.environ["LOAD_WORKERS"] = environment["LOAD_WORKERS"]
        server = start_gunicorn(environment, port, scratch / "gunicorn.log")
        base_url = f"http://127.0.0.1:{port}"
        try:
            cookie = session_cookie(
                base_url, setting("LIGHTHOUSE_USER", "kemnaker"), setting("DEMO_PASSWORD", "portal-blkk-2021")
            )
            reports = {}
            for name, path in PAGES.items():
                print(f"==> Lighthouse: {name} ({path})", flush=True)
                output = RESULTS / f"lighthouse-{path.strip('/').replace('/', '-') or 'home'}.json"
                reports[name] = run_lighthouse(base_url + path, cookie, output)
        finally:
            server.terminate()
            server.wait(timeout=30)
    table = render(reports)
    (RESULTS / "lighthouse.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
