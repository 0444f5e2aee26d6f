from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        # Connects the sign-in receivers: what a new session owes (two_factor), the language.
        from . import language, two_factor  # noqa: F401
