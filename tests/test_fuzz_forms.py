"""Every form and upload endpoint, fuzzed: never a 500, nothing half-saved.

Hypothesis posts random forms to each endpoint as the actor the view is for: the
expected fields with plausible or random values (unicode, NUL bytes, up to 100k
characters, numbers, empty), repeated keys, missing fields and unexpected ones; and
for file fields random bytes, tiny real or damaged pictures and empty files under
random names (unicode, path separators, 300 characters). The body is encoded here,
not by the test client, so names reach Django exactly as generated. Pages whose
address carries text (a name, a secret, a search) are fetched with random text, NUL
included, in the path and the query string. All of it runs on SQLite and, under
`make test-postgres`, on PostgreSQL, which refuses text holding a NUL.

Django's test client raises a view's exception instead of answering 500, so a crash
fails with its traceback. After a refusal (the form again, 400, 403, 404) no row may
have changed and no file may be stored. Each example runs in a savepoint that is
rolled back. FOTOBLOG_FUZZ_EXAMPLES=300 searches deeper than the default 30.
"""

import io
import operator
import os
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from audit.models import ModerationRecord
from authentication.models import CreatorRequest, User, UserFollows
from blog.models import Blog, BlogContributor, Photo
from testsupport.environment import clear_test_cache
from testsupport.factories import PASSWORD, image_bytes, make_blog, make_photo
from testsupport.form_client import FormClient
from testsupport.storage import stored_files

pytestmark = pytest.mark.django_db

# Enough to run the file in well under a minute; raise it for a deeper search.
EXAMPLES = int(os.environ.get("FOTOBLOG_FUZZ_EXAMPLES", "30"))
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
# 400 is always possible: Django refuses a body it cannot or will not parse.
FORM_PAGE = frozenset({200, 302, 400})
REDIRECT_ONLY = frozenset({302, 400})
# The answers that refuse the submission: after them nothing may have changed.
REFUSED = frozenset({200, 400, 403, 404})
BOUNDARY = "fuzzBoundary7MA4YWxkTrZu0gW"
STRONG_PASSWORD = "a-new-Passphrase-for-2025"
GENERATED_NAME = re.compile(
    r"(photos|profiles)/\d{4}/\d{2}/[0-9a-f]{32}(_\d+)?\.(jpg|png|webp)"
)


# Values.

# Every code point but the surrogates, which UTF-8 cannot encode: NUL included.
UNICODE = st.characters(codec="utf-8")
TRICKY = "\x00\t\n\r \xa0\u200b\u202e\ufeff%/\\'\"<>&;=é漢🙂"
long_texts = st.builds(
    operator.mul, st.text(UNICODE, min_size=1, max_size=3), st.integers(1, 33_334)
)
texts = st.one_of(
    st.text(UNICODE, max_size=30),
    st.text(st.sampled_from(TRICKY), max_size=12),
    long_texts,
    st.integers(-(2**80), 2**80).map(str),
    st.floats().map(str),
    st.sampled_from(["", " ", "0", "1", "-1", "on", "true", "None", "[]", "\x00"]),
)
field_names = st.one_of(
    st.sampled_from(
        [
            "id",
            "pk",
            "owner",
            "uploader",
            "starred",
            "is_hidden",
            "is_published",
            "is_superuser",
            "is_staff",
            "role",
            "photo",
            "image",
            "word_count",
            "csrfmiddlewaretoken",
            "next",
        ]
    ),
    st.text(UNICODE, min_size=1, max_size=20),
)


