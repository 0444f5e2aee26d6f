from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.services import issue_token


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (it is shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="What the token is for.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        if not name.strip():
            raise CommandError("Give the token a name.")
        _token, text = issue_token(user, name[:80])
        self.stdout.write(text)
