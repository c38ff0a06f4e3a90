"""Region scale (issue 16, item 8): PostgreSQL filled with a region's practices, 100,000 patients
and 20 million diary rows; the GP patient page (median, p95, p99 over many random patients), the
patient list and diary writes through the real write path (the phone's POST /me/sync/), each beside
the floor (/health/) measured in the same run. Requests go through Django's test client in this
process (server-side time: middleware, views, queries, templates; no HTTP server, no network).

The database is a cluster of its own with a production server's durability (fsync and
synchronous_commit on; started here unless DATABASE_URL names another), migrated, then filled in
SQL: practices and staff, patients (most with a phone login), consultations and plans copied from
ones the services wrote for a few template patients, the diary (INSERT ... SELECT generate_series,
in date order as phones would have sent it, indexes built afterwards), and what the app derives on
every diary write (the stored activity-and-pain analysis, computed by the app's own function).
VACUUM ANALYZE at the end. The measured state is logged, indexed and constrained like production.

Run: `make bench-region` or `.venv/bin/python benchmarks/bench_region.py [--keep] [--reuse]
[--explain FILE]`. The fill takes long: --keep leaves the cluster running and the data in place,
--reuse measures an earlier --keep's data when its scale is the one asked for. --explain writes
EXPLAIN (ANALYZE, BUFFERS) of every query of the GP page, the patient list and a diary write.
Knobs: BENCH_PATIENTS (100000), BENCH_ROWS (20000000 diary rows), BENCH_PRACTICES (100),
BENCH_REQUESTS (500 GP pages), BENCH_WRITES (300 entries), BENCH_PGDATA (/work/region-pg),
BENCH_PGPORT (55440), DATABASE_URL (another server; its database backactive_region is used)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from contextlib import suppress
from pathlib import Path
from typing import Any

from _django import ROOT, percentile
from _pgcluster import _bin

PATIENTS = int(os.environ.get("BENCH_PATIENTS", "100000"))
ROWS = int(os.environ.get("BENCH_ROWS", "20000000"))
PRACTICES = int(os.environ.get("BENCH_PRACTICES", str(max(1, min(100, PATIENTS // 1000)))))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "500"))
WRITES = int(os.environ.get("BENCH_WRITES", "300"))
PGDATA = Path(os.environ.get("BENCH_PGDATA", "/work/region-pg"))
PGPORT = int(os.environ.get("BENCH_PGPORT", "55440"))
DATABASE = "backactive_region"
TEMPLATES = 12  # patients whose consultations and plans the services write; the others get copies
SEED = 16
# A production server's durability; memory sized for a 24 GB machine shared with other work.
SERVER = {
    "fsync": "on", "synchronous_commit": "on", "full_page_writes": "on",
    "shared_buffers": "1GB", "effective_cache_size": "8GB", "work_mem": "32MB", "maintenance_work_mem": "1GB",
    "max_wal_size": "16GB", "checkpoint_timeout": "30min", "max_connections": "100",
    "listen_addresses": "'127.0.0.1'",
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the cluster -----------------------------------------------------------------------------


def _pg(*args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    command = [str(_bin() / args[0]), *args[1:]]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)


def cluster_start() -> None:
    data = PGDATA / "data"
    if not (data / "PG_VERSION").exists():
        PGDATA.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(PGDATA, "postgres")
        _pg("initdb", "-D", str(data), "-U", "postgres", "-A", "trust")
    if _pg("pg_ctl", "-D", str(data), "status", check=False).returncode == 0:
        return
    options = " ".join(f"-c {k}={v}" for k, v in SERVER.items())
    _pg("pg_ctl", "-D", str(data), "-o", f"-p {PGPORT} -k {PGDATA} {options}", "-l", str(PGDATA / "log"),
        "-w", "-t", "300", "start")


def cluster_stop(*, remove: bool) -> None:
    _pg("pg_ctl", "-D", str(PGDATA / "data"), "-m", "fast", "-t", "300", "stop", check=False)
    if remove:
        shutil.rmtree(PGDATA, ignore_errors=True)


# Another server's address (its own database is left alone), read before Django's is set.
OTHER_SERVER = os.environ.get("DATABASE_URL", "")


def _server_url() -> str:
    return OTHER_SERVER or f"postgres://postgres@127.0.0.1:{PGPORT}/postgres"


def _database_url() -> str:
    base = _server_url().rsplit("/", 1)[0]
    return f"{base}/{DATABASE}"


def _admin(sql: str) -> list[Any]:
    import psycopg

    with psycopg.connect(_server_url(), autocommit=True) as conn:
        cur = conn.execute(sql)
        return cur.fetchall() if cur.description else []


# --- filling ---------------------------------------------------------------------------------


def _insert_select(model: Any, values: dict[str, str], source: str, params: dict[str, Any] | None = None) -> int:
    """INSERT INTO model's table SELECT ... FROM ``source``: ``values`` gives the SQL of the columns
    named there; every other column takes the field's default, as the ORM would have stored it."""
    from django.db import connection

    columns, selects, args = [], [], dict(params or {})
    for field in model._meta.concrete_fields:
        if field.column in values:
            columns.append(field.column)
            selects.append(values[field.column].replace("%", "%%"))  # SQL's modulo, not a placeholder
        elif field.primary_key:
            continue
        elif field.has_default() or field.null or (field.empty_strings_allowed and not field.auto_created):
            columns.append(field.column)
            name = f"default_{field.column}"  # what the ORM stores for a field left out ("" for text)
            args[name] = field.get_db_prep_save(field.get_default(), connection)
            cast = field.db_type(connection)
            selects.append(f"%({name})s::{cast}")
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            columns.append(field.column)
            selects.append("now()")
        else:
            raise RuntimeError(f"{model.__name__}.{field.name}: no value and no default")
    source = source.replace("%", "%%")
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(selects)} FROM {source}"
    with connection.cursor() as cur:
        cur.execute(sql, args)
        return int(cur.rowcount)


def _set_sequence(model: Any) -> None:
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


