"""What the API answers with: posts, photos, creators and feed pages, as JSON.

Serializers only present: which objects and which of their parts a reader gets was
decided before, by the rules and their QuerySet twins, as on the site's pages.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from authentication.models import User
from blog.models import Blog, Photo, Visibility


def absolute(request, url: str) -> str:
    """`url` as an absolute address (object storage's signed URLs already are)."""
    return request.build_absolute_uri(url)


def api_url(request, name: str, *args) -> str:
    return absolute(request, reverse(name, args=args))


class PersonSerializer(serializers.Serializer):
    """A member as bylines show them."""

    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")
    url = serializers.SerializerMethodField(help_text="Their page on the site.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, user: User) -> str:
        page = reverse("creator_detail", args=[user.username])
        return absolute(self.context["request"], page)


class CreatorSerializer(PersonSerializer):
    """A creator, with what Discover tells of them to this reader."""

    bio = serializers.CharField()
    is_private = serializers.BooleanField(help_text="Followers must be approved.")
    follower_count = serializers.IntegerField()
    is_followed = serializers.BooleanField(help_text="The reader follows them.")
    is_requested = serializers.BooleanField(help_text="The reader asked to follow.")
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, user: User) -> str:
        return api_url(self.context["request"], "api:creator_detail", user.username)


class RenditionSerializer(serializers.Serializer):
    width = serializers.IntegerField()
    url = serializers.URLField()


class PhotoSerializer(serializers.Serializer):
    """A photo the reader may view: its files once a worker has prepared them."""

    id = serializers.IntegerField()
    api_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="Its page on the site.")
    caption = serializers.CharField()
    alt = serializers.CharField(source="alt_text")
    status = serializers.ChoiceField(choices=Photo.Status.choices)
    visibility = serializers.ChoiceField(
        choices=Visibility.choices, help_text="Who sees it, when posted on its own."
    )
    shown_alone = serializers.BooleanField(
        help_text="Posted on its own, not with a post."
    )
    is_hidden = serializers.BooleanField(help_text="A moderator hid it.")
    uploader = PersonSerializer()
    date_created = serializers.DateTimeField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    original = serializers.SerializerMethodField(help_text="Null until it is ready.")
    renditions = serializers.SerializerMethodField(
        help_text="Smaller copies, narrowest first; empty until it is ready."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, photo: Photo) -> str:
        return api_url(self.context["request"], "api:photo_detail", photo.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, photo: Photo) -> str:
        return absolute(self.context["request"], photo.get_absolute_url())

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_original(self, photo: Photo) -> str | None:
        if not photo.is_ready:
            return None
        return absolute(self.context["request"], photo.image.url)

    @extend_schema_field(RenditionSerializer(many=True))
    def get_renditions(self, photo: Photo) -> list[dict]:
        if not photo.is_ready:
            return []
        request = self.context["request"]
        return [
            {"width": width, "url": absolute(request, url)}
            for width, url in photo.rendition_urls
        ]


class PostSerializer(serializers.Serializer):
    """A post the reader may view; its cover only when they may view that photo
    too (the view decides, and says so in `cover_shown`)."""

    id = serializers.IntegerField()
    api_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="Its page on the site.")
    title = serializers.CharField()
    content = serializers.CharField()
    owner = serializers.SerializerMethodField()
    authors = serializers.SerializerMethodField(help_text="The owner, then co-authors.")
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    is_published = serializers.BooleanField()
    is_hidden = serializers.BooleanField(help_text="A moderator hid it.")
    starred = serializers.BooleanField()
    date_created = serializers.DateTimeField()
    date_published = serializers.DateTimeField(allow_null=True)
    cover = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, blog: Blog) -> str:
        return api_url(self.context["request"], "api:post_detail", blog.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, blog: Blog) -> str:
        return absolute(self.context["request"], blog.get_absolute_url())

    @extend_schema_field(PersonSerializer)
    def get_owner(self, blog: Blog) -> dict:
        return self.get_authors(blog)[0]

    @extend_schema_field(PersonSerializer(many=True))
    def get_authors(self, blog: Blog) -> list[dict]:
        # From the bylines fetched with the page: the owner is one of them.
        people = [row.contributor for row in blog.blogcontributor_set.all()]
        people.sort(key=lambda person: person.pk != blog.owner_id)
        if not people or people[0].pk != blog.owner_id:
            people.insert(0, blog.owner)
        return PersonSerializer(people, many=True, context=self.context).data

    @extend_schema_field(PhotoSerializer(allow_null=True))
    def get_cover(self, blog: Blog) -> dict | None:
        if not blog.photo_id or not self.context["cover_shown"](blog):
            return None
        return PhotoSerializer(blog.photo, context=self.context).data


class PostDetailSerializer(PostSerializer):
    """A post's page: its gallery photos the reader may view, and what the reader
    may do with it."""

    gallery = PhotoSerializer(many=True, source="shown_gallery")
    may = serializers.DictField(
        child=serializers.BooleanField(),
        help_text="change, delete, manage (publish, audience, co-authors), star, hide.",
    )


class FeedItemSerializer(serializers.Serializer):
    """One item of a feed: a post, or a photo posted on its own."""

    kind = serializers.ChoiceField(choices=["post", "photo"])
    post = PostSerializer(allow_null=True)
    photo = PhotoSerializer(allow_null=True)


def page_serializer(item: type[serializers.Serializer], name: str) -> type:
    """A page of `item`s with the address of the next page, null on the last."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "results": item(many=True),
            "next": serializers.URLField(allow_null=True),
            "__doc__": f"A page of {item.__name__.removesuffix('Serializer')}s.",
        },
    )


FeedPageSerializer = page_serializer(FeedItemSerializer, "FeedPage")
PhotoPageSerializer = page_serializer(PhotoSerializer, "PhotoPage")
PostPageSerializer = page_serializer(PostSerializer, "PostPage")
CreatorPageSerializer = page_serializer(CreatorSerializer, "CreatorPage")
