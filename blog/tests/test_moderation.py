"""blog_star, blog_hide, photo_hide: moderators star blogs and hide blogs or photos;
every action is recorded, and the record is read-only in the admin."""

import re

import pytest
from django.urls import reverse

from audit.models import ModerationRecord
from testsupport.actors import (
    log_in_as,
)
from testsupport.factories import make_blog, make_photo

pytestmark = pytest.mark.django_db
OTHERS = ["creator", "coauthor", "other_creator", "subscriber"]


@pytest.fixture
def blog(creator, coauthor):
    return make_blog(creator, coauthor, title="Harbour at noon")


@pytest.fixture
def photo(creator):
    return make_photo(creator, "Low tide")


def records() -> list[tuple]:
    return list(
        ModerationRecord.objects.order_by("pk").values_list(
            "action", "actor__username", "target_type", "target_id", "target_label"
        )
    )


# Each switch: its URL name, the target fixture, the flag it sets, and the actions
# it records for on=1 and on=0.
SWITCHES = {
    "blog_star": ("blog", "starred", ("blog_star", "blog_unstar")),
    "blog_hide": ("blog", "is_hidden", ("blog_hide", "blog_show")),
    "photo_hide": ("photo", "is_hidden", ("photo_hide", "photo_show")),
}


@pytest.fixture(params=SWITCHES)
def switch(request):
    """(url of the switch, its target, the flag it sets, the actions it records)."""
    name = request.param
    target_name, flag, actions = SWITCHES[name]
    target = request.getfixturevalue(target_name)
    return reverse(name, args=[target.pk]), target, flag, actions


@pytest.mark.parametrize("actor", ["moderator", "superuser"])
def test_it_lets_a_moderator_switch_the_flag_on_and_off_and_records_both(
    client, switch, actor, request
):
    url, target, flag, (on_action, off_action) = switch
    user = log_in_as(client, request, actor)
    label = str(target)

    response = client.post(url, {"on": "1"})
    assert response.status_code == 302
    assert getattr(type(target).objects.get(pk=target.pk), flag) is True

    client.post(url, {"on": "0"})
    assert getattr(type(target).objects.get(pk=target.pk), flag) is False
    kind, pk = target._meta.label_lower, str(target.pk)
    assert records() == [
        (on_action, user.username, kind, pk, label),
        (off_action, user.username, kind, pk, label),
    ]


def test_it_tells_the_moderator_what_changed(client, blog, photo, moderator):
    client.force_login(moderator)
    star = client.post(reverse("blog_star", args=[blog.pk]), {"on": "1"})
    assert star["Location"] == blog.get_absolute_url()
    assert "“Harbour at noon” is starred." in client.get(star["Location"]).text
    unstar = client.post(reverse("blog_star", args=[blog.pk]), {"on": "0"})
    assert (
        "“Harbour at noon” is no longer starred." in client.get(unstar["Location"]).text
    )
    hide = client.post(reverse("blog_hide", args=[blog.pk]), {"on": "1"})
    assert "“Harbour at noon” is hidden." in client.get(hide["Location"]).text
    show = client.post(reverse("blog_hide", args=[blog.pk]), {"on": "0"})
    assert "“Harbour at noon” is shown again." in client.get(show["Location"]).text
    hide = client.post(reverse("photo_hide", args=[photo.pk]), {"on": "1"})
    assert hide["Location"] == reverse("photo_feed")
    assert "The photo is hidden." in client.get(hide["Location"]).text


def test_hiding_a_photo_from_its_page_stays_on_its_page(client, moderator, creator):
    photo = make_photo(creator, "Harbour")
    client.force_login(moderator)
    page = photo.get_absolute_url()
    assert f'name="next" value="{page}"' in client.get(page).text

    hide = client.post(
        reverse("photo_hide", args=[photo.pk]), {"on": "1", "next": page}
    )
    elsewhere = client.post(
        reverse("photo_hide", args=[photo.pk]),
        {"on": "0", "next": "https://evil.test/"},
    )

    assert hide["Location"] == page
    assert elsewhere["Location"] == reverse("photo_feed")


