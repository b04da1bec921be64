"""The team's forms: shapes only; ``services`` decides (its ``ApplicationError`` lands on
the field it names)."""

from django import forms

from accounts.forms import SignupForm
from config.errors import ApplicationError
from hiring.models import INVITATION_ROLE_CHOICES, Membership
from hiring.teams import services


def _service_check(function, value):
    try:
        return function(value)
    except ApplicationError as error:
        raise forms.ValidationError(error.message) from None


class TeamFieldsMixin(forms.Form):
    organization_name = forms.CharField(
        label="Organisation name",
        max_length=services.NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "organization", "data-slug-source": ""}),
        error_messages={"required": "Name your organisation."},
    )
    slug = forms.CharField(
        label="Team address",
        max_length=services.SLUG_MAX_LENGTH,
        help_text="Your pages live at /org/your-address/: lowercase letters, digits and hyphens. "
        "Suggested from the name.",
        widget=forms.TextInput(
            attrs={"data-slug-target": "", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={"required": "Choose the address of your team's pages."},
    )

    def clean_organization_name(self):
        return _service_check(
            services.organization_name_clean, self.cleaned_data["organization_name"]
        )

    def clean_slug(self):
        return _service_check(services.slug_clean, self.cleaned_data["slug"])


class TeamCreateForm(TeamFieldsMixin):
    """A signed-in user creates a team and becomes its owner."""


class TeamSignupForm(TeamFieldsMixin, SignupForm):
    """A new owner: their account (allauth's sign-up) and their team, in one form."""

    field_order = ["organization_name", "slug", "full_name", "email", "password1", "password2"]


class InvitationSignupForm(SignupForm):
    """An invitee without an account signs up with the invited address (fixed)."""

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, initial={"email": email}, **kwargs)
        self.fields["email"].disabled = True  # the posted value is ignored
        self.fields["email"].help_text = "The invited address."


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=services.EMAIL_MAX_LENGTH,
        error_messages={
            "required": "Enter the e-mail address to invite.",
            "invalid": "Enter a valid e-mail address, e.g. sam@example.com.",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=INVITATION_ROLE_CHOICES,
        initial=Membership.Role.RECRUITER,
        error_messages={"invalid_choice": "Choose hiring manager, recruiter or reviewer."},
    )
    is_senior_reviewer = forms.BooleanField(
        label="Senior reviewer",
        required=False,
        help_text="Re-scores a sample of other reviewers' reviews and adjudicates.",
    )


class MembershipForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        error_messages={
            "invalid_choice": "Choose owner, hiring manager, recruiter or reviewer.",
            "required": "Choose a role.",
        },
    )
    is_senior_reviewer = forms.BooleanField(label="Senior reviewer", required=False)