FIRST = ["Anna", "Jonas", "Maria", "Lukas", "Sophie", "Paul", "Emma", "Felix", "Lea", "Ben", "Hannah", "Elias",
         "Ingrid", "Karl", "Renate", "Dieter", "Sabine", "Jürgen", "Aylin", "Mehmet", "Olga", "Piotr", "Chiara"]
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
        "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann",
        "Yilmaz", "Kowalski", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Köhler", "Kaiser"]


def _practices() -> dict[int, list[int]]:
    """The region: practices, each with three GPs, two assistants and an admin. {practice id: GP ids}."""
    from backactive.accounts.models import Practice, Role, User

    Practice.objects.bulk_create(
        Practice(name=f"Praxis {n:03d}", postcode=f"{35000 + n * 7:05d}"[:5]) for n in range(PRACTICES))
    staff = []
    for practice in Practice.objects.order_by("id"):
        n = practice.pk
        staff += [User(username=f"p{n}_gp{i}", role=Role.CLINICIAN, practice=practice, first_name=FIRST[i],
                       last_name=LAST[n % len(LAST)], password="!") for i in range(3)]
        staff += [User(username=f"p{n}_mfa{i}", role=Role.ASSISTANT, practice=practice, password="!")
                  for i in range(2)]
        staff.append(User(username=f"p{n}_admin", role=Role.ADMIN, practice=practice, password="!"))
    User.objects.bulk_create(staff, batch_size=1000)
    gps: dict[int, list[int]] = {}
    for user_id, practice_id in User.objects.filter(role=Role.CLINICIAN).order_by("id").values_list("id",
                                                                                                    "practice_id"):
        gps.setdefault(practice_id, []).append(user_id)
    return gps


