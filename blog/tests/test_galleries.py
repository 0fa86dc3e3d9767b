"""A post's gallery: its photos are seen with the post, as its cover is, on every
surface (the page, media files, share links); its authors order it, make one the
cover or take one out; deleting the post or a photo leaves nothing behind."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blog import services
from blog.models import Blog, GalleryPhoto, Photo, Visibility
from blog.sharing import create_share_link
from testsupport.factories import make_blog, make_photo
from testsupport.html_forms import submitted_form

pytestmark = pytest.mark.django_db


def with_gallery(blog: Blog, *photos: Photo) -> Blog:
    """Put `photos` in `blog`'s gallery, in order, as uploaded with the post."""
    for position, photo in enumerate(photos):
        Photo.objects.filter(pk=photo.pk).update(shown_alone=False)
        GalleryPhoto.objects.create(blog=blog, photo=photo, position=position)
    return blog


def gallery_of(blog: Blog) -> list[str]:
    return [row.photo.caption for row in GalleryPhoto.objects.filter(blog=blog)]


def fresh(photo: Photo) -> Photo:
    return Photo.objects.get(pk=photo.pk)


@pytest.fixture
def post(creator, coauthor):
    """alice's published post with coauthor dana: a cover, then three photos."""
    blog = make_blog(
        creator, coauthor, title="Coast", photo=make_photo(creator, "Cover")
    )
    return with_gallery(
        blog, *(make_photo(creator, caption) for caption in ("One", "Two", "Three"))
    )


def edit(client, blog: Blog, photo: Photo | int | str, action: str):
    pk = photo.pk if isinstance(photo, Photo) else photo
    return client.post(
        reverse("edit_blog", args=[blog.pk]),
        {"photo": pk, "gallery_action": action},
    )


# Who sees a gallery photo: who sees its posts.


@pytest.mark.parametrize(
    ("state", "who_sees"),
    [
        ({}, {"creator", "coauthor", "subscriber", "moderator", "other_creator"}),
        ({"is_published": False}, {"creator", "coauthor"}),
        ({"is_hidden": True}, {"creator", "coauthor", "moderator"}),
        ({"visibility": Visibility.PRIVATE}, {"creator", "coauthor"}),
    ],
)
def test_a_gallery_photo_is_seen_exactly_as_its_posts_cover(
    post, state, who_sees, request
):
    Blog.objects.filter(pk=post.pk).update(**state)
    cover, in_gallery = fresh(post.photo), fresh(post.gallery_photos[0])
    for name in ("creator", "coauthor", "subscriber", "moderator", "other_creator"):
        user = request.getfixturevalue(name)
        assert user.has_perm("blog.view_photo", cover) == (name in who_sees), name
        assert user.has_perm("blog.view_photo", in_gallery) == (name in who_sees), name
        listed = Photo.objects.visible_to(user).filter(pk=in_gallery.pk).exists()
        assert listed == (name in who_sees), name


def test_a_photo_in_a_public_posts_gallery_is_for_visitors_too(post, subscriber):
    photo = post.gallery_photos[0]
    assert not AnonymousUser().has_perm("blog.view_photo", fresh(photo))
    Blog.objects.filter(pk=post.pk).update(visibility=Visibility.PUBLIC)
    assert AnonymousUser().has_perm("blog.view_photo", fresh(photo))
    assert Photo.objects.public().filter(pk=photo.pk).exists()


def test_a_photo_in_a_draft_and_in_a_published_gallery_is_seen_with_the_published(
    creator, subscriber
):
    photo = make_photo(creator, "Shared")
    with_gallery(make_blog(creator, title="Draft", is_published=False), photo)
    assert not subscriber.has_perm("blog.view_photo", fresh(photo))
    with_gallery(make_blog(creator, title="Out"), photo)
    assert subscriber.has_perm("blog.view_photo", fresh(photo))


# The post's page.


