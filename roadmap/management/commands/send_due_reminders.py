import datetime

from django.core.management.base import BaseCommand, CommandError

from roadmap.notifications import send_due_reminders


class Command(BaseCommand):
    help = (
        "E-mail the managers of BLK-Ks that still owe reports for a period due within the next days. "
        "Meant to run daily; running it again on the same day sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Remind of periods due within this many days (7).")
        parser.add_argument("--date", help="Act as if today were this day (YYYY-MM-DD); for catching up.")

    def handle(self, *args, days, date, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        on = None
        if date:
            try:
                on = datetime.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError(f"--date {date!r} is not a date like 2026-12-01.") from error
        sent = send_due_reminders(on=on, within_days=days)
        self.stdout.write(f"{sent} reminder(s) sent.")
