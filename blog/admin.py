from django.contrib import admin

from .models import Blog, BlogContributor, Photo


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "uploader", "date_created", "width", "height"]
    list_filter = ["date_created"]
    search_fields = ["caption", "uploader__username"]
    list_select_related = ["uploader"]
    autocomplete_fields = ["uploader"]
    date_hierarchy = "date_created"


class BlogContributorInline(admin.TabularInline):
    model = BlogContributor
    extra = 0
    autocomplete_fields = ["contributor"]


@admin.register(Blog)
class BlogAdmin(admin.ModelAdmin):
    list_display = ["title", "date_created", "starred", "word_count"]
    list_filter = ["starred", "date_created"]
    list_editable = ["starred"]
    search_fields = ["title", "content", "contributors__username"]
    autocomplete_fields = ["photo"]
    inlines = [BlogContributorInline]
    date_hierarchy = "date_created"
