"""Which languages BackActive speaks, to whom, and where the translations live. Pure Python: no Django.

Staff pages speak German and English. Everything a patient reads (patient pages, invitation, the
offline app, the handout, knowledge texts, reminders, calendar) also speaks Turkish, Russian,
Ukrainian, Arabic and Polish (issue 19). German and English stay written beside each other in the
source files; the five added languages live in one file per language beside the data they
translate (``<lang>.toml``), so a translator works in one file and a new source text shows up as
missing in each (``python docs/translation/untranslated.py`` lists them).

A text missing in an added language falls back to German, the practice's language, so the page
still works and the practice team can read it to the patient; the tests fail on every fallback
of shipped texts (tests/core/test_translations.py).

Digits: Western digits (0-9) in every language, Arabic included. That is how Arabic is printed in
Germany (and in the Maghreb), matches what the patient sees on the practice's letters, clocks and
medicine packs, and keeps doses unambiguous when the practice team reads the handout aloud.
Arabic-Indic digits that patients type are read as digits (``backactive.core.text``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Final

STAFF_LANGS: Final = ("de", "en")
ADDED_LANGS: Final = ("tr", "ru", "uk", "ar", "pl")
PATIENT_LANGS: Final = STAFF_LANGS + ADDED_LANGS
RTL_LANGS: Final = frozenset({"ar"})
FALLBACK: Final = "de"
# The names people look for in a language menu: each language in its own words.
NAMES: Final = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ru": "Русский",
    "uk": "Українська",
    "ar": "العربية",
    "pl": "Polski",
}


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGS


def flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": "x"}}`` -> ``{"a.b": "x"}``; lists and strings are leaves."""
    out: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out |= flatten(value, f"{name}.")
        else:
            out[name] = value
    return out


def read_added(directory: Path) -> dict[str, dict[str, Any]]:
    """The added languages' files in ``directory`` (``tr.toml``, ...), each flattened to dotted
    keys: ``{"tr": {"walking.title": "Yürüyüş", ...}, ...}``; a missing file is an empty language."""
    out: dict[str, dict[str, Any]] = {}
    for lang in ADDED_LANGS:
        path = directory / f"{lang}.toml"
        if not path.exists():
            out[lang] = {}
            continue
        try:
            out[lang] = flatten(tomllib.loads(path.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: {exc}") from exc
    return out


def plural_form(lang: str, n: int) -> int:
    """Which of a text's plural forms fits ``n`` (CLDR rules for whole numbers), as an index into
    the forms a translation lists: de, en: one, other; tr: one form; ru, uk, pl: one, few, many
    (pl: 1 is one, 2-4 few, else many); ar: one, two, few (3-10), many (11-99 and 0, 100+ as
    "other" read the singular too, so many covers them)."""
    if lang == "tr":
        return 0
    if lang in ("ru", "uk"):
        if n % 10 == 1 and n % 100 != 11:
            return 0
        return 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2
    if lang == "pl":
        if n == 1:
            return 0
        return 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2
    if lang == "ar":
        if n == 1:
            return 0
        if n == 2:
            return 1
        return 2 if 3 <= n % 100 <= 10 else 3
    return 0 if n == 1 else 1


def fill(template: str | list[str], lang: str, n: int | None = None, **values: object) -> str:
    """A text with its placeholders filled. ``template`` is one text, or the plural forms in the
    order of ``plural_form`` (then ``n`` chooses, and fills ``{n}``)."""
    if isinstance(template, list):
        if n is None:
            raise ValueError("plural forms need a number")
        template = template[min(plural_form(lang, n), len(template) - 1)]
    return template.format(n=n, **values) if n is not None else template.format(**values)


def decimal(value: float, lang: str, digits: int = 1) -> str:
    """A decimal number as the language writes it in Germany: a decimal comma everywhere but in
    English, Western digits always (see the module docstring)."""
    text = f"{value:.{digits}f}"
    return text if lang == "en" else text.replace(".", ",")


REVIEW_FILE: Final = Path(__file__).with_name("translations") / "review.toml"


def review_status() -> dict[str, dict[str, Any]]:
    """The added languages' review record (``translations/review.toml``): per language ``safety``
    and ``all`` (reviewed by a native speaker or not), ``by`` and ``on``."""
    raw = tomllib.loads(REVIEW_FILE.read_text(encoding="utf-8"))
    if set(raw) != set(ADDED_LANGS):
        raise ValueError(f"{REVIEW_FILE.name}: needs exactly {', '.join(ADDED_LANGS)}")
    return raw


def safety_reviewed(lang: str) -> bool:
    """True when a native speaker has reviewed ``lang``'s safety texts (German and English are
    the source languages, reviewed with the clinical content)."""
    return lang not in ADDED_LANGS or review_status()[lang]["safety"] is True
