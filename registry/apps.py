from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"

    def ready(self):
        # The BLK-K counts by province and group follow every change of a BLK-K.
        from . import tallies

        tallies.connect_signals()
