"""Forms render with Jinja2 (``FORM_RENDERER``): the choice widgets' written-in templates give
exactly the HTML of Django's own, the field template marks errors and groups, and a worker
compiles every form template before its first request."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import Jinja2, get_default_renderer
from django.utils import translation

from backactive.core.forms import ChipPicker, FormRenderer
from backactive.ops.warmup import warm_form_templates

CHOICES = [("a", "Alpha & <b>"), ("b", "Beta"), ("Group", [("c", "Gamma"), ("d", "Delta")])]


class Every(forms.Form):
    many = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple(attrs={"class": "x"}),
                                     required=False)
    one = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    pick = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"disabled": True, "data-off": False}))
    several = forms.MultipleChoiceField(choices=CHOICES, widget=forms.SelectMultiple)


def _html(renderer: object, data: dict[str, object] | None = None, initial: dict[str, object] | None = None) -> str:
    form = Every(data, initial=initial, renderer=renderer, auto_id="t_%s")
    return "\n".join(str(field) for field in form)


def test_written_in_choice_templates_give_djangos_html() -> None:
    for data, initial in ((None, None), (None, {"many": ["a", "c"], "one": "d", "pick": "b", "several": ["c"]}),
                          ({"many": ["b"], "one": "zzz"}, None)):
        ours, djangos = _html(FormRenderer(), data, initial), _html(Jinja2(), data, initial)
        assert ours == djangos
    ticked = _html(FormRenderer(), initial={"many": ["a", "c"], "one": "d"})
    assert '<div id="t_many" class="x">' in ticked
    assert 'id="t_many_0" checked> Alpha &amp; &lt;b&gt;</label>' in ticked  # labels escaped
    assert '<label>Group</label>' in ticked and 'value="d" required id="t_one_2_1" checked' in ticked
    assert '<select name="pick" disabled id="t_pick">' in ticked and "data-off" not in ticked


@pytest.mark.django_db
def test_the_consultation_field_template_marks_groups_errors_and_help() -> None:
    from backactive.accounts.models import User
    from backactive.consultations.forms import ConsultationForm

    form = ConsultationForm({"pain_now": "11", "barriers": ["nonsense"]}, clinicians=User.objects.none(),
                            auto_id="f_%s")
    assert not form.is_valid()
    barriers = form["barriers"].as_field_group()
    assert barriers.startswith('<fieldset class="field group has-error field-barriers">')
    assert "<legend>" in barriers and '<p class="error" role="alert">' in barriers
    pain = form["pain_now"].as_field_group()
    assert '<div class="field has-error field-pain_now">' in pain and '<label for="f_pain_now">' in pain
    assert 'aria-invalid="true"' in pain
    risk = form["risk_group"].as_field_group()
    assert '<small class="help" id="f_risk_group_helptext">' in risk and "has-error" not in risk


def test_chip_picker_lists_ticked_first_with_its_search_words() -> None:
    class Picks(forms.Form):
        likes = forms.MultipleChoiceField(choices=[("a", "Alpha"), ("b", "Beta")],
                                          widget=ChipPicker(search_label="Find"), required=False)

    with translation.override("en"):
        html = str(Picks(initial={"likes": ["b"]}, auto_id="p_%s")["likes"])
    assert html.index('value="b"') < html.index('value="a"')
    assert 'aria-label="Find"' in html and 'data-template="{n} shown"' in html
    with translation.override("de"):
        assert 'data-template="{n} angezeigt"' in str(Picks(auto_id="p_%s")["likes"])


def test_a_worker_compiles_every_form_template() -> None:
    environment = get_default_renderer().engine.env  # type: ignore[attr-defined]
    environment.cache.clear()
    compiled = warm_form_templates()
    cached = {name for _loader, name in environment.cache}
    assert compiled > 40 and len(cached) == compiled
    assert {"core/widgets/choices.html", "core/widgets/select.html", "core/widgets/chip_picker.html",
            "consultations/field.html", "django/forms/widgets/input.html"} <= cached