def test_the_post_page_shows_the_gallery_in_order_after_the_text(
    client, post, subscriber
):
    client.force_login(subscriber)
    page = client.get(post.get_absolute_url()).text

    cover, text = page.index("<figcaption>Cover</figcaption>"), page.index("Words")
    captions = [page.index(f"<figcaption>{c}</figcaption>") for c in gallery_of(post)]
    assert page.index("<h1>Coast</h1>") < cover < text < captions[0]
    assert captions == sorted(captions)
    # Each is the same figure as the cover, so the lightbox opens it.
    assert page.count('<figure class="photo"') == 4


def test_the_post_page_leaves_out_a_gallery_photo_the_reader_may_not_view(
    client, post, creator, subscriber
):
    hidden = post.gallery_photos[1]
    services.set_hidden(item=hidden, hidden=True, by=creator)

    client.force_login(subscriber)
    assert (
        "<figcaption>Two</figcaption>" not in client.get(post.get_absolute_url()).text
    )
    client.force_login(creator)  # its uploader still sees it
    assert "<figcaption>Two</figcaption>" in client.get(post.get_absolute_url()).text


def test_the_post_page_costs_the_same_queries_with_1_or_8_gallery_photos(
    client, creator, subscriber
):
    counts = []
    client.force_login(subscriber)
    for size in (1, 8):
        blog = make_blog(creator, photo=make_photo(creator, "Cover"))
        with_gallery(blog, *(make_photo(creator, f"P{n}") for n in range(size)))
        with CaptureQueriesContext(connection) as context:
            response = client.get(blog.get_absolute_url())
        assert response.text.count('<figure class="photo"') == size + 1
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


def test_the_byline_names_each_author_with_avatar_and_full_name_and_no_owner_label(
    client, post, creator, subscriber
):
    creator.first_name, creator.last_name = "Alice", "Martin"
    creator.save()
    client.force_login(subscriber)
    page = client.get(post.get_absolute_url()).text

    byline = page[
        page.index('<p class="byline') : page.index("</p>", page.index("<h1>"))
    ]
    link = reverse("creator_detail", args=[creator.username])
    assert f'<a class="author" href="{link}"><img class="avatar"' in byline
    assert "Alice Martin</a>" in byline
    assert "dana</a>" in byline  # no full name: the username
    assert ">owner<" not in page


def test_a_draft_says_it_is_a_draft_once(client, creator):
    blog = make_blog(creator, title="Soon", is_published=False)
    client.force_login(creator)
    page = client.get(blog.get_absolute_url()).text
    assert page.count('class="notice') == 1
    assert page.count("only its authors see it") == 1


# Media files and share links.


def names(photo: Photo) -> list[str]:
    photo = fresh(photo)
    return [photo.image.name]


def test_a_gallery_photos_file_is_served_to_whoever_may_view_it(
    client, post, subscriber, other_creator
):
    url = f"/media/{fresh(post.gallery_photos[0]).image.name}"
    client.force_login(subscriber)
    assert client.get(url).status_code == 200

    Blog.objects.filter(pk=post.pk).update(is_published=False)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # a visitor: to log in


def test_a_share_link_shows_its_posts_gallery_and_serves_only_its_files(
    client, post, creator
):
    other = with_gallery(make_blog(creator, title="Other"), make_photo(creator, "Else"))
    _link, token = create_share_link(blog=post, by=creator, recipient="Mum")
    hidden = post.gallery_photos[2]
    services.set_hidden(item=hidden, hidden=True, by=creator)

    page = client.get(reverse("open_share_link", args=[token])).text

    assert "<figcaption>One</figcaption>" in page
    assert "<figcaption>Two</figcaption>" in page
    assert "<figcaption>Three</figcaption>" not in page  # a moderator hid it

    def through_link(photo: Photo) -> int:
        path = reverse("shared_media", args=[token, fresh(photo).image.name])
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
        return response.status_code

    assert through_link(post.gallery_photos[0]) == 200
    assert through_link(hidden) == 404
    assert through_link(other.gallery_photos[0]) == 404


