from rest_framework import serializers

from accounts.models import ApiToken
from accounts.tokens.services import NAME_MAX_LENGTH


class TokenSerializer(serializers.ModelSerializer):
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at", "is_active"]
        read_only_fields = fields


class TokenCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=NAME_MAX_LENGTH)


class NewTokenSerializer(TokenSerializer):
    key = serializers.CharField(
        read_only=True, help_text="The key, shown this once: only its hash is kept."
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]
        read_only_fields = fields
