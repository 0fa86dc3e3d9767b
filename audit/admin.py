from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import MODERATION, AuditEvent, ModerationRecord


class RecordAdmin(admin.ModelAdmin):
    """A record of what happened: shown, never added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(RecordAdmin):
    """The audit trail: read-only, filterable, searchable."""

    list_display = [
        "date_created",
        "actor_label",
        "action",
        "target_label",
        "ip_address",
    ]
    list_filter = ["action", "target_type", "date_created"]
    search_fields = ["actor_label", "target_label", "target_id", "ip_address"]
    date_hierarchy = "date_created"


class ModerationActionFilter(admin.SimpleListFilter):
    """Filter by action, offering the moderation actions only."""

    title = _("what")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(a.value, a.label) for a in AuditEvent.Action if a in MODERATION]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(ModerationRecord)
class ModerationRecordAdmin(AuditEventAdmin):
    """The moderators' actions alone, from the audit trail: read-only."""

    list_filter = [ModerationActionFilter, "target_type", "date_created"]
