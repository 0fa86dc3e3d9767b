"""photo_detail: a photo's own page, for whoever may view the photo — the picture
whole, its uploader, date, caption and description, the posts it is in that the
reader may view, the controls the rules give them, camera details when the
uploader allows it, and the uploader's photos before and after it."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from authentication.models import User
from blog.models import GalleryPhoto, Photo, Visibility
from testsupport.factories import ago, make_blog, make_photo
from testsupport.pages import images_of

pytestmark = pytest.mark.django_db


def page_url(photo: Photo) -> str:
    return reverse("photo_detail", args=[photo.pk])


def main_image(html: str) -> dict[str, str]:
    (image,) = [img for img in images_of(html) if "photo-page-image" in img["class"]]
    return image


def set_visibility(photo: Photo, visibility: str) -> None:
    Photo.objects.filter(pk=photo.pk).update(visibility=visibility)


@pytest.fixture
def alice(creator):
    creator.first_name, creator.last_name = "Alice", "Martin"
    creator.save()
    return creator


def test_the_photos_url_is_its_page(alice):
    photo = make_photo(alice, "Harbour")
    assert photo.get_absolute_url() == f"/photos/{photo.pk}/"


def test_it_shows_the_picture_whole_its_uploader_date_and_caption(
    client, alice, subscriber
):
    photo = make_photo(alice, "Harbour at dusk")
    client.force_login(subscriber)

    response = client.get(page_url(photo))

    assert response.status_code == 200
    image = main_image(response.text)
    assert image["src"] == photo.display_url
    assert image["srcset"] == photo.srcset
    assert (image["width"], image["height"]) == (str(photo.width), str(photo.height))
    assert "100vw" in image["sizes"]
    assert image["alt"] == "Harbour at dusk"
    assert "loading" not in image  # the page's main picture comes first
    assert "<h1>Harbour at dusk</h1>" in response.text
    creator_page = reverse("creator_detail", args=["alice"])
    assert re.search(
        rf'<a class="photo-uploader-link" href="{creator_page}"><img class="avatar"'
        r"[^>]*>\s*<span>Alice Martin</span></a>",
        response.text,
    )
    assert f'<time datetime="{photo.date_created.isoformat()}">' in response.text


def test_an_untitled_photo_is_named_after_its_uploader(client, creator, subscriber):
    photo = make_photo(creator)
    client.force_login(subscriber)

    response = client.get(page_url(photo))

    assert "<h1>A photo by alice</h1>" in response.text
    assert main_image(response.text)["alt"] == "Photo by alice"
    User.objects.filter(pk=creator.pk).update(first_name="Alice", last_name="Martin")
    response = client.get(page_url(photo))
    assert "<h1>A photo by Alice Martin</h1>" in response.text
    assert main_image(response.text)["alt"] == "Photo by Alice Martin"
    response = client.get(page_url(photo), HTTP_ACCEPT_LANGUAGE="fr")
    assert "<h1>Une photo d’Alice Martin</h1>" in response.text
    assert main_image(response.text)["alt"] == "Photo d’Alice Martin"


def test_the_uploaders_alt_text_describes_the_picture_under_description(
    client, alice, subscriber
):
    photo = make_photo(alice, "Harbour")
    Photo.objects.filter(pk=photo.pk).update(alt="Three boats moored at a stone quay")
    client.force_login(subscriber)

    text = client.get(page_url(photo)).text

    assert main_image(text)["alt"] == "Three boats moored at a stone quay"
    assert re.search(
        r"<h2 [^>]*>Description</h2>\s*<p>Three boats moored at a stone quay</p>", text
    )


def test_without_alt_text_there_is_no_description(client, alice, subscriber):
    client.force_login(subscriber)
    text = client.get(page_url(make_photo(alice, "Harbour"))).text
    assert "Description" not in text


# Who may open it.


def test_a_member_who_may_not_view_the_photo_gets_404_as_for_no_photo(
    client, alice, subscriber
):
    private = make_photo(alice, "Only mine")
    set_visibility(private, Visibility.PRIVATE)
    client.force_login(subscriber)

    assert client.get(page_url(private)).status_code == 404
    assert client.get(reverse("photo_detail", args=[999_999])).status_code == 404


def test_a_visitor_is_sent_to_log_in_whether_the_photo_exists_or_not(alice):
    members_only = make_photo(alice, "For members")
    visitor = Client()
    for url in (page_url(members_only), reverse("photo_detail", args=[999_999])):
        response = visitor.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert "For members" not in visitor.get(page_url(members_only)).text


def test_a_visitor_sees_a_public_photo_which_search_engines_may_index(alice):
    photo = make_photo(alice, "For everyone")
    set_visibility(photo, Visibility.PUBLIC)

    response = Client().get(page_url(photo))

    assert response.status_code == 200
    assert "<h1>For everyone</h1>" in response.text
    assert "noindex" not in response.get("X-Robots-Tag", "")


def test_a_page_for_members_only_is_not_indexed(client, alice, subscriber):
    client.force_login(subscriber)
    response = client.get(page_url(make_photo(alice, "For members")))
    assert response["X-Robots-Tag"] == "noindex"


def test_a_photo_being_prepared_shows_its_uploader_the_placeholder(
    client, creator, subscriber
):
    photo = make_photo(creator, "Coming soon")
    Photo.objects.filter(pk=photo.pk).update(status=Photo.Status.PROCESSING)
    client.force_login(creator)

    response = client.get(page_url(photo))

    assert response.status_code == 200
    assert "Preparing your photo…" in response.text
    assert f'hx-get="{reverse("photo_status", args=[photo.pk])}' in response.text
    client.force_login(subscriber)
    assert client.get(page_url(photo)).status_code == 404


# The posts it is in.


def test_it_lists_the_posts_it_is_in_as_cover_or_in_a_gallery_that_the_reader_may_view(
    client, creator, coauthor, subscriber
):
    photo = make_photo(creator, "Harbour")
    cover_of = make_blog(creator, title="Cover story", photo=photo, date_created=ago(9))
    gallery = make_blog(coauthor, title="Gallery walk", date_created=ago(5))
    GalleryPhoto.objects.create(blog=gallery, photo=photo, position=1)
    draft = make_blog(creator, title="Secret draft", is_published=False)
    GalleryPhoto.objects.create(blog=draft, photo=photo)
    make_blog(creator, title="Another post")
    client.force_login(subscriber)

    text = client.get(page_url(photo)).text

    section = re.search(r'<section class="photo-posts".*?</section>', text, re.S)[0]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', section) == [
        (gallery.get_absolute_url(), "Gallery walk"),
        (cover_of.get_absolute_url(), "Cover story"),
    ]
    assert "In these posts" in section
    assert "Secret draft" not in text
    client.force_login(creator)
    assert "Secret draft" in client.get(page_url(photo)).text


# Controls.


@pytest.mark.parametrize(
    ("reader", "controls"),
    [
        ("creator", ["Edit caption", "Delete"]),
        ("moderator", ["Hide", "Delete"]),
        ("subscriber", []),
        ("other_creator", []),
    ],
)
def test_each_reader_gets_the_controls_the_rules_give_them(
    client, creator, request, reader, controls
):
    photo = make_photo(creator, "Harbour")
    client.force_login(request.getfixturevalue(reader))

    text = client.get(page_url(photo)).text

    shown = re.findall(
        r'<(?:a class="button[^"]*" href="[^"]+"|button class="button[^"]*")>'
        r"(Edit caption|Delete|Hide)<",
        text,
    )
    assert sorted(shown) == sorted(controls)
    if "Edit caption" in controls:
        edit = reverse("photo_edit", args=[photo.pk])
        assert f'href="{edit}?next={page_url(photo)}"' in text


# Camera details.


def with_camera(photo: Photo) -> Photo:
    Photo.objects.filter(pk=photo.pk).update(
        camera="Fujifilm X-T4",
        lens="XF23mmF2 R WR",
        focal_length=Decimal("23.0"),
        f_number=Decimal("2.8"),
        exposure_time="1/250",
        iso=400,
    )
    return photo


CAMERA_SHOWN = [
    "<dt>Camera</dt><dd>Fujifilm X-T4</dd>",
    "<dt>Lens</dt><dd>XF23mmF2 R WR</dd>",
    "<dt>Focal length</dt><dd>23&nbsp;mm</dd>",
    "<dt>Aperture</dt><dd>ƒ/2.8</dd>",
    "<dt>Shutter speed</dt><dd>1/250</dd>",
    "<dt>ISO</dt><dd>400</dd>",
]


def test_camera_details_show_when_the_uploader_allows_it(client, creator, subscriber):
    User.objects.filter(pk=creator.pk).update(shows_camera_details=True)
    photo = with_camera(make_photo(creator, "Harbour"))
    client.force_login(subscriber)

    text = client.get(page_url(photo)).text

    for shown in CAMERA_SHOWN:
        assert shown in text


def test_camera_details_stay_hidden_when_the_uploader_does_not_allow_it(
    client, creator, subscriber
):
    photo = with_camera(make_photo(creator, "Harbour"))
    client.force_login(subscriber)

    text = client.get(page_url(photo)).text

    assert "Fujifilm" not in text and "XF23mm" not in text and "1/250" not in text
    assert 'class="camera-details"' not in text


def test_camera_details_read_in_french_use_a_decimal_comma(client, creator, subscriber):
    User.objects.filter(pk=creator.pk).update(shows_camera_details=True)
    photo = with_camera(make_photo(creator, "Harbour"))
    client.force_login(subscriber)

    text = client.get(page_url(photo), HTTP_ACCEPT_LANGUAGE="fr").text

    assert "<dd>ƒ/2,8</dd>" in text


# Previous and next.


def test_previous_and_next_step_through_the_uploaders_photos_the_reader_may_view(
    client, creator, other_creator, subscriber
):
    newest = make_photo(creator, "Newest", date_created=ago(1))
    private = make_photo(creator, "Private", date_created=ago(2))
    set_visibility(private, Visibility.PRIVATE)
    middle = make_photo(creator, "Middle", date_created=ago(3))
    make_photo(other_creator, "Not hers", date_created=ago(4))
    oldest = make_photo(creator, "Oldest", date_created=ago(5))
    client.force_login(subscriber)

    def steps(photo):
        text = client.get(page_url(photo)).text
        return dict(re.findall(r'<a [^>]*rel="(prev|next)" href="([^"]+)"', text))

    # Newest first, as on the creator page: "next" is older.
    assert steps(newest) == {"next": page_url(middle)}
    assert steps(middle) == {"prev": page_url(newest), "next": page_url(oldest)}
    assert steps(oldest) == {"prev": page_url(middle)}
    client.force_login(creator)
    assert steps(middle) == {"prev": page_url(private), "next": page_url(oldest)}


def test_photos_uploaded_at_the_same_moment_step_by_id(client, creator, subscriber):
    when = ago(3)
    first, second, third = (
        make_photo(creator, f"P{n}", date_created=when) for n in range(3)
    )
    client.force_login(subscriber)

    text = client.get(page_url(second)).text

    assert f'rel="prev" href="{page_url(third)}"' in text
    assert f'rel="next" href="{page_url(first)}"' in text
