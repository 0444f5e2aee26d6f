from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """Ministry dashboards and exports: a composition layer over registry, forum and roadmap."""

    name = "dashboards"
