"""Share links: one post, and its photo, for whoever holds the link, and nothing else.

The owner makes, lists and revokes links; a dead link (none, expired, revoked, a post
not shown) answers one 404 page; a password is asked once per session; each showing
is counted; the database keeps only the secret's hash.
"""

import io
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import path, reverse
from django.utils import timezone
from PIL import Image

from audit.models import AuditEvent
from blog import services
from blog.models import Blog, Photo, ShareLink, Visibility
from blog.sharing import create_share_link, hash_token, revoke_share_link
from fotoblog import urls as site_urls
from images.pipeline import process_photo
from images.storage import rendition_name
from testsupport.factories import ago, make_blog
from testsupport.form_client import FormClient
from testsupport.pages import images_of
from testsupport.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

DEAD = "This link does not work"
NEW_LINK = re.compile(r'id="new-share-link"[^>]*value="([^"]+)"')


def picture_urls(html: str) -> list[str]:
    """Every URL the page's <img> tags load, src first, then each srcset candidate."""
    urls = []
    for img in images_of(html):
        urls.append(img["src"])
        urls += [c.rsplit(" ", 1)[0] for c in img.get("srcset", "").split(", ") if c]
    return urls


def wide_photo(uploader, caption: str = "Low tide") -> Photo:
    """A 900-px photo: stored with its 400- and 800-px renditions."""
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), "teal").save(buffer, "JPEG")
    upload = SimpleUploadedFile("wide.jpg", buffer.getvalue(), "image/jpeg")
    (photo,) = services.create_photos(
        uploader=uploader, pictures=[(process_photo(upload), caption)]
    )
    return photo


def file_names(photo: Photo) -> list[str]:
    name = photo.image.name
    return [name, *(rendition_name(name, w) for w in photo.rendition_widths)]


def link_to(blog: Blog, **options) -> tuple[ShareLink, str]:
    """Make a link to `blog` for bob; return it and the path that opens it."""
    link, token = create_share_link(
        blog=blog, by=blog.owner, recipient="bob", **options
    )
    return link, reverse("open_share_link", args=[token])


def opens(link: ShareLink) -> tuple[int, object]:
    link.refresh_from_db()
    return link.open_count, link.last_opened_at


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def post(creator, coauthor):
    """Alice's published post with a photo, co-written by dana, for followers only."""
    blog = make_blog(
        creator,
        coauthor,
        title="Sea and salt",
        content="Three days on the Atlantic coast.",
        photo=wide_photo(creator),
    )
    Blog.objects.filter(pk=blog.pk).update(visibility=Visibility.FOLLOWERS)
    blog.refresh_from_db()
    return blog


@pytest.fixture
def visitor() -> FormClient:
    """Someone logged out, with the link in hand."""
    return FormClient()


# Opening.


def test_a_logged_out_visitor_sees_the_post_and_its_photo(visitor, post):
    link, url = link_to(post)

    response = visitor.get(url)

    assert response.status_code == 200
    assert "<h1>Sea and salt</h1>" in response.text
    assert "Three days on the Atlantic coast." in response.text
    assert "Shared with you by alice" in response.text
    assert "alice, dana" in response.text
    assert "<figcaption>Low tide</figcaption>" in response.text
    pictures = picture_urls(response.text)
    assert sorted(set(pictures)) == sorted(
        reverse("shared_media", args=[url.split("/")[2], name])
        for name in file_names(post.photo)
    )
    for picture in pictures:
        answer = visitor.get(picture)
        assert answer.status_code == 200, picture
        assert answer["Content-Type"] == "image/jpeg"
        assert answer["X-Content-Type-Options"] == "nosniff"
        assert answer["Content-Disposition"] == "inline"
    original = picture_urls(response.text)[-1]
    assert body(visitor.get(original)) == post.photo.image.read()


def test_the_shared_page_shows_no_button_to_change_the_post(client, post, creator):
    _link, url = link_to(post)
    client.force_login(creator)  # the owner herself, who may change everything

    response = client.get(url)

    assert response.status_code == 200
    for control in ("Edit post", "Delete", "Unpublish", "Co-authors", "Share"):
        assert f">{control}<" not in response.text
    assert "<form" not in response.text


