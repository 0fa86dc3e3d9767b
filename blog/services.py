"""Writes that touch several rows or files: each all or nothing."""

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.dispatch import receiver

from audit.models import AuditEvent
from audit.record import record
from authentication.models import User
from authentication.services import followers_only_asked
from images.pipeline import CheckedPhoto, ProcessedImage
from images.storage import (
    generated_name,
    store,
    stored_files_removed_on_failure,
    uploads_storage,
)

from .models import Blog, BlogContributor, GalleryPhoto, Photo, Visibility
from .tasks import queue_preparation

Action = AuditEvent.Action
PHOTO_STORAGE = Photo._meta.get_field("image").storage
# A picture checked in the request and prepared by a worker, or one prepared already
# (the demo data, the tests' factories).
Picture = CheckedPhoto | ProcessedImage


class UploadRefused(Exception):
    """The upload is refused as a whole; nothing of it is kept."""


class QuotaExceeded(UploadRefused):
    """The upload would take the user past their storage quota."""


class TooManyWaiting(UploadRefused):
    """The uploader already has as many photos waiting for a worker as allowed."""


def check_quota(uploader: User, pictures: Iterable[Picture]) -> None:
    """Raise QuotaExceeded if storing `pictures` takes `uploader` past the quota,
    TooManyWaiting if it puts more of their photos in the queue than allowed.

    Called inside the upload's transaction: locking the uploader's row makes two
    uploads of one member take turns, so both cannot slip under the limits. An
    upload counts its own size until a worker has prepared it.
    """
    pictures = list(pictures)
    list(User.objects.select_for_update().filter(pk=uploader.pk).values_list("pk"))
    photos = Photo.objects.filter(uploader=uploader)
    used = photos.aggregate(total=Coalesce(Sum("stored_bytes"), 0))["total"]
    if (
        used + sum(p.stored_bytes for p in pictures)
        > settings.FOTOBLOG_STORAGE_QUOTA_BYTES
    ):
        raise QuotaExceeded
    queued = sum(isinstance(p, CheckedPhoto) for p in pictures)
    if queued and (
        photos.processing().count() + queued > settings.FOTOBLOG_MAX_PROCESSING_PER_USER
    ):
        raise TooManyWaiting


@dataclass
class StoredFiles:
    """The names an upload stored: prepared pictures, and uploads left to prepare."""

    pictures: list[str] = field(default_factory=list)
    uploads: list[str] = field(default_factory=list)


@contextmanager
def all_or_nothing() -> Iterator[StoredFiles]:
    """A transaction whose stored files are deleted too if it fails."""
    with (
        stored_files_removed_on_failure(PHOTO_STORAGE) as pictures,
        stored_files_removed_on_failure(uploads_storage()) as uploads,
        transaction.atomic(),
    ):
        yield StoredFiles(pictures, uploads)


@dataclass(frozen=True)
class NewPhoto:
    """A picture to save as a photo, with what its uploader wrote about it."""

    picture: Picture
    caption: str = ""
    alt: str = ""


def _new_photos(pictures: Sequence[NewPhoto | tuple[Picture, str]]) -> list[NewPhoto]:
    """Read (picture, caption) pairs, as the demo data and tests give them, as
    NewPhoto."""
    return [p if isinstance(p, NewPhoto) else NewPhoto(*p) for p in pictures]


def create_photos(
    *,
    uploader: User,
    pictures: Sequence[NewPhoto | tuple[Picture, str]],
    visibility: str = Visibility.MEMBERS,
) -> list[Photo]:
    """Save every picture as a photo of `uploader` for the audience `visibility`,
    all of one upload batch, in the order given; or none of them."""
    photos = _new_photos(pictures)
    batch = uuid.uuid4()
    with all_or_nothing() as stored:
        check_quota(uploader, [photo.picture for photo in photos])
        return [
            _save_photo(
                uploader,
                photo,
                stored,
                shown_alone=True,
                visibility=visibility,
                upload_batch=batch,
            )
            for photo in photos
        ]


def create_post_with_photos(
    *,
    author: User,
    title: str,
    content: str,
    photos: Sequence[NewPhoto],
    is_published: bool = True,
    visibility: str = Visibility.MEMBERS,
) -> Blog:
    """Create a post owned by `author` whose cover is the first photo and whose
    gallery is the others, in the order given; or nothing at all."""
    with all_or_nothing() as stored:
        check_quota(author, [photo.picture for photo in photos])
        cover, *others = [
            _save_photo(author, photo, stored, shown_alone=False) for photo in photos
        ]
        blog = Blog(
            owner=author,
            photo=cover,
            title=title,
            content=content,
            is_published=is_published,
            visibility=visibility,
        )
        blog.full_clean()
        blog.save()
        BlogContributor.objects.create(blog=blog, contributor=author, contribution="")
        GalleryPhoto.objects.bulk_create(
            GalleryPhoto(blog=blog, photo=photo, position=position)
            for position, photo in enumerate(others)
        )
    return blog


