"""A post's page reads what the rules would answer from their twins (blog/facts.py)."""

import pytest
from django.urls import reverse

from blog.facts import POST_FACTS, post_facts
from blog.models import Blog, GalleryPhoto, Photo
from testsupport.factories import make_blog, make_photo

pytestmark = pytest.mark.django_db
RULES = {
    "view": "blog.view_blog",
    "change": "blog.change_blog",
    "delete": "blog.delete_blog",
    "manage": "blog.manage_blog",
    "star": "blog.star_blog",
    "hide": "blog.hide_blog",
}


def test_each_fact_of_each_post_is_what_the_rules_answer(world):
    answers = set()
    for reader in world:
        for post in Blog.objects.select_related("photo"):
            facts = post_facts(reader, post.pk)
            for name, rule in RULES.items():
                assert facts[name] is reader.has_perm(rule, post), (reader, name)
                answers.add((name, facts[name]))
            if post.photo:
                shown = reader.has_perm("blog.view_photo", post.photo)
                assert facts["cover_shown"] is shown, (reader, post)
                answers.add(("cover_shown", shown))

    assert len(answers) == 2 * len(POST_FACTS)  # each fact both true and false


def test_a_key_no_database_holds_is_a_page_not_found(client, subscriber):
    client.force_login(subscriber)
    response = client.get(reverse("view_blog", args=[2**70]))
    assert response.status_code == 404


def test_the_gallery_shows_the_photos_the_reader_may_view(client, creator, subscriber):
    post = make_blog(creator, title="Harbour", photo=make_photo(creator, "Cover"))
    shown, hidden = make_photo(creator, "Boats"), make_photo(creator, "Nets")
    for position, photo in enumerate([shown, hidden]):
        GalleryPhoto.objects.create(blog=post, photo=photo, position=position)
    Photo.objects.filter(pk=hidden.pk).update(is_hidden=True)

    client.force_login(subscriber)
    text = client.get(post.get_absolute_url()).text

    assert shown.image.url in text
    assert hidden.image.url not in text
    assert post.photo.image.url in text
