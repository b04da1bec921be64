from django import forms

from accounts.tokens.services import NAME_MAX_LENGTH


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=NAME_MAX_LENGTH,
        help_text="What will use it, e.g. “ATS sync”.",
        error_messages={"required": "Name the token after what will use it."},
    )
