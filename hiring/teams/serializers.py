from rest_framework import serializers

from accounts.serializers import UserSerializer
from hiring.models import (
    INVITATION_ROLE_CHOICES,
    Membership,
    Organization,
    TeamEvent,
    TeamInvitation,
)
from hiring.teams import services


class TeamCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=services.NAME_MAX_LENGTH)
    slug = serializers.CharField(
        max_length=services.SLUG_MAX_LENGTH,
        required=False,
        help_text="Lowercase letters, digits and hyphens; suggested from the name when left out.",
    )


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "slug", "created_at"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    user = UserSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "is_senior_reviewer", "created_at"]
        read_only_fields = fields


class MemberChangeInputSerializer(serializers.Serializer):
    """A partial change: what is left out keeps the member's current value."""

    role = serializers.ChoiceField(
        choices=Membership.Role.choices, required=False, help_text="Left out: unchanged."
    )
    is_senior_reviewer = serializers.BooleanField(required=False, help_text="Left out: unchanged.")

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(
                "Send the new role, the senior reviewer flag or both."
            )
        return attrs


class InvitationSerializer(serializers.ModelSerializer):
    invited_by = UserSerializer(read_only=True)

    class Meta:
        model = TeamInvitation
        fields = [
            "id",
            "email",
            "role",
            "is_senior_reviewer",
            "state",
            "invited_by",
            "created_at",
            "sent_at",
            "send_count",
            "expires_at",
            "responded_at",
        ]
        read_only_fields = fields


class InvitationInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=services.EMAIL_MAX_LENGTH)
    role = serializers.ChoiceField(choices=INVITATION_ROLE_CHOICES)
    is_senior_reviewer = serializers.BooleanField(required=False, default=False)


class InvitationAnswerInputSerializer(serializers.Serializer):
    token = serializers.CharField(
        max_length=100, help_text="The secret from the invitation link (its last segment)."
    )


class TeamEventSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = TeamEvent
        fields = ["id", "actor_label", "action", "action_label", "subject", "detail", "created_at"]
        read_only_fields = fields
