"""Deployment checks for electronic signatures: `manage.py check --deploy` runs them."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_decree_signatures(app_configs=None, **kwargs):
    problems = []
    if settings.DECREE_DEMO_CA:
        problems.append(
            Warning(
                "DECREE_DEMO_CA is on: the portal trusts the demo CA, whose private key is kept on this server.",
                hint="Set DECREE_DEMO_CA=false and DECREE_TRUST_ANCHORS to the certification authority's CA files.",
                id="forum.W001",
            )
        )
    for name in settings.DECREE_TRUST_ANCHORS:
        if not Path(name).is_file():
            problems.append(Error(f"DECREE_TRUST_ANCHORS names {name}, which is not a file.", id="forum.E001"))
    if settings.DECREE_SIGNING_PKCS12 and not Path(settings.DECREE_SIGNING_PKCS12).is_file():
        problems.append(Error("DECREE_SIGNING_PKCS12 names no file.", id="forum.E002"))
    return problems