def test_a_member_outside_the_audience_sees_the_post_through_the_link_only(
    client, post, subscriber
):
    _link, url = link_to(post)
    client.force_login(subscriber)
    assert client.get(post.get_absolute_url()).status_code == 404  # followers only

    response = client.get(url)

    assert response.status_code == 200
    assert "<h1>Sea and salt</h1>" in response.text
    files = picture_urls(response.text)
    assert [client.get(f).status_code for f in files] == [200] * len(files)
    # Holding the link opens the link, not the post's own page nor its files.
    assert client.get(post.get_absolute_url()).status_code == 404
    assert client.get(post.photo.image.url).status_code == 404


def test_the_link_opens_no_other_photo_and_no_other_page(visitor, post, creator):
    other = make_blog(creator, title="Another day", photo=wide_photo(creator))
    _link, url = link_to(post)
    token = url.split("/")[2]
    assert visitor.get(url).status_code == 200

    for name in file_names(other.photo):
        response = visitor.get(reverse("shared_media", args=[token, name]))
        assert response.status_code == 404
        assert DEAD in response.text
    # The post's own page and files still ask a visitor to log in first.
    for page in (post.get_absolute_url(), post.photo.image.url):
        response = visitor.get(page)
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == reverse("login")


@pytest.mark.parametrize(
    "name",
    ["photos/../../fotoblog/settings.py", "settings.py", "photos/2026/12/x.jpg"],
)
def test_a_path_that_is_not_the_posts_photo_is_a_404(visitor, post, name):
    _link, url = link_to(post)

    response = visitor.get(f"{url}media/{name}")

    assert response.status_code in (400, 404)
    assert b"SECRET_KEY" not in response.content


def test_each_showing_counts_one_open_and_the_photo_counts_none(visitor, post):
    link, url = link_to(post)
    assert opens(link) == (0, None)

    before = timezone.now()
    files = picture_urls(visitor.get(url).text)
    assert opens(link)[0] == 1
    assert opens(link)[1] >= before
    for picture in files:
        visitor.get(picture)
    visitor.get(url)

    assert opens(link)[0] == 2


def test_every_answer_under_the_link_is_private_unindexed_and_sends_no_referrer(
    visitor, post
):
    link, url = link_to(post)
    page = visitor.get(url)
    picture = visitor.get(picture_urls(page.text)[0])
    revoke_share_link(link)
    dead = visitor.get(url)

    for response in (page, picture, dead):
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["X-Robots-Tag"] == "noindex"
        assert response["Cache-Control"] == "private, no-store"
    for response in (page, dead):
        assert '<meta name="robots" content="noindex">' in response.text


def test_the_password_form_sends_its_own_origin_so_that_its_post_passes_csrf(
    visitor, post
):
    """Under "no-referrer" a browser posts with `Origin: null`, which CSRF refuses."""
    _link, url = link_to(post, password="seagull")

    response = visitor.get(url)

    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Cache-Control"] == "private, no-store"


# Links that do not open, all alike.


def dead_pages(visitor, post) -> dict[str, object]:
    """The answers to links that open nothing, each for its own reason."""
    expired, expired_url = link_to(post, expires_at=ago(1))
    revoked, revoked_url = link_to(post)
    revoke_share_link(revoked)
    draft = make_blog(post.owner, title="Not yet", is_published=False)
    hidden = make_blog(post.owner, title="Taken down")
    Blog.objects.filter(pk=hidden.pk).update(is_hidden=True)
    urls = {
        "expired": expired_url,
        "revoked": revoked_url,
        "unknown": reverse("open_share_link", args=["no-such-secret"]),
        "draft": link_to(draft)[1],
        "hidden": link_to(hidden)[1],
    }
    return {reason: visitor.get(url) for reason, url in urls.items()}


def test_an_expired_revoked_or_unknown_link_or_a_post_not_shown_is_one_404(
    visitor, post
):
    pages = dead_pages(visitor, post)

    for reason, response in pages.items():
        assert response.status_code == 404, reason
        assert DEAD in response.text, reason
        assert "It may have expired or been revoked" in response.text
        assert "Sea and salt" not in response.text
    # The same page, whatever the reason: nobody learns which it was.
    assert len({response.text for response in pages.values()}) == 1
    assert ShareLink.objects.filter(open_count__gt=0).count() == 0


