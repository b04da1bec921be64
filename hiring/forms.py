from django import forms

from hiring.models import Role


class RoleFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "All"), *Role.Status.choices],
        required=False,
        error_messages={"invalid_choice": "“%(value)s” is not a role status."},
    )
