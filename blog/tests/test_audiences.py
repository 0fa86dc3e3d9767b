"""Who sees a post or a photo: chosen when publishing, changed at any time, and
applied at once on every surface — feeds, "Load more", creator pages, Atom, files."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from authentication.services import block
from blog.models import Blog, Photo, Visibility
from testsupport.factories import ago, image_upload, make_blog, make_photo, make_user

pytestmark = pytest.mark.django_db
MEDIA = re.compile(r'src="(/media/[^"]+)"')


def post_with_photo(owner, visibility=Visibility.MEMBERS, title="Harbour at dawn"):
    blog = make_blog(owner, title=title, photo=make_photo(owner, "Dawn"))
    Blog.objects.filter(pk=blog.pk).update(visibility=visibility)
    blog.refresh_from_db()
    return blog


def media_of(client, blog) -> str:
    """The photo file the post's page shows."""
    found = MEDIA.search(client.get(blog.get_absolute_url()).text)
    assert found, "the post's page shows its photo"
    return found[1]


def choose(client, blog, visibility) -> object:
    return client.post(
        reverse("blog_visibility", args=[blog.pk]), {"visibility": visibility}
    )


def test_a_post_is_published_for_the_audience_chosen_on_the_create_page(
    client, creator, photo_worker
):
    client.force_login(creator)
    page = client.get(reverse("blog_and_photo_upload")).text
    for visibility in Visibility:
        assert f'value="{visibility.value}"' in page
    assert "Only you and your co-authors." in page
    response = client.post(
        reverse("blog_and_photo_upload"),
        {
            "title": "Night market",
            "content": "Lanterns.",
            "is_published": "on",
            "visibility": "followers",
            "image": image_upload(),
        },
    )
    blog = Blog.objects.get(title="Night market")
    assert response.status_code == 302
    assert blog.visibility == Visibility.FOLLOWERS
    page = client.get(blog.get_absolute_url()).text
    assert "Who can see it:" in page
    assert "The followers of alice, and its authors." in page


def test_photos_posted_on_their_own_take_the_audience_chosen_on_upload(
    client, creator, photo_worker
):
    client.force_login(creator)
    client.post(
        reverse("photo_upload"),
        {"image": image_upload(), "caption": "Alone", "visibility": "private"},
    )
    client.post(
        reverse("create_multiple_photos"),
        {"images": [image_upload(), image_upload()], "visibility": "public"},
    )
    assert Photo.objects.get(caption="Alone").visibility == Visibility.PRIVATE
    assert (
        list(
            Photo.objects.exclude(caption="Alone").values_list("visibility", flat=True)
        )
        == [Visibility.PUBLIC] * 2
    )


def test_a_post_made_followers_only_leaves_a_member_who_does_not_follow_at_once(
    client, creator, subscriber, other_creator
):
    other_creator.follows.add(creator)  # bob follows alice; charlie does not
    blog = post_with_photo(creator)
    blog.starred = True  # starred: in everyone's home feed
    blog.save()
    reader = Client()
    reader.force_login(subscriber)
    follower = Client()
    follower.force_login(other_creator)
    photo_file = media_of(reader, blog)
    for person in (reader, follower):
        assert "Harbour at dawn" in person.get(reverse("home")).text
    client.force_login(creator)
    response = choose(client, blog, "followers")
    assert response.status_code == 302
    assert Blog.objects.get(pk=blog.pk).visibility == Visibility.FOLLOWERS
    assert "Harbour at dawn" not in reader.get(reverse("home")).text
    assert (
        "Harbour at dawn"
        not in reader.get(reverse("creator_detail", args=["alice"])).text
    )
    assert "Dawn" not in reader.get(reverse("photo_feed")).text
    assert reader.get(blog.get_absolute_url()).status_code == 404
    assert reader.get(photo_file).status_code == 404
    assert "Harbour at dawn" in follower.get(reverse("home")).text
    assert follower.get(photo_file).status_code == 200
    change = AuditEvent.objects.get(action=AuditEvent.Action.VISIBILITY_CHANGE)
    assert change.actor == creator
    assert change.detail == {"from": "members", "to": "followers"}


