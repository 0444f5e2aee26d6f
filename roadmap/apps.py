from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    """Roadmaps, programmes, implementation reports and the rollups kept beside them."""

    name = "roadmap"

    def ready(self):
        # Changes to periods and programmes move the set of running implementations; the
        # rollups follow them in the same transaction.
        from . import levels, rollups

        rollups.connect_signals()
        # The national count of assessed levels per period follows assessments and periods.
        levels.connect_signals()

        # A BLK-K moved to another province, host type or set of fields: its old and new
        # province's rollups are recounted.
        from registry.services import blkk_regrouped

        from . import services

        blkk_regrouped.connect(services.blkk_regrouped, dispatch_uid="roadmap-blkk-regrouped")
