"""The portal's settings plus a cache probe, for the gunicorn instances of test_scale_out."""

from blkk_portal.settings import *  # noqa: F403 - the portal's settings, unchanged but for the URLs

ROOT_URLCONF = "tests.reliability.scaleout_urls"
