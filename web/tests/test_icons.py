"""/favicon.ico and the app icons: a browser finds the site's icon, never a 404."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_a_visitor_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith(".ico")
    with Image.open(finders.find("img/favicon.ico")) as icon:
        assert icon.format == "ICO"


def test_every_page_names_its_icons_and_the_icons_have_their_sizes(client):
    page = client.get(reverse("login")).text

    assert 'rel="apple-touch-icon"' in page
    assert 'rel="manifest"' in page
    with Image.open(finders.find("img/apple-touch-icon.png")) as icon:
        assert icon.size == (180, 180)
    with open(finders.find("img/site.webmanifest")) as manifest:
        icons = json.load(manifest)["icons"]
    for entry in icons:
        with Image.open(finders.find(f"img/{entry['src']}")) as icon:
            assert "{}x{}".format(*icon.size) == entry["sizes"]
    assert {entry["sizes"] for entry in icons} == {"192x192", "512x512"}
