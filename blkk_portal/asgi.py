"""
ASGI config for blkk_portal project.

It exposes the ASGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/6.1/howto/deployment/asgi/
"""

import os

from django.core.asgi import get_asgi_application

from blkk_portal.startup import freeze_loaded_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blkk_portal.settings")

application = get_asgi_application()
freeze_loaded_objects()
