"""The national and provincial forums, their boards and their meetings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models import Blkk, Province, Regency

from ..querysets import BoardPositionQuerySet, ForumQuerySet, MeetingQuerySet


class Forum(models.Model):
    """A coordination forum of BLK-Ks: the national FKN BLK-K or one province's forum."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCIAL = "provincial", _("provincial")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forums",
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = [models.F("province_id").asc(nulls_first=True), "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province"],
                condition=Q(kind="provincial"),
                name="forum_forum_one_per_province",
                violation_error_message=_("This province already has a forum."),
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="national"),
                name="forum_forum_one_national",
                violation_error_message=_("There is already a national forum."),
            ),
            models.CheckConstraint(
                condition=Q(kind="national", province__isnull=True) | Q(kind="provincial", province__isnull=False),
                name="forum_forum_province_matches_kind",
                violation_error_message=_("A provincial forum names its province; the national forum names none."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["national", "provincial"]),
                name="forum_forum_kind_valid",
                violation_error_message=_("A forum is national or provincial."),
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("forum:forum-detail", args=[self.pk])

    @property
    def is_national(self):
        return self.kind == self.Kind.NATIONAL

    def members(self):
        """The member BLK-Ks: all of them for the national forum, else those of the province."""
        if self.is_national:
            return Blkk.objects.all()
        return Blkk.objects.filter(regency__province_id=self.province_id)


class BoardPosition(models.Model):
    """A seat on a forum's board (pengurus), held by a person for a term (masa bakti)."""

    class Role(models.TextChoices):
        KETUA = "ketua", _("chair (ketua)")
        WAKIL_KETUA = "wakil_ketua", _("vice chair (wakil ketua)")
        SEKRETARIS = "sekretaris", _("secretary (sekretaris)")
        BENDAHARA = "bendahara", _("treasurer (bendahara)")
        KOORDINATOR = "koordinator", _("coordinator (koordinator bidang)")
        ANGGOTA = "anggota", _("member (anggota)")

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="board")
    role = models.CharField(_("position"), max_length=20, choices=Role.choices)
    title = models.CharField(
        _("title"), max_length=120, blank=True, help_text=_("For example: Koordinator Bidang Kemitraan.")
    )
    person_name = models.CharField(_("name"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_positions",
    )
    blkk = models.ForeignKey(
        Blkk,
        verbose_name=_("BLK-K"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_positions",
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    history = HistoricalRecords()
    objects = BoardPositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("board position")
        verbose_name_plural = _("board positions")
        ordering = ["forum", "-term_start", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="forum_boardposition_term_ends_after_start",
                violation_error_message=_("A term cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["ketua", "wakil_ketua", "sekretaris", "bendahara", "koordinator", "anggota"]),
                name="forum_boardposition_role_valid",
                violation_error_message=_("Choose one of the listed board positions."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.person_name}"

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.term_start <= on and (self.term_end is None or on <= self.term_end)


class Meeting(models.Model):
    """A forum meeting (Rakornas, Rakernas, Rakor...) with the BLK-Ks that attended."""

    class Kind(models.TextChoices):
        RAKORNAS = "rakornas", _("Rakornas (national coordination meeting)")
        RAKERNAS = "rakernas", _("Rakernas (national working meeting)")
        RAKOR = "rakor", _("Rakor (coordination meeting)")
        OTHER = "other", _("other meeting")

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    regency = models.ForeignKey(
        Regency,
        verbose_name=_("regency or city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    attendees = models.ManyToManyField(Blkk, verbose_name=_("attending BLK-Ks"), blank=True, related_name="meetings")
    minutes = models.TextField(_("minutes"), blank=True)
    resolutions = models.TextField(_("resolutions"), blank=True, help_text=_("One resolution per line."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Moved on by every save through `forum.services`; a form opened at an older one is stale.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "version"], m2m_fields=[attendees])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="forum_meeting_ends_after_start",
                violation_error_message=_("A meeting cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["rakornas", "rakernas", "rakor", "other"]),
                name="forum_meeting_kind_valid",
                violation_error_message=_("Choose one of the listed kinds of meeting."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:meeting-detail", args=[self.pk])

    def resolution_list(self):
        return [line.strip() for line in self.resolutions.splitlines() if line.strip()]
