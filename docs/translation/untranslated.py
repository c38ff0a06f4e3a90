"""List every text a patient reads that an added language (tr, ru, uk, ar, pl) lacks, so it would
fall back to German. Run after a merge that brought new texts (e.g. new exercises):

    .venv/bin/python docs/translation/untranslated.py             # everything missing
    .venv/bin/python docs/translation/untranslated.py --lang ar   # one language
    .venv/bin/python docs/translation/untranslated.py --lang ar --skeleton >> missing-ar.toml

``--skeleton`` prints TOML tables for the missing knowledge texts with the German and English
source as comments, ready to translate and paste into
backactive/recommendations/knowledge/translations/<lang>.toml. Exits 1 when anything is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def _missing(langs: tuple[str, ...]) -> dict[str, list[str]]:
    from backactive.core import codes
    from backactive.diary.effects import words
    from backactive.exercises.figures.library import untranslated_texts
    from backactive.handouts import context
    from backactive.recommendations import knowledge
    from tests.core.test_translations import untranslated_messages

    def only(found: list[str]) -> list[str]:
        return [f for f in found if f.rsplit(".", 1)[-1] in langs]

    return {
        "knowledge (backactive/recommendations/knowledge/translations/<lang>.toml)":
            knowledge.untranslated(langs=langs),
        "code labels (backactive/core/translations/<lang>.toml)": only(codes.untranslated()),
        "activity-and-pain sentences (backactive/diary/effects/translations/<lang>.toml)": only(words.untranslated()),
        "handout words (backactive/handouts/translations/<lang>.toml)": only(context.UNTRANSLATED),
        "drawing words (backactive/exercises/translations/<lang>.toml)": only(untranslated_texts()),
        **{f"messages (backactive/locale/{lang}/LC_MESSAGES/django.po; run `make messages` first)":
           [f"{m!r}.{lang}" for m in untranslated_messages(lang)] for lang in langs},
    }


def _skeleton(lang: str) -> str:
    from backactive.recommendations import knowledge

    places = knowledge.load_knowledge().places
    out: dict[str, list[str]] = {}
    for found in knowledge.untranslated(langs=(lang,)):
        place = found.rsplit(".", 1)[0]
        table, _, key = place.rpartition(".")
        text = places[place]
        out.setdefault(table, []).append(f"# de: {text.de}\n# en: {text.en}\n{key} = \"\"")
    return "\n\n".join(f"[{table}]\n" + "\n".join(lines) for table, lines in out.items())


def main() -> int:
    from backactive.core.languages import ADDED_LANGS

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", choices=ADDED_LANGS)
    parser.add_argument("--skeleton", action="store_true", help="TOML to fill for the missing knowledge texts")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    langs = (args.lang,) if args.lang else ADDED_LANGS
    import django

    django.setup()
    if args.skeleton:
        for lang in langs:
            print(f"# ---- {lang} ----\n{_skeleton(lang)}")
        return 0
    missing = _missing(langs)
    if args.json:
        print(json.dumps(missing, ensure_ascii=False, indent=2))
    else:
        for where, found in missing.items():
            print(f"{where}: {len(found)} missing")
            for item in found:
                print(f"  {item}")
    return 1 if any(missing.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
