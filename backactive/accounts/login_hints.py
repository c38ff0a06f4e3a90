"""What the login page shows below the form besides its own text, supplied by apps above this
one (the demo practice lists its logins): a small registry, so accounts imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LoginHint = dict[str, Any]  # {"title", "text", "rows": [(label, [user names])]}
_providers: list[Callable[[], LoginHint | None]] = []


def login_hint_register(provider: Callable[[], LoginHint | None]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def login_hints() -> list[LoginHint]:
    return [hint for provider in _providers if (hint := provider()) is not None]
