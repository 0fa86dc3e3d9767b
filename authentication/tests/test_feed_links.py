"""feed_links: the private Atom links of a member, readable and easy to copy."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = reverse("feed_links")


def test_it_shows_the_link_in_a_readonly_field_with_a_copy_button(client, subscriber):
    client.force_login(subscriber)
    client.post(URL, {"action": "renew"})

    page = client.get(URL).text

    (field,) = re.findall(r'<input[^>]*id="home-feed-link"[^>]*>', page)
    assert "readonly" in field
    assert 'data-copy-from="home-feed-link"' in page
    assert ">Copy</button>" in page
    assert "js/copy-link.js" in page