def _templates(practice_id: int, gp_id: int, today: dt.date) -> list[int]:
    """A few patients whose consultations (six each) and plans (one per consultation) the services
    write; every other patient's are copied from one of them."""
    from django.utils.translation import override

    from backactive.accounts.models import User
    from backactive.consultations.plans import plan_suggestions
    from backactive.consultations.services import consultation_create, plan_save
    from backactive.patients.models import Patient

    rng = random.Random(SEED)
    gp = User.objects.get(pk=gp_id)
    barriers = ["time", "routine", "fear_avoidance", "pain_after_activity", "cost", "availability", "low_mood"]
    ids = []
    for t in range(TEMPLATES):
        lang = "en" if t % 6 == 5 else "de"
        patient = Patient.objects.create(practice_id=practice_id, display_name=f"Vorlage {LAST[t]}", clinician=gp,
                                         year_of_birth=1945 + 4 * t, sex=["female", "male"][t % 2], language=lang)
        for k in range(6):
            days = rng.randint(1, 5)
            consultation = consultation_create(patient=patient, clinician=gp, data={
                "date": today - dt.timedelta(weeks=6 * (6 - k)), "pain_now": max(0, 7 - k // 2 - t % 3),
                "pain_average": max(0, 6 - k // 3), "days_per_week": days, "minutes_per_day": rng.choice([15, 20, 30]),
                "barriers": sorted(rng.sample(barriers, 2)), "social": rng.choice(["alone", "group", "either"]),
                "settings": sorted(rng.sample(["home", "outdoor", "facility", "water"], 2)),
                "favourite_activities": ["walking", "cycling"][: 1 + t % 2],
                "conditions": [], "red_flags": [], "note": "", "next_step": "",
            })
            with override(lang):
                items = plan_suggestions(consultation=consultation, lang=lang)["items"]
                chosen = [i["code"] for i in items if i["kind"] != "support"][:3]
                plan_save(consultation=consultation, created_by=gp, lang=lang, chosen=chosen, times={}, own=[],
                          wants_goals=t % 2 == 0, wants_reminders=False)
        ids.append(patient.pk)
    _template_questionnaires(ids, today)
    return ids


def _template_questionnaires(ids: list[int], today: dt.date) -> None:
    """PHQ-4s the template patients answered on the phone (every twelve weeks; one in six screens
    positive), through the questionnaire services."""
    from backactive.patients.models import Patient
    from backactive.questionnaires.models import Source
    from backactive.questionnaires.services import response_save, response_start

    rng = random.Random(SEED + 2)
    for t, patient in enumerate(Patient.objects.filter(pk__in=ids).order_by("id")):
        for k in range(4):
            high = (t + k) % 6 == 0
            answers = {item: rng.randint(2, 3) if high else rng.randint(0, 1)
                       for item in ("nervous", "worry", "interest", "down")}
            response = response_start(patient=patient, instrument_code="phq4", source=Source.PATIENT, user=None,
                                      lang=patient.language)
            response_save(response=response, answers=answers, user=None,
                          answered_on=today - dt.timedelta(weeks=12 * (4 - k)))


def _fill_plan(gps: dict[int, list[int]], first_patient_id: int, first_user_id: int,
               today: dt.date) -> list[tuple[Any, ...]]:
    """One row per patient: who they are and the shape of their diary. Diary sizes are skewed
    (log-normal: many short diaries, a few of several years), scaled so the total is exactly ROWS."""
    rng = random.Random(SEED)
    n = PATIENTS - TEMPLATES
    weights = [math.exp(rng.gauss(0, 1.0)) for _ in range(n)]
    scale = ROWS / sum(weights)
    sizes = [int(w * scale) for w in weights]
    for i in rng.sample(range(n), ROWS - sum(sizes)) if ROWS - sum(sizes) <= n else []:
        sizes[i] += 1
    practices = sorted(gps)
    rows = []
    user = first_user_id
    for i in range(n):
        size = sizes[i]
        n_pain = (size * 55 + 50) // 100  # pain a little more often than activity
        n_act = size - n_pain
        # the diary's days: a patient logs on about three of four days, for at most ~11 years
        span = max(n_pain, n_act, 1) * 4 // 3 + rng.randint(0, 14)
        span = min(span, 4000)
        n_pain, n_act = min(n_pain, span), min(n_act, span)
        first_day = today - dt.timedelta(days=span)
        practice = practices[i % len(practices)]
        has_user = rng.random() < 0.7
        rows.append((first_patient_id + i, practice, gps[practice][i % len(gps[practice])],
                     user if has_user else None, first_day, span, n_pain, n_act,
                     min(6, 1 + span // 60), i % TEMPLATES, rng.uniform(3, 7.5)))
        user += has_user
    shortfall = ROWS - sum(r[6] + r[7] for r in rows)
    assert shortfall >= 0
    if shortfall:  # the few longest diaries ran into the ~11 years: the rest goes to the others
        i = 0
        while shortfall:
            pid, pr, gp, u, first, span, n_pain, n_act, *rest = rows[i % n]
            if n_act < span:
                rows[i % n] = (pid, pr, gp, u, first, span, n_pain, n_act + 1, *rest)
                shortfall -= 1
            i += 1
    return rows


def _copy_fill(rows: list[tuple[Any, ...]]) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_fill")
        cur.execute("""CREATE TABLE bench_fill (n int, patient_id int, practice_id int, clinician_id int, user_id int,
                       first_day date, span int, n_pain int, n_act int, n_consult int, template int,
                       pain_level float8)""")
        buf = io.StringIO()
        for n, r in enumerate(rows):
            buf.write("\t".join([str(n)] + ["\\N" if v is None else str(v) for v in r]) + "\n")
        with cur.cursor.copy("COPY bench_fill FROM STDIN") as copy:
            copy.write(buf.getvalue())
        cur.execute("ANALYZE bench_fill")  # statistics, or the planner joins it by nested loops


def _people(templates: list[int]) -> None:
    """Phone logins and patient records, one row per bench_fill row."""
    from backactive.accounts.models import Role, User
    from backactive.patients.models import Patient

    first = "ARRAY[" + ",".join(f"'{x}'" for x in FIRST) + "]"
    last = "ARRAY[" + ",".join(f"'{x}'" for x in LAST) + "]"
    _insert_select(User, {
        "id": "f.user_id", "username": "'pt' || f.user_id", "password": "'!'", "role": f"'{Role.PATIENT.value}'",
        "practice_id": "f.practice_id", "first_name": f"({first})[1 + f.n % {len(FIRST)}]",
        "date_joined": "f.first_day::timestamptz",
    }, "bench_fill f WHERE f.user_id IS NOT NULL")
    _set_sequence(User)
    _insert_select(Patient, {
        "id": "f.patient_id", "practice_id": "f.practice_id", "clinician_id": "f.clinician_id", "user_id": "f.user_id",
        "display_name": f"({last})[1 + (f.n / 7) % {len(LAST)}] || ', ' || ({first})[1 + f.n % {len(FIRST)}]",
        "year_of_birth": "1935 + f.n % 66", "sex": "(ARRAY['female','male','female','male','diverse','unknown'])"
                                                    "[1 + f.n % 6]",
        "pvs_number": "(10000 + f.n)::text", "postcode": "'35' || lpad((f.n % 1000)::text, 3, '0')",
        "pain_scale": "(ARRAY['numeric','numeric','vas','faces'])[1 + f.n % 4]",
        "language": "CASE WHEN f.n % 10 = 9 THEN 'en' ELSE 'de' END",
        "created_at": "f.first_day::timestamptz",
    }, "bench_fill f")
    _set_sequence(Patient)


def _consultations_and_plans() -> None:
    """Each patient's consultations (1-6, the first on the diary's first day, then every six
    weeks or so) and a plan per consultation: copies of a template patient's, dated anew."""
    from backactive.consultations.models import Consultation, Plan, PlanItem

    def copy_of(model: Any, overrides: dict[str, str], source: str) -> None:
        values = {f.column: f"t.{f.column}" for f in model._meta.concrete_fields if not f.primary_key}
        _insert_select(model, values | overrides, source)

    from django.db import connection
    with connection.cursor() as cur:  # template consultations numbered 1..6 per template
        cur.execute("""CREATE TABLE bench_tc AS SELECT c.*,
                       row_number() OVER (PARTITION BY c.patient_id ORDER BY c.date) AS k,
                       dense_rank() OVER (ORDER BY c.patient_id) - 1 AS template FROM consultations_consultation c""")
        cur.execute("""CREATE TABLE bench_tp AS SELECT p.*, tc.k, tc.template FROM consultations_plan p
                       JOIN bench_tc tc ON tc.id = p.consultation_id""")
        cur.execute("ANALYZE bench_tc; ANALYZE bench_tp")
    day = "(f.first_day + ((t.k - 1) * f.span / f.n_consult)::int)"
    copy_of(Consultation, {
        "patient_id": "f.patient_id", "clinician_id": "f.clinician_id", "entered_by_id": "f.clinician_id",
        "confirmed_by_id": "f.clinician_id", "date": day, "created_at": f"{day}::timestamptz + interval '10 hours'",
        "confirmed_at": f"{day}::timestamptz + interval '10 hours'", "phq2_id": "NULL",
    }, "bench_tc t JOIN bench_fill f ON f.template = t.template AND t.k <= f.n_consult")
    with connection.cursor() as cur:
        cur.execute("""CREATE TABLE bench_cmap AS SELECT c.id AS new_id, c.patient_id, c.created_at,
                       row_number() OVER (PARTITION BY c.patient_id ORDER BY c.date, c.id) AS k
                       FROM consultations_consultation c JOIN bench_fill f ON f.patient_id = c.patient_id""")
        cur.execute("ANALYZE bench_cmap")
    copy_of(Plan, {
        "patient_id": "m.patient_id", "consultation_id": "m.new_id", "version": "t.k",
        "created_by_id": "f.clinician_id", "clinician_id": "f.clinician_id", "signed_off_by_id": "NULL",
        "created_at": "m.created_at",
    }, "bench_tp t JOIN bench_fill f ON f.template = t.template JOIN bench_cmap m ON m.patient_id = f.patient_id"
       " AND m.k = t.k")
    with connection.cursor() as cur:
        cur.execute("""CREATE TABLE bench_pmap AS SELECT p.id AS new_id, t.id AS template_id FROM consultations_plan p
                       JOIN bench_fill f ON f.patient_id = p.patient_id
                       JOIN bench_tp t ON t.template = f.template AND t.k = p.version""")
        cur.execute("ANALYZE bench_pmap")
    copy_of(PlanItem, {"plan_id": "m.new_id"},
            "consultations_planitem t JOIN bench_pmap m ON m.template_id = t.plan_id")
    with connection.cursor() as cur:
        for table in ("bench_tc", "bench_tp", "bench_cmap", "bench_pmap"):
            cur.execute(f"DROP TABLE {table}")


def _parallel(*calls: tuple[Any, ...]) -> None:
    """Run each (function, *args) in a thread of its own (a database connection of its own); the
    first failure is raised here."""
    failures: list[BaseException] = []

    def call(function: Any, *args: Any) -> None:
        try:
            function(*args)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=call, args=c) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def _questionnaires() -> int:
    """PHQ-4s of the patients with a phone: one every twelve weeks of their diary, copies of a
    template patient's responses (scores, screen result) and answers, dated anew. A positive screen
    was seen by the GP a day later, except the patient's newest, which the GP page still shows."""
    from django.db import connection

    from backactive.questionnaires.models import Answer, Response

    with connection.cursor() as cur:
        cur.execute("""CREATE TABLE bench_tr AS SELECT r.*, row_number() OVER (PARTITION BY r.patient_id
                       ORDER BY r.answered_on) AS k, f2.template FROM questionnaires_response r
                       JOIN (SELECT patient_id, dense_rank() OVER (ORDER BY patient_id) - 1 AS template
                             FROM (SELECT DISTINCT patient_id FROM questionnaires_response) d) f2
                         ON f2.patient_id = r.patient_id""")
        cur.execute("""CREATE TABLE bench_rq AS SELECT f.patient_id, f.user_id, f.template, q AS k,
                       f.first_day + 84 * q AS day, q = f.span / 84 AS newest
                       FROM bench_fill f CROSS JOIN LATERAL generate_series(1, f.span / 84) AS q
                       WHERE f.user_id IS NOT NULL""")
        cur.execute("ANALYZE bench_tr; ANALYZE bench_rq")
    at = "(r.day::timestamptz + interval '20 hours')"
    values = {f.column: f"t.{f.column}" for f in Response._meta.concrete_fields if not f.primary_key}
    n = _insert_select(Response, values | {
        "patient_id": "r.patient_id", "started_by_id": "NULL", "started_at": at,
        "completed_at": f"{at} + interval '3 minutes'",
        "answered_on": "r.day", "client_id": "gen_random_uuid()",
        "alert_seen_at": f"CASE WHEN t.screen_positive AND NOT r.newest THEN {at} + interval '1 day' END",
    }, "bench_rq r JOIN bench_tr t ON t.template = r.template AND t.k = 1 + (r.k - 1) % 4")
    with connection.cursor() as cur:
        cur.execute("""UPDATE questionnaires_response r SET alert_seen_by_id = f.clinician_id FROM bench_fill f
                       WHERE f.patient_id = r.patient_id AND r.alert_seen_at IS NOT NULL""")
        cur.execute("""CREATE TABLE bench_rmap AS
                       SELECT r.id AS new_id, r.patient_id, r.completed_at, t.id AS template_id
                       FROM questionnaires_response r JOIN bench_fill f ON f.patient_id = r.patient_id
                       JOIN bench_tr t ON t.template = f.template
                        AND t.k = 1 + ((r.answered_on - f.first_day) / 84 - 1) % 4""")
        cur.execute("ANALYZE bench_rmap")
    values = {f.column: f"a.{f.column}" for f in Answer._meta.concrete_fields if not f.primary_key}
    _insert_select(Answer, values | {"response_id": "m.new_id", "patient_id": "m.patient_id", "entered_by_id": "NULL",
                                     "entered_at": "m.completed_at"},
                   "questionnaires_answer a JOIN bench_rmap m ON m.template_id = a.response_id")
    with connection.cursor() as cur:
        for table in ("bench_tr", "bench_rq", "bench_rmap"):
            cur.execute(f"DROP TABLE {table}")
    return n


def _diary_table(model: Any, values: dict[str, str], count: str) -> None:
    """One diary table, in date order (as the phones sent it), from a connection of its own."""
    from django.db import connection

    try:
        with connection.cursor() as cur:
            cur.execute("SET work_mem = '512MB'")
        _insert_select(model, values, f"bench_fill f CROSS JOIN LATERAL generate_series(0, f.{count} - 1) AS i "
                                      f"ORDER BY f.first_day + (i * f.span / f.{count}), f.patient_id")
    finally:
        connection.close()


def _diary() -> dict[str, float]:
    """20 million rows, without their indexes, constraints and triggers while they go in; all of
    them (the migrations' own definitions, read back from the catalogue) are built afterwards."""
    from django.db import connection

    from backactive.diary import db_rules
    from backactive.diary.activities import ACTIVITY_CODES
    from backactive.diary.models import ActivityEntry, PainEntry

    tables = (PainEntry._meta.db_table, ActivityEntry._meta.db_table)
    with connection.cursor() as cur:
        cur.execute("""SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                       WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('f', 'u', 'c')""", [list(tables)])
        constraints = cur.fetchall()
        cur.execute("""SELECT indexdef, indexname FROM pg_indexes WHERE tablename = ANY(%s)
                       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))""",
                    [list(tables)])
        indexes = cur.fetchall()
        # every trigger on the entry tables (the diary rules, and any that keep derived rows): they
        # would fire 20 million times; what they keep is computed once afterwards (_derived)
        cur.execute("""SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger
                       WHERE tgrelid::regclass::text = ANY(%s) AND NOT tgisinternal""", [list(tables)])
        triggers = cur.fetchall()
        for table, name, _definition in triggers:
            cur.execute(f'DROP TRIGGER "{name}" ON {table}')
        for table, name, _definition in constraints:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for _definition, name in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    connection.close()
    common = {"patient_id": "f.patient_id", "client_id": "gen_random_uuid()",
              "source": "CASE WHEN f.user_id IS NULL THEN 'paper' WHEN i % 23 = 0 THEN 'staff' ELSE 'patient' END",
              "entered_by_id": "CASE WHEN f.user_id IS NOT NULL AND i % 23 <> 0 THEN f.user_id END"}
    pain_day = "f.first_day + (i * f.span / f.n_pain)"
    act_day = "f.first_day + (i * f.span / f.n_act)"
    activities = "ARRAY[" + ",".join(f"'{a}'" for a in ACTIVITY_CODES[:40]) + "]"
    pain = common | {
        "date": pain_day,
        "created_at": f"({pain_day})::timestamptz + interval '19 hours' + random() * interval '4 hours'",
        # the patient's level, a little lower as the months pass, and day-to-day noise
        "pain": "greatest(0, least(10, round(f.pain_level - 1.5 * i / f.n_pain + 1.2 * (random() + random() - 1))))",
        "scale": "'numeric'",
    }
    activity = common | {
        "date": act_day,
        "created_at": f"({act_day})::timestamptz + interval '18 hours' + random() * interval '4 hours'",
        "activity": f"({activities})[1 + ((f.n * 7 + i) % 40) / 8 * (1 + f.n % 3)]",  # a few favourites each
        "minutes": "5 * (2 + floor(random() * 11 + 4 * i / f.n_act))::int",
        "intensity": "(ARRAY['light','moderate','moderate','vigorous'])[1 + (i + f.n) % 4]",
        "steps": "CASE WHEN f.n % 5 = 0 THEN 1000 + (random() * 8000)::int END",
    }
    timings: dict[str, float] = {}
    start = time.perf_counter()
    _parallel((_diary_table, PainEntry, pain, "n_pain"), (_diary_table, ActivityEntry, activity, "n_act"))
    timings["diary_insert_s"] = round(time.perf_counter() - start, 1)
    log(f"diary rows in ({timings['diary_insert_s']} s); indexes and constraints")
    start = time.perf_counter()

    def build(table: str) -> None:
        from django.db import connection

        try:
            with connection.cursor() as cur:
                cur.execute("SET maintenance_work_mem = '1GB'")
                for definition, _name in indexes:
                    if f" {table} " in definition or f".{table} " in definition:
                        cur.execute(definition)
                for owner, name, definition in constraints:
                    if owner == table:
                        cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        finally:
            connection.close()

    _parallel(*((build, t) for t in tables))
    db_rules.install(connection)
    with connection.cursor() as cur:
        for _table, _name, definition in triggers:
            cur.execute(definition.replace("CREATE TRIGGER", "CREATE OR REPLACE TRIGGER", 1))
    timings["diary_indexes_s"] = round(time.perf_counter() - start, 1)
    return timings


def _effects_chunk(bounds: tuple[int, int]) -> int:
    """The stored analysis of patients lo..hi, as ``diary_effects_refresh`` computes and stores it."""
    import django

    django.setup()
    from django.db import connection

    from backactive.diary import effects
    from backactive.diary.services import EFFECTS_METHOD

    lo, hi = bounds
    series: dict[int, tuple[list[Any], list[Any]]] = {}
    marks: dict[int, list[Any]] = {}
    with connection.cursor() as cur:
        for slot, table, value in ((0, "diary_painentry", "pain"), (1, "diary_activityentry", "minutes")):
            cur.execute(f"SELECT patient_id, date, {value}, id FROM {table} WHERE patient_id BETWEEN %s AND %s "
                        "ORDER BY patient_id, date, id", [lo, hi])
            for patient_id, day, v, row_id in cur:
                series.setdefault(patient_id, ([], []))[slot].append((day, v))
                mark = marks.setdefault(patient_id, [0, None, 0, None])
                mark[2 * slot] += 1
                mark[2 * slot + 1] = row_id if mark[2 * slot + 1] is None else max(mark[2 * slot + 1], row_id)
        buf = io.StringIO()
        now = dt.datetime.now(dt.UTC).isoformat()
        for patient_id, (pain, activity) in series.items():
            result = effects.analyse(effects.daily(pain, activity)).to_dict()
            n_pain, last_pain, n_act, last_act = marks[patient_id]
            fingerprint = f"{EFFECTS_METHOD}:{n_pain}:{last_pain}:{n_act}:{last_act}"
            text = json.dumps(result).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            buf.write(f"{patient_id}\t{fingerprint}\t{text}\t{now}\n")
        with cur.cursor.copy("COPY diary_diaryeffects (patient_id, fingerprint, result, computed_at) FROM STDIN") as cp:
            cp.write(buf.getvalue())
    connection.close()
    return len(series)


def _weeks() -> bool:
    """The weekly sums (if this version of the app keeps them), by the app's own recomputation."""
    try:
        from backactive.diary import weeks
    except ImportError:
        return False
    from django.db import connection

    weeks.rebuild(connection)
    return True


def _derived() -> float:
    """What the app derives on every diary write, for every patient with a diary: the weekly
    sums, and the stored analysis in two processes."""
    from backactive.patients.models import Patient

    if _weeks():
        log("weekly sums rebuilt")

    ids = list(Patient.objects.order_by("id").values_list("id", flat=True))
    step = 500
    chunks = [(ids[i], ids[min(i + step, len(ids)) - 1]) for i in range(0, len(ids), step)]
    start = time.perf_counter()
    from django.db import connection

    connection.close()
    with multiprocessing.get_context("fork").Pool(int(os.environ.get("BENCH_FILL_PROCESSES", "2"))) as pool:
        done = sum(pool.imap_unordered(_effects_chunk, chunks))
    log(f"stored analyses: {done}")
    return round(time.perf_counter() - start, 1)


def fill() -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from backactive.accounts.models import User
    from backactive.patients.models import Patient

    timings: dict[str, Any] = {}
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate_s"] = round(time.perf_counter() - start, 1)
    today = timezone.localdate()
    t = time.perf_counter()
    gps = _practices()
    practice_id = sorted(gps)[0]
    templates = _templates(practice_id, gps[practice_id][0], today)
    first_user = (User.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    first_patient = (Patient.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    _copy_fill(_fill_plan(gps, first_patient, first_user, today))
    _people(templates)
    _consultations_and_plans()
    _questionnaires()
    timings["people_and_consultations_s"] = round(time.perf_counter() - t, 1)
    log(f"patients, consultations and plans ({timings['people_and_consultations_s']} s); the diary")
    connection.close()
    timings |= _diary()
    log(f"indexes ({timings['diary_indexes_s']} s); stored analyses")
    timings["derived_s"] = _derived()
    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("DROP TABLE bench_fill")
    connection.close()
    _admin_db("VACUUM (ANALYZE)")
    timings["vacuum_analyze_s"] = round(time.perf_counter() - t, 1)
    timings["fill_total_s"] = round(time.perf_counter() - start, 1)
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE bench_region_info (patients int, diary_rows bigint, filled jsonb)")
        cur.execute("INSERT INTO bench_region_info VALUES (%s, %s, %s)", [PATIENTS, ROWS, json.dumps(timings)])
    return timings


def _recreate_fill_plan() -> None:
    """bench_fill again, for data an earlier fill left (the plan is deterministic: same seed, day, ids)."""
    from django.utils import timezone

    from backactive.accounts.models import Role, User
    from backactive.patients.models import Patient

    gps: dict[int, list[int]] = {}
    for user_id, practice_id in User.objects.filter(role=Role.CLINICIAN).order_by("id").values_list("id",
                                                                                                    "practice_id"):
        gps.setdefault(practice_id, []).append(user_id)
    first_user = User.objects.filter(role=Role.PATIENT).order_by("id").values_list("id", flat=True).first()
    first_patient = (Patient.objects.exclude(display_name__startswith="Vorlage").order_by("id")
                     .values_list("id", flat=True).first())
    filled_on = Patient.objects.filter(display_name__startswith="Vorlage").order_by("id").first()
    today = timezone.localdate(filled_on.created_at) if filled_on else timezone.localdate()
    _copy_fill(_fill_plan(gps, first_patient or 0, first_user or 0, today))


def complete() -> dict[str, Any]:
    """Bring data an earlier fill left up to this benchmark: the migrations added since (a merge),
    and the fill steps that are missing from it (each checks that its tables are empty)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    from backactive.patients.models import Patient
    from backactive.questionnaires.models import Response

    added: dict[str, Any] = {}
    start = time.perf_counter()
    executor = MigrationExecutor(connection)
    pending = [m.name for m, _backwards in executor.migration_plan(executor.loader.graph.leaf_nodes())]
    if pending:  # e.g. new indexes, or derived rows a migration computes from the entries
        log(f"migrating the kept data: {pending}")
        call_command("migrate", verbosity=0)
        added["migrations"] = pending
        added["migrate_s"] = round(time.perf_counter() - start, 1)
    missing = {"questionnaires": not Response.objects.exists()}
    if any(missing.values()):
        _recreate_fill_plan()
    if missing["questionnaires"]:
        t = time.perf_counter()
        templates = list(Patient.objects.filter(display_name__startswith="Vorlage").order_by("id")
                         .values_list("id", flat=True))
        _template_questionnaires(templates, timezone.localdate(Patient.objects.get(pk=templates[0]).created_at))
        _questionnaires()
        added["questionnaires_s"] = round(time.perf_counter() - t, 1)
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_fill")
    connection.close()
    if added:
        _admin_db("VACUUM (ANALYZE)")
        added["total_s"] = round(time.perf_counter() - start, 1)
        with connection.cursor() as cur:
            cur.execute("UPDATE bench_region_info SET filled = filled || jsonb_build_object('added_later', %s::jsonb)",
                        [json.dumps(added)])
    return added


def _admin_db(sql: str) -> None:
    import psycopg

    with psycopg.connect(_database_url(), autocommit=True) as conn:
        conn.execute(sql)


def consistency(sample: int = 30) -> dict[str, Any]:
    """What the app itself would compute, for random patients: the stored analysis' fingerprint
    (equal, so the app would not analyse again) and its result."""
    from backactive.diary import effects
    from backactive.diary.models import ActivityEntry, DiaryEffects, PainEntry
    from backactive.diary.services import _diary_fingerprint

    rng = random.Random(SEED + 3)
    ids = list(DiaryEffects.objects.values_list("patient_id", flat=True))
    differ = []
    for patient_id in rng.sample(ids, min(sample, len(ids))):
        stored = DiaryEffects.objects.get(patient_id=patient_id)
        pain = list(PainEntry.objects.filter(patient_id=patient_id).values_list("date", "pain"))
        activity = list(ActivityEntry.objects.filter(patient_id=patient_id).values_list("date", "minutes"))
        result = json.loads(json.dumps(effects.analyse(effects.daily(pain, activity)).to_dict()))
        if stored.fingerprint != _diary_fingerprint(patient_id) or stored.result != result:
            differ.append(patient_id)
    out: dict[str, Any] = {"patients_checked": min(sample, len(ids)),
                           "stored_analysis_as_the_app_computes": not differ, "differing": differ}
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass('diary_diaryweek')")
        if cur.fetchone()[0] is not None:  # the weekly sums, against a recomputation from the entries
            checked = rng.sample(ids, min(sample, len(ids)))
            cur.execute("""WITH e AS (SELECT patient_id, date_trunc('week', date)::date AS week, 0 AS minutes,
                                         pain FROM diary_painentry WHERE patient_id = ANY(%s)
                                  UNION ALL SELECT patient_id, date_trunc('week', date)::date, minutes, NULL
                                         FROM diary_activityentry WHERE patient_id = ANY(%s)),
                           r AS (SELECT patient_id, week, sum(minutes) AS minutes, count(*) - count(pain) AS a,
                                        coalesce(sum(pain), 0) AS pain_sum, count(pain) AS p FROM e GROUP BY 1, 2),
                           w AS (SELECT patient_id, week, minutes, activity_entries AS a, pain_sum, pain_entries AS p
                                 FROM diary_diaryweek WHERE patient_id = ANY(%s))
                           SELECT count(*) FROM ((TABLE r EXCEPT TABLE w) UNION ALL (TABLE w EXCEPT TABLE r)) d""",
                        [checked] * 3)
            out["weekly_sums_as_recomputed"] = cur.fetchone()[0] == 0
    return out


def counts() -> dict[str, int]:
    from django.db import connection

    out = {}
    with connection.cursor() as cur:
        for name, table in (("practices", "accounts_practice"), ("patients", "patients_patient"),
                            ("consultations", "consultations_consultation"), ("plans", "consultations_plan"),
                            ("plan_items", "consultations_planitem"), ("pain_entries", "diary_painentry"),
                            ("activity_entries", "diary_activityentry"), ("stored_analyses", "diary_diaryeffects"),
            ("questionnaire_responses", "questionnaires_response"), ("questionnaire_answers", "questionnaires_answer")):
            cur.execute(f"SELECT count(*) FROM {table}")
            out[name] = int(cur.fetchone()[0])
        cur.execute("SELECT pg_database_size(current_database())")
        out["database_bytes"] = int(cur.fetchone()[0])
    out["diary_rows"] = out["pain_entries"] + out["activity_entries"]
    return out


# --- measuring -------------------------------------------------------------------------------


def _stats(samples: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(samples), 2), "p95_ms": round(percentile(samples, 95), 2),
            "p99_ms": round(percentile(samples, 99), 2)}


def _get(client: Any, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    took = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return took


def measure() -> dict[str, Any]:
    from django.test import Client

    from backactive.accounts.models import Role, User
    from backactive.patients.models import Patient

    rng = random.Random(SEED + 1)
    ids = list(Patient.objects.values_list("id", "practice_id", "clinician_id"))
    gps = {u.pk: u for u in User.objects.filter(role=Role.CLINICIAN)}
    clients: dict[int, Client] = {}

    def client_for(gp_id: int) -> Client:
        if gp_id not in clients:
            clients[gp_id] = Client()
            clients[gp_id].force_login(gps[gp_id])
        return clients[gp_id]

    sample = rng.sample(ids, min(REQUESTS, len(ids)))
    warm = rng.sample(ids, min(30, len(ids)))
    _analyses_for([pid for pid, _p, _g in sample + warm])
    for pid, _practice, gp in warm:
        _get(client_for(gp), f"/patients/{pid}/")
        _get(client_for(gp), "/health/")
    # Each patient twice: the first view draws the chart (a diary write since the last view drops a
    # stored chart, so this is the usual case when the patient keeps a diary), the repeat reads it
    # where the app stores charts; the floor beside each.
    try:  # charts an earlier run of the same sample stored (--reuse): gone, as after a diary write
        from backactive.diary.models import DiaryChart  # type: ignore[attr-defined]

        DiaryChart.objects.filter(patient_id__in=[pid for pid, _p, _g in sample]).delete()
    except ImportError:
        pass
    page, repeat, floor = [], [], []
    for pid, _practice, gp in sample:
        client = client_for(gp)
        page.append(_get(client, f"/patients/{pid}/"))
        floor.append(_get(client, "/health/"))
        repeat.append(_get(client, f"/patients/{pid}/"))
    gp_page = {"requests": len(page), "patients": len(sample), **_stats(page), "floor": _stats(floor),
               "target": "p95 <= 25 ms", "met": percentile(page, 95) <= 25,
               "repeat_view": _stats(repeat)}
    # the patient list: a practice's first page, a later page, and a search by surname
    lists: dict[str, list[float]] = {"first_page": [], "page_10": [], "search": []}
    list_floor: list[float] = []
    for pid, _practice, gp in sample[: max(10, len(sample) // 5)]:
        client = client_for(gp)
        lists["first_page"].append(_get(client, "/patients/"))
        lists["page_10"].append(_get(client, "/patients/?page=10"))
        lists["search"].append(_get(client, f"/patients/?q={LAST[pid % len(LAST)][:4]}"))
        list_floor.append(_get(client, "/health/"))
    patient_list = {k: {"requests": len(v), **_stats(v)} for k, v in lists.items()} | {"floor": _stats(list_floor)}
    return {"gp_page": gp_page, "patient_list": patient_list, "writes": _writes(rng)}


def _analyses_for(patient_ids: list[int]) -> int:
    """The stored analysis of these patients, where a fill cut short left it out (the app's own
    refresh, as after a write); returns how many were missing."""
    from backactive.diary.models import ActivityEntry, DiaryEffects, PainEntry
    from backactive.diary.services import diary_effects_refresh

    have = set(DiaryEffects.objects.filter(patient_id__in=patient_ids).values_list("patient_id", flat=True))
    with_diary = (set(PainEntry.objects.filter(patient_id__in=patient_ids).values_list("patient_id", flat=True))
                  | set(ActivityEntry.objects.filter(patient_id__in=patient_ids).values_list("patient_id", flat=True)))
    missing = sorted(with_diary - have)
    for patient_id in missing:
        diary_effects_refresh(patient_id=patient_id)
    if missing:
        log(f"stored analyses computed for {len(missing)} sampled patients")
    return len(missing)


def _entry(kind: str, day: dt.date, n: int) -> dict[str, Any]:
    if kind == "pain":
        return {"client_id": str(uuid.uuid4()), "kind": "pain", "date": day.isoformat(), "pain": n % 11,
                "scale": "numeric"}
    return {"client_id": str(uuid.uuid4()), "kind": "activity", "date": day.isoformat(), "activity": "walking",
            "minutes": 10, "intensity": "moderate"}


def _writes(rng: random.Random) -> dict[str, Any]:
    """Entries through the phone's write path (POST /me/sync/: parse, rules, insert, the stored
    analysis refreshed after the commit), one phone after the other, one entry per request and ten."""
    from django.test import Client
    from django.utils import timezone

    from backactive.patients.models import Patient

    phones = list(Patient.objects.filter(user__isnull=False).exclude(display_name__startswith="Vorlage")
                  .values_list("user_id", flat=True))
    from backactive.accounts.models import User

    chosen = list(User.objects.filter(pk__in=rng.sample(phones, min(len(phones), max(1, WRITES // 10)))))
    clients = []
    for user in chosen:
        client = Client()
        client.force_login(user)
        clients.append(client)
    today = timezone.localdate()
    results: dict[str, Any] = {}
    for batch in (1, 10):
        lat, floor, stored = [], [], 0
        start_all = time.perf_counter()
        for n in range(max(1, WRITES // batch)):
            client = clients[n % len(clients)]
            entries = [_entry("pain" if (n + j) % 2 else "activity", today - dt.timedelta(days=(n + j) % 3), n)
                       for j in range(batch)]
            start = time.perf_counter()
            response = client.post("/me/sync/", data=json.dumps({"entries": entries}), content_type="application/json")
            lat.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
            stored += sum(r["status"] == "created" for r in response.json()["results"])
            floor.append(_get(client, "/health/"))
        elapsed = time.perf_counter() - start_all - sum(floor) / 1000
        results[f"{batch}_per_request"] = {"entries": stored, "entries_per_s": round(stored / elapsed, 1),
                                           "request": _stats(lat), "floor": _stats(floor)}
    return results


# --- plans -----------------------------------------------------------------------------------


def explain(path: Path) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every query of one GP page, one patient list page and one
    diary write, each run inside a transaction that is rolled back."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from backactive.accounts.models import User
    from backactive.patients.models import Patient

    phones = Patient.objects.filter(user__isnull=False).exclude(display_name__startswith="Vorlage").order_by("id")
    patient = phones[phones.count() // 2]
    gp = User.objects.get(pk=patient.clinician_id)
    client = Client()
    client.force_login(gp)
    phone = Client()
    phone.force_login(User.objects.get(pk=patient.user_id))
    today = dt.date.today()
    out = [f"# patient {patient.pk}: {counts_for(patient.pk)}\n"]
    other = phones[phones.count() // 3]
    _analyses_for([patient.pk, other.pk])
    for name, warm, action in (
        # the first view of this patient's page (the warm-up views another patient's)
        ("GP page", lambda: client.get(f"/patients/{other.pk}/"), lambda: client.get(f"/patients/{patient.pk}/")),
        ("patient list", None, lambda: client.get("/patients/")),
        ("patient list, search", None, lambda: client.get("/patients/?q=Schm")),
        ("diary write", None, lambda: phone.post("/me/sync/", content_type="application/json", data=json.dumps(
            {"entries": [_entry("activity", today, 1)]}))),
    ):
        (warm or action)()
        with CaptureQueriesContext(connection) as captured:
            assert action().status_code == 200
        out.append(f"\n## {name}: {len(captured)} queries\n")
        for q in captured.captured_queries:
            sql = q["sql"]
            if sql.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")):
                continue
            out.append(f"\n### {q['time']} s\n{sql}\n")
            with suppress(Exception), connection.cursor() as cur:
                cur.execute("BEGIN")
                try:
                    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    out.append("\n".join(r[0] for r in cur.fetchall()) + "\n")
                finally:
                    cur.execute("ROLLBACK")
    path.write_text("".join(out))
    log(f"plans written to {path}")


def counts_for(patient_id: int) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT (SELECT count(*) FROM diary_painentry WHERE patient_id = %s),"
                    " (SELECT count(*) FROM diary_activityentry WHERE patient_id = %s),"
                    " (SELECT count(*) FROM consultations_consultation WHERE patient_id = %s)",
                    [patient_id] * 3)
        pain, activity, consultations = cur.fetchone()
    return f"{pain} pain, {activity} activity entries, {consultations} consultations"


# --- main ------------------------------------------------------------------------------------


def _setup_django() -> None:
    os.environ["DATABASE_URL"] = _database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # no line per request on the terminal
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _filled() -> dict[str, Any] | None:
    rows = _admin(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'")
    if not rows:
        return None
    import psycopg

    with psycopg.connect(_database_url(), autocommit=True) as conn:
        found = conn.execute("SELECT to_regclass('bench_region_info')").fetchone()
        if not found or found[0] is None:
            return None
        patients, diary_rows, filled = conn.execute("SELECT * FROM bench_region_info").fetchone()
    if (patients, diary_rows) != (PATIENTS, ROWS):
        return None
    return dict(filled)


def run(*, keep: bool = False, reuse: bool = False, plans: Path | None = None) -> dict[str, Any]:
    own_cluster = not OTHER_SERVER
    keep = keep or reuse  # measuring kept data again never throws it away
    if own_cluster:
        cluster_start()
    try:
        filled = _filled() if reuse else None
        if filled is None:
            _admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            _admin(f"CREATE DATABASE {DATABASE}")
            _setup_django()
            log(f"filling: {PATIENTS} patients, {ROWS} diary rows, {PRACTICES} practices")
            filled = fill()
            reused = False
        else:
            _setup_django()
            reused = True
            added = complete()
            if added:
                log(f"added to the kept data: {added}")
                filled["added_later"] = added
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("SELECT current_setting('fsync'), current_setting('synchronous_commit'), version()")
            fsync, sync_commit, version = cur.fetchone()
        result: dict[str, Any] = {
            "benchmark": "region", "database": version.split(" on ")[0], "fsync": fsync,
            "synchronous_commit": sync_commit, "measured_through": "django test client (server-side)",
            "scale": counts(), "fill": filled, "reused_fill": reused, "consistency": consistency(),
        }
        # exactly the scale asked for; data kept from earlier runs also holds their measured writes
        scale = result["scale"]
        assert scale["patients"] == PATIENTS, scale
        assert scale["diary_rows"] == ROWS or (reused and scale["diary_rows"] > ROWS), scale
        log("measuring")
        result |= measure()
        if plans is not None:
            explain(plans)
        connection.close()
        if not keep:
            _admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        return result
    finally:
        if own_cluster and not keep:
            cluster_stop(remove=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="leave the cluster running and the data in place")
    parser.add_argument("--reuse", action="store_true", help="measure the data an earlier --keep left (and keep it)")
    parser.add_argument("--explain", type=Path, help="write the hot queries' plans to this file")
    args = parser.parse_args()
    print(json.dumps(run(keep=args.keep, reuse=args.reuse, plans=args.explain), indent=2))
