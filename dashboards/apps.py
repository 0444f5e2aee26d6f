from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """Ministry dashboards and exports: a composition layer over registry, forum and roadmap."""

    name = "dashboards"

    def ready(self):
        # Changes to periods and programmes move the set of running implementations; the
        # rollups follow them in the same transaction.
        from roadmap import rollups

        rollups.connect_signals()
