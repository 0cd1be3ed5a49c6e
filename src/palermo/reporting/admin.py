"""Admin views of reporting rounds (read-mostly: writes go through the pages and the API)."""

from django.contrib import admin

from palermo.reporting.models import Invitation, Questionnaire, Round, Submission


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "source", "created_at"]
    readonly_fields = ["code", "version", "title", "definition", "checksum", "source"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["organisation", "email", "reminders_sent", "last_reminded_at"]
    readonly_fields = ["reminders_sent", "last_reminded_at"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "questionnaire", "deadline", "status", "is_demo"]
    list_filter = ["status", "is_demo"]
    inlines = [InvitationInline]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["round", "organisation", "status", "submitted_at", "is_demo"]
    list_filter = ["status", "round", "is_demo"]
    # Answers are read on the submission page, where the read is audited.
    exclude = ["answers", "flags"]
    readonly_fields = ["round", "organisation", "status", "submitted_at", "reviewed_at"]