def test_a_link_stops_at_its_expiry(visitor, post):
    link, url = link_to(post, expires_at=timezone.now() + timedelta(hours=1))
    assert visitor.get(url).status_code == 200

    ShareLink.objects.filter(pk=link.pk).update(expires_at=ago(1))

    assert visitor.get(url).status_code == 404
    assert opens(link)[0] == 1


def test_a_revoked_link_stops_at_once_with_its_photo(visitor, post):
    link, url = link_to(post)
    files = picture_urls(visitor.get(url).text)

    revoke_share_link(link)

    assert visitor.get(url).status_code == 404
    assert [visitor.get(f).status_code for f in files] == [404] * len(files)


def test_a_post_hidden_after_the_link_was_made_stops_opening(visitor, post):
    link, url = link_to(post)
    Blog.objects.filter(pk=post.pk).update(is_hidden=True)

    assert visitor.get(url).status_code == 404
    assert opens(link)[0] == 0


@pytest.mark.parametrize("change", ["hidden", "processing"])
def test_a_photo_not_ready_or_hidden_is_not_shown_through_the_link(
    visitor, post, change
):
    _link, url = link_to(post)
    token = url.split("/")[2]
    if change == "hidden":
        Photo.objects.filter(pk=post.photo_id).update(is_hidden=True)
    else:
        Photo.objects.filter(pk=post.photo_id).update(status=Photo.Status.PROCESSING)

    response = visitor.get(url)

    assert response.status_code == 200
    assert "<h1>Sea and salt</h1>" in response.text
    assert picture_urls(response.text) == []
    for name in file_names(post.photo):
        assert visitor.get(reverse("shared_media", args=[token, name])).status_code == (
            404
        )


# A password.


def test_a_link_with_a_password_asks_for_it_and_shows_nothing_before(visitor, post):
    link, url = link_to(post, password="seagull")
    token = url.split("/")[2]

    response = visitor.get(url)

    assert response.status_code == 200
    assert "This link needs a password" in response.text
    assert "Sea and salt" not in response.text
    assert "Three days" not in response.text
    name = post.photo.image.name
    assert visitor.get(reverse("shared_media", args=[token, name])).status_code == 404
    assert opens(link)[0] == 0


def test_a_wrong_password_shows_the_form_again_and_counts_nothing(visitor, post):
    link, url = link_to(post, password="seagull")

    response = visitor.post(url, {"password": "pelican"})

    assert response.status_code == 200
    assert "This is not the link&#x27;s password." in response.text
    assert "Three days" not in response.text
    assert opens(link) == (0, None)
    assert visitor.get(url).status_code == 200
    assert "This link needs a password" in visitor.get(url).text


def test_the_right_password_shows_the_post_and_counts_one_open(visitor, post):
    link, url = link_to(post, password="seagull")

    response = visitor.post(url, {"password": "seagull"}, follow=True)

    assert response.status_code == 200
    assert "<h1>Sea and salt</h1>" in response.text
    assert opens(link)[0] == 1
    files = picture_urls(response.text)
    assert [visitor.get(f).status_code for f in files] == [200] * len(files)
    # Another browser, without this session, is asked again.
    stranger = FormClient()
    assert "This link needs a password" in stranger.get(url).text
    assert [stranger.get(f).status_code for f in files] == [404] * len(files)
    assert opens(link)[0] == 1


def test_an_unlocked_session_is_not_asked_again_but_a_revocation_still_holds(
    visitor, post
):
    link, url = link_to(post, password="seagull")
    visitor.post(url, {"password": "seagull"})

    assert "<h1>Sea and salt</h1>" in visitor.get(url).text
    revoke_share_link(link)
    assert visitor.get(url).status_code == 404


# The owner's page.


def share_page(blog: Blog) -> str:
    return reverse("share_links", args=[blog.pk])