def test_a_post_made_private_leaves_the_next_load_more_page_too(
    client, settings, creator, subscriber
):
    settings.FOTOBLOG_FEED_PAGE_SIZE = 2
    subscriber.follows.add(creator)
    for number in range(4):
        make_blog(creator, title=f"Post {number}", date_created=ago(10 - number))
    reader = Client()
    reader.force_login(subscriber)
    first = reader.get(reverse("home")).text
    more = re.search(r'hx-get="([^"]*after=[^"]+)"', first)
    assert more, "the first page offers more"
    client.force_login(creator)
    choose(client, Blog.objects.get(title="Post 0"), "private")
    later = reader.get(more[1].replace("&amp;", "&"), HTTP_HX_REQUEST="true").text
    assert "Post 1" in later
    assert "Post 0" not in later


def test_only_the_owner_chooses_who_sees_a_post(client, creator, coauthor, subscriber):
    blog = make_blog(creator, coauthor, title="Two hands")
    for person, status in ((coauthor, 403), (subscriber, 403)):
        client.force_login(person)
        assert choose(client, blog, "private").status_code == status
    draft = make_blog(creator, title="Unseen", is_published=False)
    client.force_login(subscriber)
    assert choose(client, draft, "private").status_code == 404
    assert set(Blog.objects.values_list("visibility", flat=True)) == {"members"}
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VISIBILITY_CHANGE)


def test_an_unknown_audience_is_refused_with_a_message_and_changes_nothing(
    client, settings, creator
):
    blog = make_blog(creator)
    client.force_login(creator)
    response = choose(client, blog, "everyone")
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    settings.FOTOBLOG_PUBLIC_POSTING = False
    response = choose(client, blog, "public")
    assert response.status_code == 400
    assert 'value="public"' not in response.text
    assert Blog.objects.get(pk=blog.pk).visibility == Visibility.MEMBERS


def test_a_visitor_sees_a_public_post_and_its_photo_and_is_asked_to_log_in_for_the_rest(
    creator,
):
    public = post_with_photo(creator, Visibility.PUBLIC)
    members = post_with_photo(creator, title="For members")
    visitor = Client()
    page = visitor.get(public.get_absolute_url())
    assert page.status_code == 200
    assert "Harbour at dawn" in page.text
    assert "Anyone, even visitors who are not logged in." in page.text
    assert visitor.get(MEDIA.search(page.text)[1]).status_code == 200
    member = Client()
    member.force_login(creator)
    for url in (
        members.get_absolute_url(),
        media_of(member, members),
        reverse("view_blog", args=[9999]),
        reverse("home"),
    ):
        response = visitor.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_a_creator_page_shows_a_visitor_only_the_public_posts(creator):
    post_with_photo(creator, Visibility.PUBLIC, title="Open sea")
    post_with_photo(creator, Visibility.MEMBERS, title="Closed room")
    page = Client().get(reverse("creator_detail", args=["alice"]) + "?tab=posts")
    assert page.status_code == 200
    assert "Open sea" in page.text
    assert "Closed room" not in page.text


def test_a_public_atom_feed_lists_only_public_posts_and_the_creator_page_announces_it(
    settings, creator
):
    post_with_photo(creator, Visibility.PUBLIC, title="Open sea")
    post_with_photo(creator, Visibility.FOLLOWERS, title="Inner circle")
    feed = reverse("creator_public_atom", args=["alice"])
    page = Client().get(reverse("creator_detail", args=["alice"])).text
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert f'href="{feed}"' in page
    response = Client().get(feed)
    assert response.status_code == 200
    assert "Open sea" in response.text
    assert "Inner circle" not in response.text
    settings.FOTOBLOG_PUBLIC_POSTING = False
    assert Client().get(feed).status_code == 404
    page = Client().get(reverse("creator_detail", args=["alice"])).text
    assert "application/atom+xml" not in page


def test_with_public_posting_off_a_public_post_is_for_members_only(settings, creator):
    blog = post_with_photo(creator, Visibility.PUBLIC)
    settings.FOTOBLOG_PUBLIC_POSTING = False
    assert Client().get(blog.get_absolute_url()).status_code == 302
    member = Client()
    member.force_login(make_user("sam"))
    page = member.get(blog.get_absolute_url()).text
    assert "Every member of this site." in page


def test_only_public_pages_may_be_indexed(settings, creator):
    public = make_blog(creator, title="Open")
    Blog.objects.filter(pk=public.pk).update(visibility=Visibility.PUBLIC)
    members = make_blog(creator, title="Closed")
    member = Client()
    member.force_login(creator)
    open_page = member.get(public.get_absolute_url())
    assert "X-Robots-Tag" not in open_page
    assert 'name="robots"' not in open_page.text
    for url in (members.get_absolute_url(), reverse("home"), reverse("login")):
        response = member.get(url) if url != reverse("login") else Client().get(url)
        assert response["X-Robots-Tag"] == "noindex", url
        assert '<meta name="robots" content="noindex">' in response.text, url
    settings.FOTOBLOG_SEARCH_INDEXING = False
    assert member.get(public.get_absolute_url())["X-Robots-Tag"] == "noindex"


