from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import CreatorRequest, User, UserFollows


class FollowsInline(admin.TabularInline):
    model = UserFollows
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["followed"]
    verbose_name = _("followed creator")
    verbose_name_plural = _("followed creators")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "role", "is_active", "is_staff", "date_joined"]
    list_filter = ["role", "is_active", "is_staff", "is_superuser", "groups"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("fotoblog"), {"fields": ["role", "profile_photo"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("fotoblog"), {"fields": ["role"]}),
    ]
    inlines = [FollowsInline]
    readonly_fields = ["profile_photo"]  # changed only through the upload pipeline

    def save_related(self, request, form, formsets, change):
        """Save groups from the form, then make the role groups match the role again."""
        super().save_related(request, form, formsets, change)
        form.instance.sync_role_group()


@admin.register(CreatorRequest)
class CreatorRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "date_created", "decided_by", "date_decided"]
    list_filter = ["status"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user", "decided_by"]
    readonly_fields = ["user", "status", "date_created", "decided_by", "date_decided"]
    actions = ["approve", "refuse"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Approve: make them creators"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Refuse"), permissions=["change"])
    def refuse(self, request, queryset):
        self._decide(request, queryset, approve=False)

    def _decide(self, request, queryset, *, approve: bool):
        pending = queryset.filter(status=CreatorRequest.Status.PENDING)
        decided = 0
        for creator_request in pending.select_related("user"):
            creator_request.decide(approve=approve, by=request.user)
            decided += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d pending request decided.",
                "%(count)d pending requests decided.",
                decided,
            )
            % {"count": decided},
            messages.SUCCESS,
        )
