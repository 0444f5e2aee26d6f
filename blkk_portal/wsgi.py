"""
WSGI config for blkk_portal project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/6.1/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

from blkk_portal.startup import freeze_loaded_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blkk_portal.settings")

application = get_wsgi_application()
freeze_loaded_objects()
