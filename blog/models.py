"""Photos and blog posts, with their co-authors."""

from datetime import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from authentication.relations import blockers_query, followed_query
from images.storage import delete_stored, rendition_name, uploads_storage
from web.language import elided


class Visibility(models.TextChoices):
    """Who sees a published post, or a photo posted on its own, besides its authors."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members")
    FOLLOWERS = "followers", _("Followers")
    PRIVATE = "private", _("Private")


def effective_visibility(visibility: str) -> Visibility:
    """The audience an item has now: Public is Members while the site turns public
    posting off."""
    if visibility == Visibility.PUBLIC and not settings.FOTOBLOG_PUBLIC_POSTING:
        return Visibility.MEMBERS
    return Visibility(visibility)


def visibility_field() -> models.CharField:
    return models.CharField(
        _("who can see it"),
        max_length=10,
        choices=Visibility,
        default=Visibility.MEMBERS,
        db_default=Visibility.MEMBERS,
    )


class Explained:
    """Lets `manage.py explain_perm` say who the object is for, and which follow,
    block or link state decided."""

    def explain_to(self, user) -> list[str]:
        from .audiences import facts  # it reads these models

        return facts(user, self)


class PhotoQuerySet(models.QuerySet):
    """Photos, with the QuerySet twin of each per-object rule in blog/rules.py."""

    def visible_to(self, user) -> "PhotoQuerySet":
        """Twin of `blog.view_photo`: the user's own photos; others' ready, shown
        photos (hidden ones too, for moderators), by nobody who blocked the user,
        posted on their own for an audience the user is in, or in a post the user
        may view."""
        if _passes_every_check(user):
            return self.all()
        held = user.get_all_permissions()
        if "blog.view_photo" not in held:
            return self.seen_by_anyone(user)
        shown = Q(status=Photo.Status.READY) & ~Q(uploader__in=blockers_query(user))
        if "blog.moderate_photo" not in held:
            shown &= Q(is_hidden=False)
        visible_posts = Blog.objects.visible_to(user).showing(OuterRef("pk"))
        audience = _audience(user, "uploader")
        # What anyone sees is among what members see: `shown` covers it.
        return self.filter(
            Q(uploader=user.pk)
            | (shown & ((Q(shown_alone=True) & audience) | Exists(visible_posts)))
        )

    def seen_by_anyone(self, user) -> "PhotoQuerySet":
        """What `anyone_sees_photo` lets `user` see: public photos by nobody who
        blocked them."""
        posts = Blog.objects.seen_by_anyone(user)
        return self.public(posts).exclude(uploader__in=blockers_query(user))

    def public(self, posts: "BlogQuerySet | None" = None) -> "PhotoQuerySet":
        """Ready, shown photos, public on their own or in one of the public `posts`
        (by default every public post)."""
        posts = Blog.objects.public() if posts is None else posts
        return self.filter(
            (Q(shown_alone=True) & _public()) | Exists(posts.showing(OuterRef("pk"))),
            status=Photo.Status.READY,
            is_hidden=False,
        )

    def editable_by(self, user) -> "PhotoQuerySet":
        """Twin of `blog.change_photo`: own photos, for those who may change photos."""
        if _passes_every_check(user):
            return self.all()
        if "blog.change_photo" not in user.get_all_permissions():
            return self.none()
        return self.filter(uploader=user)

    def deletable_by(self, user) -> "PhotoQuerySet":
        """Twin of `blog.delete_photo`: own photos, or for moderators any photo they
        may view."""
        if _passes_every_check(user):
            return self.all()
        held = user.get_all_permissions()
        own = self.filter(uploader=user) if "blog.delete_photo" in held else self.none()
        if "blog.moderate_photo" in held:
            return own | self.visible_to(user)
        return own

    def hideable_by(self, user) -> "PhotoQuerySet":
        """Twin of `blog.hide_photo`: for moderators, any photo they may view."""
        return _moderated_by(self, user, "blog.moderate_photo")

    def feed_for(self, user) -> "PhotoQuerySet":
        """Return the photos the user may see, by them or by a creator they follow."""
        # A subquery, not a join: joining the uploader's followers would repeat a
        # photo once per follower. One list of uploaders, not "followed OR the
        # user", so that PostgreSQL reads the uploader index instead of every photo.
        followed = user.follows.order_by().values("pk")
        me = type(user).objects.filter(pk=user.pk).order_by().values("pk")
        return (
            self.visible_to(user)
            .filter(uploader__in=followed.union(me, all=True))
            .listed_for(user)
        )

    def listed_for(self, user) -> "PhotoQuerySet":
        """Photos that lists show as items of their own: those posted on their own,
        those in a published post that no moderator hid (as cover or in its
        gallery), and to their uploader those left in no post (its post deleted, or
        the photo taken out of it). A photo only in drafts or hidden posts is seen
        with its post, never on its own. A photo not ready yet is listed to its
        uploader alone (superusers included)."""
        posts = Blog.objects.showing(OuterRef("pk"))
        shown_posts = posts.filter(is_published=True, is_hidden=False)
        own = Q(uploader=user.pk)
        return self.filter(
            (Q(status=Photo.Status.READY) | own)
            & (Q(shown_alone=True) | Exists(shown_posts) | (own & ~Exists(posts)))
        )

    def processing(self) -> "PhotoQuerySet":
        """Photos whose upload waits for a worker, or is being worked on."""
        return self.filter(status=Photo.Status.PROCESSING)


def _public() -> Q:
    """Twin of `is_public`: Public items, when the site lets anyone see them."""
    if not settings.FOTOBLOG_PUBLIC_POSTING:
        return Q(pk__in=[])
    return Q(visibility=Visibility.PUBLIC)


def _audience(user, owner: str) -> Q:
    """Twin of `in_blog_audience` and `in_photo_audience`: items for members, and
    for followers of their `owner` when the user is one."""
    return Q(visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS]) | Q(
        visibility=Visibility.FOLLOWERS, **{f"{owner}__in": followed_query(user)}
    )


def _passes_every_check(user) -> bool:
    """Django lets an active superuser through every permission check."""
    return user.is_active and user.is_superuser


def _moderated_by(queryset, user, moderate: str):
    """Twin of `moderates_visible_*`: for holders of `moderate`, what they may view."""
    if _passes_every_check(user):
        return queryset.all()
    if moderate not in user.get_all_permissions():
        return queryset.none()
    return queryset.visible_to(user)


class Photo(Explained, models.Model):
    """A picture uploaded by a creator."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("could not be prepared")

    class Failure:
        """Why a worker could not prepare a photo: the pipeline's code for its
        refusal (images/pipeline.py), or an error."""

        CORRUPT = "corrupt"
        REFUSED = "refused"  # any other refusal, such as a limit lowered since
        ERROR = "error"

    # Written by the worker (blog/tasks.py), never from a form: the name is
    # generated. Empty until the photo is ready.
    image = models.ImageField(
        _("image"), max_length=200, editable=False, blank=True, db_index=True
    )
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    rendition_widths = models.JSONField(
        _("rendition widths"), default=list, editable=False
    )
    stored_bytes = models.PositiveBigIntegerField(
        _("stored bytes"), default=0, db_default=0, editable=False
    )
    caption = models.CharField(_("caption"), max_length=128, blank=True)
    alt = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        db_default="",
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("uploader"),
    )
    date_created = models.DateTimeField(_("date created"), auto_now_add=True)
    is_hidden = models.BooleanField(
        _("hidden by a moderator"), default=False, db_default=False
    )
    # Set by the upload that made the photo, never changed: a photo uploaded with a
    # post is seen with its posts, and with none once it is in none.
    shown_alone = models.BooleanField(
        _("posted on its own"),
        default=True,
        db_default=True,
        editable=False,
        help_text=_("Uploaded as a photo of its own, not with a post."),
    )

    # Read for a photo posted on its own; one uploaded with a post follows its posts.
    visibility = visibility_field()
    # Photos sent together share a batch: feeds show them as one album, in the
    # order they were sent.
    upload_batch = models.UUIDField(
        _("upload batch"), null=True, blank=True, editable=False, db_index=True
    )
    # Read from the file's EXIF when it is prepared, shown only if the uploader
    # allows it (User.shows_camera_details). Location is never read or kept.
    camera = models.CharField(_("camera"), max_length=120, blank=True, db_default="")
    lens = models.CharField(_("lens"), max_length=120, blank=True, db_default="")
    focal_length = models.DecimalField(
        _("focal length (mm)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    f_number = models.DecimalField(
        _("aperture (f-number)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    exposure_time = models.CharField(
        _("shutter speed"), max_length=20, blank=True, db_default=""
    )
    iso = models.PositiveIntegerField(_("ISO"), null=True, blank=True)

    # An upload is checked in the request and prepared in a worker: until then only
    # its uploader sees it, as a placeholder (or, if it failed, as the reason).
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.READY,
        db_default=Status.READY,
        editable=False,
    )
    # A code, so that each reader reads it in their own language (failure_message).
    failure = models.CharField(
        _("why it failed"), max_length=300, blank=True, db_default="", editable=False
    )
    # The upload as sent, in the private "uploads" storage, until it is prepared.
    pending_upload = models.CharField(
        _("pending upload"), max_length=200, blank=True, db_default="", editable=False
    )
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, db_default=0, editable=False
    )
    # A worker holds the photo until then; past it, the work is done again.
    processing_until = models.DateTimeField(
        _("held by a worker until"), null=True, blank=True, editable=False
    )

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["-date_created", "-id"]
        indexes = [
            models.Index(
                fields=["uploader", "-date_created", "-id"], name="photo_by_uploader"
            )
        ]
        permissions = [("moderate_photo", "Can hide or delete any photo")]

    def __str__(self) -> str:
        return self.caption or _("Photo %(id)s") % {"id": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("photo_detail", args=[self.pk])

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def has_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def failure_message(self) -> str:
        """Why it could not be published, for its uploader, in their language."""
        if self.failure == self.Failure.CORRUPT:
            return _(
                "This photo could not be published: its file is damaged or incomplete."
            )
        if self.failure == self.Failure.ERROR or not self.failure:
            return _("This photo could not be prepared. Please upload it again.")
        return _("This photo could not be published: the site does not take it.")

    @property
    def poll_seconds(self) -> int:
        """How soon its placeholder asks again: often at first, when most photos
        are ready, then less, so a long queue is not asked about twenty times a
        second by one member's multi-upload."""
        waited = (timezone.now() - self.date_created).total_seconds()
        return 2 if waited < 30 else 5 if waited < 120 else 15

    @property
    def alt_text(self) -> str:
        return (
            self.alt
            or self.caption
            or elided(_("Photo by %(name)s") % {"name": self.uploader.shown_name})
        )

    @property
    def rendition_urls(self) -> list[tuple[int, str]]:
        """Each rendition's width and URL, narrowest first."""
        storage, name = self.image.storage, self.image.name
        return [
            (width, storage.url(rendition_name(name, width)))
            for width in sorted(self.rendition_widths)
        ]

    @property
    def srcset(self) -> str:
        """The renditions and the original, for an `<img srcset>`."""
        candidates = [f"{url} {width}w" for width, url in self.rendition_urls]
        return ", ".join([*candidates, f"{self.image.url} {self.width}w"])

    @property
    def display_name(self) -> str:
        """The stored file shown where one picture is given: a mid-size rendition
        for browsers without srcset and feed readers, else the original."""
        wide = [width for width in sorted(self.rendition_widths) if width >= 800]
        return rendition_name(self.image.name, wide[0]) if wide else self.image.name

    @property
    def display_url(self) -> str:
        """The URL of `display_name`."""
        return self.image.storage.url(self.display_name)


class BlogQuerySet(models.QuerySet):
    """Blogs, with the QuerySet twin of each per-object rule in blog/rules.py."""

    def visible_to(self, user) -> "BlogQuerySet":
        """Twin of `blog.view_blog`: public posts for anyone; for members, posts
        whose audience they are in, hidden ones too for moderators, and every post
        they contribute to; never a post by someone who blocked them."""
        if _passes_every_check(user):
            return self.all()
        held = user.get_all_permissions()
        if "blog.view_blog" not in held:
            return self.seen_by_anyone(user)
        shown = Q(is_published=True) & _audience(user, "owner")
        if "blog.moderate_blog" not in held:
            shown &= Q(is_hidden=False)
        # Public posts are among those for members: `shown` covers them.
        return self.filter(
            (shown & ~self._blocked_for(user)) | self._contributed_by(user)
        )

    def seen_by_anyone(self, user) -> "BlogQuerySet":
        """What `anyone_sees_blog` lets `user` see: public posts by nobody who
        blocked them."""
        return self.public().exclude(self._blocked_for(user))

    def public(self) -> "BlogQuerySet":
        """Public posts, published and shown, while the site allows public posts."""
        return self.filter(_public(), is_published=True, is_hidden=False)

    def editable_by(self, user) -> "BlogQuerySet":
        """Twin of `blog.change_blog`: blogs the user contributes to."""
        if _passes_every_check(user):
            return self.all()
        if "blog.change_blog" not in user.get_all_permissions():
            return self.none()
        return self.filter(self._contributed_by(user))

    def title_editable_by(self, user) -> "BlogQuerySet":
        """Twin of `blog.change_blog_title`: every blog for holders of the permission,
        else the blogs the user owns."""
        if _passes_every_check(user):
            return self.all()
        held = user.get_all_permissions()
        if "blog.change_blog_title" in held:
            return self.all()
        if "blog.change_blog" not in held:
            return self.none()
        return self.filter(owner=user)

    def managed_by(self, user) -> "BlogQuerySet":
        """Twin of `blog.manage_blog` (publish, co-authors): the blogs the user owns."""
        if _passes_every_check(user):
            return self.all()
        if "blog.change_blog" not in user.get_all_permissions():
            return self.none()
        return self.filter(owner=user)

    def deletable_by(self, user) -> "BlogQuerySet":
        """Twin of `blog.delete_blog`: owned blogs, or for moderators any blog they
        may view."""
        if _passes_every_check(user):
            return self.all()
        held = user.get_all_permissions()
        own = self.filter(owner=user) if "blog.delete_blog" in held else self.none()
        if "blog.moderate_blog" in held:
            return own | self.visible_to(user)
        return own

    def moderated_by(self, user) -> "BlogQuerySet":
        """Twin of `blog.star_blog` and `blog.hide_blog`: for moderators, any blog
        they may view."""
        return _moderated_by(self, user, "blog.moderate_blog")

    def showing(self, photo) -> "BlogQuerySet":
        """Twin of `rules.posts_showing`: the posts `photo` (a photo, its pk, or an
        OuterRef to one) is in, as their cover or in their gallery."""
        # Inside this query's own subquery, an outer reference is one level further.
        outer = OuterRef(photo) if isinstance(photo, OuterRef) else photo
        # One list of keys from two indexes, rather than "cover OR in the gallery",
        # which PostgreSQL answers by reading every post for each photo.
        as_cover = Blog.objects.filter(photo=outer).order_by().values("pk")
        in_gallery = GalleryPhoto.objects.filter(photo=outer).order_by().values("blog")
        return self.filter(pk__in=as_cover.union(in_gallery, all=True))

    @staticmethod
    def contributed_by_any(people: QuerySet, user) -> Q:
        """The blog's owner or a co-author is `user` or one of `people`."""
        # One list of authors, not "one of them OR the user": PostgreSQL then reads
        # the contributor index instead of every contribution.
        me = type(user).objects.filter(pk=user.pk).order_by().values("pk")
        authors = people.order_by().values("pk").union(me, all=True)
        contributions = BlogContributor.objects.filter(contributor__in=authors)
        return Q(owner=user.pk) | Q(pk__in=contributions.values("blog"))

    def written_by(self, user) -> "BlogQuerySet":
        """Blogs that `user` owns or co-writes."""
        return self.filter(self._contributed_by(user))

    def with_authors(self) -> "BlogQuerySet":
        """with_bylines(), and what `blog.view_photo` reads of the photo in four more
        queries."""
        return self.with_bylines().prefetch_related(
            *(f"photo__{lookup}" for lookup in (PHOTO_POSTS, GALLERY_POSTS))
        )

    def with_bylines(self) -> "BlogQuerySet":
        """Fetch each blog's owner, photo and its uploader, and its contributors in
        one more query."""
        bylines = BlogContributor.objects.select_related("contributor").order_by("pk")
        return self.select_related("owner", "photo__uploader").prefetch_related(
            models.Prefetch("blogcontributor_set", queryset=bylines)
        )

    def with_gallery(self) -> "BlogQuerySet":
        """Fetch each blog's gallery in order, with what `blog.view_photo` reads of
        each photo: the same queries whatever the gallery's size."""
        return self.prefetch_related(*gallery_lookups())

    @staticmethod
    def _blocked_for(user) -> Q:
        """The blog's owner or one of its co-authors blocked `user`."""
        blockers = blockers_query(user)
        by_blockers = BlogContributor.objects.filter(contributor__in=blockers)
        return Q(owner__in=blockers) | Q(pk__in=by_blockers.values("blog"))

    @staticmethod
    def _contributed_by(user) -> Q:
        """The blog's owner or one of its co-authors is `user`.

        An IN over the user's contributions, not a correlated EXISTS: the database
        starts from the contributor index instead of testing every blog.
        """
        contributions = BlogContributor.objects.filter(contributor=user.pk)
        return Q(owner=user.pk) | Q(pk__in=contributions.values("blog"))


# The posts a photo appears in, with their authors: what `blog.view_photo` reads
# (rules.posts_showing), so that a page of photos or of blogs' photos asks it
# without a query per card. Prefetch both: the posts it is the cover of, and those
# whose gallery has it.
PHOTO_POSTS = "blogs__blogcontributor_set"
GALLERY_POSTS = "galleries__blogcontributor_set"


def gallery_lookups() -> list:
    """What to prefetch on blogs to show their galleries (Blog.gallery_photos) and
    ask `blog.view_photo` of each photo without a query per photo."""
    rows = GalleryPhoto.objects.select_related("photo__uploader")
    return [
        models.Prefetch("galleryphoto_set", queryset=rows),
        *(
            f"galleryphoto_set__photo__{lookup}"
            for lookup in (PHOTO_POSTS, GALLERY_POSTS)
        ),
    ]


# The date a post shows, and feeds order it by: when it was first published, or when
# it was written while it is a draft never published. Blog.date_shown reads the same.
DATE_SHOWN = Coalesce("date_published", "date_created")


class Blog(Explained, models.Model):
    """A blog post with an optional photo, written by one or more contributors."""

    photo = models.ForeignKey(
        Photo,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blogs",
        verbose_name=_("photo"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="owned_blogs",
        verbose_name=_("owner"),
        help_text=_("The primary author: may publish, delete and invite co-authors."),
    )
    title = models.CharField(_("title"), max_length=128)
    content = models.CharField(_("content"), max_length=5000)
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="BlogContributor",
        related_name="contributions",
        verbose_name=_("contributors"),
    )
    # The cover is `photo`; a gallery adds more photos, shown after it in order.
    gallery = models.ManyToManyField(
        Photo,
        through="GalleryPhoto",
        related_name="galleries",
        blank=True,
        verbose_name=_("gallery"),
    )
    date_created = models.DateTimeField(_("date created"), auto_now_add=True)
    # Set once, when first published: taking a post back to draft and publishing it
    # again corrects it, it does not make it news again.
    date_published = models.DateTimeField(
        _("date published"), null=True, blank=True, editable=False
    )
    starred = models.BooleanField(_("starred"), default=False)
    is_published = models.BooleanField(
        _("published"),
        default=True,
        db_default=True,
        help_text=_("Unpublished blogs are drafts only their authors see."),
    )
    is_hidden = models.BooleanField(
        _("hidden by a moderator"), default=False, db_default=False
    )
    visibility = visibility_field()
    word_count = models.IntegerField(_("word count"), null=True, editable=False)

    objects = BlogQuerySet.as_manager()

    class Meta:
        verbose_name = _("blog")
        verbose_name_plural = _("blogs")
        ordering = ["-date_created", "-id"]
        # Feeds read posts along these, newest shown date first (blog/pager.py).
        indexes = [
            models.Index(DATE_SHOWN.desc(), F("id").desc(), name="blog_shown_newest"),
            models.Index(
                DATE_SHOWN.desc(),
                F("id").desc(),
                condition=models.Q(starred=True),
                name="blog_starred_shown_newest",
            ),
        ]
        permissions = [
            ("change_blog_title", "Can change the title of a blog"),
            ("moderate_blog", "Can star, hide or delete any blog"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, update_fields=None, **kwargs):
        self.word_count = len(self.content.split())
        if self.is_published and self.date_published is None:
            self.date_published = timezone.now()
            if update_fields is not None:
                update_fields = {"date_published", *update_fields}
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("view_blog", args=[self.pk])

    @property
    def audience_badge(self) -> str:
        """The audience's name on a card, when it is not every member."""
        visibility = effective_visibility(self.visibility)
        return "" if visibility == Visibility.MEMBERS else visibility.label

    @property
    def date_shown(self) -> datetime:
        """When it was first published, or written while a draft never published."""
        return self.date_published or self.date_created

    @property
    def gallery_photos(self) -> list["Photo"]:
        """The gallery's photos in order (uses a prefetch: gallery_lookups())."""
        return [row.photo for row in self.galleryphoto_set.all()]


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
        verbose_name = _("blog contributor")
        verbose_name_plural = _("blog contributors")
        constraints = [
            models.UniqueConstraint(
                fields=["contributor", "blog"], name="contribute_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contributor} – {self.blog}"

    @property
    def is_owner(self) -> bool:
        """This contributor is the blog's owner, who cannot be removed."""
        return self.contributor_id == self.blog.owner_id


class GalleryPhoto(models.Model):
    """A photo in a post's gallery, at its place."""

    blog = models.ForeignKey(Blog, on_delete=models.CASCADE, verbose_name=_("blog"))
    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, verbose_name=_("photo"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("gallery photo")
        verbose_name_plural = _("gallery photos")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["blog", "photo"], name="in_gallery_once")
        ]

    def __str__(self) -> str:
        return f"{self.blog} – {self.photo}"


class ShareLinkQuerySet(models.QuerySet):
    def usable(self) -> "ShareLinkQuerySet":
        """Twin of `blog.open_share_link`: links not revoked, not expired, to a
        published post no moderator hid."""
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()),
            revoked_at__isnull=True,
            blog__is_published=True,
            blog__is_hidden=False,
        )


class ShareLink(Explained, models.Model):
    """A secret link that shows one post, and its photo, to whoever holds it."""

    blog = models.ForeignKey(
        Blog,
        on_delete=models.CASCADE,
        related_name="share_links",
        verbose_name=_("blog"),
    )
    recipient = models.CharField(
        _("shared with"),
        max_length=100,
        help_text=_("Whom the link is for, so you know which one to revoke."),
    )
    # The link's secret is shown once; only its SHA-256 is kept.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # A Django password hash, empty when the link needs none.
    password = models.CharField(_("password"), max_length=128, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("created by"),
    )
    date_created = models.DateTimeField(_("date created"), auto_now_add=True)
    open_count = models.PositiveIntegerField(
        _("opened"), default=0, db_default=0, editable=False
    )
    last_opened_at = models.DateTimeField(
        _("last opened"), null=True, blank=True, editable=False
    )

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-date_created", "-id"]

    def __str__(self) -> str:
        return f"{self.blog} → {self.recipient}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def has_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


@receiver(post_delete, sender=Photo)
def delete_photo_files(sender, instance: Photo, **kwargs) -> None:
    """Remove a deleted photo's files, and its upload if it was never prepared,
    once the deletion is committed."""
    storage, name, widths = (
        instance.image.storage,
        instance.image.name,
        instance.rendition_widths,
    )
    pending = instance.pending_upload
    if name:
        transaction.on_commit(lambda: delete_stored(storage, name, widths))
    if pending:
        transaction.on_commit(lambda: uploads_storage().delete(pending))
