"""Copy the front-end packages' dist files from node_modules/ into static/vendor/.

Run by `make vendor` after `npm ci`. Only the files the templates load are copied, with
their source maps: whitenoise's manifest storage rewrites the `sourceMappingURL` lines
and fails when a map is missing. Each folder is rebuilt from scratch so an upgrade
leaves no stale file behind, and each package's licence travels with its files.
Standard library only, so it runs with any Python 3, before the venv exists.
"""

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

# target folder -> (npm package, [(source inside the package, destination inside the target)])
COPIES = {
    "bootstrap": (
        "bootstrap",
        [
            ("dist/css/bootstrap.min.css", "css/bootstrap.min.css"),
            ("dist/css/bootstrap.min.css.map", "css/bootstrap.min.css.map"),
            ("dist/js/bootstrap.bundle.min.js", "js/bootstrap.bundle.min.js"),
            ("dist/js/bootstrap.bundle.min.js.map", "js/bootstrap.bundle.min.js.map"),
            ("LICENSE", "LICENSE"),
        ],
    ),
    "bootstrap-icons": (
        "bootstrap-icons",
        [
            ("font/bootstrap-icons.css", "font/bootstrap-icons.css"),
            ("font/bootstrap-icons.min.css", "font/bootstrap-icons.min.css"),
            ("font/fonts", "font/fonts"),
            ("LICENSE", "LICENSE"),
        ],
    ),
    "chartjs": (
        "chart.js",
        [
            ("dist/chart.umd.min.js", "chart.umd.min.js"),
            ("dist/chart.umd.min.js.map", "chart.umd.min.js.map"),
            ("LICENSE.md", "LICENSE.md"),
        ],
    ),
    "htmx": (
        "htmx.org",
        [
            ("dist/htmx.min.js", "htmx.min.js"),
            ("LICENSE", "LICENSE"),
        ],
    ),
}


def package_version(package):
    manifest = NODE_MODULES / package / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def copy_package(target, package, files):
    source_root = NODE_MODULES / package
    if not source_root.is_dir():
        raise SystemExit(f"copy_vendor: {source_root} is missing; run `npm ci` first.")
    target_root = VENDOR / target
    shutil.rmtree(target_root, ignore_errors=True)
    for source, destination in files:
        src = source_root / source
        dst = target_root / destination
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst)
        elif src.is_file():
            shutil.copy2(src, dst)
        else:
            raise SystemExit(f"copy_vendor: {src} is missing from {package} {package_version(package)}.")
    return package_version(package)


def main():
    versions = {target: copy_package(target, package, files) for target, (package, files) in COPIES.items()}
    # The version list doubles as the Makefile's marker that the copy is complete; the
    # leading dot keeps it out of collectstatic.
    (VENDOR / ".versions.json").write_text(json.dumps(versions, indent=2) + "\n", encoding="utf-8")
    for target, version in versions.items():
        print(f"static/vendor/{target}: {COPIES[target][0]} {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
