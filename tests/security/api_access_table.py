"""The API's rows of the access table (access_table.full_table adds them): every route of /api/.

The API answers for itself: no sign-in redirect, but 401 (no or a bad token) in its own
error shape. The open datasets answer everyone. The rest follows the same scopes as the
pages, so the expectations mirror the pages' entries in access_table.py.
"""

from api.models import ApiToken
from roadmap.models import StatusReport

from .access_table import (
    DENIED,
    HIDDEN,
    NOT_ALLOWED,
    OK,
    SEES_FAR_REPORTS,
    SEES_OWN_REPORTS,
    Answer,
    Case,
    count,
    field_of,
    pk,
    report_data,
    scoped_list,
    signed_in,
)

UNAUTHORISED = Answer(401)
CREATED = Answer(201, writes=True)
REVIEWED = Answer(200, writes=True)
NOT_FOUND = Answer(404)


def api(default, **by_role):
    """`signed_in` for the API: anonymous callers get 401 unless said otherwise."""
    by_role.setdefault("anonymous", UNAUTHORISED)
    return signed_in(default, **by_role)


OPEN = api(OK, anonymous=OK)
SIGNED_IN = api(OK)


def token(world):
    return world.mentor_decree.token


API_TABLE = {
    "api:root": [Case(OPEN)],
    "api:schema": [Case(OPEN)],
    "api:docs": [Case(OPEN)],
    # Any other path under /api/ answers the API's 404 body.
    "api:not-found": [Case(api(NOT_FOUND, anonymous=NOT_FOUND))],
    "api:open-national": [Case(OPEN)],
    "api:province-list": [Case(OPEN)],
    "api:province-detail": [Case(OPEN, args=("73",))],
    "api:regency-list": [Case(OPEN, query="?province=73")],
    "api:regency-detail": [Case(OPEN, args=("73.71",))],
    "api:centre-list": [Case(OPEN)],
    "api:centre-detail": [Case(OPEN, args=(pk("makassar"),))],
    "api:forum-list": [Case(OPEN)],
    "api:forum-detail": [Case(OPEN, args=(pk("sulsel"),))],
    "api:forum-board": [Case(SIGNED_IN, args=(pk("sulsel"),))],
    "api:decree-list": [Case(OPEN, query=lambda w: f"?number={w.mentor_decree.number}")],
    "api:decree-detail": [
        Case(OPEN, args=(token,)),
        # Drafts: administrators only, like Django admin.
        Case(api(HIDDEN, anonymous=HIDDEN, admin=OK), args=(lambda w: w.draft_decree.token,), label="a draft"),
    ],
    "api:meeting-list": [Case(SIGNED_IN)],
    "api:meeting-detail": [Case(SIGNED_IN, args=(pk("meeting"),))],
    "api:blkk-list": [Case(SIGNED_IN), Case(SIGNED_IN, query="?province=73&sort=level")],
    "api:blkk-detail": [Case(SIGNED_IN, args=(pk("own_blkk"),))],
    "api:roadmap-list": [Case(SIGNED_IN)],
    "api:roadmap-detail": [Case(SIGNED_IN, args=(pk("roadmap"),))],
    "api:programme-list": [Case(SIGNED_IN)],
    "api:programme-detail": [Case(SIGNED_IN, args=(pk("permit"),))],
    # Implementations and reports follow the report rule: own, own forum's, scope, all.
    "api:implementation-list": [Case(scoped_list() | {"anonymous": UNAUTHORISED})],
    "api:implementation-detail": [
        Case(api(HIDDEN, **SEES_OWN_REPORTS), args=(pk("own_impl"),)),
        Case(api(HIDDEN, **SEES_FAR_REPORTS), args=(pk("far_impl"),), label="a Bandung implementation"),
    ],
    "api:implementation-report-submit": [
        # POST only: any signed-in caller learns that before anything is looked up.
        Case(api(NOT_ALLOWED), args=(pk("own_impl"),)),
        Case(
            api(HIDDEN, manager=CREATED, board=DENIED, mentor=DENIED, ministry=DENIED, admin=DENIED),
            args=(pk("own_impl"),),
            method="post",
            data=report_data,
            probe=count(StatusReport),
        ),
    ],
    "api:report-list": [Case(SIGNED_IN)],
    "api:report-detail": [
        Case(api(HIDDEN, **SEES_OWN_REPORTS), args=(pk("own_report"),)),
        Case(api(HIDDEN, **SEES_FAR_REPORTS), args=(pk("far_report"),), label="a Bandung report"),
    ],
    "api:report-evidence": [
        Case(api(HIDDEN, **SEES_OWN_REPORTS), args=(pk("own_report"),)),
        Case(api(HIDDEN, **SEES_FAR_REPORTS), args=(pk("far_report"),), label="a Bandung report's evidence"),
    ],
    "api:report-review": [
        Case(api(NOT_ALLOWED), args=(pk("own_report"),)),
        Case(
            api(HIDDEN, manager=DENIED, board=DENIED, mentor=REVIEWED, ministry=DENIED, admin=DENIED),
            args=(pk("own_report"),),
            method="post",
            data=lambda w: {"decision": "approve"},
            probe=field_of(StatusReport, "own_report", "review"),
        ),
        Case(
            api(HIDDEN, other_mentor=REVIEWED, ministry=DENIED, admin=DENIED),
            args=(pk("far_report"),),
            method="post",
            data=lambda w: {"decision": "return", "note": "Lengkapi bukti."},
            probe=field_of(StatusReport, "far_report", "review"),
            label="POST api:report-review of a Bandung report",
        ),
    ],
    "api:dashboard-national": [Case(api(OK, plain=DENIED))],
    "api:dashboard-province": [
        Case(api(OK, plain=DENIED, other_mentor=DENIED), args=("73",)),
        Case(api(DENIED, other_mentor=OK, ministry=OK, admin=OK), args=("32",), label="Jawa Barat"),
    ],
    "api:dashboard-forum": [Case(api(OK, plain=DENIED, other_mentor=DENIED), args=(pk("sulsel"),))],
    "api:dashboard-centre": [
        Case(api(DENIED, mentor=OK, ministry=OK, admin=OK), args=(pk("makassar"),)),
        Case(api(DENIED, other_mentor=OK, ministry=OK, admin=OK), args=(pk("bandung"),), label="Bandung"),
    ],
    # The account page of personal tokens: everyone manages their own.
    "api-tokens:list": [
        Case(signed_in(OK)),
        Case(
            signed_in(Answer(200, writes=True)),
            method="post",
            data=lambda w: {"name": "uji akses"},
            probe=count(ApiToken),
        ),
    ],
    "api-tokens:revoke": [
        Case(signed_in(NOT_ALLOWED), args=(pk("outsider_token"),)),
        # Someone else's token: not found for everyone, and it stays active.
        Case(
            signed_in(HIDDEN),
            args=(pk("outsider_token"),),
            method="post",
            probe=field_of(ApiToken, "outsider_token", "revoked_at"),
        ),
    ],
}
