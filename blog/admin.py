"""The admin for blogs and photos, under the same per-object rules as the site.

Lists use the QuerySet twins, each object is allowed or refused by blog/rules.py, and
every change goes through blog/services.py, so the admin writes the same audit
events as the site.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from authentication.models import User

from . import services, sharing
from .models import Blog, BlogContributor, GalleryPhoto, Photo, ShareLink


class RuledAdmin(admin.ModelAdmin):
    """Show, change and delete only what blog/rules.py allows, object by object."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return False  # blogs and photos are made on the site, through its services

    def has_view_permission(self, request, obj=None):
        return self._may(request, "view", obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, "delete", obj)

    def _may(self, request, action: str, obj) -> bool:
        # Without an object, the rules and ModelBackend answer for the model.
        perm = f"{self.opts.app_label}.{action}_{self.opts.model_name}"
        return request.user.has_perm(perm, obj)

    def delete_model(self, request, obj):
        self.delete_one(request, obj)

    def delete_queryset(self, request, queryset):
        """Delete each selected object through its rule and its service; all or none."""
        with transaction.atomic():
            for obj in queryset:
                if not self.has_delete_permission(request, obj):
                    raise PermissionDenied
                self.delete_one(request, obj)

    def delete_one(self, request, obj) -> None:
        """Delete `obj` through the service that records it."""
        raise NotImplementedError

    def apply(
        self, request, queryset, rule: str, change: Callable[[object], None]
    ) -> None:
        """Apply `change` to each selected object the user holds `rule` on; all or
        none."""
        with transaction.atomic():
            count = 0
            for obj in queryset:
                if not request.user.has_perm(rule, obj):
                    raise PermissionDenied
                change(obj)
                count += 1
        names = self.opts.verbose_name if count == 1 else self.opts.verbose_name_plural
        message = gettext("%(count)d %(names)s changed.")
        self.message_user(
            request, message % {"count": count, "names": names}, messages.SUCCESS
        )


def stored_switches(obj, form, names) -> dict[str, bool]:
    """The switches among `names` the form changed, with their new values; put the
    stored values back on `obj`, so the services that set and record each switch
    see the change."""
    switched = {name: getattr(obj, name) for name in names if name in form.changed_data}
    for name in switched:
        setattr(obj, name, form.initial[name])
    return switched


@admin.register(Photo)
class PhotoAdmin(RuledAdmin):
    list_display = [
        "__str__",
        "uploader",
        "date_created",
        "status",
        "visibility",
        "is_hidden",
    ]
    list_filter = ["status", "visibility", "is_hidden", "date_created"]
    search_fields = ["caption", "uploader__username"]
    list_select_related = ["uploader"]
    date_hierarchy = "date_created"
    actions = ["hide", "show"]

    def get_readonly_fields(self, request, obj=None):
        # The uploader is who the rules answer to: the site never changes it.
        fields = ["image", "status", "failure", "width", "height", "rendition_widths"]
        fields.append("uploader")
        if not request.user.has_perm("blog.hide_photo", obj):
            fields.append("is_hidden")
        # Only a photo posted on its own has an audience of its own (photo_edit).
        if not (obj and obj.shown_alone) or not request.user.has_perm(
            "blog.change_photo", obj
        ):
            fields.append("visibility")
        return fields

    def save_model(self, request, obj, form, change):
        switched = stored_switches(obj, form, ["is_hidden", "visibility"])
        obj.save()  # the caption, like the site's photo_edit
        if "is_hidden" in switched:
            services.set_hidden(item=obj, hidden=switched["is_hidden"], by=request.user)
        if "visibility" in switched:
            services.set_visibility(
                item=obj, visibility=switched["visibility"], by=request.user
            )

    def delete_one(self, request, obj) -> None:
        services.delete_photo(photo=obj, by=request.user)

    def has_hide_permission(self, request) -> bool:
        return request.user.has_perm("blog.hide_photo")

    @admin.action(description=_("Hide the selected photos"), permissions=["hide"])
    def hide(self, request, queryset):
        self._set_hidden(request, queryset.filter(is_hidden=False), hidden=True)

    @admin.action(description=_("Show the selected photos again"), permissions=["hide"])
    def show(self, request, queryset):
        self._set_hidden(request, queryset.filter(is_hidden=True), hidden=False)

    def _set_hidden(self, request, queryset, *, hidden: bool) -> None:
        self.apply(
            request,
            queryset,
            "blog.hide_photo",
            lambda photo: services.set_hidden(
                item=photo, hidden=hidden, by=request.user
            ),
        )


