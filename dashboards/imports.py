"""The portal's BLK-K import: who may import which BLK-Ks, its pages and its templates.

Ministry staff (and admins) import for the whole country and may add BLK-Ks; mentor
centres and provincial boards change the BLK-Ks of their own scope, through the same
scope rules that decide whose reports they see (roadmap.querysets.BlkkScope).
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import is_board_member, is_mentor, sees_everything
from registry.imports import COLUMNS, ImportScope
from registry.models import Blkk
from registry.views.imports import confirm_page, import_page
from roadmap.querysets import BlkkScope

from .exports import Column, export_response

TEMPLATE = "dashboards/blkk_import.html"


def import_scope(user):
    """The BLK-Ks the user may import into; PermissionDenied for people who may import none."""
    if sees_everything(user):
        return ImportScope(Blkk.objects.all(), may_create=True)
    if not (is_mentor(user) or is_board_member(user)):
        raise PermissionDenied(_("Only ministry staff, mentor centres and forum boards import BLK-Ks."))
    scope = BlkkScope(user)
    condition = scope.nothing()
    if is_mentor(user):
        condition |= scope.mentored()
    if is_board_member(user):
        condition |= scope.boarded()
    return ImportScope(Blkk.objects.filter(condition), may_create=False)


def _context(scope):
    return {
        "confirm_url": reverse("dashboards:blkk-import-confirm"),
        "may_create": scope.may_create,
        "base_template": "base.html",
    }


@require_http_methods(["GET", "POST"])
def blkk_import(request):
    scope = import_scope(request.user)
    return import_page(request, scope, TEMPLATE, _context(scope))


@require_POST
def blkk_import_confirm(request):
    scope = import_scope(request.user)
    return confirm_page(request, scope, TEMPLATE, _context(scope), reverse("registry:blkk-list"))


@require_GET
def blkk_import_template(request, fmt):
    """The import's columns in the user's language with one example row, as XLSX or CSV."""
    columns = [Column(column.heading) for column in COLUMNS]
    example = [column.example for column in COLUMNS]
    return export_response([example], columns, _("template-import-blkk"), fmt)
