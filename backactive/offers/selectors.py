"""Reads of offers: the nearby search and the lists staff curate."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.db import connections
from django.db.models import F, Q, QuerySet

from backactive.accounts.models import Practice

from . import geo
from .models import Directory, DirectorySubscription, Offer, Participation
from .times import query_mask

MAX_KM = 500.0


@dataclass(frozen=True)
class NearbyOffer:
    offer: Offer
    distance_km: float


def directory_ids_for_practice(practice: Practice) -> list[int]:
    """The ids of the practice's own directories and of the shared ones it subscribed to.

    A list of constants rather than a subquery: the search then plans as a plain index range
    scan on (directory, lat, lon) for each directory."""
    own = Directory.objects.filter(practice=practice).order_by().values_list("id", flat=True)
    shared = DirectorySubscription.objects.filter(practice=practice).order_by().values_list("directory_id", flat=True)
    return sorted(own.union(shared))


def directories_for_practice(practice: Practice) -> QuerySet[Directory]:
    return (
        Directory.objects.filter(Q(practice=practice) | Q(subscriptions__practice=practice)).distinct().order_by("name")
    )


def offers_near(
    *,
    practice: Practice | None,
    lat: float,
    lon: float,
    km: float,
    activity: str | None = None,
    group: bool | None = None,
    setting: str | None = None,
    weekday: int | None = None,
    time_of_day: str | None = None,
    certified: bool | None = None,
    rehasport: bool | None = None,
    free_only: bool | None = None,
    limit: int = 50,
    directory_ids: list[int] | None = None,
) -> list[NearbyOffer]:
    """Visible offers within ``km`` of (lat, lon), nearest first, at most ``limit``.

    ``practice`` limits the search to the practice's directories (own and subscribed); ``None``
    searches every directory (the command line without --practice). ``group``: True = can be done
    in a group, False = can be done alone. ``weekday`` 0 = Monday; ``time_of_day`` morning,
    afternoon or evening; both only match offers with weekly times. ``certified`` / ``rehasport``:
    True = only those, False = only others. ``free_only``: only offers marked free of charge.
    ``directory_ids``: ``directory_ids_for_practice(practice)`` when the caller has read it already.
    Raises ValueError for impossible coordinates, radius, weekday or time of day.

    How it stays fast: the database narrows to a bounding box through the (directory, lat, lon)
    index and applies every filter (weekday/time of day as a bitmask, the activity as a text
    match); only (id, lat, lon) of those rows are read; the exact distance is computed here,
    over growing circles (see ``_nearest``); then only the ``limit`` nearest are loaded.
    """
    if not geo.valid_point(lat, lon):
        raise ValueError(f"impossible coordinates: {lat}, {lon}")
    if not 0 < km <= MAX_KM:
        raise ValueError(f"the radius must be more than 0 and at most {MAX_KM:g} km")
    qs = Offer.objects.filter(hidden=False)
    if practice is not None:
        ids = directory_ids if directory_ids is not None else directory_ids_for_practice(practice)
        qs = qs.filter(directory_id__in=ids)
    if activity:
        # The quoted code in the stored JSON text: one LIKE per row in the box, the same on
        # SQLite and PostgreSQL (JSON containment is not).
        qs = qs.filter(activities__icontains=f'"{activity}"')
    if group is not None:
        wanted = Participation.GROUP if group else Participation.INDIVIDUAL
        qs = qs.filter(participation__in=[wanted, Participation.EITHER])
    if setting:
        qs = qs.filter(setting=setting)
    mask = query_mask(weekday, time_of_day)
    if mask:
        qs = qs.alias(slot_hit=F("slots").bitand(mask)).filter(slot_hit__gt=0)
    if certified is not None:
        qs = qs.filter(certified_20=certified)
    if rehasport is not None:
        qs = qs.filter(rehasport=rehasport)
    if free_only:
        qs = qs.filter(free=True)
    hits = _nearest(qs, lat, lon, km, limit)
    offers = Offer.objects.order_by().in_bulk([pk for _, pk in hits])
    return [NearbyOffer(offer=offers[pk], distance_km=distance) for distance, pk in hits]


# Stand-ins for the box edges while the query is compiled once (see ``_nearest``): values no
# coordinate can have, so they cannot be confused with any other parameter.
_BOX_MARKERS = (-1001.25, -1002.25, -1003.25, -1004.25)


def _nearest(qs: QuerySet[Offer], lat: float, lon: float, km: float, limit: int) -> list[tuple[float, int]]:
    """(distance, id) of the ``limit`` nearest rows of ``qs`` within ``km``, nearest first.

    Searches growing circles (from 1/8 of the radius up to all of it) and stops as soon as one
    holds ``limit`` offers: everything outside that circle is farther away than all of them,
    so the answer is exact. In a city the small circles answer and only a few hundred rows are
    read; in the country the full box is small anyway.

    The database answers each circle's box in a fraction of a millisecond; building the query
    in the ORM costs more than that, so it is compiled once with marker values for the box
    edges and run per circle with the real edges.
    """
    min_lat, max_lat, min_lon, max_lon = _BOX_MARKERS
    rows_qs = (
        qs.filter(lat__gte=min_lat, lat__lte=max_lat, lon__gte=min_lon, lon__lte=max_lon)
        .order_by()  # no ORDER BY: the model's default (name) would make the database sort
        .values_list("id", "lat", "lon")
    )
    sql, params = rows_qs.query.sql_with_params()
    slots = {marker: [i for i, p in enumerate(params) if p == marker] for marker in _BOX_MARKERS}
    if any(len(found) != 1 for found in slots.values()):  # pragma: no cover - guards the trick above
        raise RuntimeError("could not place the search box in the query")
    args = list(params)
    radius = km / 8
    with connections[rows_qs.db].cursor() as cursor:
        while True:
            radius = min(radius, km)
            box = geo.bounding_box(lat, lon, radius)
            for marker, value in zip(_BOX_MARKERS, (box.min_lat, box.max_lat, box.min_lon, box.max_lon), strict=True):
                args[slots[marker][0]] = value
            cursor.execute(sql, args)
            hits = sorted(
                (d, pk)
                for pk, o_lat, o_lon in cursor.fetchall()
                if (d := geo.haversine_km(lat, lon, o_lat, o_lon)) <= radius
            )
            if len(hits) >= limit or radius >= km:
                return hits[:limit]
            # Offers per area are roughly even at this scale: grow to the circle that should hold
            # ``limit`` of them (with a margin), at least doubling, so a sparse filter does not
            # step through every size.
            radius *= max(2.0, 1.25 * math.sqrt(limit / max(len(hits), 1)))


def offer_list(
    *,
    offers: QuerySet[Offer],
    q: str = "",
    kind: str = "",
    activity: str = "",
    hidden: bool | None = None,
    stale_only: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Offer]:
    """``offers`` (what the user may curate, see ``access.offers_for_user``) filtered for the list."""
    qs = offers.select_related("directory")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(city__icontains=q) | Q(postcode__startswith=q))
    if kind:
        qs = qs.filter(kind=kind)
    if activity:
        qs = qs.filter(activities__icontains=f'"{activity}"')
    if hidden is not None:
        qs = qs.filter(hidden=hidden)
    if stale_only:
        year_ago = (today or datetime.date.today()) - datetime.timedelta(days=365)
        qs = qs.filter(Q(last_checked__isnull=True) | Q(last_checked__lt=year_ago))
    return qs
