"""An instrument as questions to show: for the patient's screens (the instrument's own wording in
their language) and for staff entry and paper forms. Pure Python: no Django.

Number items of up to 1440 minutes are asked as hours and minutes (as the IPAQ form does);
small ranges (days 0–7, 0–10 ratings) as buttons; the rest as a number field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .instrument import Instrument, Item

MINUTES_MAX = 1440
BUTTONS_MAX = 10


@dataclass(frozen=True)
class Question:
    key: str
    text: str  # the instrument's wording (patients) or our label (staff)
    intro: str
    widget: str  # "options" | "buttons" | "duration" | "number"
    options: tuple[tuple[int, str], ...]  # (value, label) for options and buttons
    anchors: tuple[str, str] | None
    unit: str
    min: int
    max: int
    value: int | None
    zero_skips: str

    @property
    def hours(self) -> int | None:
        return None if self.value is None else self.value // 60

    @property
    def minutes(self) -> int | None:
        return None if self.value is None else self.value % 60


def _widget(item: Item) -> str:
    if item.kind == "choice":
        return "options"
    if item.kind == "number" and item.max == MINUTES_MAX:
        return "duration"
    return "buttons" if item.max - item.min <= BUTTONS_MAX else "number"


def _question(item: Item, lang: str, text: str, intro: str, value: int | None) -> Question:
    widget = _widget(item)
    if widget == "options":
        options = tuple((o.value, o.label.get(lang) if o.label else str(o.value)) for o in item.options)
    elif widget == "buttons":
        options = tuple((v, str(v)) for v in range(item.min, item.max + 1))
    else:
        options = ()
    anchors = item.anchors.get(lang)
    return Question(
        key=item.key,
        text=text,
        intro=intro,
        widget=widget,
        options=options,
        anchors=anchors,
        unit=item.unit.get(lang) if item.unit else "",
        min=item.min,
        max=item.max,
        value=value,
        zero_skips=item.zero_skips,
    )


def for_patient(instrument: Instrument, lang: str, answers: dict[str, int]) -> list[Question]:
    """The instrument's own wording; only for a language in ``instrument.text_langs``."""
    if not instrument.has_text(lang):
        raise ValueError(f"{instrument.code} may not be shown in {lang}")
    return [_question(i, lang, i.text[lang], i.intro.get(lang, ""), answers.get(i.key)) for i in instrument.items]


def for_staff(instrument: Instrument, lang: str, answers: dict[str, int]) -> list[Question]:
    """Our own labels (every instrument, every language): fast entry from a paper form."""
    return [_question(i, lang, i.label.get(lang), "", answers.get(i.key)) for i in instrument.items]


def duration(hours: str | None, minutes: str | None) -> int | str | None:
    """Hours and minutes typed in two fields -> minutes; None when both are empty, the raw text
    when something is not a whole number (the answer check then names the item)."""
    h, m = (hours or "").strip(), (minutes or "").strip()
    if not h and not m:
        return None
    if not (h or "0").isdigit() or not (m or "0").isdigit():
        return f"{h}:{m}"
    return int(h or 0) * 60 + int(m or 0)


def parse(questions: list[Question], data: Mapping[str, str]) -> dict[str, object]:
    """Form fields -> answers: whole numbers where the text is one, the text itself otherwise (the
    answer check then names the item), None for an empty field."""
    out: dict[str, object] = {}
    for q in questions:
        if q.widget == "duration":
            out[q.key] = duration(data.get(f"{q.key}_hours"), data.get(f"{q.key}_minutes"))
            continue
        raw = (data.get(q.key) or "").strip()
        out[q.key] = int(raw) if raw.isascii() and raw.isdigit() else (raw or None)
    return out
