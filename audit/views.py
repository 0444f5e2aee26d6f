"""The audit log page: every recorded change, filterable by kind, person and date."""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.roles import may_read_audit_log

from .querysets import KIND_CHOICES, audit_entries, audit_keys

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of record"),
        required=False,
        choices=[("", gettext_lazy("all kinds")), *KIND_CHOICES],
    )
    user = forms.CharField(
        label=gettext_lazy("Changed by (username)"),
        required=False,
        max_length=150,
        help_text=gettext_lazy("The exact username, e.g. kemnaker-admin."),
    )
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    until = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", gettext_lazy("The end date comes before the start date."))
        return cleaned

    def filters(self):
        """The valid filters as keyword arguments of `audit_keys`; invalid ones are left out."""
        data = getattr(self, "cleaned_data", {})
        since, until = data.get("since"), data.get("until")
        # The first and last days a date can name bound nothing, and their midnights in WIB
        # fall outside what a datetime can hold once converted to UTC.
        return {
            "kind": data.get("kind") or "",
            "username": (data.get("user") or "").strip(),
            "since": _start_of(since) if since and since > datetime.date.min else None,
            "until": _start_of(until + datetime.timedelta(days=1)) if until and until < datetime.date.max else None,
        }


def _start_of(day):
    # Days are the portal's days (WIB), however the database stores the moment.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@require_GET
def audit_log(request):
    """Who changed what, when and why, across BLK-Ks, decrees, roadmaps, reports and classifications."""
    if not may_read_audit_log(request.user):
        raise PermissionDenied(_("Only ministry staff and administrators may read the audit log."))
    form = AuditFilterForm(request.GET)
    form.is_valid()  # Invalid filters show as errors beside their fields; the valid ones still apply.
    page = Paginator(audit_keys(**form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "entries": audit_entries(list(page.object_list))}
    return render(request, "audit/log.html", context)
