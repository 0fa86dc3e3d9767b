"""Fixtures the blog app's tests share."""

from datetime import timedelta

import pytest
from django.utils import timezone

from authentication import services as people
from blog.models import Blog, Photo, Visibility
from testsupport.factories import make_blog, make_photo


@pytest.fixture
def world(creator, other_creator, coauthor, subscriber, moderator, superuser):
    """Posts and photos of every kind the feeds tell apart, the same minute often."""
    now = timezone.now()
    minute = now - timedelta(minutes=5)
    authors = [creator, other_creator, coauthor]
    for number in range(12):
        author = authors[number % 3]
        photo = make_photo(author, f"Cover {number}", date_created=minute)
        blog = make_blog(
            author,
            *([coauthor] if number % 4 == 0 and author != coauthor else []),
            title=f"Post {number}",
            photo=photo if number % 2 else None,
            starred=number % 5 == 0,
            is_published=number % 6 != 5,
            date_created=now - timedelta(minutes=number % 4),
        )
        if number % 7 == 3:
            Blog.objects.filter(pk=blog.pk).update(is_hidden=True)
        if number % 3 == 2:
            Blog.objects.filter(pk=blog.pk).update(visibility=Visibility.FOLLOWERS)
        if number in (1, 9):  # a cover a moderator hid: their post still shows
            Photo.objects.filter(pk=photo.pk).update(is_hidden=True)
        alone = make_photo(author, f"Alone {number}", date_created=minute)
        if number % 4 == 1:
            Photo.objects.filter(pk=alone.pk).update(is_hidden=True)
    subscriber.follows.add(creator, coauthor)
    moderator.follows.add(other_creator)
    superuser.follows.add(coauthor)
    people.block(blocker=other_creator, blocked=subscriber)
    return [creator, other_creator, coauthor, subscriber, moderator, superuser]
