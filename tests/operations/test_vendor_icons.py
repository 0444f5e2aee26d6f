"""Only the Bootstrap Icons the portal names are served, and every one it names is."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def copy_vendor():
    spec = importlib.util.spec_from_file_location("copy_vendor", ROOT / "scripts" / "copy_vendor.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_icon_the_templates_name_has_its_rule_and_svg_and_no_other_is_copied():
    module = copy_vendor()
    available = {path.stem for path in (ROOT / "node_modules" / "bootstrap-icons" / "icons").glob("*.svg")}
    used = module.used_icons(available)

    assert {"patch-check", "box-arrow-in-right", "arrow-repeat"} <= set(used)
    stylesheet = (ROOT / "static" / "vendor" / "bootstrap-icons" / "icons.css").read_text()
    for name in used:
        assert f'.bi-{name} {{ --bi: url("icons/{name}.svg"); }}' in stylesheet
    copied = {path.stem for path in (ROOT / "static" / "vendor" / "bootstrap-icons" / "icons").glob("*.svg")}
    assert copied == set(used)