def _picture(mode: str, size=(8, 6), image_format="PNG", **options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _animated(image_format: str) -> bytes:
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (8, 6), color) for color in ("red", "blue")]
    frames[0].save(buffer, image_format, save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def _rotated_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise
    return _picture("RGB", image_format="JPEG", exif=exif.tobytes())


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels (a bomb's header)."""
    data = bytearray(_picture("RGB"))
    ihdr = data[12:29]  # type, then width, height, depth, colour, ...
    ihdr[4:12] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    data[12:29] = ihdr
    data[29:33] = zlib.crc32(bytes(ihdr)).to_bytes(4, "big")
    return bytes(data)


GOOD_PICTURES = [
    image_bytes("JPEG", (8, 6)),
    image_bytes("PNG", (8, 6)),
    image_bytes("WEBP", (8, 6)),
    image_bytes("JPEG", (1, 1)),
    image_bytes("PNG", (600, 1)),
    _picture("RGBA"),
    _picture("LA"),
    _picture("L", image_format="JPEG"),
    _picture("CMYK", image_format="JPEG"),
    _picture("I;16"),
    _picture("1"),
    _picture("P", transparency=0),
    _rotated_jpeg(),
    # Stored re-encoded, without its tail.
    image_bytes("PNG", (8, 6)) + b"<html><script>alert(1)</script></html>",
]
BAD_PICTURES = [
    image_bytes("GIF", (8, 6)),
    image_bytes("BMP", (8, 6)),
    image_bytes("TIFF", (8, 6)),
    _animated("PNG"),
    _animated("WEBP"),
    image_bytes("JPEG", (8, 6))[:40],
    _png_declaring(10_000, 10_000),
    _png_declaring(7_000, 7_000),
    _png_declaring(0, 0),
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b"GIF89a<?php echo 1; ?>",
]


def _overwritten(data: bytes, at: int, patch: bytes) -> bytes:
    at %= len(data)
    return data[:at] + patch + data[at + len(patch) :]


def _truncated(data: bytes, at: int) -> bytes:
    return data[: at % len(data)]


good_pictures = st.sampled_from(GOOD_PICTURES)
# Half of the files are sound pictures, so that uploads also succeed.
file_contents = st.one_of(
    good_pictures,
    good_pictures,
    good_pictures,
    good_pictures,
    good_pictures,
    st.sampled_from(BAD_PICTURES),
    st.builds(
        _overwritten,
        st.sampled_from(GOOD_PICTURES),
        st.integers(0, 10**6),
        st.binary(min_size=1, max_size=8),
    ),
    st.builds(_truncated, st.sampled_from(GOOD_PICTURES), st.integers(0, 10**6)),
    st.binary(max_size=600),
    st.just(b""),
)
file_names = st.one_of(
    st.sampled_from(
        [
            "photo.jpg",
            "photo.png",
            "",
            ".jpg",
            "../../../etc/passwd",
            "..\\..\\windows\\win.ini",
            "/absolute/photo.jpg",
            "a/b/c.webp",
            "photo.jpg\x00.html",
            "x" * 296 + ".jpg",
            "é" * 300,
            "%00%2e%2e%2f",
            "photo.html",
        ]
    ),
    st.text(UNICODE, max_size=40),
    st.text(UNICODE, min_size=300, max_size=300),
)
content_types = st.sampled_from(
    ["image/jpeg", "image/png", "application/octet-stream", "text/html", ""]
)


# Addresses: random text where a page's address carries some.

segments = st.one_of(
    st.sampled_from(["\x00", "al\x00ice", "alice\x00", "%00", "..", ""]),
    st.text(UNICODE, max_size=30),
    st.text(st.sampled_from(TRICKY), max_size=12),
)
query_names = st.one_of(st.sampled_from(["q", "page", "after", "next"]), field_names)
query_strings = st.lists(st.tuples(query_names, segments), max_size=3).map(urlencode)
MARK = "ARGUMENT"


@st.composite
def addresses(draw, name: str, *arguments) -> str:
    """The path of the view `name`, each argument drawn from its strategy in
    `arguments` (random text if None), with a random query string."""
    path = reverse(name, args=[MARK] * len(arguments))
    for argument in arguments:
        value = draw(segments if argument is None else st.one_of(argument, segments))
        path = path.replace(MARK, quote(value, safe=""), 1)
    query = draw(query_strings)
    return f"{path}?{query}" if query else path


# Requests.


@dataclass(frozen=True)
class Post:
    path: str
    fields: tuple[tuple[str, str], ...]
    files: tuple[tuple[str, str, bytes, str], ...]
    urlencoded: bool
    upload_form: bool  # the page takes files: a browser sends it multipart

    def content_type(self) -> str:
        if self.urlencoded:
            return "application/x-www-form-urlencoded"
        return f"multipart/form-data; boundary={BOUNDARY}"

    def body(self) -> bytes:
        if self.urlencoded:
            return urlencode(self.fields).encode()
        return multipart(self.fields, self.files)


def _quoted(name: str) -> str:
    """Escape a part's name as browsers do (HTML's multipart/form-data encoding)."""
    return name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def multipart(fields, files) -> bytes:
    lines = []
    for name, value in fields:
        lines += [
            f"--{BOUNDARY}".encode(),
            f'Content-Disposition: form-data; name="{_quoted(name)}"'.encode(),
            b"",
            value.encode(),
        ]
    for name, filename, content, content_type in files:
        lines += [
            f"--{BOUNDARY}".encode(),
            (
                f'Content-Disposition: form-data; name="{_quoted(name)}"; '
                f'filename="{_quoted(filename)}"'
            ).encode(),
            f"Content-Type: {content_type}".encode(),
            b"",
            content,
        ]
    lines += [f"--{BOUNDARY}--".encode(), b""]
    return b"\r\n".join(lines)


# Rare shapes come last: hypothesis shrinks towards the first one.
FIELD_SHAPES = ("plausible", "plausible", "random", "repeated", "missing")
FILE_SHAPES = ("one", "one", "several", "missing", "as_text")


@st.composite
def posts(draw, path, fields=None, files=None) -> Post:
    """A POST to `path` (a string or a strategy): `fields` maps each expected field
    to a strategy of plausible values; `files` maps each file field to how many
    files it takes."""
    pairs = []
    for name, plausible in (fields or {}).items():
        shape = draw(st.sampled_from(FIELD_SHAPES))
        if shape == "plausible":
            pairs.append((name, draw(plausible)))
        elif shape == "random":
            pairs.append((name, draw(texts)))
        elif shape == "repeated":
            values = draw(st.lists(st.one_of(plausible, texts), min_size=2, max_size=3))
            pairs += [(name, value) for value in values]
    uploads = []
    for name, most in (files or {}).items():
        shape = draw(st.sampled_from(FILE_SHAPES))
        if shape == "missing":
            continue
        if shape == "as_text":
            pairs.append((name, draw(texts)))
            continue
        count = 1 if shape == "one" else draw(st.integers(2, most + 2))
        for _ in range(count):
            uploads.append(
                (name, draw(file_names), draw(file_contents), draw(content_types))
            )
    pairs += draw(st.lists(st.tuples(field_names, texts), max_size=3))
    pairs = draw(st.permutations(pairs))
    urlencoded = not files and draw(st.booleans())
    if not isinstance(path, str):
        path = draw(path)
    return Post(path, tuple(pairs), tuple(uploads), urlencoded, bool(files))


# Checks.


def _rows(model, exclude=()) -> list[tuple]:
    columns = [f.attname for f in model._meta.concrete_fields if f.name not in exclude]
    return list(model.objects.order_by("pk").values_list(*columns))


def snapshot() -> dict:
    """Every row a form could write, and every stored file."""
    return {
        "photos": _rows(Photo),
        "blogs": _rows(Blog),
        "contributors": _rows(BlogContributor),
        "follows": _rows(UserFollows),
        "creator requests": _rows(CreatorRequest),
        "moderation": _rows(ModerationRecord),
        "users": _rows(User, exclude=("last_login",)),
        "files": stored_files(),
    }


def moderated_columns() -> dict[str, dict[int, tuple]]:
    """Who owns each blog and photo, and what only moderators change."""
    return {
        "blogs": {
            pk: rest
            for pk, *rest in Blog.objects.values_list(
                "pk", "owner", "starred", "is_hidden"
            )
        },
        "photos": {
            pk: rest
            for pk, *rest in Photo.objects.values_list("pk", "uploader", "is_hidden")
        },
    }


def assert_not_moderated(before: dict, actor: User | None) -> None:
    """No form of a creator moves ownership, stars or hides: what existed keeps
    its values, what is new belongs to the actor, unstarred and shown."""
    for kind, rows in moderated_columns().items():
        for pk, row in rows.items():
            new = [actor and actor.pk, False, False][: len(row)]
            assert row == before[kind].get(pk, new), (kind, pk)


TEXT_COLUMNS = {
    Photo: ("caption",),
    Blog: ("title", "content"),
    BlogContributor: ("contribution",),
    User: ("username", "first_name", "last_name", "email", "bio"),
}


def assert_consistent() -> None:
    """Nothing stored holds a NUL (PostgreSQL refuses it), every stored file has a
    generated name, and every blog keeps its owner among its authors."""
    stored_text = [
        value
        for model, columns in TEXT_COLUMNS.items()
        for row in model.objects.values_list(*columns)
        for value in row
    ]
    with_nul = [value for value in stored_text if "\x00" in str(value)]
    assert not with_nul, f"stored with a NUL: {with_nul}"
    for name in stored_files():
        assert GENERATED_NAME.fullmatch(name), name
    owner_row = BlogContributor.objects.filter(
        blog=OuterRef("pk"), contributor=OuterRef("owner")
    )
    assert not Blog.objects.filter(~Exists(owner_row)).exists()


def fuzz(
    client: FormClient,
    actor: User | None,
    requests,
    *,
    expected: frozenset[int] = FORM_PAGE,
    refused: frozenset[int] = REFUSED,
    headers: dict | None = None,
    moderation: bool = False,
) -> None:
    """Post every generated request as `actor` (None: logged out) and check that the
    answer is expected and that a refused request changed nothing."""

    @FUZZ
    @given(requests)
    def post_is_answered(post: Post) -> None:
        # A savepoint per example: each one starts from the same database.
        with transaction.atomic():
            # Rate limits, permissions and sessions cached beside rows that the
            # last example rolled back: each example starts afresh. Only this
            # run's keys: others may share the Redis database.
            clear_test_cache()
            visitor = FormClient() if actor is None else client
            if actor is not None:
                visitor.force_login(actor)
            before = snapshot()
            guarded = moderated_columns()
            response = visitor.post(
                post.path,
                post.body(),
                content_type=post.content_type(),
                headers=headers or {},
            )
            answers[response.status_code] += 1
            # A multipart body to a page that takes no files is refused unread,
            # unless its address already is.
            unread = not (post.urlencoded or post.upload_form)
            allowed = {415} | (expected & {400, 404}) if unread else expected
            assert response.status_code in allowed
            if response.status_code in refused | {415}:
                after = snapshot()
                changed = [kind for kind in before if after[kind] != before[kind]]
                assert not changed, f"a refused request changed {changed}"
            if not moderation:
                assert_not_moderated(guarded, actor)
            assert_consistent()
            transaction.set_rollback(True)

    answers = Counter()
    post_is_answered()
    # Not vacuous: the view itself answered, not only Django's request parsing.
    assert answers.keys() - {400}, answers


# A page fetched: shown, sent elsewhere, refused as unreadable, or not found.
PAGE = frozenset({200, 302, 400, 404})


def fuzz_pages(client: FormClient, actor: User | None, paths) -> None:
    """Fetch every generated path as `actor` (None: logged out) and check that the
    answer is expected and that nothing changed."""

    @FUZZ
    @given(paths)
    def page_is_answered(path: str) -> None:
        with transaction.atomic():
            clear_test_cache()  # as in fuzz()
            visitor = FormClient() if actor is None else client
            if actor is not None:
                visitor.force_login(actor)
            before = snapshot()
            response = visitor.get(path)
            answers[response.status_code] += 1
            assert response.status_code in PAGE
            assert snapshot() == before
            transaction.set_rollback(True)

    answers = Counter()
    page_is_answered()
    assert answers.keys() - {400}, answers


@pytest.fixture
def small_uploads(settings):
    """Limits low enough for random examples to cross them."""
    settings.FOTOBLOG_MAX_UPLOAD_BYTES = 4_000
    settings.FOTOBLOG_MAX_FILES_PER_UPLOAD = 3
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 5
    settings.FOTOBLOG_STORAGE_QUOTA_BYTES = 8_000


@pytest.fixture
def blog(creator, coauthor):
    return make_blog(creator, coauthor, photo=make_photo(creator, "A caption"))


def captions():
    return st.one_of(st.sampled_from(["", "Dusk", "Crépuscule 🌅", "a\x00b"]), texts)


def booleans_as_text():
    return st.sampled_from(["on", "1", "true", "", "0", "off", "false"])


# Authentication.


def test_signup_never_fails_and_saves_nothing_it_refuses(client, creator):
    usernames = st.one_of(
        st.sampled_from(
            ["newcomer", "zoë", "alice", "ALICE", "a@b.c+d-e_f", "u" * 151]
        ),
        st.text(UNICODE, max_size=150),
    )
    fields = {
        "username": usernames,
        "email": st.sampled_from(
            ["new@example.com", "", "not-an-email", "é@é.é", "e" * 250 + "@x.org"]
        ),
        "first_name": st.sampled_from(["Zoë", "", "名"]),
        "last_name": st.sampled_from(["Ng", ""]),
        "role": st.sampled_from([User.CREATOR, User.SUBSCRIBER, "ADMIN", ""]),
        "password1": st.just(STRONG_PASSWORD),
        "password2": st.just(STRONG_PASSWORD),
        "usable_password": st.sampled_from(["true", "false"]),
    }
    fuzz(client, None, posts(reverse("signup"), fields))


def test_login_never_fails_and_saves_nothing_it_refuses(client, creator):
    fields = {
        "username": st.sampled_from(
            ["alice", "ALICE", "nobody", "", "u" * 151, "u" * 256]
        ),
        "password": st.sampled_from([PASSWORD, "wrong", ""]),
        "next": st.sampled_from(["/photos/", "//evil.example", "javascript:x", "x"]),
    }
    fuzz(client, None, posts(reverse("login"), fields))


def test_password_change_never_fails_and_saves_nothing_it_refuses(client, creator):
    fields = {
        "old_password": st.sampled_from([PASSWORD, "wrong"]),
        "new_password1": st.just(STRONG_PASSWORD),
        "new_password2": st.just(STRONG_PASSWORD),
    }
    fuzz(client, creator, posts(reverse("password_change"), fields))


def test_profile_photo_upload_never_fails_and_stores_nothing_it_refuses(
    client, creator, small_uploads
):
    requests = posts(reverse("upload_profile_photo"), files={"profile_photo": 1})
    fuzz(client, creator, requests)


def test_edit_profile_never_fails_and_saves_nothing_it_refuses(client, creator):
    fields = {
        "first_name": st.one_of(st.sampled_from(["Zoë", "", "名", "n" * 151]), texts),
        "last_name": st.sampled_from(["Ng", "", "a\x00b"]),
        "bio": st.one_of(st.sampled_from(["Sea.\r\nLight.", "b" * 501]), texts),
        "shows_camera_details": booleans_as_text(),
    }
    fuzz(client, creator, posts(reverse("edit_profile"), fields))


# Photos.


def test_photo_upload_never_fails_and_stores_nothing_it_refuses(
    client, creator, small_uploads
):
    requests = posts(reverse("photo_upload"), {"caption": captions()}, {"image": 1})
    fuzz(client, creator, requests)


def multiple_photos():
    fields = {"caption": captions(), "captions": captions()}
    return posts(reverse("create_multiple_photos"), fields, {"images": 3})


def test_multiple_photo_upload_never_fails_and_stores_nothing_it_refuses(
    client, creator, small_uploads
):
    fuzz(client, creator, multiple_photos())


def test_multiple_photo_upload_for_the_script_never_fails_and_stores_no_refusal(
    client, creator, small_uploads
):
    fuzz(
        client,
        creator,
        multiple_photos(),
        expected=frozenset({200, 400}),
        refused=frozenset({400, 403, 404}),
        headers={"Accept": "application/json"},
    )


def test_photo_edit_never_fails_and_saves_nothing_it_refuses(client, creator):
    photo = make_photo(creator, "A caption")
    path = reverse("photo_edit", args=[photo.pk])
    nexts = st.sampled_from(
        ["/photos/", "home", "x", "//evil.example/", "https://evil.example", "\x00"]
    )
    paths = st.one_of(
        st.just(path), st.builds(lambda n: f"{path}?next={quote(n)}", texts | nexts)
    )
    fields = {"caption": captions(), "next": nexts}
    fuzz(client, creator, posts(paths, fields))


def test_photo_delete_never_fails_and_deletes_nothing_it_refuses(client, creator):
    photo = make_photo(creator, "A caption")
    make_blog(creator, photo=photo)
    requests = posts(
        reverse("photo_delete", args=[photo.pk]), {"confirm": booleans_as_text()}
    )
    fuzz(client, creator, requests)


# Blogs.


def test_blog_and_photo_upload_never_fails_and_stores_nothing_it_refuses(
    client, creator, small_uploads
):
    fields = {
        "title": st.sampled_from(["A title", "Été 🌞", "t" * 128, "t" * 129]),
        "content": st.sampled_from(["Words.", "w " * 2500, "w" * 5001]),
        "is_published": booleans_as_text(),
        "caption": captions(),
    }
    requests = posts(reverse("blog_and_photo_upload"), fields, {"image": 1})
    fuzz(client, creator, requests)


@pytest.mark.parametrize("author", ["creator", "coauthor"])
def test_edit_blog_never_fails_and_stores_nothing_it_refuses(
    client, request, blog, author, small_uploads
):
    fields = {
        "title": st.sampled_from(["New title", "t" * 128, "t" * 129]),
        "content": st.sampled_from(["New words.", "w" * 5001]),
    }
    requests = posts(reverse("edit_blog", args=[blog.pk]), fields, {"new_image": 1})
    fuzz(client, request.getfixturevalue(author), requests)


def test_blog_delete_never_fails_and_deletes_nothing_it_refuses(client, creator, blog):
    requests = posts(
        reverse("blog_delete", args=[blog.pk]), {"confirm": booleans_as_text()}
    )
    fuzz(client, creator, requests)


def test_blog_publish_never_fails(client, creator, blog):
    fields = {"publish": st.sampled_from(["1", "0", "", "01", "1 "])}
    requests = posts(reverse("blog_publish", args=[blog.pk]), fields)
    fuzz(client, creator, requests, expected=REDIRECT_ONLY)


# Co-authors.


def test_inviting_a_coauthor_never_fails_and_saves_nothing_it_refuses(
    client, creator, other_creator, subscriber, inactive_creator, blog
):
    fields = {
        "username": st.sampled_from(
            ["bob", "BOB", "dana", "alice", "charlie", "ivan", "nobody", "b" * 151]
        ),
        "contribution": st.sampled_from(["Photos", "", "c" * 255, "c" * 256]),
    }
    requests = posts(reverse("blog_contributors", args=[blog.pk]), fields)
    fuzz(client, creator, requests)


def test_editing_a_contribution_never_fails(client, creator, coauthor, blog):
    row = blog.blogcontributor_set.get(contributor=coauthor)
    value = st.sampled_from(["Words", "", "c" * 255, "c" * 256])
    fields = {f"c{row.pk}-contribution": value, "contribution": value}
    requests = posts(reverse("blog_contributor_edit", args=[blog.pk, row.pk]), fields)
    fuzz(client, creator, requests, expected=REDIRECT_ONLY)


def test_removing_a_coauthor_never_fails_nor_removes_the_owner(
    client, creator, coauthor, blog
):
    paths = st.sampled_from(
        [
            reverse("blog_contributor_remove", args=[blog.pk, row.pk])
            for row in blog.blogcontributor_set.all()
        ]
    )
    fields = {"confirm": booleans_as_text()}
    fuzz(client, creator, posts(paths, fields), expected=REDIRECT_ONLY)


# Moderation.


def moderation_requests(name: str, pk: int):
    return posts(reverse(name, args=[pk]), {"on": st.sampled_from(["1", "0", ""])})


def test_starring_a_blog_never_fails(client, moderator, blog):
    requests = moderation_requests("blog_star", blog.pk)
    fuzz(client, moderator, requests, expected=REDIRECT_ONLY, moderation=True)


def test_hiding_a_blog_never_fails(client, moderator, blog):
    requests = moderation_requests("blog_hide", blog.pk)
    fuzz(client, moderator, requests, expected=REDIRECT_ONLY, moderation=True)


def test_hiding_a_photo_never_fails(client, moderator, creator):
    requests = moderation_requests("photo_hide", make_photo(creator).pk)
    fuzz(client, moderator, requests, expected=REDIRECT_ONLY, moderation=True)


# Addresses.


@pytest.mark.parametrize("actor", ["creator", None])
def test_pages_never_fail_whatever_text_their_address_carries(
    client, request, creator, other_creator, actor
):
    token = other_creator.renew_feed_token()
    tokens = st.sampled_from([token, f"{token}\x00"])
    usernames = st.sampled_from(["alice", "bob", "BOB"])
    paths = st.one_of(
        addresses("creator_list"),
        addresses("creator_detail", usernames),
        addresses("home"),
        addresses("photo_feed"),
        addresses("my_blogs"),
        addresses("home_atom", tokens),
        addresses("creator_atom", tokens, usernames),
        addresses("password_reset_confirm", None, None),
        addresses("media", st.just(make_photo(creator).image.name)),
    )
    visitor = actor and request.getfixturevalue(actor)
    fuzz_pages(client, visitor, paths)


def test_following_by_address_never_fails_and_saves_nothing_it_refuses(
    client, creator, other_creator
):
    paths = addresses("user_follow", st.sampled_from(["bob", "BOB", "alice"]))
    fields = {"follow": st.sampled_from(["1", "0", "", "1\x00"])}
    expected = frozenset({302, 400, 404})
    fuzz(client, creator, posts(paths, fields), expected=expected)
