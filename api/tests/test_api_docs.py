"""docs/api.md says what a person can do with curl: every shell block of it runs, in
order, against a running site, as a creator with a token made on the site's page."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from authentication.models import User
from blog.models import Blog, Photo
from testsupport.factories import image_bytes, make_user

DOCS = Path(settings.BASE_DIR) / "docs" / "api.md"
SHELL_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)
PLACEHOLDER = "fbt_your_token_here"


def shell_blocks() -> list[str]:
    """The doc's shell blocks, but the one that sets its placeholders."""
    return [b for b in SHELL_BLOCK.findall(DOCS.read_text()) if PLACEHOLDER not in b]


def test_the_docs_show_every_kind_of_call():
    text = "\n".join(shell_blocks())
    for needed in ("-X PATCH", "-X DELETE", "-F images=@", "next", "/follow/"):
        assert needed in text


@pytest.mark.django_db(transaction=True)
def test_every_curl_example_of_the_docs_works(live_server, tmp_path, client):
    alice = make_user("alice", User.CREATOR)
    make_user("bruno", User.CREATOR)
    client.force_login(alice)
    made = {"name": "docs", "scopes": ["write"], "expires_in": "30"}
    page = client.post("/account/tokens/", made)
    token = re.search(r"fbt_[\w-]+", page.content.decode()).group()
    for name in ("harbour.jpg", "gull.jpg"):
        (tmp_path / name).write_bytes(image_bytes(size=(900, 600)))
    script = "set -euo pipefail\n" + "\n".join(shell_blocks())
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "SITE": live_server.url, "TOKEN": token},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # What the examples did is on the site: photos posted, a post made then deleted.
    assert Photo.objects.filter(uploader=alice, caption="Low tide").exists()
    assert Photo.objects.filter(uploader=alice).count() == 3
    assert not Blog.objects.exists()
    assert (tmp_path / "harbour-copy.jpg").read_bytes()[:2] == b"\xff\xd8"
    assert alice.follows.filter(username="bruno").exists()
