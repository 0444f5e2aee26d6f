"""What every URL of the project answers to each person: the table test_url_access.py walks.

One entry per URL name, each a list of cases: the URL's arguments taken from the world
(tests/security/world.py), the method, and the expected answer per role. A new URL has no
entry until someone decides who may open it, and the walk fails until then.

Reading an entry: `signed_in(OK, plain=DENIED)` means every signed-in role gets 200
except `plain`, who gets 403; anonymous visitors are sent to sign in unless
`anonymous=` says otherwise. For POSTs, an answer made by `saved_to(...)` means the write
happens (the case's probe changes); every other answer to a POST must leave every table
as it was.

Django admin is generated from ADMIN_MODELS: its decision for every registered model is
"staff only", and what even staff may not do there (add a report by hand, delete a signed
decree) is spelled out per model.
"""

import datetime
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from forum.models import BoardPosition, Decree, Meeting
from registry.models import Blkk, SpreadsheetImport
from roadmap.models import Classification, Implementation, Programme, ReportingPeriod, StatusReport

from .world import ROLES

SIGNED_IN_ROLES = tuple(role for role in ROLES if role != "anonymous")


@dataclass(frozen=True)
class Answer:
    """An expected response: its status, where a redirect leads, what it must not contain."""

    status: int
    # For redirects: a path, or a function of the world giving one. "login" and
    # "admin-login" mean the sign-in pages, with a ?next= back to the URL; "elsewhere"
    # any page but those (a new object's page, whose id is not known in advance).
    to: object = None
    writes: bool = False
    # Functions of the world giving texts that must not appear in the response (a leak),
    # and texts that must, so that a page which shows no names at all cannot pass as leak-free.
    hides: tuple = ()
    shows: tuple = ()

    def without(self, *texts):
        return replace(self, hides=self.hides + texts)

    def showing(self, *texts):
        return replace(self, shows=self.shows + texts)

    def mismatch(self, response, world):
        """None when the response is this answer, else what differs."""
        if response.status_code != self.status:
            return f"expected {self.describe(world)}, got {response.status_code} {where(response)}".strip()
        if self.status in (301, 302):
            location = response["Location"]
            if self.to == "login":
                ok = location.startswith(reverse("accounts:login") + "?next=")
            elif self.to == "admin-login":
                ok = location.startswith(reverse("admin:login") + "?next=")
            elif self.to == "elsewhere":
                ok = not location.startswith((reverse("accounts:login"), reverse("admin:login")))
            else:
                ok = urlsplit(location).path == resolve(self.to, world)
            if not ok:
                return f"expected {self.describe(world)}, got a redirect to {location}"
        if self.hides or self.shows:
            body = content_of(response)
            leaked = [text for text in (resolve(t, world) for t in self.hides) if text in body]
            if leaked:
                return f"leaks {leaked}"
            missing = [text for text in (resolve(t, world) for t in self.shows) if text not in body]
            if missing:
                return f"does not show {missing}"
        return None

    def describe(self, world):
        if self.to is None:
            return str(self.status)
        target = self.to if isinstance(self.to, str) else resolve(self.to, world)
        return f"{self.status} to {target}"


def resolve(value, world):
    return value(world) if callable(value) else value


def where(response):
    return f"to {response['Location']}" if response.has_header("Location") else ""


def content_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


OK = Answer(200)
DENIED = Answer(403)
HIDDEN = Answer(404)
NOT_ALLOWED = Answer(405)
LOGIN = Answer(302, "login")
ADMIN_LOGIN = Answer(302, "admin-login")


def redirect(to, writes=False):
    return Answer(302, to, writes=writes)


def url(name, *args):
    """A function of the world: the path of `name` with arguments read from the world."""
    return lambda world: reverse(name, args=[resolve(arg, world) for arg in args])


def pk(attr):
    """A function of the world: the primary key of the world's attribute `attr`."""
    return lambda world: getattr(world, attr).pk


