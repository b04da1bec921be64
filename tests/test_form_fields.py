"""One field template (templates/forms/field.html, through config/form_renderer.py) for
every form: the ids a widget's aria-describedby names (its help text, its errors) are on
the page, with errors and without."""

import pytest
from django import forms
from django.urls import reverse

from hiring.roles.forms import RoleForm
from tests.a11y import dangling_references
from tests.candidates.test_profile_form import valid_post
from tests.factories.roles import role_form_data

pytestmark = pytest.mark.django_db


class _Sample(forms.Form):
    wide_fields = frozenset({"text"})
    text = forms.CharField(help_text="Say it plainly.")
    choice = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    agree = forms.BooleanField(help_text="Tick to agree.")


def test_a_field_group_renders_its_help_and_errors_under_the_ids_the_widget_names():
    form = _Sample(data={})

    html = form["text"].as_field_group()

    assert 'aria-describedby="id_text_helptext id_text_error"' in html
    assert '<span class="field__help" id="id_text_helptext">Say it plainly.</span>' in html
    assert '<ul class="errorlist" id="id_text_error">' in html
    assert 'class="field field--text field--error field--wide"' in html
    assert dangling_references(form.render()) == []


def test_radio_groups_are_a_fieldset_with_a_legend_and_checkboxes_put_the_box_first():
    form = _Sample(data={})

    radios = form["choice"].as_field_group()
    agree = form["agree"].as_field_group()

    assert '<fieldset class="field__set" aria-describedby="id_choice_error">' in radios
    assert '<legend class="field__label">Choice</legend>' in radios
    assert agree.index('type="checkbox"') < agree.index('<label for="id_agree">')
    assert "field--check" in agree


def test_the_role_form_with_errors_refers_only_to_rendered_ids(client, hiring_manager, org):
    client.force_login(hiring_manager)

    page = client.post(
        reverse("hiring:role-create", args=[org.slug, "llm_evaluator"]),
        role_form_data(title="", pay_min="-5.00"),
    )

    body = page.content.decode()
    assert page.status_code == 400
    assert 'aria-invalid="true"' in body
    assert dangling_references(body) == []
    assert RoleForm.wide_fields == {"title"}


def test_the_profile_form_with_errors_refers_only_to_rendered_ids(client, candidate):
    client.force_login(candidate)

    page = client.post(
        reverse("candidates:profile"),
        valid_post(hourly_rate="-1", modalities=["nonsense"], **{"languages-0-level": "Z9"}),
    )

    body = page.content.decode()
    assert page.status_code == 400
    assert body.count('aria-invalid="true"') >= 2
    assert dangling_references(body) == []