# Deleting.


def test_deleting_a_post_leaves_its_gallery_photos_to_their_uploader_alone(
    client, post, creator, subscriber, django_capture_on_commit_callbacks
):
    photos = [fresh(post.photo), *map(fresh, post.gallery_photos)]
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_blog(blog=post, by=creator)

    assert not GalleryPhoto.objects.exists()
    for photo in photos:
        assert Photo.objects.listed_for(creator).filter(pk=photo.pk).exists()
        assert not Photo.objects.visible_to(subscriber).filter(pk=photo.pk).exists()
        assert default_storage.exists(photo.image.name)  # kept, as the cover is


def test_deleting_a_photo_takes_it_out_of_every_gallery_and_removes_its_file(
    post, creator, django_capture_on_commit_callbacks
):
    photo = fresh(post.gallery_photos[0])
    with_gallery(make_blog(creator, title="Again"), photo)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_photo(photo=photo, by=creator)

    assert not GalleryPhoto.objects.filter(photo=photo.pk).exists()
    assert gallery_of(post) == ["Two", "Three"]
    assert not default_storage.exists(photo.image.name)


# Editing the gallery.


@pytest.mark.parametrize("author", ["creator", "coauthor"])
def test_an_author_moves_a_photo_up_and_down(client, post, author, request):
    client.force_login(request.getfixturevalue(author))
    two = post.gallery_photos[1]

    response = edit(client, post, two, "up")
    assert response.status_code == 302
    assert response["Location"].endswith("#gallery")
    assert gallery_of(post) == ["Two", "One", "Three"]
    edit(client, post, two, "down")
    edit(client, post, two, "down")
    assert gallery_of(post) == ["One", "Three", "Two"]
    edit(client, post, two, "down")  # the last stays last
    assert gallery_of(post) == ["One", "Three", "Two"]


def test_an_author_makes_a_gallery_photo_the_cover_and_the_cover_takes_its_place(
    client, post, creator
):
    client.force_login(creator)
    edit(client, post, post.gallery_photos[1], "cover")

    post.refresh_from_db()
    assert post.photo.caption == "Two"
    assert gallery_of(post) == ["One", "Cover", "Three"]


def test_an_author_takes_a_photo_out_and_keeps_the_photo(client, post, creator):
    client.force_login(creator)
    one = post.gallery_photos[0]
    response = edit(client, post, one, "remove")

    assert gallery_of(post) == ["Two", "Three"]
    assert Photo.objects.listed_for(creator).filter(pk=one.pk).exists()
    page = client.get(response["Location"]).text
    assert "The photo is out of this post" in page


@pytest.mark.parametrize(
    ("actor", "status"), [("subscriber", 403), ("other_creator", 403)]
)
def test_who_may_not_change_the_post_cannot_change_its_gallery(
    client, post, actor, status, request
):
    client.force_login(request.getfixturevalue(actor))
    assert edit(client, post, post.gallery_photos[1], "up").status_code == status
    assert gallery_of(post) == ["One", "Two", "Three"]


def test_a_draft_gallery_is_not_found_for_others(client, post, other_creator):
    Blog.objects.filter(pk=post.pk).update(is_published=False)
    client.force_login(other_creator)
    assert edit(client, post, post.gallery_photos[1], "up").status_code == 404


@pytest.mark.parametrize("photo", ["elsewhere", "hidden", "nonsense"])
def test_a_photo_not_in_the_gallery_changes_nothing_and_says_so(
    client, post, creator, coauthor, photo
):
    target = {
        "elsewhere": make_photo(creator, "Elsewhere").pk,
        "hidden": post.gallery_photos[0].pk,
        "nonsense": "x1",
    }[photo]
    # A photo dana may not view, she cannot act on.
    services.set_hidden(item=post.gallery_photos[0], hidden=True, by=creator)
    client.force_login(coauthor)

    response = edit(client, post, target, "cover")
    page = client.get(response["Location"]).text

    assert "This photo is no longer in the post" in page
    post.refresh_from_db()
    assert post.photo.caption == "Cover"
    assert gallery_of(post) == ["One", "Two", "Three"]


