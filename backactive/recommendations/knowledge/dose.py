"""A dose in words ("2 × 10 Wiederholungen, je Seite, ..."), the one place that phrases it, so the
plan, the handout and the patient pages say the same. Pure Python."""

from __future__ import annotations

from backactive.core.languages import FALLBACK, fill

from .model import Dose

# Plural forms as lists, in the order of backactive.core.languages.plural_form.

_WORDS: dict[str, dict[str, str | list[str]]] = {
    "de": {
        "sets": "{n} Durchgänge",
        "reps": "{n} Wiederholungen",
        "rep": "1 Wiederholung",
        "hold": "{n} Sekunden halten",
        "hold_each": "jeweils {n} Sekunden halten",
        "stay": "{n} Minuten in der Position bleiben",
        "per_side": "je Seite",
        "rest": "{n} Sekunden Pause zwischen den Durchgängen",
        "minutes": "etwa {n} Min.",
    },
    "en": {
        "sets": "{n} sets",
        "reps": "{n} repetitions",
        "rep": "1 repetition",
        "hold": "hold for {n} seconds",
        "hold_each": "hold each for {n} seconds",
        "stay": "stay in the position for {n} minutes",
        "per_side": "each side",
        "rest": "{n} seconds' rest between sets",
        "minutes": "about {n} min",
    },
    "tr": {
        "sets": "{n} tur",
        "reps": "{n} tekrar",
        "rep": "1 tekrar",
        "hold": "{n} saniye tutun",
        "hold_each": "her seferinde {n} saniye tutun",
        "stay": "{n} dakika bu pozisyonda kalın",
        "per_side": "her iki taraf için",
        "rest": "turlar arasında {n} saniye ara",
        "minutes": "yaklaşık {n} dk",
    },
    "ru": {
        "sets": ["{n} подход", "{n} подхода", "{n} подходов"],
        "reps": ["{n} повторение", "{n} повторения", "{n} повторений"],
        "rep": "1 повторение",
        "hold": "удерживать {n} с",
        "hold_each": "каждый раз удерживать {n} с",
        "stay": "оставаться в этом положении {n} мин",
        "per_side": "на каждую сторону",
        "rest": "отдых между подходами {n} с",
        "minutes": "около {n} мин",
    },
    "uk": {
        "sets": ["{n} підхід", "{n} підходи", "{n} підходів"],
        "reps": ["{n} повторення", "{n} повторення", "{n} повторень"],
        "rep": "1 повторення",
        "hold": "утримувати {n} с",
        "hold_each": "щоразу утримувати {n} с",
        "stay": "залишатися в цьому положенні {n} хв",
        "per_side": "на кожен бік",
        "rest": "відпочинок між підходами {n} с",
        "minutes": "близько {n} хв",
    },
    "ar": {
        "sets": ["جولة واحدة", "جولتان", "{n} جولات", "{n} جولة"],
        "reps": ["تكرار واحد", "تكراران", "{n} تكرارات", "{n} تكرارًا"],
        "rep": "تكرار واحد",
        "hold": ["اثبت ثانية واحدة", "اثبت ثانيتين", "اثبت {n} ثوانٍ", "اثبت {n} ثانية"],
        "hold_each": ["اثبت في كل مرة ثانية واحدة", "اثبت في كل مرة ثانيتين", "اثبت في كل مرة {n} ثوانٍ",
                      "اثبت في كل مرة {n} ثانية"],
        "stay": ["ابقَ في هذه الوضعية دقيقة واحدة", "ابقَ في هذه الوضعية دقيقتين",
                 "ابقَ في هذه الوضعية {n} دقائق", "ابقَ في هذه الوضعية {n} دقيقة"],
        "per_side": "لكل جهة",
        "rest": ["استراحة ثانية واحدة بين الجولات", "استراحة ثانيتين بين الجولات", "استراحة {n} ثوانٍ بين الجولات",
                 "استراحة {n} ثانية بين الجولات"],
        "minutes": ["نحو دقيقة واحدة", "نحو دقيقتين", "نحو {n} دقائق", "نحو {n} دقيقة"],
    },
    "pl": {
        "sets": ["{n} seria", "{n} serie", "{n} serii"],
        "reps": ["{n} powtórzenie", "{n} powtórzenia", "{n} powtórzeń"],
        "rep": "1 powtórzenie",
        "hold": "przytrzymaj {n} s",
        "hold_each": "za każdym razem przytrzymaj {n} s",
        "stay": "pozostań w tej pozycji {n} min",
        "per_side": "na każdą stronę",
        "rest": "{n} s przerwy między seriami",
        "minutes": "ok. {n} min",
    },
}


def dose_text(dose: Dose, lang: str) -> str:
    """The dose as one line in ``lang`` (German for a language without words here), ending with
    its minutes."""
    words = _WORDS.get(lang) or _WORDS[FALLBACK]
    lang = lang if lang in _WORDS else FALLBACK

    def w(key: str, n: int) -> str:
        return fill(words[key], lang, n)

    parts = [w("sets", dose.sets)] if dose.sets > 1 else []
    if dose.reps:
        parts.append(w("reps", dose.reps) if dose.reps > 1 else str(words["rep"]))
        if dose.hold_seconds:
            parts.append(w("hold_each", dose.hold_seconds))
    elif dose.hold_seconds and dose.hold_seconds >= 60 and dose.hold_seconds % 60 == 0:
        parts.append(w("stay", dose.hold_seconds // 60))
    elif dose.hold_seconds:
        parts.append(w("hold", dose.hold_seconds))
    if dose.per_side:
        parts.append(str(words["per_side"]))
    if dose.rest_seconds and dose.sets > 1:
        parts.append(w("rest", dose.rest_seconds))
    comma = "، " if lang == "ar" else ", "
    return comma.join(parts) + f" ({w('minutes', dose.minutes())})"
