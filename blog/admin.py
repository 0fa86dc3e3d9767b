from django.contrib import admin

from .models import Blog, BlogContributor, Photo


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "uploader", "date_created", "is_hidden"]
    list_filter = ["is_hidden", "date_created"]
    search_fields = ["caption", "uploader__username"]
    list_select_related = ["uploader"]
    autocomplete_fields = ["uploader"]
    date_hierarchy = "date_created"
    readonly_fields = ["image", "width", "height", "rendition_widths"]

    def has_add_permission(self, request):
        return False  # photos come in through the upload pipeline, on the site


class BlogContributorInline(admin.TabularInline):
    model = BlogContributor
    extra = 0
    autocomplete_fields = ["contributor"]


@admin.register(Blog)
class BlogAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "owner",
        "date_created",
        "is_published",
        "is_hidden",
        "starred",
        "word_count",
    ]
    list_filter = ["is_published", "is_hidden", "starred", "date_created"]
    list_select_related = ["owner"]
    search_fields = ["title", "content", "contributors__username"]
    autocomplete_fields = ["owner", "photo"]
    inlines = [BlogContributorInline]
    date_hierarchy = "date_created"
