"""Forms of the pipeline pages: a stage move and a note. Shapes only; the services
(``hiring.pipeline.services``) do the writing and apply the same rules again."""

from django import forms

from hiring.models import (
    Application,
)
from hiring.pipeline import services


class MoveForm(forms.Form):
    """A pipeline move. The stage is any stage: the service refuses nonsense moves
    with its own message, so a stale page gets an explanation, not a 500."""

    stage = forms.ChoiceField(
        choices=Application.Stage.choices,
        label="Move to",
        error_messages={"invalid_choice": "“%(value)s” is not a pipeline stage."},
    )
    reason = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional. A rejection reason is included in the e-mail to the candidate.",
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Note",
        max_length=services.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only your organisation sees notes.",
        error_messages={"required": "Write something before saving the note."},
    )
