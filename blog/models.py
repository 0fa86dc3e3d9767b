"""Photos and blog posts, with their co-authors."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .images import photo_path


class PhotoQuerySet(models.QuerySet):
    def feed_for(self, user) -> "PhotoQuerySet":
        """Return photos uploaded by the user or by a creator they follow."""
        # A subquery, not a join: joining the uploader's followers would repeat a
        # photo once per follower.
        return self.filter(Q(uploader__in=user.follows.all()) | Q(uploader=user))


class Photo(models.Model):
    """A picture uploaded by a creator."""

    image = models.ImageField(
        _("image"), upload_to=photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    caption = models.CharField(_("caption"), max_length=128, blank=True)
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("uploader"),
    )
    date_created = models.DateTimeField(_("date created"), auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-date_created", "-id"]
        indexes = [
            models.Index(
                fields=["uploader", "-date_created", "-id"], name="photo_by_uploader"
            )
        ]

    def __str__(self) -> str:
        return self.caption or _("Photo %(id)s") % {"id": self.pk}

    @property
    def alt_text(self) -> str:
        return self.caption or _("Photo by %(name)s") % {"name": self.uploader}


class BlogQuerySet(models.QuerySet):
    def feed_for(self, user) -> "BlogQuerySet":
        """Return blogs by the user or a creator they follow, and starred blogs."""
        by_followed = BlogContributor.objects.filter(
            blog=OuterRef("pk"), contributor__followed_by=user
        )
        by_user = BlogContributor.objects.filter(blog=OuterRef("pk"), contributor=user)
        return self.filter(
            Q(Exists(by_followed)) | Q(Exists(by_user)) | Q(starred=True)
        )

    def with_authors(self) -> "BlogQuerySet":
        """Fetch each blog's photo, and its contributors in one more query."""
        return self.select_related("photo", "photo__uploader").prefetch_related(
            models.Prefetch(
                "blogcontributor_set",
                queryset=BlogContributor.objects.select_related("contributor"),
            )
        )


class Blog(models.Model):
    """A blog post with an optional photo, written by one or more contributors."""

    photo = models.ForeignKey(
        Photo,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blogs",
        verbose_name=_("photo"),
    )
    title = models.CharField(_("title"), max_length=128)
    content = models.CharField(_("content"), max_length=5000)
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="BlogContributor",
        related_name="contributions",
        verbose_name=_("contributors"),
    )
    date_created = models.DateTimeField(_("date created"), auto_now_add=True)
    starred = models.BooleanField(_("starred"), default=False)
    word_count = models.IntegerField(_("word count"), null=True, editable=False)

    objects = BlogQuerySet.as_manager()

    class Meta:
        ordering = ["-date_created", "-id"]
        indexes = [
            models.Index(fields=["-date_created", "-id"], name="blog_newest_first"),
        ]
        permissions = [("change_blog_title", "Can change the title of a blog")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.word_count = len(self.content.split())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("view_blog", args=[self.pk])


class BlogContributor(models.Model):
    """A user's part in writing a blog."""

    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        verbose_name=_("contributor"),
    )
    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, verbose_name=_("blog"))
    contribution = models.CharField(_("contribution"), max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contributor", "blog"], name="contribute_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contributor} – {self.blog}"
