"""Which app may import which: the architecture, as a test. Every module of every app is read
(imports inside functions included); an import of another app that ALLOWED does not list fails,
and so does an entry of ALLOWED that nothing uses any more. The list must stay one-way (no
cycles). docs/architecture.md shows it as a diagram generated from ALLOWED (``diagram()``;
print it with ``python -m tests.core.test_layers``).

Downstream apps hear of upstream events through signals, never the other way round:
consultation and diary signals (GDT results, audit of batches, the retention lock), the access
signals (the audit trail), the patient list's signal (GDT launches), and privacy's export
format registry (FHIR)."""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "backactive"

# app -> the apps it may import, and why (the one-line reason is the design decision).
ALLOWED: dict[str, dict[str, str]] = {
    "core": {},  # shared helpers (codes, i18n, redirects): imports no other app
    "ops": {},  # running in production (serve, readiness, metrics, request log): apps register into it
    "recommendations": {"core": "codes"},  # the knowledge files and the pure engine
    # instruments as data and pure scoring at the top of the package; stored answers below it
    "questionnaires": {"accounts": "access, users", "core": "i18n, one-time form tokens",
                       "patients": "the patient, access"},
    "exercises": {"accounts": "the practice's own list, its admins", "core": "codes (positions, needs)",
                  "diary": "a guided session is one activity entry; pain for the progression rule",
                  "patients": "the patient", "recommendations": "the exercises of the knowledge base"},
    "accounts": {"core": "the login guard's throttle, name checks"},  # practices, users, roles, the access decorators
    "jobs": {"accounts": "practices, users, access", "ops": "the worker's heartbeat"},  # queue, progress, job pages
    "offers": {"accounts": "practices", "core": "codes", "jobs": "imports run as jobs",
               "recommendations": "activity codes"},
    "patients": {"accounts": "practices, users, access", "core": "codes", "offers": "postcode centroids"},
    "diary": {"accounts": "users", "core": "codes", "patients": "the patient",
              "recommendations": "activity codes"},
    "consultations": {"accounts": "access", "core": "codes",
                      "diary": "the GP screen's chart, paper week, the stored analysis (pacing)",
                      "exercises": "the levels of home exercises in the plan form; the practice's own list",
                      "offers": "nearby offers in plans", "patients": "the patient",
                      "questionnaires": "the one scoring module; PHQ-2 stored as a response; mood screens",
                      "recommendations": "suggestions"},
    "security": {"accounts": "access signals, users", "core": "enrolment code throttle",
                 "diary": "audit of diary batches",
                 "patients": "access history"},
    "privacy": {"accounts": "access", "diary": "retention lock of batches", "jobs": "the nightly purge",
                "patients": "the patient",
                "security": "access log in exports, closing sessions"},
    "reminders": {"accounts": "feed reads as access signals", "consultations": "the current plan", "core": "codes",
                  "diary": "the week's minutes", "jobs": "e-mails sent on schedule",
                  "patients": "the patient"},
    "handouts": {"accounts": "access", "consultations": "the plan", "core": "codes", "diary": "the chart",
                 "exercises": "the level's still and dose; practice items' text, dose and picture",
                 "patients": "invitations",
                 "recommendations": "instructions, drawings"},
    "interop": {"accounts": "access, practices", "consultations": "plans, signals",
                "core": "codes, reads served by the replica",
                "jobs": "the GDT outbox job and sweep, Bulk Data exports and their expiry",
                "diary": "entries", "patients": "the patient", "privacy": "consents, export formats",
                "questionnaires": "Questionnaire and QuestionnaireResponse", "security": "audit of API reads"},
    # study mode; it holds back plans in a control arm through consultations.holds (registered, one-way)
    "studies": {"accounts": "access, practices", "consultations": "plan holds", "core": "i18n, one-time form tokens",
                "jobs": "questionnaire reminders on the daily schedule",
                "patients": "the patient, access", "questionnaires": "instruments, stored answers",
                "reminders": "who opted in to e-mail", "security": "audit of randomisation and exports"},
    "me": {"accounts": "access", "consultations": "the plan", "core": "codes", "diary": "entries, sync",
           "exercises": "animations, levels, practice items", "patients": "own record",
           "questionnaires": "instruments, answers",
           "recommendations": "instructions", "reminders": "settings", "studies": "due questionnaires"},
    "demo": {"accounts": "", "consultations": "", "diary": "", "offers": "", "patients": "",  # seeds all
             "studies": ""},
}


def _apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())


@cache
def found_imports() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) -> the modules that do it."""
    apps = set(_apps())
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if parts[0] not in apps:
            continue
        package = ["backactive", *parts[:-1]]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                module = ".".join([*base, node.module] if node.module else base)
                # "from backactive import questionnaires" imports the app named after the dot.
                names = [f"{module}.{alias.name}" for alias in node.names] if module == "backactive" else [module]
            else:
                continue
            for name in names:
                target = name.split(".")
                if target[0] == "backactive" and len(target) > 1 and target[1] in apps and target[1] != parts[0]:
                    found[(parts[0], target[1])].append("/".join(parts))
    return found


def test_every_app_is_in_the_allow_list() -> None:
    assert sorted(ALLOWED) == _apps()


def test_no_import_between_apps_outside_the_allow_list() -> None:
    extra = {f"{a} -> {b}": files for (a, b), files in found_imports().items() if b not in ALLOWED[a]}
    assert not extra, f"imports not in ALLOWED (add the edge with a reason, or move the code): {extra}"


def test_every_allowed_edge_is_used() -> None:
    stale = [f"{a} -> {b}" for a, targets in ALLOWED.items() for b in targets if (a, b) not in found_imports()]
    assert not stale, f"remove these from ALLOWED: {stale}"


def layers() -> list[list[str]]:
    """The apps by layer: each app sits one above the highest app it may import."""
    level: dict[str, int] = {}

    def depth(app: str, seen: tuple[str, ...] = ()) -> int:
        assert app not in seen, f"cycle in ALLOWED: {' -> '.join((*seen, app))}"
        if app not in level:
            level[app] = 1 + max((depth(t, (*seen, app)) for t in ALLOWED[app]), default=-1)
        return level[app]

    for app in ALLOWED:
        depth(app)
    return [sorted(a for a in level if level[a] == n) for n in range(max(level.values()) + 1)]


def test_the_allow_list_points_one_way() -> None:
    assert sum(len(layer) for layer in layers()) == len(ALLOWED)


def diagram() -> str:
    """Layers from the top (imports only downwards) and, for each app, what it may import."""
    lines = ["```"]
    for n, layer in reversed(list(enumerate(layers()))):
        lines.append(f"{n}  " + "   ".join(layer))
    lines.append("```")
    lines.append("")
    lines.append("| app | may import |")
    lines.append("| --- | --- |")
    for layer in reversed(layers()):
        for app in layer:
            targets = ", ".join(f"{t} ({why})" if why else t for t, why in sorted(ALLOWED[app].items()))
            lines.append(f"| `{app}` | {targets or '–'} |")
    return "\n".join(lines)


def test_the_architecture_document_shows_this_list() -> None:
    text = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    begin, end = "<!-- layers: generated by tests/core/test_layers.py -->\n", "\n<!-- /layers -->"
    assert begin in text and end in text, "docs/architecture.md lost its generated layers block"
    shown = text.split(begin, 1)[1].split(end, 1)[0]
    assert shown == diagram(), "regenerate the block: python -m tests.core.test_layers"


if __name__ == "__main__":
    print(diagram())