def create_blog_with_photo(
    *,
    author: User,
    title: str,
    content: str,
    image: Picture,
    caption: str = "",
    is_published: bool = True,
    visibility: str = Visibility.MEMBERS,
) -> Blog:
    """Create a photo and a blog illustrated by it, with `author` as its owner."""
    return create_post_with_photos(
        author=author,
        title=title,
        content=content,
        photos=[NewPhoto(image, caption)],
        is_published=is_published,
        visibility=visibility,
    )


def update_blog(*, blog: Blog, by: User, new_image: Picture | None = None) -> Blog:
    """Save `blog`'s edited fields and, if given, illustrate it with a new photo.

    The previous photo stays among its uploader's photos, seen with the posts it is
    still in.
    """
    with all_or_nothing() as stored:
        if new_image is not None:
            check_quota(by, [new_image])
            blog.photo = _save_photo(by, NewPhoto(new_image), stored, shown_alone=False)
        blog.full_clean()
        blog.save()
    return blog


class NotInGallery(Exception):
    """The photo is not, or no longer, in the post's gallery."""


def move_in_gallery(*, blog: Blog, photo: Photo, offset: int) -> None:
    """Move `photo` by `offset` places in `blog`'s gallery (-1: one up), no further
    than its ends."""
    with transaction.atomic():
        rows = _gallery_rows(blog)
        index = _index_in(rows, photo)
        place = max(0, min(len(rows) - 1, index + offset))
        rows.insert(place, rows.pop(index))
        _renumber(rows)


def remove_from_gallery(*, blog: Blog, photo: Photo) -> None:
    """Take `photo` out of `blog`'s gallery; the photo itself is kept."""
    with transaction.atomic():
        rows = _gallery_rows(blog)
        rows.pop(_index_in(rows, photo)).delete()
        _renumber(rows)


def make_cover(*, blog: Blog, photo: Photo) -> None:
    """Make a photo of `blog`'s gallery its cover; the cover it had takes the
    photo's place in the gallery."""
    with transaction.atomic():
        rows = _gallery_rows(blog)
        row = rows[_index_in(rows, photo)]
        previous = blog.photo_id
        if previous is None or any(other.photo_id == previous for other in rows):
            row.delete()
        else:
            row.photo_id = previous
            row.save(update_fields=["photo"])
        blog.photo = photo
        blog.save(update_fields=["photo"])


def _gallery_rows(blog: Blog) -> list[GalleryPhoto]:
    """The gallery's rows in order, locked until the edit is done: two editors'
    clicks take turns."""
    return list(GalleryPhoto.objects.select_for_update().filter(blog=blog))


def _index_in(rows: list[GalleryPhoto], photo: Photo) -> int:
    for index, row in enumerate(rows):
        if row.photo_id == photo.pk:
            return index
    raise NotInGallery


def _renumber(rows: list[GalleryPhoto]) -> None:
    """Number the rows 0, 1, 2... in their list order."""
    for position, row in enumerate(rows):
        row.position = position
    GalleryPhoto.objects.bulk_update(rows, ["position"])


def _save_photo(
    uploader: User,
    new_photo: NewPhoto,
    stored: StoredFiles,
    *,
    shown_alone: bool,
    visibility: str = Visibility.MEMBERS,
    upload_batch: uuid.UUID | None = None,
) -> Photo:
    """Save the new photo's row, recording stored names in `stored`: ready if the
    picture is prepared, else waiting for a worker. `shown_alone` says whether it
    was posted on its own or with a post."""
    picture = new_photo.picture
    photo = Photo(
        uploader=uploader,
        caption=new_photo.caption,
        alt=new_photo.alt,
        shown_alone=shown_alone,
        visibility=visibility,
        upload_batch=upload_batch,
        width=picture.width,
        height=picture.height,
        stored_bytes=picture.stored_bytes,
    )
    if isinstance(picture, CheckedPhoto):
        # Its final name is fixed now: the upload's name, plus an extension.
        name = uploads_storage().save(generated_name("photos", ""), picture.upload)
        stored.uploads.append(name)
        photo.pending_upload = name
        photo.status = Photo.Status.PROCESSING
    else:
        photo.image = store(PHOTO_STORAGE, "photos", picture, stored.pictures)
        photo.rendition_widths = sorted(picture.renditions)
    photo.full_clean()
    photo.save()
    if not photo.is_ready:
        queue_preparation(photo)
    return photo


