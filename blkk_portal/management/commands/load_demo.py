"""`manage.py load_demo`: the demo data set, from the Dec 2021 story to the national scale.

The command lives in `blkk_portal`, the package that composes the apps, because it runs
every app's demo step in dependency order and no app may import the apps after it.
Each step is the `load()` of an app's `demo` module; it creates what is missing and
returns a one-line summary. The whole run is one transaction: a failure leaves nothing.
"""

import importlib.util
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from forum import demo as forum_demo
from registry import demo as registry_demo
from roadmap import demo as roadmap_demo

STEPS = [
    ("registry", registry_demo.load),
    ("forum", forum_demo.load),
    ("roadmap", roadmap_demo.load),
]
COUNTED_APPS = ["accounts", "registry", "forum", "roadmap"]


class Command(BaseCommand):
    help = (
        "Load the demo data: BBPVP Makassar and its three BLK-Ks, 3,757 BLK-Ks nationwide, "
        "forums, meetings, decrees and the demo accounts (password: DEMO_PASSWORD). "
        "Running it again changes nothing but the demo accounts' passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            nargs="+",
            choices=[name for name, _step in STEPS],
            metavar="STEP",
            help="Run only these steps (in their usual order), e.g. --only registry forum. "
            "A step needs the data of the steps before it.",
        )

    def handle(self, *args, **options):
        if importlib.util.find_spec("faker") is None:
            raise CommandError("load_demo needs Faker, a development dependency: pip install -e '.[dev]'.")
        verbose = options["verbosity"] >= 1
        started = time.perf_counter()
        with transaction.atomic():
            for name, step in STEPS:
                if options["only"] and name not in options["only"]:
                    continue
                step_started = time.perf_counter()
                summary = step()
                if verbose:
                    self.stdout.write(f"{name}: {summary} ({time.perf_counter() - step_started:.1f} s)")
        if verbose:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {time.perf_counter() - started:.1f} s."))
            self._print_counts()

    def _print_counts(self):
        for label in COUNTED_APPS:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                if model._meta.label.split(".")[1].startswith("Historical"):
                    continue
                self.stdout.write(f"  {model._meta.label:<40} {model._default_manager.count():>7}")
