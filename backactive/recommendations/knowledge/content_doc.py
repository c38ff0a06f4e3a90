"""Write docs/clinical-content.md from the knowledge files: every item with its source,
contraindications and last review, the rules with their sources, red flags with urgency.

    .venv/bin/python -m backactive.recommendations.knowledge.content_doc > docs/clinical-content.md

A test fails when the file and the knowledge disagree, so the list cannot go stale.
"""

from __future__ import annotations

from backactive.core import codes

from . import load_knowledge
from .contraindications import contraindications
from .dose import dose_text
from .model import Item, Knowledge

INTRO = """# Clinical content

Generated from `backactive/recommendations/knowledge/` by
`.venv/bin/python -m backactive.recommendations.knowledge.content_doc > docs/clinical-content.md`;
`tests/recommendations/test_content_doc.py` fails when this file and the knowledge disagree.
Every text in the knowledge files is our own wording (German and English); sources are cited,
never quoted. The safety case is in `docs/safety/`.

**How content is reviewed.** A clinician reads the item (title, why, instructions, dose,
contraindications) against its sources, changes the TOML entry and sets `reviewed` to the date of
that review. Items are due for review at least once a year and whenever a cited guideline is
updated. Rules (`rules.toml`), red flags (`red_flags.toml`) and safety texts (`safety.toml`) are
reviewed the same way; each names its sources.
"""

LICENCES = """## Questionnaires and their licences

The consultation records yellow flags as scores only: the STarT Back risk group from its two scores
(the Keele item text is licensed by Keele University and not shipped) and PHQ-2 (free to use,
© Pfizer). Both are scored by the one pure module `backactive/questionnaires/` that study mode uses
too; each instrument's licence, source and German version are recorded in
[`instruments.md`](instruments.md).
"""


def _item_row(item: Item, knowledge: Knowledge) -> str:
    contra = contraindications(item, knowledge)
    parts = [codes.label(codes.CONDITIONS, c, "en") for c in contra["conditions"]]
    parts += [codes.label(codes.BARRIERS, b, "en") for b in contra["barriers"]]
    parts += [codes.label(codes.MOBILITY, m, "en") for m in contra["mobility"]]
    if contra["floor_not_ok"]:
        parts.append("cannot get down to the floor")
    if contra["high_impact_by_choice"]:
        parts.append("high impact: only by the patient's choice or ≥ 150 min/week with pain ≤ 4")
    amount = dose_text(item.dose, "en") if item.dose else f"{item.min_minutes}–{item.max_minutes} min"
    sources = "; ".join(knowledge.references[r].title.en for r in item.sources)
    flare = {"no": "", "also": " (also flare-up)", "only": " (flare-up only)"}[item.flare_up]
    return (
        f"| `{item.code}` | {item.title.de} / {item.title.en}{flare} | {item.kind} | "
        f"{', '.join(item.components)} | {', '.join(item.needs) or '–'} | {item.impact}, {item.intensity} | "
        f"{amount} | {'; '.join(parts) or '–'} | {sources} | {item.reviewed.isoformat()} |"
    )


def render(knowledge: Knowledge | None = None) -> str:
    k = knowledge or load_knowledge()
    out = [INTRO]
    out.append("## Activities and exercises\n")
    out.append(
        "| code | title (de / en) | kind | components | needs | impact, intensity | dose or minutes "
        "| contraindications | sources | last review |"
    )
    out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for kind in ("activity", "exercise"):
        out += [_item_row(i, k) for i in sorted(k.items.values(), key=lambda i: (i.priority, i.code)) if i.kind == kind]
    out.append("\n## Rules and their sources (`rules.toml`)\n")
    out.append("| rule | sources |")
    out.append("| --- | --- |")
    for name, refs in k.rules.refs.items():
        out.append(f"| `{name}` | {'; '.join(k.references[r].title.en for r in refs)} |")
    out.append("\n## Red flags (`red_flags.toml`)\n")
    out.append("| code | red flag | urgency | action for the clinician | source |")
    out.append("| --- | --- | --- | --- | --- |")
    for code, flag in k.red_flags.items():
        label = codes.label(codes.RED_FLAGS, code, "en")
        source = k.references[flag.ref].title.en
        out.append(f"| `{code}` | {label} | {flag.urgency} | {flag.action.en} | {source} |")
    out.append("\n## Support prompts (`support.toml`, in their fixed clinical order)\n")
    out.append("| code | title (de / en) | shown for | source |")
    out.append("| --- | --- | --- | --- |")
    for s in k.support.values():
        source = k.references[s.ref].title.en
        out.append(f"| `{s.code}` | {s.title.de} / {s.title.en} | {', '.join(s.triggers)} | {source} |")
    out.append("\n## Safety texts (`safety.toml`)\n")
    out.append("| group | code | source |")
    out.append("| --- | --- | --- |")
    safety = k.safety
    for group, texts in (
        ("safety_net", safety.safety_net),
        ("review", safety.review),
        ("cautions", safety.cautions),
        ("considerations", safety.considerations),
    ):
        out += [f"| {group} | `{t.code}` | {k.references[t.ref].title.en} |" for t in texts.values()]
    out.append(f"| flare_up | `flare_up` | {k.references[safety.flare_up.ref].title.en} |")
    out.append("")
    out.append(LICENCES)
    return "\n".join(out)


if __name__ == "__main__":
    print(render(), end="")