def add_coauthor(*, blog: Blog, coauthor: User, contribution: str) -> BlogContributor:
    """Make `coauthor` a contributor of `blog` with their contribution note."""
    with transaction.atomic():
        row = BlogContributor.objects.create(
            blog=blog, contributor=coauthor, contribution=contribution
        )
        record(Action.COAUTHOR_ADD, blog, detail=_coauthor_detail(row))
    return row


def edit_contribution(*, contribution: BlogContributor, note: str) -> None:
    """Change a contributor's note on their part in the blog."""
    with transaction.atomic():
        contribution.contribution = note
        contribution.save(update_fields=["contribution"])
        record(
            Action.COAUTHOR_NOTE,
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
            Action.COAUTHOR_REMOVE,
            contribution.blog,
            detail=_coauthor_detail(contribution),
        )


def delete_blog(*, blog: Blog, by: User) -> None:
    """Delete a blog, and record who did: its owner, or a moderator."""
    action = (
        Action.BLOG_DELETE if blog.owner_id == by.pk else Action.BLOG_MODERATOR_DELETE
    )
    with transaction.atomic():
        record(action, blog, actor=by)
        blog.delete()


def delete_photo(*, photo: Photo, by: User) -> None:
    """Delete a photo (its file goes after commit) and record who did: its uploader,
    or a moderator; blogs using it lose their photo."""
    action = (
        Action.PHOTO_DELETE
        if photo.uploader_id == by.pk
        else Action.PHOTO_MODERATOR_DELETE
    )
    with transaction.atomic():
        record(action, photo, actor=by)
        photo.delete()


def set_published(*, blog: Blog, published: bool, by: User) -> None:
    """Publish a blog or take it back to draft, and record it; no change, no record."""
    if blog.is_published == published:
        return  # a second click, or a form sent twice
    action = Action.BLOG_PUBLISH if published else Action.BLOG_UNPUBLISH
    with transaction.atomic():
        blog.is_published = published
        blog.save(update_fields=["is_published"])
        record(action, blog, actor=by)


def set_visibility(*, item: Blog | Photo, visibility: str, by: User) -> None:
    """Give a post, or a photo posted on its own, a new audience, and record it; no
    change, no record. It applies at once everywhere: every surface asks the rules."""
    if item.visibility == visibility:
        return
    detail = {"from": item.visibility, "to": visibility}
    with transaction.atomic():
        item.visibility = visibility
        item.save(update_fields=["visibility"])
        record(Action.VISIBILITY_CHANGE, item, actor=by, detail=detail)


@receiver(followers_only_asked)
def show_to_followers_only(sender, owner: User, **kwargs) -> None:
    """Give `owner`'s public and members posts, and photos posted on their own, the
    followers-only audience, recording the counts once."""
    shown = [Visibility.PUBLIC, Visibility.MEMBERS]
    posts = Blog.objects.filter(owner=owner, visibility__in=shown)
    photos = Photo.objects.filter(
        uploader=owner, shown_alone=True, visibility__in=shown
    )
    detail = {
        "to": Visibility.FOLLOWERS,
        "posts": posts.update(visibility=Visibility.FOLLOWERS),
        "photos": photos.update(visibility=Visibility.FOLLOWERS),
    }
    record(Action.VISIBILITY_CHANGE, owner, actor=owner, detail=detail)


def set_starred(*, blog: Blog, starred: bool, by: User) -> None:
    """Star or unstar a blog, and record it; no change, no record."""
    if blog.starred == starred:
        return
    action = Action.BLOG_STAR if starred else Action.BLOG_UNSTAR
    with transaction.atomic():
        blog.starred = starred
        blog.save(update_fields=["starred"])
        record(action, blog, actor=by)


HIDING = {
    (Blog, True): Action.BLOG_HIDE,
    (Blog, False): Action.BLOG_SHOW,
    (Photo, True): Action.PHOTO_HIDE,
    (Photo, False): Action.PHOTO_SHOW,
}


def set_hidden(*, item: Blog | Photo, hidden: bool, by: User) -> None:
    """Hide a blog or photo from everyone but its authors and moderators, or show it,
    and record it; no change, no record."""
    if item.is_hidden == hidden:
        return
    with transaction.atomic():
        item.is_hidden = hidden
        item.save(update_fields=["is_hidden"])
        record(HIDING[type(item), hidden], item, actor=by)