@pytest.mark.parametrize("odd", ["0", "photo_feed", "../x", "javascript:alert(1)"])
def test_hiding_a_photo_with_a_next_that_is_no_page_goes_to_the_grid(
    client, moderator, creator, odd
):
    photo = make_photo(creator, "Harbour")
    client.force_login(moderator)

    hide = client.post(reverse("photo_hide", args=[photo.pk]), {"on": "1", "next": odd})

    assert hide.status_code == 302
    assert hide["Location"] == reverse("photo_feed")


def photo_feed_captions(client) -> list[str]:
    response = client.get(reverse("photo_feed"))
    assert response.status_code == 200
    return re.findall(r"<figcaption>(.*?)</figcaption>", response.text)


def test_it_takes_a_hidden_photo_out_of_the_followers_photo_feed(
    client, photo, creator, subscriber, other_creator, moderator
):
    make_photo(creator, "Still shown")
    subscriber.follows.add(creator)
    other_creator.follows.add(creator)
    client.force_login(moderator)
    client.post(reverse("photo_hide", args=[photo.pk]), {"on": "1"})

    for follower in (subscriber, other_creator):
        client.force_login(follower)
        assert photo_feed_captions(client) == ["Still shown"]

    client.force_login(moderator)
    client.post(reverse("photo_hide", args=[photo.pk]), {"on": "0"})
    client.force_login(subscriber)
    assert photo_feed_captions(client) == ["Still shown", "Low tide"]


def test_it_keeps_a_hidden_blogs_photo_out_of_every_feed_of_the_followers(
    client, creator, subscriber, moderator
):
    photo = make_photo(creator, "Low tide")
    blog = make_blog(creator, title="Shore", photo=photo)
    subscriber.follows.add(creator)
    client.force_login(moderator)
    client.post(reverse("blog_hide", args=[blog.pk]), {"on": "1"})

    client.force_login(subscriber)
    subscriber.renew_feed_token()
    assert client.get(blog.get_absolute_url()).status_code == 404
    for page in (
        reverse("home"),
        reverse("photo_feed"),
        reverse("creator_detail", args=[creator.username]),
        reverse("home_atom", args=[subscriber.feed_token]),
    ):
        response = client.get(page)
        assert response.status_code == 200
        assert "Low tide" not in response.text, page
        assert photo.image.name not in response.text, page
    assert client.get(photo.image.url).status_code == 404


def test_it_offers_the_moderator_a_hide_button_in_the_photo_feed(
    client, photo, creator, moderator, subscriber
):
    moderator.follows.add(creator)
    subscriber.follows.add(creator)
    hide = f'action="{reverse("photo_hide", args=[photo.pk])}"'
    client.force_login(moderator)
    assert hide in client.get(reverse("photo_feed")).text
    client.force_login(subscriber)
    assert hide not in client.get(reverse("photo_feed")).text


def test_it_lists_the_record_read_only_in_the_admin(
    client, blog, photo, moderator, superuser
):
    client.force_login(moderator)
    client.post(reverse("blog_star", args=[blog.pk]), {"on": "1"})
    client.post(reverse("photo_hide", args=[photo.pk]), {"on": "1"})

    client.force_login(superuser)
    changelist = reverse("admin:audit_moderationrecord_changelist")
    response = client.get(changelist)
    assert response.status_code == 200
    assert "Harbour at noon" in response.text
    assert "Low tide" in response.text
    assert "2 moderation records" in response.text
    assert "logged in" not in response.text  # the rest of the audit trail
    add = reverse("admin:audit_moderationrecord_add")
    assert add not in response.text
    assert client.get(add).status_code == 403
    record = ModerationRecord.objects.first()
    detail = client.get(
        reverse("admin:audit_moderationrecord_change", args=[record.pk])
    )
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.text
    assert len(records()) == 2
