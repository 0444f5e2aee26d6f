"""Writing notices: in the recipient's language, with absolute links, once per kind and key.

Callers decide who hears about what; `notify` renders the mail there and then (while the
objects it names are at hand), records it, and queues its delivery. Rendering happens in
the caller's transaction, sending never does: a mail server that fails cannot undo, or
turn into an error page, the work that caused the notice.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Notice
from .tasks import deliver


def absolute_url(name, *args):
    """A link for a mail: the portal's public address (settings.SITE_URL) and the path of `name`."""
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def language_of(user):
    """The language a person reads the portal in, or the portal's default when they never chose."""
    chosen = getattr(user, "language", "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def notify(kind, key, recipient, template, context, subject):
    """Write notice `kind` about `key` to `recipient` unless they had it already; returns the Notice or None.

    `template` names a pair of templates (`<template>.txt`, `<template>.html`); `subject`
    is a function of no arguments, called in the recipient's language. People without
    an address, or no longer active, get nothing and leave no record, so that a notice
    reaches them once they have an address.
    """
    if not recipient.is_active or not recipient.email:
        return None
    language = language_of(recipient)
    with translation.override(language):
        values = {**context, "recipient": recipient}
        text = render_to_string(f"{template}.txt", values)
        html = render_to_string(f"{template}.html", values)
        title = str(subject())
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                kind=kind,
                key=key,
                recipient=recipient,
                email=recipient.email,
                language=language,
                subject=title[:250],
                text=text,
                html=html,
            )
    except IntegrityError:
        return None  # Sent before, or by another run at the same moment.
    deliver.enqueue(notice.pk)
    return notice
