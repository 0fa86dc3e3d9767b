"""Photos: one by one with their files, uploaded, captioned, given an audience,
hidden by moderators, deleted; each through the rules, as on the site."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from blog import services
from blog.audiences import VisibilityForm
from blog.forms import PHOTOS, PhotoCaptionForm, UploadForm
from blog.models import Photo
from blog.rules import uploader_deletes_photo
from blog.views.guards import photo_or_deny
from blog.views.photos import ADD_POST, save_upload
from web.body_limits import MANY

from ..models import Scope
from ..permissions import check_deletion_scope
from ..serializers import PhotoSerializer
from .base import ApiView
from .feeds import PhotoFeed, require
from .forms import checked, sent, with_unsent
from .posts import switch, switch_schema
from .uploads import upload_or_refuse

SEEN_WITH_ITS_POSTS = (
    "This photo is seen with its posts: choose who sees the posts instead."
)


def photo_response(request, photo: Photo, code: int = status.HTTP_200_OK) -> Response:
    return Response(
        PhotoSerializer(photo, context={"request": request}).data, status=code
    )


def fresh(photo: Photo) -> Photo:
    return Photo.objects.select_related("uploader").get(pk=photo.pk)


class Photos(PhotoFeed):
    """The Photos grid (GET); and photos uploaded together, each posted on its own
    and prepared by a worker (POST, multipart: `images`, `caption`, `captions`,
    `alts`, `visibility`). They answer `status: processing` until they are ready."""

    uploads = MANY

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "NewPhotos",
                {
                    "images": serializers.ListField(child=serializers.ImageField()),
                    "caption": serializers.CharField(required=False),
                    "visibility": serializers.CharField(required=False),
                },
            )
        },
        responses={201: PhotoSerializer(many=True)},
        operation_id="photos_create",
    )
    def post(self, request):
        """Photos uploaded together, each posted on its own and prepared by a worker
        (multipart: `images`, `caption`, `captions`, `alts`, `visibility`); they
        answer `status: processing` until they are ready."""
        require(request, "blog.add_photo")
        data = sent(request)
        may_post = request.user.has_perm(ADD_POST)
        form = checked(
            UploadForm(**data, uploader=request.user, mode=PHOTOS, may_post=may_post)
        )
        if form.makes_a_post:
            raise ValidationError({"publish_as": ["Make a post at /api/v1/posts/."]})
        photos = upload_or_refuse(
            request, lambda: save_upload(request.user, form, None)
        )
        results = PhotoSerializer(photos, many=True, context={"request": request})
        return Response(results.data, status=status.HTTP_201_CREATED)


class PhotoDetail(ApiView):
    """One photo with its files (anyone may read a public one); change its caption;
    delete it."""

    open_to_visitors = True

    @extend_schema(responses=PhotoSerializer)
    def get(self, request, pk: int):
        """One photo with its files, once ready; anyone may read a public one."""
        return photo_response(request, photo_or_deny(request, pk, "blog.view_photo"))

    @extend_schema(
        request=inline_serializer(
            "PhotoEdit",
            {"caption": serializers.CharField(max_length=128, allow_blank=True)},
        ),
        responses=PhotoSerializer,
    )
    def patch(self, request, pk: int):
        """Change a photo's caption (its uploader)."""
        photo = photo_or_deny(request, pk, "blog.change_photo")
        changes = with_unsent(sent(request)["data"], photo, ("caption",))
        checked(PhotoCaptionForm(changes, instance=photo)).save()
        return photo_response(request, fresh(photo))

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        """Delete a photo and its files (its uploader, or a moderator)."""
        photo = photo_or_deny(request, pk, "blog.delete_photo")
        check_deletion_scope(request, uploader_deletes_photo, photo)
        services.delete_photo(photo=photo, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PhotoVisibility(ApiView):
    """Choose who sees a photo posted on its own (its uploader); one uploaded with
    a post is seen with its posts."""

    @extend_schema(
        request=inline_serializer(
            "PhotoAudience", {"visibility": serializers.CharField()}
        ),
        responses=PhotoSerializer,
    )
    def post(self, request, pk: int):
        photo = photo_or_deny(request, pk, "blog.change_photo")
        if not photo.shown_alone:
            raise ValidationError({"visibility": [SEEN_WITH_ITS_POSTS]})
        form = VisibilityForm(
            sent(request)["data"], kind="photo", initial_visibility=photo.visibility
        )
        visibility = checked(form).cleaned_data["visibility"]
        services.set_visibility(item=photo, visibility=visibility, by=request.user)
        return photo_response(request, fresh(photo))


class PhotoHide(ApiView):
    """Hide a photo from everyone but its uploader and moderators, or show it again
    (moderators)."""

    scope = Scope.MODERATE

    @switch_schema("PhotoHiding", "hidden")
    @extend_schema(responses=PhotoSerializer)
    def post(self, request, pk: int):
        photo = photo_or_deny(request, pk, "blog.hide_photo")
        services.set_hidden(
            item=photo, hidden=switch(request, "hidden"), by=request.user
        )
        return photo_response(request, fresh(photo))
