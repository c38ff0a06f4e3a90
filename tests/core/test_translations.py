"""The patient's own language (issue 19): everything a patient reads exists in Turkish, Russian,
Ukrainian, Arabic and Polish, never a fallback; staff pages stay German and English.

Which messages a patient reads is decided by where they come from: ``PATIENT_SOURCES`` lists the
templates and modules of the patient pages, invitation and login, the offline app's texts, the
patient's privacy and device pages, reminder e-mails and calendar texts. The added languages'
catalogues record each message's files (``make messages`` collects them with their locations), so
a message used on a patient page must be translated in every added language, and one used only
on staff pages need not be. Knowledge texts: ``knowledge.PATIENT_FACING``. Validated
questionnaires and practice-written items are exempt (they exist only in the languages they were
validated or written in)."""

from __future__ import annotations

import gettext
import re
from fnmatch import fnmatchcase
from pathlib import Path

import polib
import pytest

from backactive.core import codes
from backactive.core.languages import ADDED_LANGS, PATIENT_LANGS, review_status
from backactive.diary.effects import words
from backactive.exercises.figures.library import untranslated_texts
from backactive.handouts import context as handout
from backactive.recommendations import knowledge
from backactive.recommendations.knowledge.dose import _WORDS as DOSE_WORDS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "backactive"
LOCALE = PACKAGE / "locale"

# Where the messages a patient reads come from (paths as the catalogues record them, relative to
# backactive/). A new patient page or module belongs here.
PATIENT_SOURCES = (
    "templates/me/*",
    "templates/base.html",
    "templates/_language_menu.html",
    "templates/form_fields.html",
    "templates/accounts/login.html",
    "templates/accounts/invitation_start.html",
    "templates/accounts/invitation_accept.html",
    "templates/accounts/invitation_invalid.html",
    "templates/accounts/invitation_paused.html",
    "templates/diary/_effects_patient.html",
    "templates/privacy/my_privacy.html",
    "templates/privacy/_consents.html",
    "templates/privacy/_export.html",
    "templates/security/sessions.html",
    "templates/security/password_change.html",
    "templates/security/my_access.html",
    "templates/security/_events.html",
    "me/*",
    "patients/invitation_views.py",
    "reminders/sending.py",
    "reminders/ical.py",
    "reminders/selectors.py",
    "diary/presentation.py",
    "diary/sync.py",
    "diary/forms.py",
    "diary/services.py",
    "templates/questionnaires/_question.html",
    "studies/notify.py",
)


def patient_facing(entry: polib.POEntry) -> bool:
    return any(fnmatchcase(path, pattern) for path, _line in entry.occurrences for pattern in PATIENT_SOURCES)


def untranslated_messages(lang: str) -> list[str]:
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"), check_for_duplicates=True)
    missing = []
    for entry in po:
        if entry.obsolete or not patient_facing(entry):
            continue
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if "fuzzy" in entry.flags or not all(f.strip() for f in forms):
            missing.append(entry.msgid)
    return missing


@pytest.mark.parametrize("lang", ADDED_LANGS)
def test_every_patient_message_is_translated(lang: str) -> None:
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    assert sum(patient_facing(e) for e in po) > 200  # the catalogue records where messages come from
    missing = untranslated_messages(lang)
    assert not missing, f"{lang}: {len(missing)} patient messages untranslated (translate them): {missing[:5]}"


@pytest.mark.parametrize("lang", ADDED_LANGS)
def test_translations_keep_their_placeholders_and_the_compiled_catalogue_matches(lang: str) -> None:
    folder = LOCALE / lang / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    field = re.compile(r"%\(\w+\)s|\{\w+\}")
    wrong, stale = [], []
    for entry in po:
        if entry.obsolete or not entry.msgstr or entry.msgid_plural:
            continue
        if set(field.findall(entry.msgid)) != set(field.findall(entry.msgstr)):
            wrong.append(entry.msgid)
        got = compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)
        if got != entry.msgstr:
            stale.append(entry.msgid)
    assert not wrong, f"{lang}: placeholders differ: {wrong[:3]}"
    assert not stale, f"{lang}: the .mo is stale, run `make messages`: {stale[:3]}"


def test_every_patient_source_names_existing_files() -> None:
    """A pattern that matches no file is a page that moved: the check would silently shrink."""
    files = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*") if p.suffix in (".py", ".html")]
    dead = [pattern for pattern in PATIENT_SOURCES if not any(fnmatchcase(f, pattern) for f in files)]
    assert not dead


def test_every_patient_knowledge_text_exists_in_every_language() -> None:
    """Titles, instructions and reasons of activities and exercises, support prompts, sentence
    templates and reasons, equipment, safety-netting, red-flag watch texts, the flare-up plan."""
    loaded = knowledge.load_knowledge()
    facing = [p for p in loaded.places if knowledge.patient_facing(p)]
    assert len(facing) > 200
    missing = knowledge.untranslated(loaded)
    assert not missing, f"{len(missing)} knowledge texts fall back to German: {missing[:5]}"


def test_every_patient_code_label_effect_sentence_handout_word_and_dose_word_exists() -> None:
    assert not codes.untranslated()
    assert not words.untranslated()
    assert not handout.UNTRANSLATED
    assert not untranslated_texts()  # the drawings' words: level names, picture descriptions
    assert set(DOSE_WORDS) == set(PATIENT_LANGS)
    assert all(set(DOSE_WORDS[lang]) == set(DOSE_WORDS["de"]) for lang in PATIENT_LANGS)


def test_the_review_status_is_recorded_honestly_in_the_docs() -> None:
    """docs/translation/review-status.md shows review.toml: nothing is marked reviewed unless a
    reviewer and date are named; the docs and the file agree."""
    status = review_status()
    page = (ROOT / "docs" / "translation" / "review-status.md").read_text(encoding="utf-8")
    for lang, record in status.items():
        reviewed = record["safety"] or record["all"]
        assert not reviewed or (record["by"] and record["on"]), lang
        row = next(line for line in page.splitlines() if line.startswith(f"| `{lang}`"))
        expected = "reviewed" if record["all"] else "not reviewed by a native speaker"
        assert expected in row, row
    for lang in ADDED_LANGS:
        glossary = ROOT / "docs" / "translation" / f"glossary-{lang}.md"
        assert glossary.exists() and glossary.read_text(encoding="utf-8").count("\n|") >= 25, lang