def test_an_unknown_gallery_action_changes_nothing(client, post, creator):
    client.force_login(creator)
    edit(client, post, post.gallery_photos[0], "explode")
    assert gallery_of(post) == ["One", "Two", "Three"]


def test_the_edit_page_lists_the_gallery_with_its_buttons(client, post, creator):
    client.force_login(creator)
    page = client.get(reverse("edit_blog", args=[post.pk])).text
    assert 'id="gallery"' in page
    assert page.count('value="up"') == 2  # not for the first
    assert page.count('value="down"') == 2  # not for the last
    assert page.count('value="cover"') == 3
    assert page.count('value="remove"') == 3


# The admin: a gallery inline under the same rules.


def admin_url(blog: Blog) -> str:
    return reverse("admin:blog_blog_change", args=[blog.pk])


def add_gallery_row(data: dict, blog: Blog, photo: Photo) -> dict:
    """Fill the gallery inline's next empty row with `photo`."""
    prefix = "galleryphoto_set-"
    count = int(data[f"{prefix}TOTAL_FORMS"][0])
    data[f"{prefix}TOTAL_FORMS"] = [str(count + 1)]
    data[f"{prefix}{count}-photo"] = [str(photo.pk)]
    data[f"{prefix}{count}-position"] = [str(count)]
    data[f"{prefix}{count}-blog"] = [str(blog.pk)]
    return data


@pytest.fixture
def staff(creator, coauthor):
    for person in (creator, coauthor):
        person.is_staff = True
        person.save()


def test_an_author_adds_a_photo_of_their_own_to_the_gallery_in_the_admin(
    client, post, creator, staff
):
    client.force_login(creator)
    data = submitted_form(client.get(admin_url(post)).text, "blog_form")
    data = add_gallery_row(data, post, make_photo(creator, "Four"))

    response = client.post(admin_url(post), data)

    assert response.status_code == 302
    assert gallery_of(post) == ["One", "Two", "Three", "Four"]


def test_the_admin_refuses_someone_elses_photo_in_the_gallery(
    client, post, creator, other_creator, staff
):
    client.force_login(creator)
    data = submitted_form(client.get(admin_url(post)).text, "blog_form")
    data = add_gallery_row(data, post, make_photo(other_creator, "Not hers"))

    response = client.post(admin_url(post), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert gallery_of(post) == ["One", "Two", "Three"]


def test_the_admin_leaves_out_a_gallery_photo_the_editor_may_not_view_and_keeps_it(
    client, post, creator, coauthor, staff
):
    services.set_hidden(item=post.gallery_photos[1], hidden=True, by=creator)
    client.force_login(coauthor)
    page = client.get(admin_url(post)).text
    assert ">Two<" not in page

    data = submitted_form(page, "blog_form")
    assert client.post(admin_url(post), data).status_code == 302
    assert gallery_of(post) == ["One", "Two", "Three"]


def explained_to_charlie(photo) -> str:
    """What `manage.py explain_perm` says of charlie viewing `photo`."""
    out = io.StringIO()
    arguments = ["charlie", "blog.view_photo", "blog.Photo", str(photo.pk)]
    call_command("explain_perm", *arguments, stdout=out)
    return out.getvalue()


def test_explain_perm_names_the_posts_a_gallery_photo_is_in(post, subscriber):
    photo = post.gallery_photos[0]
    assert f"in blog {post.pk} (as cover or in a gallery)" in explained_to_charlie(
        photo
    )

    post.delete()
    assert "in no post: its uploader alone may see it" in explained_to_charlie(photo)
