"""Posting, editing, following and blocking through the API: what the site's forms
do, with their messages; refused or bad input changes nothing, in the database or
the storage."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from authentication.models import Block, FollowRequest, UserFollows
from blog.models import Blog, BlogContributor, Photo
from testsupport.factories import image_bytes, image_upload, make_blog, make_photo
from testsupport.storage import stored_files, waiting_uploads

pytestmark = pytest.mark.django_db


def wide_picture(name: str) -> SimpleUploadedFile:
    """A picture wide enough for smaller renditions."""
    return SimpleUploadedFile(name, image_bytes(size=(900, 600)), "image/jpeg")


def test_photos_uploaded_together_are_prepared_and_answer_their_files(
    creator, api_as, photo_worker
):
    api = api_as(creator)
    with photo_worker():
        response = api.post(
            "/api/v1/photos/",
            {
                "images": [wide_picture("a.jpg"), wide_picture("b.jpg")],
                "captions": ["Harbour", "Gull"],
                "visibility": "public",
            },
            multipart=True,
        )
    assert response.status_code == 201
    assert [photo["caption"] for photo in response.json()] == ["Harbour", "Gull"]
    assert {photo["status"] for photo in response.json()} == {"processing"}
    assert {photo["original"] for photo in response.json()} == {None}
    detail = api.get(response.json()[0]["api_url"]).json()
    assert detail["status"] == "ready" and detail["visibility"] == "public"
    assert detail["original"].startswith("http://testserver/media/photos/")
    assert detail["renditions"] and all(r["width"] for r in detail["renditions"])
    assert api.get(detail["original"]).status_code == 200


def test_a_post_made_with_photos_is_a_draft_until_published(
    creator, other_creator, api_as, photo_worker
):
    api = api_as(creator)
    with photo_worker():
        response = api.post(
            "/api/v1/posts/",
            {
                "images": [image_upload("cover.jpg"), image_upload("more.jpg")],
                "title": "Low tide",
                "content": "Mud and light.",
            },
            multipart=True,
        )
    assert response.status_code == 201, response.content
    post = response.json()
    assert post["title"] == "Low tide" and post["is_published"] is False
    assert post["cover"]["id"] and len(post["gallery"]) == 1
    assert post["may"] == {
        "change": True,
        "delete": True,
        "manage": True,
        "star": False,
        "hide": False,
    }
    reader = api_as(other_creator)
    assert reader.get(post["api_url"]).status_code == 404
    response = api.post(f"{post['api_url']}publish/", {"published": True})
    assert response.json()["is_published"] is True
    assert reader.get(post["api_url"]).status_code == 200


@pytest.mark.parametrize(
    ("files", "field"),
    [
        (
            {"images": [SimpleUploadedFile("x.jpg", b"not a picture", "image/jpeg")]},
            "images",
        ),
        ({}, "images"),
    ],
)
def test_bad_uploads_are_refused_with_their_message_and_keep_nothing(
    creator, api_as, files, field
):
    api = api_as(creator)
    before = stored_files()
    for url in ("/api/v1/photos/", "/api/v1/posts/"):
        response = api.post(
            url, {"title": "T", "content": "C", **files}, multipart=True
        )
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "invalid" and error["fields"][field]
    assert not Photo.objects.exists() and not Blog.objects.exists()
    assert stored_files() == before and not waiting_uploads()


def test_a_post_without_a_title_is_refused_and_keeps_no_photo(creator, api_as):
    response = api_as(creator).post(
        "/api/v1/posts/", {"images": [image_upload()], "content": "C"}, multipart=True
    )
    assert response.status_code == 400
    assert "title" in response.json()["error"]["fields"]
    assert not Photo.objects.exists() and not waiting_uploads()


def test_subscribers_may_not_post(subscriber, api_as):
    response = api_as(subscriber).post(
        "/api/v1/photos/", {"images": [image_upload()]}, multipart=True
    )
    assert response.status_code == 403
    assert not Photo.objects.exists()


def test_a_title_only_its_owner_changes_the_text_its_authors(creator, coauthor, api_as):
    blog = make_blog(creator, coauthor, title="Ours")
    response = api_as(coauthor).patch(f"/api/v1/posts/{blog.pk}/", {"title": "Mine"})
    assert response.status_code == 403
    response = api_as(coauthor).patch(f"/api/v1/posts/{blog.pk}/", {"content": "New"})
    assert response.status_code == 200 and response.json()["content"] == "New"
    response = api_as(creator).patch(f"/api/v1/posts/{blog.pk}/", {"title": ""})
    assert response.status_code == 400 and "title" in response.json()["error"]["fields"]
    blog.refresh_from_db()
    assert (blog.title, blog.content) == ("Ours", "New")


def test_a_caption_and_a_photos_audience(creator, api_as):
    photo = make_photo(creator, "Old")
    api = api_as(creator)
    response = api.patch(f"/api/v1/photos/{photo.pk}/", {"caption": "New"})
    assert response.json()["caption"] == "New"
    response = api.post(f"/api/v1/photos/{photo.pk}/visibility/", {"visibility": "x"})
    assert response.status_code == 400
    response = api.post(
        f"/api/v1/photos/{photo.pk}/visibility/", {"visibility": "followers"}
    )
    assert response.json()["visibility"] == "followers"


def test_deleting_a_photo_removes_its_files(
    creator, api_as, django_capture_on_commit_callbacks
):
    photo = make_photo(creator, "Gone")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(creator).delete(f"/api/v1/photos/{photo.pk}/")
    assert response.status_code == 204
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert not [name for name in stored_files() if photo.image.name in name]
    assert AuditEvent.objects.filter(action="photo_delete").exists()


def test_following_a_creator_and_a_private_ones_request(
    subscriber, creator, other_creator, api_as
):
    api = api_as(subscriber)
    response = api.post("/api/v1/creators/alice/follow/", {"follow": True})
    assert response.json() == {
        "username": "alice",
        "is_followed": True,
        "is_requested": False,
    }
    other_creator.is_private = True
    other_creator.save()
    response = api.post("/api/v1/creators/bob/follow/", {"follow": True})
    assert response.json()["is_requested"] is True
    requests = api_as(other_creator).get("/api/v1/follow-requests/").json()
    assert [r["username"] for r in requests] == ["charlie"]
    response = api_as(other_creator).post(
        f"/api/v1/follow-requests/{requests[0]['id']}/", {"approve": True}
    )
    assert response.json()["status"] == "approved"
    again = api_as(other_creator).post(
        f"/api/v1/follow-requests/{requests[0]['id']}/", {"approve": False}
    )
    assert again.status_code == 400
    assert again.json()["error"]["fields"]["approve"] == [
        "This request was already decided."
    ]
    assert UserFollows.objects.filter(user=subscriber, followed=other_creator).exists()
    assert (
        api.post("/api/v1/creators/alice/follow/", {"follow": "maybe"}).status_code
        == 400
    )
    response = api.post("/api/v1/creators/alice/follow/", {"follow": False})
    assert response.json()["is_followed"] is False
    assert (
        api.post("/api/v1/creators/charlie/follow/", {"follow": True}).status_code
        == 404
    )


def test_a_block_ends_follows_and_hides_the_blockers_posts(subscriber, creator, api_as):
    blog = make_blog(creator, title="Not for charlie")
    subscriber.follows.add(creator)
    response = api_as(creator).post("/api/v1/members/charlie/block/", {"block": True})
    assert response.json() == {"username": "charlie", "is_blocked": True}
    assert Block.objects.filter(blocker=creator, blocked=subscriber).exists()
    assert not subscriber.follows.exists()
    reader = api_as(subscriber)
    assert reader.get(f"/api/v1/posts/{blog.pk}/").status_code == 404
    assert reader.get("/api/v1/creators/alice/").status_code == 404
    api_as(creator).post("/api/v1/members/charlie/block/", {"block": False})
    assert reader.get(f"/api/v1/posts/{blog.pk}/").status_code == 200
    assert not FollowRequest.objects.exists()


def test_co_authors_are_chosen_by_the_owner(creator, coauthor, other_creator, api_as):
    blog = make_blog(creator, title="Ours")
    api = api_as(creator)
    url = f"/api/v1/posts/{blog.pk}/coauthors/"
    response = api.post(url, {"username": "dana", "contribution": "Words"})
    assert response.status_code == 201, response.content
    added = response.json()
    response = api.post(url, {"username": "nobody"})
    assert (
        response.status_code == 400 and response.json()["error"]["fields"]["username"]
    )
    assert api_as(coauthor).get(url).status_code == 403
    authors = api.get(f"/api/v1/posts/{blog.pk}/").json()["authors"]
    assert [a["username"] for a in authors] == ["alice", "dana"]
    owner_row = BlogContributor.objects.get(blog=blog, contributor=creator)
    assert api.delete(f"{url}{owner_row.pk}/").status_code == 400
    assert api.delete(f"{url}{added['id']}/").status_code == 204
    assert list(blog.contributors.values_list("username", flat=True)) == ["alice"]


def test_feed_links_are_for_the_sites_scripts_never_for_a_token(
    creator, api_as, client
):
    token = creator.renew_feed_token()
    response = api_as(creator).get("/api/v1/me/feeds/")
    assert response.status_code == 403
    assert token not in response.content.decode()
    client.force_login(creator)
    links = client.get("/api/v1/me/feeds/").json()
    assert links["home"] == f"http://testserver/feeds/{token}/home.atom"
    assert links["creators"].endswith(f"/feeds/{token}/creators/{{username}}.atom")
    creator.revoke_feed_token()
    assert client.get("/api/v1/me/feeds/").json() == {"home": None, "creators": None}


def test_a_patch_changes_only_what_it_sends(creator, api_as):
    photo = make_photo(creator, "Harbour at noon")
    blog = make_blog(creator, title="Ours", content="Words")
    api = api_as(creator)
    assert api.patch(f"/api/v1/photos/{photo.pk}/", {}).json()["caption"] == (
        "Harbour at noon"
    )
    assert api.patch(f"/api/v1/posts/{blog.pk}/", {"content": "New"}).json()[
        "title"
    ] == ("Ours")


@pytest.mark.parametrize("body", [[1, 2], '"text"', "not json", {"title": {"a": [1]}}])
def test_a_body_that_is_not_an_object_of_plain_values_changes_nothing(
    creator, api_as, body
):
    blog = make_blog(creator, title="Ours")
    response = api_as(creator).patch(f"/api/v1/posts/{blog.pk}/", body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] in ("invalid", "parse_error")
    blog.refresh_from_db()
    assert blog.title == "Ours"


def test_blocks_and_answers_to_requests_count_towards_the_follow_limit(
    subscriber, creator, api_as, settings
):
    settings.FOTOBLOG_RATE_LIMITS = {**settings.FOTOBLOG_RATE_LIMITS, "follow": 2}
    api = api_as(subscriber)
    answers = [
        api.post("/api/v1/members/alice/block/", {"block": n % 2 == 0}).status_code
        for n in range(3)
    ]
    assert answers == [200, 200, 429]
    assert Block.objects.filter(blocker=subscriber).exists() is False