def test_a_photo_on_its_own_has_its_own_audience_and_a_posts_photo_follows_it(
    client, creator, subscriber
):
    alone = make_photo(creator, "On its own")
    blog = post_with_photo(creator)
    client.force_login(creator)
    response = client.post(
        reverse("photo_visibility", args=[alone.pk]), {"visibility": "private"}
    )
    assert response.status_code == 302
    assert Photo.objects.get(pk=alone.pk).visibility == Visibility.PRIVATE
    response = client.post(
        reverse("photo_visibility", args=[blog.photo.pk]),
        {"visibility": "private"},
        follow=True,
    )
    assert "choose who sees the posts instead" in response.text
    assert Photo.objects.get(pk=blog.photo.pk).visibility == Visibility.MEMBERS
    reader = Client()
    reader.force_login(subscriber)
    subscriber.follows.add(creator)
    assert "On its own" not in reader.get(reverse("photo_feed")).text


def test_a_private_accounts_new_posts_and_photos_are_for_its_followers_unless_chosen(
    client, creator, photo_worker
):
    creator.is_private = True
    creator.save()
    client.force_login(creator)
    page = client.get(reverse("blog_and_photo_upload")).text
    assert re.search(r'value="followers"[^>]*checked', page)
    client.post(
        reverse("blog_and_photo_upload"),
        {"title": "Quiet", "content": "Words.", "image": image_upload()},
    )
    client.post(reverse("photo_upload"), {"image": image_upload(), "caption": "Mine"})
    assert Blog.objects.get(title="Quiet").visibility == Visibility.FOLLOWERS
    assert Photo.objects.get(caption="Mine").visibility == Visibility.FOLLOWERS


def test_a_public_feed_keeps_from_a_member_what_someone_who_blocked_them_wrote(
    creator, coauthor, subscriber
):
    shared = make_blog(creator, coauthor, title="Two cameras")
    Blog.objects.filter(pk=shared.pk).update(visibility=Visibility.PUBLIC)
    block(blocker=coauthor, blocked=subscriber)
    reader = Client()
    reader.force_login(subscriber)
    feed = reverse("creator_public_atom", args=["alice"])

    assert "Two cameras" in Client().get(feed).text
    response = reader.get(feed)
    assert response.status_code == 200
    assert "Two cameras" not in response.text
    block(blocker=creator, blocked=subscriber)
    assert reader.get(feed).status_code == 404


def test_a_public_feed_lists_its_readers_own_post_even_if_a_coauthor_blocked_them(
    creator, coauthor
):
    shared = make_blog(coauthor, creator, title="Written together")
    Blog.objects.filter(pk=shared.pk).update(visibility=Visibility.PUBLIC)
    block(blocker=coauthor, blocked=creator)
    author = Client()
    author.force_login(creator)

    response = author.get(reverse("creator_public_atom", args=["alice"]))

    assert "Written together" in response.text  # authors always see their posts


def test_a_card_names_its_audience_unless_it_is_every_member(client, creator, settings):
    for title, visibility in (
        ("Open", "public"),
        ("Inner", "followers"),
        ("All", "members"),
    ):
        blog = make_blog(creator, title=title)
        Blog.objects.filter(pk=blog.pk).update(visibility=visibility)
    client.force_login(creator)

    badges = dict(
        re.findall(
            r'<h2><a [^>]*>([^<]+)</a></h2>\s*<p class="byline">.*?'
            r'(?:<span class="badge badge-quiet audience-badge">([^<]+)</span>)?</p>',
            client.get(reverse("creator_detail", args=["alice"])).text,
            re.S,
        )
    )
    assert badges == {"Open": "Public", "Inner": "Followers", "All": ""}
    settings.FOTOBLOG_PUBLIC_POSTING = False
    assert 'audience-badge">Public' not in client.get(reverse("home")).text


def test_a_visitor_sent_to_log_in_is_told_why(creator):
    blog = make_blog(creator, title="For members")

    response = Client().get(blog.get_absolute_url(), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "Log in to see that page." in response.text
    assert "Log in to see that page." not in Client().get(reverse("login")).text
