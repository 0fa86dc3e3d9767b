"""blog_publish: the owner publishes a draft or takes a blog back to draft."""

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog.models import Blog
from testsupport.actors import (
    log_in_as,
)
from testsupport.factories import ago, make_blog
from testsupport.pages import feed

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(creator, coauthor):
    """A draft owned by alice (the creator), co-written by dana."""
    return make_blog(creator, coauthor, title="Winter notes", is_published=False)


@pytest.fixture
def published(creator, coauthor):
    return make_blog(creator, coauthor, title="Summer notes")


def url(blog_id: int) -> str:
    return reverse("blog_publish", args=[blog_id])


def is_published(blog: Blog) -> bool:
    return Blog.objects.get(pk=blog.pk).is_published


def in_home_feed(client, blog: Blog) -> bool:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return f'href="{blog.get_absolute_url()}"' in response.text


def test_it_lets_the_owner_publish_a_draft(client, draft, creator):
    client.force_login(creator)
    response = client.post(url(draft.pk), {"publish": "1"})

    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    assert is_published(draft)
    page = client.get(response["Location"])
    assert "“Winter notes” is published." in page.text
    assert "Draft: only its authors see it." not in page.text


def test_it_lets_the_owner_take_a_blog_back_to_draft(client, published, creator):
    client.force_login(creator)
    response = client.post(url(published.pk), {"publish": "0"})

    assert response.status_code == 302
    assert not is_published(published)
    page = client.get(response["Location"])
    assert "“Summer notes” is back to draft." in page.text
    assert "Draft: only its authors see it." in page.text


def test_it_lets_a_superuser_publish(client, draft, superuser):
    client.force_login(superuser)
    assert client.post(url(draft.pk), {"publish": "1"}).status_code == 302
    assert is_published(draft)


def test_it_keeps_a_draft_out_of_every_feed_until_it_is_published(
    client, draft, creator, coauthor, subscriber
):
    subscriber.follows.add(creator)
    for reader in (subscriber, coauthor, creator):
        client.force_login(reader)
        assert not in_home_feed(client, draft)

    client.force_login(creator)
    client.post(url(draft.pk), {"publish": "1"})

    for reader in (subscriber, coauthor, creator):
        client.force_login(reader)
        assert in_home_feed(client, draft)


def test_it_takes_an_unpublished_blog_out_of_a_followers_feed(
    client, published, creator, subscriber
):
    subscriber.follows.add(creator)
    client.force_login(creator)
    client.post(url(published.pk), {"publish": "0"})

    client.force_login(subscriber)
    assert not in_home_feed(client, published)
    assert client.get(published.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("actor", ["creator", "coauthor"])
def test_it_shows_contributors_their_draft_in_my_blogs_and_on_its_page(
    client, draft, actor, request
):
    log_in_as(client, request, actor)
    mine = client.get(reverse("my_blogs"))
    assert f'href="{draft.get_absolute_url()}"' in mine.text
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200
    assert "Draft: only its authors see it." in page.text


def shown_dates(page: str) -> list[datetime]:
    """The dates of a page's bylines, in order."""
    return [
        datetime.fromisoformat(d) for d in re.findall(r'<time datetime="([^"]+)"', page)
    ]


def atom_entries(client, reader) -> list[tuple[str, datetime, datetime]]:
    """The reader's home Atom feed: each entry's title, published and updated."""
    atom = "{http://www.w3.org/2005/Atom}"
    path = reverse("home_atom", args=[reader.renew_feed_token()])
    root = ET.fromstring(Client().get(path).content)
    return [
        (
            entry.findtext(f"{atom}title"),
            datetime.fromisoformat(entry.findtext(f"{atom}published")),
            datetime.fromisoformat(entry.findtext(f"{atom}updated")),
        )
        for entry in root.findall(f"{atom}entry")
    ]


def test_publishing_an_old_draft_puts_it_first_in_a_followers_feeds_dated_now(
    client, creator, subscriber
):
    subscriber.follows.add(creator)
    draft = make_blog(
        creator, title="Old draft", is_published=False, date_created=ago(days=30)
    )
    for number in range(1, 8):
        make_blog(creator, title=f"Post {number}", date_created=ago(days=number))
    client.force_login(creator)
    client.post(url(draft.pk), {"publish": "1"})
    a_minute_ago = timezone.now() - timedelta(minutes=1)

    client.force_login(subscriber)
    home = client.get(reverse("home"))
    assert feed(home)[:2] == ["blog:Old draft", "blog:Post 1"]
    assert shown_dates(home.text)[0] > a_minute_ago
    assert shown_dates(client.get(draft.get_absolute_url()).text)[0] > a_minute_ago

    title, published, updated = atom_entries(client, subscriber)[0]
    assert title == "Old draft"
    assert published == updated
    assert published > a_minute_ago


def test_publishing_again_keeps_the_first_publication_date(client, creator, subscriber):
    subscriber.follows.add(creator)
    blog = make_blog(creator, title="Corrected", date_created=ago(days=3))
    make_blog(creator, title="Newer", date_created=ago(days=1))
    client.force_login(creator)
    client.post(url(blog.pk), {"publish": "0"})
    client.post(url(blog.pk), {"publish": "1"})

    client.force_login(subscriber)
    home = client.get(reverse("home"))
    assert feed(home) == ["blog:Newer", "blog:Corrected"]
    assert shown_dates(home.text)[1] == blog.date_created


def test_a_draft_shows_its_creation_date_labelled_as_a_draft(client, creator):
    draft = make_blog(
        creator, title="Not yet", is_published=False, date_created=ago(days=30)
    )
    client.force_login(creator)

    for page in (reverse("my_blogs"), draft.get_absolute_url()):
        text = client.get(page).text
        assert shown_dates(text) == [draft.date_created]
        assert "Draft" in text or ">draft<" in text
