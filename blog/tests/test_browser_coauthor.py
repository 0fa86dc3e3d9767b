"""Co-authors in a real browser: invited by the owner, they edit the content only.

A subscriber, meanwhile, gets the 403 page at the upload form.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from authentication.models import User
from blog.models import Blog, Photo
from testsupport.browser import account_menu, log_in, log_out, screenshot
from testsupport.factories import make_blog, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def comma_after_first_author(page: Page) -> dict:
    """Where the post byline's comma sits against the first author's name: the
    pixels between them, and how far its bottom is from the name's."""
    return page.evaluate(
        """() => {
          const byline = document.querySelector(".post-byline");
          const text = (node) => {
            const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
            let found = walker.nextNode();
            while (found && !found.data.trim()) found = walker.nextNode();
            return found;
          };
          const author = byline.querySelector(".author");
          const name = document.createRange();
          name.selectNodeContents(text(author));
          const comma = document.createRange();
          const node = [...author.parentElement.childNodes].find(
            (n) => n.nodeType === 3 && n.data.includes(","));
          comma.setStart(node, node.data.indexOf(","));
          comma.setEnd(node, node.data.indexOf(",") + 1);
          const n = name.getBoundingClientRect(), c = comma.getBoundingClientRect();
          return {gap: c.left - n.right, drop: Math.abs(c.bottom - n.bottom)};
        }"""
    )


def test_an_invited_coauthor_edits_the_content_but_not_the_title(
    page: Page, live_server
):
    alice = make_user("alice", User.CREATOR)
    make_user("dana", User.CREATOR)
    blog = make_blog(alice, title="Harbour lights", content="Boats at dusk.")
    blog_url = live_server.url + blog.get_absolute_url()

    log_in(page, live_server, "alice")
    page.goto(blog_url)
    page.get_by_role("link", name="Co-authors").click()
    expect(page).to_have_url(
        live_server.url + reverse("blog_contributors", args=[blog.pk])
    )
    invite = page.locator("main form").filter(
        has=page.get_by_role("button", name="Invite")
    )
    invite.get_by_label("Creator's username").fill("dana")
    invite.get_by_label("Their contribution").fill("Night photos")
    invite.get_by_role("button", name="Invite").click()
    expect(page.locator(".contribution-list > li")).to_have_count(2)
    expect(page.locator(".contribution-list")).to_contain_text("dana")
    log_out(page, live_server)

    log_in(page, live_server, "dana")
    account_menu(page).get_by_role("link", name="My posts").click()
    page.get_by_role("link", name="Harbour lights").first.click()
    expect(page).to_have_url(blog_url)
    expect(page.locator(".contributors")).to_contain_text("Night photos")
    # The byline reads "alice, dana": the comma hugs the name before it, on its line.
    comma = comma_after_first_author(page)
    assert 0 <= comma["gap"] < 1
    assert comma["drop"] < 2
    screenshot(page, "coauthor", "post-byline", full_page=False)
    expect(page.get_by_role("link", name="Co-authors")).to_have_count(0)
    page.get_by_role("link", name="Edit post").click()

    title = page.get_by_label("Title")
    expect(title).to_have_value("Harbour lights")
    expect(title).to_be_disabled()
    page.get_by_label("Content").fill("Boats at dusk, and the lighthouse at night.")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(blog_url)
    expect(page.get_by_role("status")).to_have_text("Your changes are saved.")
    expect(page.locator(".blog-content")).to_have_text(
        "Boats at dusk, and the lighthouse at night."
    )
    blog = Blog.objects.get()
    assert blog.title == "Harbour lights"
    assert blog.content == "Boats at dusk, and the lighthouse at night."
    assert blog.owner == alice


def test_a_subscriber_gets_the_403_page_at_the_upload_form(page: Page, live_server):
    make_user("charlie", User.SUBSCRIBER)
    log_in(page, live_server, "charlie")

    response = page.goto(live_server.url + reverse("photo_upload"))

    assert response.status == 403
    expect(
        page.get_by_role("heading", name="You are not allowed to do this")
    ).to_be_visible()
    expect(page.locator("input[type=file]")).to_have_count(0)
    assert not Photo.objects.exists()
