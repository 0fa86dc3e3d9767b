"""Atom feeds for feed readers: a creator's public feed, open to anyone, and
private feeds reached through links carrying a secret.

Feed readers cannot log in, so a private link itself identifies the reader: it
carries the reader's `feed_token`, which they can revoke or renew on their feeds
page. A feed shows exactly what its reader may see on the site; the public one,
what anyone may see.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from authentication.models import User
from web.language import elided

from .pager import FeedItem, creator_sources, feed_page, home_feed_sources

ITEMS_PER_FEED = 30


def reader_for(token: str) -> User:
    """The active member whose secret is `token`, or a 404."""
    reader = User.objects.filter(feed_token=token, is_active=True).first()
    if reader is None:
        raise Http404
    return reader


def picture_url(photo, token: str | None) -> str:
    """Where a feed reader, which cannot log in, gets the photo's picture: through
    a private feed link's secret, or the public feeds' address."""
    if token:
        return reverse(
            "feed_media", kwargs={"token": token, "path": photo.display_name}
        )
    return reverse("public_feed_media", kwargs={"path": photo.display_name})


def first_entries(sources) -> list[FeedItem]:
    """The newest ITEMS_PER_FEED items of `sources`, with what blog.view_photo
    reads of their photos: a post's entry shows its cover to a reader who may see
    it; a photo's entry shows the photo itself, which its source lets them see."""
    return feed_page(sources, None, ITEMS_PER_FEED).items


class _ItemFeed(Feed):
    """What the home feed and a creator's feed share: items are FeedItems. Each
    entry links to its page, which is also its id (an IRI, as Atom asks); a photo's
    entry carries the picture."""

    feed_type = Atom1Feed
    # Readers render the summary as HTML: the template escapes what members wrote.
    description_template = "blog/atom_entry.html"

    def get_context_data(self, **kwargs) -> dict:
        """The entry's picture at an absolute address, for the summary: a photo's
        own, none yet for one its uploader sees being prepared; a post's cover, if
        the reader may see it."""
        context = super().get_context_data(**kwargs)
        entry, request = kwargs["item"], kwargs["request"]  # the template: `obj`
        photo = entry.item if entry.kind == "photo" else entry.item.photo
        if entry.kind == "blog" and photo is not None:
            shown = self.reader(kwargs["obj"]).has_perm("blog.view_photo", photo)
            photo = photo if shown else None
        if photo is not None and photo.is_ready:
            image = picture_url(photo, request.resolver_match.kwargs.get("token"))
            context["photo"] = photo
            context["image_url"] = request.build_absolute_uri(image)
        return context

    def reader(self, obj) -> User:
        """Who the feed is for: the pictures it shows are theirs to see."""
        raise NotImplementedError

    def item_title(self, entry: FeedItem) -> str:
        if entry.kind == "blog":
            return entry.item.title
        return entry.item.caption or elided(
            _("A photo by %(name)s") % {"name": entry.item.uploader.shown_name}
        )

    def item_link(self, entry: FeedItem) -> str:
        """The post's or the photo's page; Django makes it the entry's id too."""
        return entry.item.get_absolute_url()

    def item_pubdate(self, entry: FeedItem):
        """Atom's `published`: a post's publication date, a photo's upload."""
        return entry.date

    def item_updateddate(self, entry: FeedItem):
        """Atom's `updated`, which every entry must have: its `published`."""
        return entry.date

    def item_author_name(self, entry: FeedItem) -> str:
        if entry.kind == "blog":
            return ", ".join(
                row.contributor.shown_name
                for row in entry.item.blogcontributor_set.all()
            )
        return entry.item.uploader.shown_name


class HomeFeed(_ItemFeed):
    """A member's home feed."""

    def get_object(self, request, token):
        return reader_for(token)

    def reader(self, obj) -> User:
        return obj

    def title(self, reader: User) -> str:
        return elided(_("fotoblog: %(name)s's feed") % {"name": reader.shown_name})

    def link(self, reader: User) -> str:
        return reverse("home")

    def items(self, reader: User) -> list[FeedItem]:
        return first_entries(home_feed_sources(reader))


class CreatorFeed(_ItemFeed):
    """One creator's published blogs and photos, as the reader may see them."""

    def get_object(self, request, token, username):
        reader = reader_for(token)
        creator = get_object_or_404(
            User.objects.creators_for(reader), username=username
        )
        return reader, creator

    def reader(self, obj) -> User:
        return obj[0]

    def title(self, obj) -> str:
        return _("fotoblog: %(name)s") % {"name": obj[1].shown_name}

    def link(self, obj) -> str:
        return reverse("creator_detail", args=[obj[1].get_username()])

    def items(self, obj) -> list[FeedItem]:
        reader, creator = obj
        return first_entries(creator_sources(reader, creator))


class PublicCreatorFeed(CreatorFeed):
    """One creator's public posts and photos, for anyone: no link secret needed.
    A member who opens it sees no more than a visitor, and nothing of whoever
    blocked them."""

    def get_object(self, request, username):
        if not settings.FOTOBLOG_PUBLIC_POSTING:
            raise Http404
        creator = get_object_or_404(
            User.objects.creators_for(request.user), username=username
        )
        return request.user, creator

    def reader(self, obj) -> AnonymousUser:
        return AnonymousUser()  # a public feed shows what anyone may see

    def items(self, obj) -> list[FeedItem]:
        reader, creator = obj
        return first_entries(creator_sources(reader, creator, public=True))
