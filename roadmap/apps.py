from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    """Roadmaps, programmes, implementation reports and the rollups kept beside them."""

    name = "roadmap"

    def ready(self):
        # Changes to periods and programmes move the set of running implementations; the
        # rollups follow them in the same transaction.
        from . import rollups

        rollups.connect_signals()