def test_the_owner_makes_a_link_seen_once_that_opens_the_post(client, post, creator):
    client.force_login(creator)

    response = client.post(
        share_page(post),
        {"recipient": "Grandma", "expires_in": "never", "password": ""},
    )

    assert response.status_code == 200
    assert "it will not be shown again" in response.text
    assert "no-store" in response["Cache-Control"]
    (full_link,) = NEW_LINK.findall(response.text)
    assert full_link.startswith("http://testserver/s/")
    link = ShareLink.objects.get()
    assert (link.blog, link.recipient, link.created_by) == (post, "Grandma", creator)
    assert (link.expires_at, link.password) == (None, "")
    # Never again: the page, read again, lists the link without its secret.
    again = client.get(share_page(post))
    assert "Grandma" in again.text
    assert full_link not in again.text
    assert "new-share-link" not in again.text
    assert "<h1>Sea and salt</h1>" in FormClient().get(full_link).text
    made = AuditEvent.objects.get(action=AuditEvent.Action.SHARE_LINK_CREATE)
    assert (made.actor, made.target_id) == (creator, str(post.pk))


def test_the_database_keeps_only_the_secrets_hash(client, post, creator):
    client.force_login(creator)
    response = client.post(
        share_page(post),
        {"recipient": "Grandma", "expires_in": "7", "password": "seagull"},
    )
    (full_link,) = NEW_LINK.findall(response.text)
    token = full_link.rstrip("/").rsplit("/", 1)[1]
    FormClient().post(full_link, {"password": "seagull"}, follow=True)

    everything = io.StringIO()
    # Every row of every table (django_rq has a dashboard model but no table).
    call_command("dumpdata", exclude=["django_rq"], stdout=everything)

    assert hash_token(token) in everything.getvalue()  # the dump holds the links
    assert token not in everything.getvalue()
    # Sessions are stored compressed: read them as the site does.
    sessions = [str(session.get_decoded()) for session in Session.objects.all()]
    assert len(sessions) == 2  # the owner's, the visitor's
    assert not [session for session in sessions if token in session]
    assert "seagull" not in everything.getvalue()
    link = ShareLink.objects.get()
    assert link.token_hash == hash_token(token)
    assert link.password.startswith("md5$")  # the test hasher; a Django hash


