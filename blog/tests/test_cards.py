"""Cards kept by their content (blog/cards.py): the next request shows every change."""

import pytest
from django.urls import reverse

from blog import cards
from blog.models import Blog, Photo
from testsupport.factories import ago, make_blog, make_photo

pytestmark = pytest.mark.django_db
HOME, PHOTOS = reverse("home"), reverse("photo_feed")


@pytest.fixture
def post(creator, coauthor, subscriber):
    """A post by creator and coauthor with a cover, followed by the subscriber."""
    subscriber.follows.add(creator)
    photo = make_photo(creator, "Harbour at dawn")
    return make_blog(creator, coauthor, title="Harbour", photo=photo)


@pytest.fixture
def reader(client, subscriber, post):
    client.force_login(subscriber)
    client.get(HOME)  # the cards of the page are kept now
    return subscriber


def test_an_authors_new_name_shows_on_the_next_request(client, reader, coauthor):
    coauthor.first_name, coauthor.last_name = "Ada", "Lovelace"
    coauthor.save()

    assert "Ada Lovelace" in client.get(HOME).text


def test_a_new_title_and_caption_show_on_the_next_request(client, reader, post):
    Blog.objects.filter(pk=post.pk).update(title="Harbour at noon")
    Photo.objects.filter(pk=post.photo_id).update(caption="Noon light")
    Photo.objects.filter(pk=post.photo_id, alt="").update(alt="Boats at noon")

    text = client.get(HOME).text

    assert "Harbour at noon" in text
    assert 'alt="Boats at noon"' in text


def test_a_cover_hidden_by_a_moderator_leaves_the_card_on_the_next_request(
    client, reader, post
):
    picture = post.photo.image.url
    assert picture in client.get(HOME).text

    Photo.objects.filter(pk=post.photo_id).update(is_hidden=True)
    text = client.get(HOME).text

    assert "Harbour" in text
    assert picture not in text


def test_readers_who_may_and_may_not_see_a_cover_each_get_their_own_card(
    client, reader, post, moderator
):
    Photo.objects.filter(pk=post.photo_id).update(is_hidden=True)
    moderator.follows.add(post.owner)
    picture = post.photo.image.url

    client.force_login(moderator)
    assert picture in client.get(HOME).text
    client.force_login(reader)
    assert picture not in client.get(HOME).text


def test_cards_follow_the_readers_language(client, reader, post):
    Blog.objects.filter(pk=post.pk).update(date_published=ago(3 * 24 * 60))

    for language, said in [("fr", "il y a 3\xa0jours"), ("en", "3\xa0days ago")]:
        client.cookies["django_language"] = language
        byline = client.get(HOME).text.split('class="byline"')[1]
        assert said in byline.split("</time>")[0], language


def test_a_card_is_kept_once_for_all_its_readers(client, post, subscriber, moderator):
    cards.forget_cards()
    for reader in (subscriber, moderator):
        reader.follows.add(post.owner)
        client.force_login(reader)
        assert post.photo.image.url in client.get(PHOTOS).text

    assert len(cards._cards) == 1  # one photo, one card for both
