from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User, UserFollows


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

    def save_related(self, request, form, formsets, change):
        """Save groups from the form, then make the role groups match the role again."""
        super().save_related(request, form, formsets, change)
        form.instance.sync_role_group()