def test_an_expiry_in_days_or_on_a_date(client, post, creator):
    client.force_login(creator)
    today = timezone.localdate()

    client.post(share_page(post), {"recipient": "In a week", "expires_in": "7"})
    client.post(
        share_page(post),
        {
            "recipient": "Until a date",
            "expires_in": "never",
            "expires_on": (today + timedelta(days=3)).isoformat(),
        },
    )

    week = ShareLink.objects.get(recipient="In a week").expires_at
    assert abs(week - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)
    dated = timezone.localtime(
        ShareLink.objects.get(recipient="Until a date").expires_at
    )
    # Until the end of the chosen day, which is the day the owner reads.
    assert dated.date() == today + timedelta(days=3)
    assert (dated.hour, dated.minute) == (23, 59)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"recipient": "", "expires_in": "never"}, "This field is required."),
        ({"recipient": "   ", "expires_in": "never"}, "This field is required."),
        (
            {"recipient": "x" * 101, "expires_in": "never"},
            "Ensure this value has at most 100 characters",
        ),
        (
            {"recipient": "Grandma", "expires_in": "never", "expires_on": "2020-01-01"},
            "Choose today or a later date.",
        ),
        ({"recipient": "Grandma", "expires_in": "365"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_no_link(
    client, post, creator, data, message
):
    client.force_login(creator)

    response = client.post(share_page(post), data)

    assert response.status_code == 200
    assert message in response.text
    assert "new-share-link" not in response.text
    assert not ShareLink.objects.exists()


def test_the_page_lists_the_links_newest_first_with_what_became_of_each(
    client, post, creator, visitor
):
    old, _url = link_to(post, password="seagull")
    ShareLink.objects.filter(pk=old.pk).update(recipient="Old", expires_at=ago(1))
    revoked, _url = link_to(post)
    ShareLink.objects.filter(pk=revoked.pk).update(recipient="Revoked")
    revoke_share_link(revoked)
    live, live_url = link_to(post)
    visitor.get(live_url)
    visitor.get(live_url)
    client.force_login(creator)

    text = client.get(share_page(post)).text

    rows = re.findall(r'<tr class="share-link share-link-(\w+)">(.*?)</tr>', text, re.S)
    assert [state for state, _row in rows] == ["live", "revoked", "expired"]
    cells = [re.findall(r"<td>(.*?)</td>", row, re.S) for _state, row in rows]
    assert cells[0][0] == "bob"
    assert cells[0][2:5] == ["never", "no", "2 times"]
    assert cells[1][6] == "revoked"
    assert cells[2][2:4] == ["expired", "yes"]
    assert cells[2][5] == "not yet"
    # Only the live link has a Revoke button.
    assert text.count('aria-label="Revoke the link for') == 1


def test_the_page_of_a_draft_says_its_links_open_once_published(client, creator):
    draft = make_blog(creator, title="Not yet", is_published=False)
    client.force_login(creator)
    notice = "its links open only once it is published and shown"
    assert notice not in client.get(share_page(make_blog(creator))).text

    response = client.post(share_page(draft), {"recipient": "Early", "expires_in": "7"})

    assert notice in response.text
    assert NEW_LINK.findall(response.text)
    assert ShareLink.objects.get().blog == draft


def test_the_owner_revokes_one_link_and_the_others_still_open(client, post, creator):
    first, first_url = link_to(post)
    _second, second_url = link_to(post)
    client.force_login(creator)

    response = client.post(reverse("share_link_revoke", args=[post.pk, first.pk]))

    assert response.status_code == 302
    assert response["Location"] == share_page(post)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert "The link for bob is revoked" in client.get(share_page(post)).text
    assert FormClient().get(first_url).status_code == 404
    assert FormClient().get(second_url).status_code == 200
    revoked = AuditEvent.objects.get(action=AuditEvent.Action.SHARE_LINK_REVOKE)
    assert (revoked.actor, revoked.target_id) == (creator, str(post.pk))
    assert revoked.detail == {"link": first.pk}


def test_revoking_is_post_only(client, post, creator):
    link, url = link_to(post)
    client.force_login(creator)

    response = client.get(reverse("share_link_revoke", args=[post.pk, link.pk]))

    assert response.status_code == 405
    assert FormClient().get(url).status_code == 200


def test_a_link_of_another_post_cannot_be_revoked_through_this_one(
    client, post, creator
):
    link, url = link_to(make_blog(creator, title="Other"))
    client.force_login(creator)

    response = client.post(reverse("share_link_revoke", args=[post.pk, link.pk]))

    assert response.status_code == 404
    assert FormClient().get(url).status_code == 200


@pytest.mark.parametrize(
    ("actor", "status"),
    [("coauthor", 403), ("subscriber", 404), ("other_creator", 404)],
)
def test_only_the_owner_makes_or_revokes_links(client, post, request, actor, status):
    link, url = link_to(post)
    client.force_login(request.getfixturevalue(actor))
    revoke = reverse("share_link_revoke", args=[post.pk, link.pk])

    assert client.get(share_page(post)).status_code == status
    assert client.post(share_page(post), {"recipient": "Eve"}).status_code == status
    assert client.post(revoke).status_code == status
    assert ShareLink.objects.count() == 1
    assert FormClient().get(url).status_code == 200


def test_a_member_who_sees_the_post_but_does_not_own_it_gets_403(
    client, creator, other_creator
):
    members_post = make_blog(creator, title="For members")
    client.force_login(other_creator)

    assert client.get(share_page(members_post)).status_code == 403


def test_the_post_page_offers_share_to_its_owner_only(client, post, creator, coauthor):
    client.force_login(creator)
    assert f'href="{share_page(post)}"' in client.get(post.get_absolute_url()).text
    client.force_login(coauthor)
    assert f'href="{share_page(post)}"' not in client.get(post.get_absolute_url()).text


# The owner's overview.


def test_the_overview_lists_the_links_of_the_owners_posts_only(
    client, post, creator, other_creator
):
    link_to(post)
    link_to(make_blog(other_creator, title="Bob's post"))
    client.force_login(creator)

    response = client.get(reverse("my_share_links"))

    assert response.status_code == 200
    assert f'<a href="{share_page(post)}">Sea and salt</a>' in response.text
    assert "Bob&#x27;s post" not in response.text
    assert response.text.count('<tr class="share-link') == 1


def test_revoking_from_the_overview_comes_back_to_it(client, post, creator):
    link, _url = link_to(post)
    client.force_login(creator)
    overview = reverse("my_share_links")

    response = client.post(
        reverse("share_link_revoke", args=[post.pk, link.pk]), {"next": overview}
    )

    assert response["Location"] == overview
    assert "share-link-revoked" in client.get(overview).text


@pytest.mark.parametrize("listing", ["my_share_links", "share_links"])
def test_the_owners_lists_cost_the_same_queries_for_one_link_as_for_many(
    client, post, creator, listing
):
    link_to(post)
    client.force_login(creator)
    url = reverse(listing, args=[post.pk] if listing == "share_links" else [])

    def more_links():
        for _ in range(5):
            link_to(post)
            link_to(make_blog(creator, title="Another"))

    _one, many = assert_queries_do_not_grow(client, url, add_data=more_links)

    assert many.text.count('<tr class="share-link') == (
        11 if listing == "my_share_links" else 6
    )


# The site's URLs with the follow-requests page another change adds.
urlpatterns = [
    *site_urls.urlpatterns,
    path("follow-requests/", lambda request: None, name="follow_requests"),
]


@pytest.mark.urls(__name__)
def test_the_overview_links_to_the_follow_requests_once_that_page_exists(
    client, subscriber
):
    client.force_login(subscriber)

    response = client.get(reverse("my_share_links"))

    assert '<a href="/follow-requests/">Your follow requests</a>' in response.text


def test_the_overview_of_a_member_with_no_links_says_so(client, subscriber):
    client.force_login(subscriber)

    response = client.get(reverse("my_share_links"))

    assert response.status_code == 200
    assert "You have shared no post by a link yet" in response.text


# Media in object storage.


def test_with_object_storage_the_link_shows_the_storages_signed_urls(
    visitor, creator, s3_storage
):
    post = make_blog(creator, title="In the bucket", photo=wide_photo(creator))
    _link, url = link_to(post)

    response = visitor.get(url)

    pictures = picture_urls(response.text)
    assert len(pictures) == 4  # the 800-px src, then 400, 800 and the original
    for picture in pictures:
        parts = urlsplit(picture)
        assert f"{parts.scheme}://{parts.netloc}" == s3_storage.endpoint_url
        assert "X-Amz-Signature" in parse_qs(parts.query) or "Signature" in parse_qs(
            parts.query
        )
    token = url.split("/")[2]
    name = post.photo.image.name
    assert visitor.get(reverse("shared_media", args=[token, name])).status_code == 404


# The admin.


def test_the_admin_lists_the_links_of_the_posts_one_manages_without_their_secret(
    client, post, creator, other_creator
):
    link, _url = link_to(post)
    others, _url = link_to(make_blog(other_creator, title="Bob's post"))
    creator.is_staff = True
    creator.save()
    client.force_login(creator)

    listing = client.get(reverse("admin:blog_sharelink_changelist"))
    page = client.get(reverse("admin:blog_sharelink_change", args=[link.pk]))
    refused = client.get(reverse("admin:blog_sharelink_change", args=[others.pk]))

    assert listing.status_code == 200
    assert "Sea and salt" in listing.text
    assert "Bob&#x27;s post" not in listing.text
    assert page.status_code == 200
    assert link.token_hash not in page.text
    assert 'name="token_hash"' not in page.text
    assert 'name="password"' not in page.text
    assert refused.status_code == 302  # the admin's "not found" goes to its index


def test_the_admin_revokes_the_selected_links(client, post, creator):
    link, url = link_to(post)
    creator.is_staff = True
    creator.save()
    client.force_login(creator)

    client.post(
        reverse("admin:blog_sharelink_changelist"),
        {"action": "revoke", "_selected_action": [str(link.pk)]},
    )

    link.refresh_from_db()
    assert link.revoked_at is not None
    assert FormClient().get(url).status_code == 404


def test_passwords_tried_past_the_hourly_limit_get_the_slow_down_page(
    visitor, post, settings
):
    settings.FOTOBLOG_RATE_LIMITS = {
        **settings.FOTOBLOG_RATE_LIMITS,
        "share_password": 2,
    }
    link, url = link_to(post, password="seagull")
    for guess in ("pelican", "gannet"):
        assert visitor.post(url, {"password": guess}).status_code == 200

    response = visitor.post(url, {"password": "seagull"})

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Three days" not in response.text
    assert opens(link) == (0, None)
