"""Writes that touch several rows or files: each all or nothing."""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce

from audit.models import AuditEvent
from audit.record import record
from authentication.models import User

from .images import ProcessedImage, store
from .models import Blog, BlogContributor, ModerationAction, Photo

PHOTO_STORAGE = Photo._meta.get_field("image").storage

# Written in the author's language when the blog is created; they may change it.


@contextmanager
def stored_files_removed_on_failure(storage: Storage) -> Iterator[list[str]]:
    """Yield a list to record stored names in; delete them all if the block fails.

    Files are not rolled back with the database: this is their rollback.
    """
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            storage.delete(name)
        raise


class QuotaExceeded(Exception):
    """The upload would take the user past their storage quota."""


def check_quota(uploader: User, pictures: Iterable[ProcessedImage]) -> None:
    """Raise QuotaExceeded if storing `pictures` takes `uploader` past the quota.

    Called inside the upload's transaction: locking the uploader's row makes two
    uploads of one member take turns, so both cannot slip under the quota.
    """
    list(User.objects.select_for_update().filter(pk=uploader.pk).values_list("pk"))
    used = Photo.objects.filter(uploader=uploader).aggregate(
        total=Coalesce(Sum("stored_bytes"), 0)
    )["total"]
    if (
        used + sum(p.stored_bytes for p in pictures)
        > settings.FOTOBLOG_STORAGE_QUOTA_BYTES
    ):
        raise QuotaExceeded


def create_photos(
    *, uploader: User, pictures: Sequence[tuple[ProcessedImage, str]]
) -> list[Photo]:
    """Store every (picture, caption) as a photo of `uploader`, or none of them."""
    with (
        stored_files_removed_on_failure(PHOTO_STORAGE) as written,
        transaction.atomic(),
    ):
        check_quota(uploader, [picture for picture, _ in pictures])
        return [
            _save_photo(uploader, picture, caption, written)
            for picture, caption in pictures
        ]


def create_blog_with_photo(
    *,
    author: User,
    title: str,
    content: str,
    image: ProcessedImage,
    caption: str = "",
    is_published: bool = True,
) -> Blog:
    """Create a photo and a blog illustrated by it, with `author` as its owner."""
    with (
        stored_files_removed_on_failure(PHOTO_STORAGE) as written,
        transaction.atomic(),
    ):
        check_quota(author, [image])
        photo = _save_photo(author, image, caption, written)
        blog = Blog(
            owner=author,
            photo=photo,
            title=title,
            content=content,
            is_published=is_published,
        )
        blog.full_clean()
        blog.save()
        BlogContributor.objects.create(blog=blog, contributor=author, contribution="")
    return blog


def update_blog(
    *, blog: Blog, by: User, new_image: ProcessedImage | None = None
) -> Blog:
    """Save `blog`'s edited fields and, if given, illustrate it with a new photo.

    The previous photo stays among its uploader's photos.
    """
    with (
        stored_files_removed_on_failure(PHOTO_STORAGE) as written,
        transaction.atomic(),
    ):
        if new_image is not None:
            check_quota(by, [new_image])
            blog.photo = _save_photo(by, new_image, "", written)
        blog.full_clean()
        blog.save()
    return blog


def _save_photo(
    uploader: User, picture: ProcessedImage, caption: str, written: list[str]
) -> Photo:
    """Store `picture` and save its photo row, recording stored names in `written`."""
    photo = Photo(
        uploader=uploader,
        caption=caption,
        image=store(PHOTO_STORAGE, "photos", picture, written),
        width=picture.width,
        height=picture.height,
        rendition_widths=sorted(picture.renditions),
        stored_bytes=picture.stored_bytes,
    )
    photo.full_clean()
    photo.save()
    return photo


def add_coauthor(*, blog: Blog, coauthor: User, contribution: str) -> BlogContributor:
    """Make `coauthor` a contributor of `blog` with their contribution note."""
    with transaction.atomic():
        row = BlogContributor.objects.create(
            blog=blog, contributor=coauthor, contribution=contribution
        )
        record(AuditEvent.Action.COAUTHOR_ADD, blog, detail=_coauthor_detail(row))
    return row


def edit_contribution(*, contribution: BlogContributor, note: str) -> None:
    """Change a contributor's note on their part in the blog."""
    with transaction.atomic():
        contribution.contribution = note
        contribution.save(update_fields=["contribution"])
        record(
            AuditEvent.Action.COAUTHOR_NOTE,
            contribution.blog,
            detail=_coauthor_detail(contribution),
        )


def _coauthor_detail(row: BlogContributor) -> dict:
    return {"coauthor": row.contributor.get_username(), "note": row.contribution}


class OwnerRemovalRefused(Exception):
    """A blog's owner cannot stop being one of its authors."""


def remove_coauthor(*, contribution: BlogContributor) -> None:
    """Remove a co-author; refuse to remove the owner."""
    if contribution.is_owner:
        raise OwnerRemovalRefused
    with transaction.atomic():
        contribution.delete()
        record(
            AuditEvent.Action.COAUTHOR_REMOVE,
            contribution.blog,
            detail=_coauthor_detail(contribution),
        )


def delete_blog(*, blog: Blog, by: User) -> None:
    """Delete a blog, recording it when a moderator deletes someone else's."""
    with transaction.atomic():
        if blog.owner_id != by.pk:
            _record(by, ModerationAction.Action.DELETE, blog)
        record(AuditEvent.Action.BLOG_DELETE, blog, actor=by)
        blog.delete()


def delete_photo(*, photo: Photo, by: User) -> None:
    """Delete a photo (its file goes after commit); blogs using it lose their photo."""
    with transaction.atomic():
        if photo.uploader_id != by.pk:
            _record(by, ModerationAction.Action.DELETE, photo)
        photo.delete()


def set_starred(*, blog: Blog, starred: bool, by: User) -> None:
    """Star or unstar a blog, and record it."""
    action = ModerationAction.Action.STAR if starred else ModerationAction.Action.UNSTAR
    with transaction.atomic():
        blog.starred = starred
        blog.save(update_fields=["starred"])
        _record(by, action, blog)


def set_hidden(*, item: Blog | Photo, hidden: bool, by: User) -> None:
    """Hide a blog or photo from everyone but its authors and moderators, or show it."""
    action = ModerationAction.Action.HIDE if hidden else ModerationAction.Action.SHOW
    with transaction.atomic():
        item.is_hidden = hidden
        item.save(update_fields=["is_hidden"])
        _record(by, action, item)


def _record(moderator: User, action: str, item: Blog | Photo) -> ModerationAction:
    """Record a moderation action on a blog or photo."""
    return ModerationAction.objects.create(
        moderator=moderator,
        action=action,
        target_type=item._meta.model_name,
        target_id=item.pk,
        target_label=str(item)[:255],
    )
