"""Co-authors in a real browser: invited by the owner, they edit the content only.

A subscriber, meanwhile, gets the 403 page at the upload form.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from authentication.models import User
from blog.models import Blog, Photo
from testsupport.browser import account_menu, log_in, log_out
from testsupport.factories import make_blog, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def comma_gap(page: Page) -> float:
    """Pixels between the post byline's first author and the comma after it."""
    return page.evaluate(
        """() => {
          const byline = document.querySelector(".post-byline");
          const walker = document.createTreeWalker(byline, NodeFilter.SHOW_TEXT);
          let node = walker.nextNode();
          while (node && !node.data.includes(",")) node = walker.nextNode();
          const range = document.createRange();
          range.setStart(node, node.data.indexOf(","));
          range.setEnd(node, node.data.indexOf(",") + 1);
          const author = byline.querySelector(".author").getBoundingClientRect();
          return range.getBoundingClientRect().left - author.right;
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
    # The byline reads "alice, dana": the comma hugs the name before it.
    assert 0 <= comma_gap(page) < 1
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
