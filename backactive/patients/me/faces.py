"""The faces pain scale on the phone: the very faces of the printed paper diary (drawn once, in
``backactive.handouts.graphics``), so a patient who switches between paper and phone sees the
same pictures. Pure Python; the words are passed in already translated."""

from __future__ import annotations

from backactive.handouts.graphics import FACE_VALUES, face_svg

__all__ = ["FACE_VALUES", "faces"]


def faces(labels: dict[int, str]) -> list[tuple[int, str, str]]:
    """(value, label, svg) for the six faces; ``labels`` maps each value to its words. The
    drawing is decoration here (the button says the words), so screen readers skip it."""
    return [
        (v, labels[v], face_svg(v).replace("<svg ", '<svg aria-hidden="true" focusable="false" class="face" ', 1))
        for v in FACE_VALUES
    ]