@dataclass
class Case:
    expect: dict
    args: tuple = ()  # each a function of the world or a plain value
    query: object = ""  # a query string, or a function of the world giving one
    method: str = "get"
    data: object = None  # a function of the world giving the POST data
    probe: object = None  # a function of the world whose value changes when the write happens
    label: str = ""

    def path(self, name, world):
        return reverse(name, args=[resolve(arg, world) for arg in self.args]) + resolve(self.query, world)

    def title(self, name):
        query = "" if callable(self.query) else self.query
        return self.label or f"{self.method.upper()} {name}{query}"


def signed_in(default, *, anonymous=LOGIN, **by_role):
    """Expectations for every role: `default` for the signed-in ones unless named."""
    unknown = set(by_role) - set(SIGNED_IN_ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {"anonymous": anonymous} | {role: by_role.get(role, default) for role in SIGNED_IN_ROLES}


PUBLIC = signed_in(OK, anonymous=OK)
SIGNED_IN = signed_in(OK)
# POST-only views answer a GET with 405 once past the sign-in check.
POST_ONLY_GET = signed_in(NOT_ALLOWED)


# Texts that must not leak into lists scoped to someone else: the BLK-Ks' names.
def OWN_NAME(world):  # noqa: N802
    return world.own_blkk.name


def OTHER_NAME(world):  # noqa: N802
    return world.other_blkk.name


def FAR_NAME(world):  # noqa: N802
    return world.far_blkk.name


def today(offset=0):
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def scoped_list(default=OK):
    """A list scoped to the reader: each role sees its own BLK-Ks and none of the others'."""
    return signed_in(
        default,
        plain=default.without(OWN_NAME, OTHER_NAME, FAR_NAME),
        manager=default.showing(OWN_NAME).without(OTHER_NAME, FAR_NAME),
        other_manager=default.showing(OTHER_NAME).without(OWN_NAME, FAR_NAME),
        board=default.showing(OWN_NAME, OTHER_NAME).without(FAR_NAME),
        mentor=default.showing(OWN_NAME, OTHER_NAME).without(FAR_NAME),
        other_mentor=default.showing(FAR_NAME).without(OWN_NAME, OTHER_NAME),
        ministry=default.showing(OWN_NAME, OTHER_NAME, FAR_NAME),
        admin=default.showing(OWN_NAME, OTHER_NAME, FAR_NAME),
    )


# Who may record things for the Sulawesi Selatan forum: its board, its mentor centre, admins.
FORUM_MANAGERS = {"board": OK, "mentor": OK, "admin": OK}
# Who sees the reports of own_blkk: its manager, its forum's board, its mentor centre, the ministry, admins.
SEES_OWN_REPORTS = {"manager": OK, "board": OK, "mentor": OK, "ministry": OK, "admin": OK}
SEES_FAR_REPORTS = {"other_mentor": OK, "ministry": OK, "admin": OK}


def with_answer(roles, answer):
    return dict.fromkeys(roles, answer)


def forum_form(args, data, probe):
    """A form of the Sulawesi Selatan forum: its GET and a POST that saves for those who may."""
    saved = redirect("elsewhere", writes=True)
    return [
        Case(signed_in(DENIED, **FORUM_MANAGERS), args=args),
        Case(
            signed_in(DENIED, **with_answer(FORUM_MANAGERS, saved)),
            args=args,
            method="post",
            data=data,
            probe=probe,
        ),
    ]


def saved_to(to):
    return redirect(to, writes=True)


def meeting_data(world):
    return {"kind": Meeting.Kind.RAKOR, "title": "Rakor uji akses", "starts_on": today(-2), "ends_on": today(-2)}


def meeting_edit_data(world):
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    return meeting_data(world) | {"title": "Rakor diubah", "version": meeting.version}


def board_data(world):
    return {"role": BoardPosition.Role.ANGGOTA, "person_name": "Siti Aminah", "term_start": today(-1)}


def board_edit_data(world):
    return {"role": BoardPosition.Role.KETUA, "person_name": "Nama Baru", "term_start": world.seat.term_start}


def programme_data(world, code="K1.02", title="Program uji akses"):
    year = timezone.localdate().year
    return {
        "pillar": world.sulsel_pillar.pk,
        "code": code,
        "title": title,
        "starts_on": f"{year}-01-01",
        "ends_on": f"{year}-12-31",
        "participation": Programme.Participation.ALL_MEMBERS,
    }


def profile_data(world):
    return {
        "phone": "0411 555555",
        "email": "",
        "address": "",
        "version": Blkk.objects.get(pk=world.own_blkk.pk).version,
    }


def far_profile_data(world):
    return profile_data(world) | {"version": Blkk.objects.get(pk=world.far_blkk.pk).version}


def report_data(world):
    implementation = Implementation.objects.get(pk=world.own_impl.pk)
    return {"status": "in_progress", "progress": 65, "narrative": "Uji akses.", "version": implementation.version}


def classification_data(world):
    return {"level": Blkk.Level.BERKEMBANG, "assessed_on": today(-1), "evidence": "Kunjungan.", "note": "Uji akses."}


def pdf_copy(world):
    return {"copy": SimpleUploadedFile("salinan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")}


def import_csv(world):
    """A spreadsheet that gives own_blkk a new phone number."""
    content = f"Registry number,Contact phone\n{world.own_blkk.registry_number},0411 555555\n".encode()
    return {"file": SimpleUploadedFile("blkk.csv", content, content_type="text/csv")}


def confirm_unknown_dry_run(world):
    return import_csv(world) | {"dry_run": 2**31 - 1}


# Who imports BLK-Ks: ministry staff and admins everywhere, mentor centres and boards their own.
IMPORTERS = ("board", "mentor", "other_mentor", "ministry", "admin")
# A dry run writes no BLK-K, but records itself (file, SHA-256, who, when) for the confirm step.
CHECKED = Answer(200, writes=True)


def count(model):
    return lambda world: model.objects.count()


def field_of(model, attr, column):
    return lambda world: model.objects.filter(pk=getattr(world, attr).pk).values_list(column, flat=True).get()


def home_for(name, *args):
    return redirect(url(name, *args))


TABLE = {
    # --- the portal's own pages -------------------------------------------------------------
    "home": [
        Case(
            signed_in(
                OK,
                anonymous=OK,
                plain=home_for("registry:blkk-list"),
                manager=home_for("roadmap:my-programmes"),
                other_manager=home_for("roadmap:my-programmes"),
                board=redirect(lambda w: w.sulsel.get_absolute_url()),
                # Mentors land on their review queue, whose top sums up the backlog.
                mentor=home_for("roadmap:review-queue"),
                other_mentor=home_for("roadmap:review-queue"),
                ministry=home_for("dashboards:national"),
                admin=home_for("dashboards:national"),
            )
        )
    ],
    "healthz": [Case(PUBLIC)],
    "set_language": [
        Case(signed_in(redirect("/"), anonymous=redirect("/"))),
        Case(
            signed_in(redirect("/"), anonymous=redirect("/")),
            method="post",
            data=lambda w: {"language": "en", "next": "/"},
        ),
    ],
    "accounts:login": [Case(signed_in(redirect("/"), anonymous=OK))],
    "accounts:logout": [
        Case(POST_ONLY_GET),
        Case(signed_in(redirect(reverse("accounts:login"))), method="post"),
    ],
    "accounts:password-change": [Case(SIGNED_IN)],
    "accounts:password-change-done": [Case(SIGNED_IN)],
    "accounts:two-factor": [Case(SIGNED_IN)],
    "accounts:two-factor-setup": [Case(SIGNED_IN)],
    # Nobody in the world owes a code, so the page sends them on.
    "accounts:two-factor-verify": [Case(signed_in(redirect("/")))],
    "accounts:two-factor-backup-codes": [
        Case(POST_ONLY_GET),
        # Without an app there are no codes to replace: back to the overview, nothing made.
        Case(signed_in(home_for("accounts:two-factor")), method="post"),
    ],
    "accounts:two-factor-disable": [Case(signed_in(home_for("accounts:two-factor")))],
    "audit:log": [Case(signed_in(DENIED, ministry=OK, admin=OK))],
    # --- registry ----------------------------------------------------------------------------
    "registry:blkk-list": [Case(SIGNED_IN), Case(SIGNED_IN, query="?province=73&sort=level")],
    "registry:regency-options": [Case(SIGNED_IN, query="?province=73")],
    "registry:blkk-detail": [Case(SIGNED_IN, args=(pk("own_blkk"),))],
    "registry:blkk-edit": [
        Case(signed_in(DENIED, manager=OK, mentor=OK, admin=OK), args=(pk("own_blkk"),)),
        Case(
            signed_in(
                DENIED,
                **with_answer(("manager", "mentor", "admin"), saved_to(lambda w: w.own_blkk.get_absolute_url())),
            ),
            args=(pk("own_blkk"),),
            method="post",
            data=profile_data,
            probe=field_of(Blkk, "own_blkk", "phone"),
        ),
        Case(
            signed_in(DENIED, other_mentor=OK, admin=OK),
            args=(pk("far_blkk"),),
            label="GET registry:blkk-edit of a Bandung BLK-K",
        ),
        Case(
            signed_in(
                DENIED,
                **with_answer(("other_mentor", "admin"), saved_to(lambda w: w.far_blkk.get_absolute_url())),
            ),
            args=(pk("far_blkk"),),
            method="post",
            data=far_profile_data,
            probe=field_of(Blkk, "far_blkk", "phone"),
            label="POST registry:blkk-edit of a Bandung BLK-K",
        ),
    ],
    "registry:centre-list": [Case(SIGNED_IN)],
    "registry:centre-detail": [Case(SIGNED_IN, args=(pk("makassar"),))],
    "registry:province-list": [Case(SIGNED_IN)],
    "registry:province-detail": [Case(SIGNED_IN, args=("73",))],
    # --- forums, meetings, boards, decree verification ----------------------------------------
    "forum:forum-list": [Case(SIGNED_IN), Case(SIGNED_IN, query="?state=effective&q=Sulawesi")],
    "forum:forum-detail": [Case(SIGNED_IN, args=(pk("sulsel"),))],
    "forum:meeting-create": forum_form((pk("sulsel"),), meeting_data, count(Meeting)),
    "forum:member-search": [Case(signed_in(DENIED, **FORUM_MANAGERS), args=(pk("sulsel"),), query="?q=BLK")],
    "forum:board-create": forum_form((pk("sulsel"),), board_data, count(BoardPosition)),
    "forum:meeting-detail": [Case(SIGNED_IN, args=(pk("meeting"),))],
    "forum:meeting-edit": forum_form((pk("meeting"),), meeting_edit_data, field_of(Meeting, "meeting", "title")),
    "forum:board-edit": forum_form((pk("seat"),), board_edit_data, field_of(BoardPosition, "seat", "person_name")),
    "forum:board-end": [
        Case(POST_ONLY_GET, args=(pk("seat"),)),
        Case(
            signed_in(DENIED, **with_answer(FORUM_MANAGERS, saved_to(url("forum:forum-detail", pk("sulsel"))))),
            args=(pk("seat"),),
            method="post",
            probe=field_of(BoardPosition, "seat", "term_end"),
        ),
    ],
    "forum:verify": [
        Case(PUBLIC),
        Case(
            signed_in(
                redirect(lambda w: w.mentor_decree.get_absolute_url()),
                anonymous=redirect(lambda w: w.mentor_decree.get_absolute_url()),
            ),
            query=lambda w: f"?number={w.mentor_decree.number.lower()}",
            label="GET forum:verify?number=<the mentor decree's number>",
        ),
    ],
    "forum:verify-decree": [
        Case(PUBLIC, args=(lambda w: w.mentor_decree.token,)),
        Case(PUBLIC, args=(lambda w: w.board_decree.token,), method="post", data=pdf_copy),
        Case(signed_in(HIDDEN, anonymous=HIDDEN), args=(lambda w: w.draft_decree.token,), label="a draft's token"),
    ],
    # --- roadmaps, programmes, reports ---------------------------------------------------------
    "roadmap:roadmap-list": [Case(SIGNED_IN)],
    "roadmap:roadmap-detail": [Case(SIGNED_IN, args=(pk("roadmap"),))],
    "roadmap:programme-create": [
        *forum_form((pk("sulsel_roadmap"),), programme_data, count(Programme)),
        # The national roadmap belongs to the national forum, which nobody here manages.
        Case(
            signed_in(DENIED, admin=OK),
            args=(pk("roadmap"),),
            label="GET roadmap:programme-create of the national roadmap",
        ),
    ],
    "roadmap:programme-detail": [
        Case(SIGNED_IN, args=(pk("permit"),)),
        Case(SIGNED_IN, args=(pk("permit"),), query="?status=in_progress&province=73&q=Fakhriyah"),
    ],
    "roadmap:programme-edit": forum_form(
        (pk("sulsel_programme"),),
        lambda w: programme_data(w, code="K1.01", title="Kemitraan diubah"),
        field_of(Programme, "sulsel_programme", "title"),
    ),
    "roadmap:period-lock": [
        Case(POST_ONLY_GET, args=(pk("sulsel_period"),)),
        Case(
            signed_in(
                DENIED,
                **with_answer(FORUM_MANAGERS, saved_to(url("roadmap:roadmap-detail", pk("sulsel_roadmap")))),
            ),
            args=(pk("sulsel_period"),),
            method="post",
            data=lambda w: {"action": "lock"},
            probe=field_of(ReportingPeriod, "sulsel_period", "locked"),
        ),
    ],
    "roadmap:implementation-detail": [
        Case(signed_in(HIDDEN, **SEES_OWN_REPORTS), args=(pk("own_impl"),)),
        Case(signed_in(HIDDEN, **SEES_FAR_REPORTS), args=(pk("far_impl"),), label="a Bandung implementation"),
    ],
    "roadmap:report-create": [
        # Others who see the reports may not write one (403); the rest do not see them (404).
        Case(
            signed_in(HIDDEN, manager=OK, board=DENIED, mentor=DENIED, ministry=DENIED, admin=DENIED),
            args=(pk("own_impl"),),
        ),
        Case(
            signed_in(
                HIDDEN,
                manager=saved_to(url("roadmap:implementation-detail", pk("own_impl"))),
                board=DENIED,
                mentor=DENIED,
                ministry=DENIED,
                admin=DENIED,
            ),
            args=(pk("own_impl"),),
            method="post",
            data=report_data,
            probe=count(StatusReport),
        ),
    ],
    "roadmap:report-detail": [
        Case(signed_in(HIDDEN, **SEES_OWN_REPORTS), args=(pk("own_report"),)),
        Case(signed_in(HIDDEN, **SEES_FAR_REPORTS), args=(pk("far_report"),), label="a Bandung report"),
    ],
    "roadmap:report-evidence": [
        Case(signed_in(HIDDEN, **SEES_OWN_REPORTS), args=(pk("own_report"),)),
        Case(signed_in(HIDDEN, **SEES_FAR_REPORTS), args=(pk("far_report"),), label="a Bandung report's evidence"),
    ],
    "roadmap:report-review": [
        Case(POST_ONLY_GET, args=(pk("own_report"),)),
        Case(
            signed_in(
                HIDDEN,
                manager=DENIED,
                board=DENIED,
                mentor=saved_to(reverse("roadmap:review-queue")),
                ministry=DENIED,
                admin=DENIED,
            ),
            args=(pk("own_report"),),
            method="post",
            data=lambda w: {"decision": "approve"},
            probe=field_of(StatusReport, "own_report", "review"),
        ),
        Case(
            signed_in(
                HIDDEN,
                other_mentor=saved_to(reverse("roadmap:review-queue")),
                ministry=DENIED,
                admin=DENIED,
            ),
            args=(pk("far_report"),),
            method="post",
            data=lambda w: {"decision": "return", "note": "Lengkapi bukti."},
            probe=field_of(StatusReport, "far_report", "review"),
            label="POST roadmap:report-review of a Bandung report",
        ),
    ],
    "roadmap:my-programmes": [Case(signed_in(DENIED, manager=OK, other_manager=OK))],
    "roadmap:review-queue": [Case(signed_in(DENIED, mentor=OK, other_mentor=OK))],
    "roadmap:review-approve-selected": [
        Case(POST_ONLY_GET),
        # Only mentors of the report's BLK-K approve it; another centre's staff are sent back
        # to their queue with a message, and nothing is written.
        Case(
            signed_in(
                DENIED,
                mentor=saved_to(reverse("roadmap:review-queue")),
                other_mentor=redirect(reverse("roadmap:review-queue")),
            ),
            method="post",
            data=lambda w: {"report": [w.own_report.pk]},
            probe=field_of(StatusReport, "own_report", "review"),
        ),
        Case(
            signed_in(
                DENIED,
                mentor=redirect(reverse("roadmap:review-queue")),
                other_mentor=saved_to(reverse("roadmap:review-queue")),
            ),
            method="post",
            data=lambda w: {"report": [w.far_report.pk]},
            probe=field_of(StatusReport, "far_report", "review"),
            label="POST roadmap:review-approve-selected of a Bandung report",
        ),
    ],
    "roadmap:blkk-progress": [Case(SIGNED_IN, args=(pk("own_blkk"),))],
    "roadmap:classification-create": [
        Case(signed_in(DENIED, mentor=OK, ministry=OK, admin=OK), args=(pk("own_blkk"),)),
        Case(
            signed_in(
                DENIED,
                **with_answer(("mentor", "ministry", "admin"), saved_to(lambda w: w.own_blkk.get_absolute_url())),
            ),
            args=(pk("own_blkk"),),
            method="post",
            data=classification_data,
            probe=count(Classification),
        ),
        Case(
            signed_in(DENIED, other_mentor=OK, ministry=OK, admin=OK),
            args=(pk("far_blkk"),),
            label="GET roadmap:classification-create of a Bandung BLK-K",
        ),
    ],
    # --- dashboards, lists and exports -----------------------------------------------------------
    "dashboards:national": [Case(signed_in(OK, plain=DENIED))],
    # The provinces' shapes the national map draws: public geography, no number in it.
    "dashboards:province-shapes": [Case(PUBLIC)],
    "dashboards:province": [
        Case(signed_in(OK, plain=DENIED, other_mentor=DENIED), args=("73",)),
        Case(signed_in(DENIED, other_mentor=OK, ministry=OK, admin=OK), args=("32",), label="Jawa Barat"),
    ],
    "dashboards:forum": [Case(signed_in(OK, plain=DENIED, other_mentor=DENIED), args=(pk("sulsel"),))],
    "dashboards:centre": [
        Case(signed_in(DENIED, mentor=OK, ministry=OK, admin=OK), args=(pk("makassar"),)),
        Case(signed_in(DENIED, other_mentor=OK, ministry=OK, admin=OK), args=(pk("bandung"),), label="Bandung"),
    ],
    "dashboards:blkks": [
        Case(scoped_list()),
        # Filtering on a province outside one's scope narrows the scope; it does not widen it.
        Case(
            signed_in(
                OK.without(FAR_NAME),
                other_mentor=OK.showing(FAR_NAME),
                ministry=OK.showing(FAR_NAME),
                admin=OK.showing(FAR_NAME),
            ),
            query=lambda w: f"?province=32&centre={w.bandung.pk}",
            label="GET dashboards:blkks of Jawa Barat",
        ),
    ],
    "dashboards:blkks-export": [Case(scoped_list(), args=("csv",))],
    "dashboards:implementations": [Case(scoped_list())],
    "dashboards:implementations-export": [Case(scoped_list(), args=("csv",))],
    "dashboards:table-export": [Case(SIGNED_IN, args=("province", "csv"))],
    "dashboards:directory-export": [Case(SIGNED_IN, args=("csv",))],
    "dashboards:programme-export": [Case(SIGNED_IN, args=(pk("permit"), "csv"))],
    "dashboards:blkk-import": [
        Case(signed_in(DENIED, **with_answer(IMPORTERS, OK))),
        Case(
            signed_in(
                DENIED,
                **with_answer(("board", "mentor", "ministry", "admin"), CHECKED.showing("0411 123456 → 0411 555555")),
                other_mentor=CHECKED.showing("outside the BLK-Ks you may change"),
            ),
            method="post",
            data=import_csv,
            probe=count(SpreadsheetImport),
        ),
    ],
    # Without a dry run of one's own there is nothing to confirm: refused, nothing written.
    "dashboards:blkk-import-confirm": [
        Case(POST_ONLY_GET),
        Case(signed_in(DENIED, **with_answer(IMPORTERS, Answer(409))), method="post", data=confirm_unknown_dry_run),
    ],
    "dashboards:blkk-import-template": [Case(SIGNED_IN, args=("xlsx",)), Case(SIGNED_IN, args=("csv",))],
}


# --- Django admin ------------------------------------------------------------------------------


def staff_only(answer, anonymous=LOGIN):
    """Admin pages: staff get `answer`, other people the admin's sign-in page.

    Anonymous visitors meet the portal's sign-in first on ModelAdmin pages; the admin
    site's own pages tell LoginRequiredMiddleware to use the admin's sign-in instead.
    """
    others = {role: ADMIN_LOGIN for role in SIGNED_IN_ROLES if role != "admin"}
    return {"anonymous": anonymous} | others | {"admin": answer}


def site_staff_only(answer):
    return staff_only(answer, anonymous=ADMIN_LOGIN)


ACTIONS = ("changelist", "add", "change", "delete", "history")
FULL = frozenset(ACTIONS)
VIEW_ONLY = frozenset({"changelist", "change", "history"})  # workflows write these; admin may only read


def first(model):
    return lambda world: model._default_manager.order_by("pk").values_list("pk", flat=True).first()


# What staff may do with each registered model, and which row the per-object pages open.
ADMIN_MODELS = {
    "auth.group": (FULL, None),
    "otp_totp.totpdevice": (FULL, None),
    "otp_static.staticdevice": (FULL, None),
    # django-axes' records are written by sign-in attempts; staff read or clear them.
    "axes.accessattempt": (frozenset({"changelist", "change", "delete", "history"}), None),
    "axes.accesslog": (frozenset({"changelist", "change", "delete", "history"}), None),
    "axes.accessfailurelog": (frozenset({"changelist", "change", "delete", "history"}), None),
    "accounts.user": (FULL, None),
    "registry.province": (FULL, None),
    "registry.regency": (FULL, None),
    "registry.vocationalfield": (FULL, None),
    "registry.hostinstitutiontype": (FULL, None),
    "registry.trainingcentre": (FULL, None),
    "registry.blkk": (FULL, lambda w: w.own_blkk.pk),
    "registry.mentorship": (VIEW_ONLY, None),
    # A signed decree is never deleted, by anyone.
    "forum.decree": (FULL - {"delete"}, lambda w: w.mentor_decree.pk),
    "forum.forum": (FULL, None),
    "forum.meeting": (FULL, None),
    "roadmap.roadmap": (FULL, None),
    "roadmap.pillar": (FULL, None),
    "roadmap.indicator": (FULL, None),
    "roadmap.indicatortarget": (FULL, None),
    "roadmap.programme": (FULL, None),
    "roadmap.reportingperiod": (FULL, None),
    "roadmap.implementation": (VIEW_ONLY, None),
    "roadmap.statusreport": (VIEW_ONLY, None),
    "roadmap.classification": (VIEW_ONLY, None),
    # Written by the portal (notices) and by the task framework (queued and finished tasks).
    "notices.notice": (VIEW_ONLY, None),
    "django_tasks_database.dbtaskresult": (VIEW_ONLY, None),
    # Tokens are made by their owners on the account page; admins may read and revoke them.
    "api.apitoken": (frozenset({"changelist", "change", "delete", "history"}), lambda w: w.outsider_token.pk),
}


def admin_model_cases():
    cases = {}
    for model in admin.site._registry:
        label = model._meta.label_lower
        if label not in ADMIN_MODELS:
            continue  # the walk names it as a URL without an entry
        allowed, row = ADMIN_MODELS[label]
        row = row or first(model)
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for action in ACTIONS:
            answer = OK if action in allowed else DENIED
            args = (row,) if action in ("change", "delete", "history") else ()
            cases[f"{prefix}_{action}"] = [Case(staff_only(answer), args=args)]
        if isinstance(admin.site._registry[model], SimpleHistoryAdmin):
            # One past version of the row, as django-simple-history shows it.
            answer = OK if "change" in allowed else DENIED
            cases[f"{prefix}_simple_history"] = [Case(staff_only(answer), args=(row, latest_version(model, row)))]
    return cases


def latest_version(model, row):
    def history_id(world):
        return model.history.filter(id=resolve(row, world)).order_by("-history_id").first().history_id

    return history_id


def blkk_content_type(world):
    return ContentType.objects.get_for_model(Blkk).pk


ADMIN_TABLE = {
    "admin:index": [Case(site_staff_only(OK))],
    # The admin's sign-in page is open; a signed-in non-staff person sees it with a notice.
    "admin:login": [Case(signed_in(OK, anonymous=OK, admin=home_for("admin:index")))],
    "admin:logout": [
        Case(signed_in(home_for("admin:index"), anonymous=ADMIN_LOGIN, admin=NOT_ALLOWED)),
    ],
    "admin:password_change": [Case(site_staff_only(OK))],
    "admin:password_change_done": [Case(site_staff_only(OK))],
    "admin:autocomplete": [
        Case(site_staff_only(OK), query="?app_label=registry&model_name=blkk&field_name=regency&term=Makassar")
    ],
    "admin:jsi18n": [Case(site_staff_only(OK))],
    "admin:app_list": [Case(site_staff_only(OK), args=("registry",))],
    "admin:view_on_site": [
        Case(
            site_staff_only(redirect(lambda w: w.own_blkk.get_absolute_url())), args=(blkk_content_type, pk("own_blkk"))
        )
    ],
    "admin:auth_user_password_change": [Case(staff_only(OK), args=(lambda w: w.outsider.pk,))],
    # Admins may remove someone's authenticator but never read its secret.
    "admin:otp_totp_totpdevice_config": [Case(staff_only(DENIED), args=(pk("totp"),))],
    "admin:otp_totp_totpdevice_qrcode": [Case(staff_only(DENIED), args=(pk("totp"),))],
    "admin:forum_decree_pdf": [Case(staff_only(OK), args=(pk("mentor_decree"),))],
    "admin:forum_decree_sign": [
        Case(staff_only(OK), args=(pk("draft_decree"),)),
        Case(
            staff_only(redirect(url("admin:forum_decree_change", pk("mentor_decree")))),
            args=(pk("mentor_decree"),),
            label="GET admin:forum_decree_sign of a signed decree",
        ),
    ],
    # Signing in-house is a POST from the change page; a GET is refused outright.
    "admin:forum_decree_sign_in_house": [Case(staff_only(DENIED), args=(pk("draft_decree"),))],
    "admin:forum_decree_revoke": [
        Case(staff_only(OK), args=(pk("mentor_decree"),)),
        Case(
            staff_only(saved_to(url("admin:forum_decree_change", pk("mentor_decree")))),
            args=(pk("mentor_decree"),),
            method="post",
            data=lambda w: {"reason": "Uji akses", "revoking_number": "", "revoked_on": today()},
            probe=field_of(Decree, "mentor_decree", "status"),
        ),
    ],
    "admin:forum_decree_signed_file": [Case(staff_only(OK), args=(pk("board_decree"),))],
    # A board appointment has no annex: its page opens, its dry run is refused with a message.
    "admin:forum_decree_annex_import": [
        Case(staff_only(OK), args=(pk("draft_decree"),)),
        Case(
            staff_only(redirect(url("admin:forum_decree_change", pk("mentor_decree")))),
            args=(pk("mentor_decree"),),
            label="GET admin:forum_decree_annex_import of a signed decree",
        ),
    ],
    "admin:forum_decree_annex_import_confirm": [
        Case(staff_only(NOT_ALLOWED), args=(pk("draft_decree"),)),
        Case(staff_only(Answer(409)), args=(pk("draft_decree"),), method="post", data=confirm_unknown_dry_run),
    ],
    # The portal's import in admin dress: the whole registry is the admin's scope.
    "admin:registry_blkk_import": [
        Case(staff_only(OK)),
        Case(
            staff_only(CHECKED.showing("0411 123456 → 0411 555555")),
            method="post",
            data=import_csv,
            probe=count(SpreadsheetImport),
        ),
    ],
    "admin:registry_blkk_import_confirm": [
        Case(staff_only(NOT_ALLOWED)),
        Case(staff_only(Answer(409)), method="post", data=confirm_unknown_dry_run),
    ],
}


def full_table():
    from .api_access_table import API_TABLE

    return TABLE | ADMIN_TABLE | admin_model_cases() | API_TABLE


def cell_count(table):
    return sum(len(case.expect) for cases in table.values() for case in cases)