class ContributorForm(forms.ModelForm):
    """A contributor row: the note may change; the person only by removing the row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "contributor" in self.fields:
            self.fields["contributor"].disabled = True


class ContributorFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            removed = getattr(form, "cleaned_data", {}).get("DELETE")
            if removed and form.instance.pk and form.instance.is_owner:
                raise ValidationError(
                    _("The owner cannot be removed from the authors.")
                )


class BlogPartInline(admin.TabularInline):
    """Rows of a blog (`obj`): seen as the blog is, changed under `change_rule`."""

    change_rule = "blog.change_blog"

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("blog.view_blog", obj)

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm(self.change_rule, obj)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(self.change_rule, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(self.change_rule, obj)


class BlogContributorInline(BlogPartInline):
    """The blog's co-authors, chosen by those who may manage the blog."""

    model = BlogContributor
    change_rule = "blog.manage_blog"
    form = ContributorForm
    formset = ContributorFormSet
    extra = 0
    autocomplete_fields = ["contributor"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "contributor":
            kwargs["queryset"] = User.objects.eligible_coauthors()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("contributor")
        if obj is not None and field is not None:
            # Whom its owner may invite (authentication.invite_coauthor, so nobody
            # across a block), and whoever writes it already.
            field.queryset = User.objects.coauthors_for(
                obj.owner
            ) | User.objects.filter(
                pk__in=obj.blogcontributor_set.values("contributor")
            )
        return formset


class GalleryPhotoInline(BlogPartInline):
    """The post's gallery, in order, changed by its authors as on the site; a photo
    the user may not view is left out, even by its caption, and stays as it is."""

    model = GalleryPhoto
    fields = ["photo", "position"]
    extra = 0

    def get_queryset(self, request):
        visible = Photo.objects.visible_to(request.user)
        return super().get_queryset(request).filter(photo__in=visible)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("photo")
        if field is not None:
            # As the cover: a photo of one's own, or one the gallery has already.
            in_gallery = GalleryPhoto.objects.filter(blog=obj).values("photo")
            field.queryset = Photo.objects.editable_by(
                request.user
            ) | Photo.objects.visible_to(request.user).filter(pk__in=in_gallery)
        return formset


# A blog's switches, the rule that allows each, and the service that sets and
# records it: called with the blog, the new value and who.
SWITCHES = {
    "is_published": (
        "blog.manage_blog",
        lambda blog, on, by: services.set_published(blog=blog, published=on, by=by),
    ),
    "starred": (
        "blog.star_blog",
        lambda blog, on, by: services.set_starred(blog=blog, starred=on, by=by),
    ),
    "is_hidden": (
        "blog.hide_blog",
        lambda blog, on, by: services.set_hidden(item=blog, hidden=on, by=by),
    ),
    "visibility": (
        "blog.manage_blog",
        lambda blog, value, by: services.set_visibility(
            item=blog, visibility=value, by=by
        ),
    ),
}


@admin.register(Blog)
class BlogAdmin(RuledAdmin):
    list_display = [
        "title",
        "owner",
        "date_created",
        "is_published",
        "is_hidden",
        "visibility",
        "starred",
        "word_count",
    ]
    list_filter = ["is_published", "visibility", "is_hidden", "starred", "date_created"]
    list_select_related = ["owner"]
    search_fields = ["title", "content", "contributors__username"]
    autocomplete_fields = ["photo"]
    inlines = [BlogContributorInline, GalleryPhotoInline]
    date_hierarchy = "date_created"
    actions = ["star", "unstar", "hide", "show"]

    def get_queryset(self, request):
        # The rules read each blog's co-authors: fetch them with the blogs.
        return super().get_queryset(request).with_authors()

    def get_readonly_fields(self, request, obj=None):
        # The owner is who the rules answer to, and always one of the authors.
        fields = ["owner"]
        if not request.user.has_perm("blog.change_blog_title", obj):
            fields.append("title")
        fields += [
            name
            for name, (rule, _record) in SWITCHES.items()
            if not request.user.has_perm(rule, obj)
        ]
        return fields

    def get_exclude(self, request, obj=None):
        # A photo the rules refuse this user (a moderator hid it) is not shown, even
        # by its caption; left out of the form, it stays on the blog when they save.
        exclude = list(super().get_exclude(request, obj) or [])
        if (
            obj
            and obj.photo
            and not request.user.has_perm("blog.view_photo", obj.photo)
        ):
            exclude.append("photo")
        return exclude

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "photo" in form.base_fields:
            # As on the site, an editor illustrates a blog with a photo of their own;
            # the blog may keep the one it has.
            current = Photo.objects.filter(pk=obj.photo_id if obj else None)
            form.base_fields["photo"].queryset = (
                Photo.objects.editable_by(request.user) | current
            )
        return form

    def save_model(self, request, obj, form, change):
        switched = stored_switches(obj, form, SWITCHES)
        services.update_blog(blog=obj, by=request.user)
        for name, on in switched.items():
            SWITCHES[name][1](obj, on, request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not BlogContributor:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        blog = form.instance
        for row in formset.deleted_objects:
            services.remove_coauthor(contribution=row)
        for row, _fields in formset.changed_objects:
            services.edit_contribution(contribution=row, note=row.contribution)
        for row in formset.new_objects:
            services.add_coauthor(
                blog=blog, coauthor=row.contributor, contribution=row.contribution
            )

    def delete_one(self, request, obj) -> None:
        services.delete_blog(blog=obj, by=request.user)

    def has_star_permission(self, request) -> bool:
        return request.user.has_perm("blog.star_blog")

    def has_hide_permission(self, request) -> bool:
        return request.user.has_perm("blog.hide_blog")

    @admin.action(description=_("Star the selected blogs"), permissions=["star"])
    def star(self, request, queryset):
        self._switch(request, queryset.filter(starred=False), "starred", True)

    @admin.action(description=_("Unstar the selected blogs"), permissions=["star"])
    def unstar(self, request, queryset):
        self._switch(request, queryset.filter(starred=True), "starred", False)

    @admin.action(description=_("Hide the selected blogs"), permissions=["hide"])
    def hide(self, request, queryset):
        self._switch(request, queryset.filter(is_hidden=False), "is_hidden", True)

    @admin.action(description=_("Show the selected blogs again"), permissions=["hide"])
    def show(self, request, queryset):
        self._switch(request, queryset.filter(is_hidden=True), "is_hidden", False)

    def _switch(self, request, queryset, name: str, value: bool) -> None:
        rule, record = SWITCHES[name]

        def change(blog: Blog) -> None:
            record(blog, value, request.user)

        self.apply(request, queryset, rule, change)


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    """Share links of the posts one may manage: seen, renamed and revoked there,
    never made (the secret is shown once, on the site) nor given a secret."""

    list_display = ["recipient", "blog", "state", "open_count", "last_opened_at"]
    list_select_related = ["blog"]
    search_fields = ["recipient", "blog__title"]
    exclude = ["password"]
    readonly_fields = [
        "blog",
        "state",
        "needs_password",
        "expires_at",
        "revoked_at",
        "created_by",
        "date_created",
        "open_count",
        "last_opened_at",
    ]
    actions = ["revoke"]

    def get_queryset(self, request):
        return sharing.links_managed_by(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, its row stays for the owner to see

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        # A link follows its post's blog.manage_blog; with no link, whether the user
        # may manage blogs at all (the rule's model permission).
        if obj is None:
            return request.user.has_perm("blog.change_blog")
        return request.user.has_perm("blog.manage_blog", obj.blog)

    def has_revoke_permission(self, request) -> bool:
        return self.has_change_permission(request)

    @admin.display(description=_("state"))
    def state(self, link: ShareLink) -> str:
        return sharing.state_of(link).label

    @admin.display(description=_("password"), boolean=True)
    def needs_password(self, link: ShareLink) -> bool:
        return bool(link.password)

    @admin.action(description=_("Revoke the selected links"), permissions=["revoke"])
    def revoke(self, request, queryset):
        with transaction.atomic():
            count = 0
            for link in queryset.filter(revoked_at__isnull=True):
                if not request.user.has_perm("blog.manage_blog", link.blog):
                    raise PermissionDenied
                sharing.revoke_share_link(link)
                count += 1
        message = ngettext("%(count)d link revoked.", "%(count)d links revoked.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
