"""API representations of organisations, users, memberships and audit rows."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework import serializers

from palermo.accounts.models import AuditLog, Membership, Organisation, User


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "country_iso3",
            "website",
            "is_active",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]
        # A form post that leaves the box out must not create a deactivated organisation.
        extra_kwargs = {"is_active": {"default": True}}


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "user",
            "username",
            "organisation",
            "organisation_name",
            "role",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]
        # The unique constraint is checked by the service (a repeated grant is a no-op, not an error).
        validators: list[Any] = []


class UserSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)
    two_factor = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "preferred_language",
            "memberships",
            "two_factor",
            "last_login",
            "date_joined",
        ]
        read_only_fields = ["id", "username", "last_login", "date_joined"]
        extra_kwargs = {"is_active": {"default": True}}

    def get_two_factor(self, user: User) -> bool:
        return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class UserCreateSerializer(UserSerializer):
    """Creation takes a username and, optionally, a first password checked against the rules."""

    password = serializers.CharField(
        write_only=True, required=False, style={"input_type": "password"}
    )

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "password"]
        read_only_fields = ["id", "last_login", "date_joined"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        password = attrs.get("password")
        if password:
            probe = User(**{k: v for k, v in attrs.items() if k != "password"})
            try:
                validate_password(password, probe)
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs


class AuditLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditLog
        fields = [
            "id",
            "created_at",
            "log_type",
            "action",
            "user",
            "username",
            "object_type",
            "object_id",
            "object_repr",
            "ip_address",
            "user_agent",
            "path",
            "metadata",
        ]
        read_only_fields = fields
