from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
