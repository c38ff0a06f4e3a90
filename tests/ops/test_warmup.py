"""A server worker warms before its first request: views imported, templates compiled (the
pages' and the forms'), and the data every GP page or handout reads per process loaded, so
that no request (and no four threads of one worker at once) pays for reading them."""

from __future__ import annotations

import pytest

from backactive.exercises.figures.library import figures
from backactive.exercises.figures.library import texts as figure_texts
from backactive.offers.geo import postcodes
from backactive.ops.warmup import warm


@pytest.mark.django_db
def test_warm_loads_what_requests_would_otherwise_read_first() -> None:
    for cached in (postcodes, figures, figure_texts):
        cached.cache_clear()
    done = warm()
    assert done["views"] > 50 and done["templates"] > 100
    for cached in (postcodes, figures, figure_texts):
        assert cached.cache_info().currsize == 1, cached
    assert postcodes()["35037"].place == "Marburg"
