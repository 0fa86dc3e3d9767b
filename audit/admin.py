from django.contrib import admin

from .models import AuditEvent


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
