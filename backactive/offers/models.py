"""Local exercise offers, the directories they belong to, and the log of what imports changed."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backactive.core.codes import SETTINGS

from . import times as weekly


class Kind(models.TextChoices):
    COURSE = "course", _("Course")
    CLUB = "club", _("Sports club")
    POOL = "pool", _("Swimming pool")
    FITNESS_STUDIO = "fitness_studio", _("Fitness studio")
    WALKING_GROUP = "walking_group", _("Walking group")
    OUTDOOR_FITNESS = "outdoor_fitness", _("Outdoor fitness station")
    ROUTE = "route", _("Walking or hiking route")
    PHYSIOTHERAPY = "physiotherapy", _("Physiotherapy practice")
    # Pitches, tracks, sports halls and centres: places, not a club or a course.
    SPORTS_FACILITY = "sports_facility", _("Sports ground or hall")


class Participation(models.TextChoices):
    GROUP = "group", _("In a group")
    INDIVIDUAL = "individual", _("On one's own")
    EITHER = "either", _("Alone or in a group")
    UNKNOWN = "", _("Not known")


class Wheelchair(models.TextChoices):
    YES = "yes", _("Wheelchair accessible")
    LIMITED = "limited", _("Partly wheelchair accessible")
    NO = "no", _("Not wheelchair accessible")
    UNKNOWN = "", _("Not known")


class Source(models.TextChoices):
    OSM = "osm", _("OpenStreetMap")
    CSV = "csv", _("Practice list (CSV/XLSX)")
    MANUAL = "manual", _("Entered by hand")


OSM_LICENCE = "ODbL-1.0"
OSM_ATTRIBUTION = "© OpenStreetMap contributors, ODbL"


class Directory(models.Model):
    """A list of offers. Owned by one practice, or shared (``practice`` empty): a regional
    directory that several practices use through a ``DirectorySubscription``."""

    name = models.CharField(_("name"), max_length=200)
    practice = models.ForeignKey(
        "accounts.Practice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offer_directories",
        verbose_name=_("practice"),
    )
    region = models.CharField(_("region"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offer directory")
        verbose_name_plural = _("offer directories")
        constraints = [
            # One shared directory per name, one per name within a practice: imports find them by name.
            models.UniqueConstraint(fields=["practice", "name"], name="offers_directory_unique_name"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(practice__isnull=True), name="offers_shared_directory_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shared(self) -> bool:
        return self.practice_id is None


class DirectorySubscription(models.Model):
    """A practice uses a shared regional directory alongside its own."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="offer_subscriptions")
    directory = models.ForeignKey(Directory, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "directory"], name="offers_subscription_unique"),
        ]


class Offer(models.Model):
    directory = models.ForeignKey(Directory, on_delete=models.CASCADE, related_name="offers")
    name = models.CharField(_("name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    activities = models.JSONField(_("activities"), default=list, blank=True)

    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    # True when the point is the postal code's centre because the list gave no coordinates.
    location_approx = models.BooleanField(_("location approximate"), default=False)

    times = models.JSONField(_("weekly times"), default=list, blank=True)
    times_note = models.CharField(_("times, as written"), max_length=300, blank=True)
    # Derived from ``times`` on save (see times.slots_mask): lets the database filter by weekday.
    slots = models.IntegerField(default=0, editable=False)
    participation = models.CharField(_("group or individual"), max_length=20, choices=Participation.choices, blank=True)
    setting = models.CharField(_("setting"), max_length=20)

    cost_note = models.CharField(_("cost"), max_length=300, blank=True)
    free = models.BooleanField(_("free of charge"), null=True, blank=True)
    rehasport = models.BooleanField(_("Rehasport on prescription"), default=False)
    certified_20 = models.BooleanField(_("certified under § 20 SGB V"), default=False)
    certificate_note = models.CharField(_("certificate"), max_length=200, blank=True)
    wheelchair = models.CharField(_("wheelchair access"), max_length=10, choices=Wheelchair.choices, blank=True)
    accessibility_note = models.CharField(_("accessibility"), max_length=300, blank=True)

    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    contact_note = models.CharField(_("contact"), max_length=300, blank=True)

    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    source_id = models.CharField(_("source reference"), max_length=100, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    attribution = models.CharField(_("attribution"), max_length=200, blank=True)
    last_checked = models.DateField(_("last checked"), null=True, blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["name", "id"]
        indexes = [
            # The nearby search asks "these directories, this latitude band, this longitude band".
            # A B-tree on (directory, lat, lon) answers that on SQLite and PostgreSQL alike: one
            # range scan per directory over the latitude band, the longitude checked inside the
            # index, so only rows in the box are read from the table.
            models.Index(fields=["directory", "lat", "lon"], name="offers_dir_lat_lon"),
            # The same without a directory: the command line searching every directory.
            models.Index(fields=["lat", "lon"], name="offers_lat_lon"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(lat__gte=-90, lat__lte=90), name="offers_lat_range"),
            models.CheckConstraint(condition=models.Q(lon__gte=-180, lon__lte=180), name="offers_lon_range"),
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="offers_kind_valid"),
            models.CheckConstraint(condition=models.Q(setting__in=list(SETTINGS)), name="offers_setting_valid"),
            models.CheckConstraint(
                condition=models.Q(participation__in=Participation.values), name="offers_participation_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(wheelchair__in=Wheelchair.values), name="offers_wheelchair_valid"
            ),
            models.CheckConstraint(condition=models.Q(source__in=Source.values), name="offers_source_valid"),
            models.UniqueConstraint(
                fields=["directory", "source", "source_id"],
                condition=~models.Q(source_id=""),
                name="offers_unique_source_id",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name()

    def save(self, *args: object, **kwargs: object) -> None:
        self.slots = weekly.slots_mask(self.weekly_times)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def weekly_times(self) -> list[weekly.WeeklyTime]:
        return [weekly.WeeklyTime.from_json(t) for t in self.times or []]

    def display_name(self) -> str:
        """The name, or for the many unnamed OpenStreetMap places a description ("Swimming pool")."""
        return self.name or str(self.get_kind_display())

    def times_text(self) -> str:
        """Weekly times and the note about them, as one line for lists, plans and handouts."""
        return "; ".join(p for p in (weekly.format_times(self.weekly_times), self.times_note) if p)

    def checked_long_ago(self, today: datetime.date | None = None) -> bool:
        """Not confirmed by the practice for a year (or never): shown highlighted for review."""
        today = today or datetime.date.today()
        return self.last_checked is None or (today - self.last_checked).days > 365


class ImportRun(models.Model):
    """One run of ``backactive offers import``: what it created, updated and skipped."""

    directory = models.ForeignKey(Directory, on_delete=models.CASCADE, related_name="import_runs")
    file_name = models.CharField(_("file"), max_length=300)
    format = models.CharField(_("format"), max_length=20)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]


class ChangeAction(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    SKIPPED = "skipped", _("skipped")


class ImportChange(models.Model):
    """One offer an import created or updated (with the changed fields), or one feature or row it
    skipped (with the reason). Unchanged offers are only counted on the run."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    offer = models.ForeignKey(Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source_id = models.CharField(max_length=100, blank=True)
    row = models.PositiveIntegerField(null=True, blank=True)
    label = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    # {"field": [old, new]} for updates.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=ChangeAction.values), name="offers_change_action_valid"
            ),
        ]
