"""Which URL may whom call, with which method: the site's access table, in one place.

Every named URL of the site has a row in `ROUTES` (the admin's own pages excepted:
Django's admin guards them itself, so only its index is here). A row says which HTTP
methods the view answers, whether it is public (marked `login_not_required`), and
what each actor gets for a GET, a POST and a DELETE, as three words:

    "200 302 405"  →  GET answers 200, POST redirects, DELETE is refused with 405.

The words are status codes, except two redirects told apart:

    login  a 302 to the login page, to come back to this URL (the "log in first" guard)
    302    any other redirect (after a successful form, or away from a page that
           makes no sense for this visitor, like the login page for a member)

The actors, and the sample objects the tests fill each URL with
(testsupport/samples.py): alice (`owner`) owns a published blog co-written by dana
(`coauthor`), a draft co-written by dana and erin (none of the actors), and a blog a
moderator hid, co-written by dana; each has a photo of hers, and the hidden blog's
photo is hidden too; she holds a feed token. bob (`other_creator`) is a creator
unrelated to them; charlie a `subscriber`; mona a `moderator` (a subscriber in the
moderators group); ivan an `inactive` creator, who cannot log in and so gets what
`anonymous` gets; root the `superuser`. URLs that name a creator name alice.

What a call may do: a call the table lets through carries an empty body (what the
table says of it is the guard, not the form). A refusal (login, 403, 404, 405) carries
a body that would change something were it let through, and must change nothing; its
403 or 404 is the site's own page, naming nothing of the object; a GET changes nothing,
whoever sends it.

Adding a URL: give it a name in its urls.py, then add a row below, usually with one of
the helpers (`everyone`, `visitors`, `members`, `creators_only`, `owner_only`,
`moderators_only`), which fill in the common shapes and take per-actor exceptions as
keywords. `pytest tests/test_access_matrix.py` fails, naming the URL, until
the row exists and matches what the view does. A row may repeat a name with a
`variant` of the samples: "draft" fills `blog_id`, `contribution_id`, `photo_id` and a
media `path` from alice's draft (erin's part in it, its photo); "hidden" from her
hidden blog (dana's part in it, its hidden photo); "wrong token" fills a feed link's
`token` with a secret nobody holds instead of alice's.

One question, one answer: a URL naming a blog or a photo answers 404 to whoever may
not see it and 403 to whoever may see it but not do the action, whatever the method
(blog/views/guards.py decides, from blog/rules.py). Only pages with no object (the
create pages, "My posts") refuse a role before anything else. Every URL of a blog or a
photo has a "draft" and a "hidden" row, which tests/test_object_urls.py requires.
"""

from dataclasses import dataclass

ACTORS = (
    "anonymous",
    "inactive",
    "subscriber",
    "moderator",
    "owner",
    "coauthor",
    "other_creator",
    "superuser",
)
LOGGED_OUT = ("anonymous", "inactive")
# Members whose role holds no creator permission (add, change, delete blogs and
# photos): the pages with no object that `@permission_required` guards (create pages,
# "My posts") refuse them before anything else, whatever the method.
NOT_CREATORS = ("subscriber", "moderator")

# The methods the tests try, in the order of the three words of an outcome.
TRIED = ("GET", "POST", "DELETE")

GET = ("GET",)
POST = ("POST",)
GET_POST = ("GET", "POST")
ANY = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

LOGIN_FIRST = "login login login"
ROLE_REFUSED = "403 403 403"


@dataclass(frozen=True)
class Route:
    """One URL: its name, the methods its view answers, and what each actor gets."""

    name: str
    methods: tuple[str, ...]
    expect: dict[str, str]
    public: bool = False
    variant: str = ""  # how to fill the URL, when not with the usual samples

    def __post_init__(self):
        missing = set(ACTORS) - set(self.expect)
        if missing:
            raise ValueError(f"{self.label}: no outcome for {sorted(missing)}")
        for actor, words in self.expect.items():
            if len(words.split()) != len(TRIED):
                raise ValueError(f"{self.label}: {actor!r} needs 3 words: {words!r}")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.variant})" if self.variant else self.name

    def outcome(self, actor: str, method: str) -> str:
        """The expected word for `actor` calling this URL with `method`."""
        return self.expect[actor].split()[TRIED.index(method)]


def everyone(outcomes: str, **exceptions: str) -> dict[str, str]:
    """The same outcomes for every actor, logged in or not, but the exceptions."""
    return {actor: exceptions.get(actor, outcomes) for actor in ACTORS}


def visitors(logged_out: str, logged_in: str) -> dict[str, str]:
    """A public page that answers visitors one way and members another."""
    return {actor: logged_out if actor in LOGGED_OUT else logged_in for actor in ACTORS}


def members(outcomes: str, **exceptions: str) -> dict[str, str]:
    """A private page: the logged-out are sent to log in first, whatever the method;
    every member gets `outcomes`, but the exceptions."""
    return everyone(outcomes, anonymous=LOGIN_FIRST, inactive=LOGIN_FIRST, **exceptions)


def open_to_visitors(expect: dict[str, str]) -> dict[str, str]:
    """A page open to visitors, on something only members may see: they are asked
    to log in (and what is not GET is refused first)."""
    return {**expect, **dict.fromkeys(LOGGED_OUT, "login 405 405")}


def creators_only(outcomes: str, **exceptions: str) -> dict[str, str]:
    """A private page with no object, behind a creator permission: subscribers and
    moderators are refused with 403 for any method; creators get `outcomes`, but the
    exceptions."""
    refused = dict.fromkeys(NOT_CREATORS, ROLE_REFUSED)
    return members(outcomes, **{**refused, **exceptions})


def owner_only(refused: str, allowed: str, **exceptions: str) -> dict[str, str]:
    """A private page on one of alice's objects that only she (and the superuser)
    may use: every other member gets `refused`, but the exceptions."""
    return members(refused, owner=allowed, superuser=allowed, **exceptions)


def moderators_only(refused: str, allowed: str, **exceptions: str) -> dict[str, str]:
    """A moderation action: moderators (and the superuser) only, but the exceptions."""
    return members(refused, moderator=allowed, superuser=allowed, **exceptions)


WRONG = "wrong token"

# Shapes that repeat below.
FORM = "200 200 405"  # a form page: an empty POST comes back with its errors
SAVED = "200 302 405"  # a form page whose empty POST is valid: saved, redirected
PAGE = "200 405 405"  # a read-only page
ACTION = "405 302 405"  # a button: POST does it and redirects
REFUSED = "403 403 405"  # the object is visible, the action is not allowed
HIDDEN = "404 404 405"  # the object is not even visible: it does not leak
ACTION_REFUSED = "405 403 405"
ACTION_HIDDEN = "405 404 405"


def unseen_by_moderators() -> dict[str, str]:
    """A moderation action on alice's draft, which moderators may not see: its
    authors see it but may not moderate it; only the superuser may."""
    return members(
        ACTION_HIDDEN, owner=ACTION_REFUSED, coauthor=ACTION_REFUSED, superuser=ACTION
    )


ROUTES = [
    # Public: for load balancers, and for visitors who are not logged in yet.
    Route("healthz", GET, everyone(PAGE), public=True),
    Route("readyz", GET, everyone(PAGE), public=True),
    # Browsers ask for /favicon.ico on their own: sent to the static icon.
    Route("favicon", GET, everyone("302 405 405"), public=True),
    # A member who opens the login or sign-up page is sent home (any method for the
    # login page: it redirects before it looks at the method).
    Route("login", GET_POST, visitors(FORM, "302 302 302"), public=True),
    Route("signup", GET_POST, visitors(FORM, "302 302 405"), public=True),
    # Choosing the language: a redirect back, whatever the method; a POST also sets
    # the language cookie.
    Route("set_language", ANY, everyone("302 302 302"), public=True),
    # Password reset by email: public, and open to members as well.
    Route("password_reset", GET_POST, everyone(FORM), public=True),
    Route("password_reset_done", GET, everyone(PAGE), public=True),
    # With a token nobody holds, the link's own guard answers with the page that
    # says so, whatever the method.
    Route(
        "password_reset_confirm",
        ANY,
        everyone("200 200 200"),
        public=True,
        variant=WRONG,
    ),
    Route("password_reset_complete", GET, everyone(PAGE), public=True),
    # Atom feeds for feed readers, which cannot log in: alice's secret token in the
    # link stands for her login, whoever calls it; feeds answer GET only.
    Route("home_atom", GET, everyone("200 405 405"), public=True),
    Route("creator_atom", GET, everyone("200 405 405"), public=True),
    Route("home_atom", GET, everyone("404 405 405"), public=True, variant=WRONG),
    Route("creator_atom", GET, everyone("404 405 405"), public=True, variant=WRONG),
    # A private feed's pictures, for the feed reader: alice's token opens hers.
    Route("feed_media", GET, everyone("200 405 405"), public=True),
    Route("feed_media", GET, everyone("404 405 405"), public=True, variant=WRONG),
    # A public feed's pictures: public photos only, whoever asks (alice's is not).
    Route("public_feed_media", GET, everyone("404 405 405"), public=True),
    # A creator's public posts, for anyone: no secret.
    Route("creator_public_atom", GET, everyone("200 405 405"), public=True),
    # Accounts.
    Route("logout", POST, members("405 302 405")),
    Route("password_change", GET_POST, members(FORM)),
    Route("password_change_done", GET, members(PAGE)),
    Route("edit_profile", GET_POST, members(SAVED)),  # empty: no names, no bio
    Route("upload_profile_photo", GET_POST, members(FORM)),
    # The old "Follow creators" page, moved to Discover for good.
    Route("follow_users", GET, members("301 405 405")),
    Route("feed_links", GET_POST, members(SAVED)),  # POST renews the feed token
    # Personal access tokens for the API: an empty form is refused with 400. Nobody
    # but alice holds a token, and only its member may revoke one: 404 to the rest.
    Route("access_tokens", GET_POST, members("200 400 405")),
    Route("access_token_revoke", POST, members(ACTION_HIDDEN, owner=ACTION)),
    # Creators, by name: alice. Nobody follows themselves: for her, she is not found.
    Route("creator_list", GET, members(PAGE)),
    Route("creator_detail", GET, everyone(PAGE), public=True),
    Route("user_follow", POST, members(ACTION, owner=ACTION_HIDDEN)),
    # Privacy, follow requests and blocks. charlie asks to follow alice: only she
    # answers; dana follows alice: only alice may remove her; anyone may block alice.
    Route("account_privacy", GET_POST, members(FORM)),  # empty: no choice of followers
    Route("follow_requests", GET, members(PAGE)),
    Route("follow_request_approve", POST, members(ACTION_HIDDEN, owner=ACTION)),
    Route("follow_request_refuse", POST, members(ACTION_HIDDEN, owner=ACTION)),
    Route(
        "follower_remove",
        POST,
        members(ACTION_HIDDEN, owner=ACTION),
        variant="follower",
    ),
    Route("user_block", POST, members(ACTION, owner=ACTION_HIDDEN)),
    # Feeds and lists.
    Route("home", GET, members(PAGE)),
    Route("photo_feed", GET, members(PAGE)),
    Route("my_blogs", GET, creators_only(PAGE)),
    # Creating.
    Route("photo_upload", GET_POST, creators_only(FORM)),
    Route("create_multiple_photos", GET_POST, creators_only(FORM)),
    Route("blog_and_photo_upload", GET_POST, creators_only(FORM)),
    # Alice's published blog, co-written by dana, for members.
    Route("view_blog", GET, open_to_visitors(members(PAGE)), public=True),
    # Choosing who sees it: an empty choice is refused with 400.
    Route("blog_visibility", POST, owner_only(ACTION_REFUSED, "405 400 405")),
    Route("edit_blog", GET_POST, owner_only(REFUSED, FORM, coauthor=FORM)),
    Route("blog_delete", GET_POST, owner_only(REFUSED, FORM, moderator=FORM)),
    Route("blog_publish", POST, owner_only(ACTION_REFUSED, ACTION)),
    Route("blog_contributors", GET_POST, owner_only(REFUSED, FORM)),
    Route("blog_contributor_edit", POST, owner_only(ACTION_REFUSED, ACTION)),
    Route("blog_contributor_remove", POST, owner_only(ACTION_REFUSED, ACTION)),
    # Alice's draft, co-written by dana and erin: no other actor may even see it, so
    # every URL of it answers them 404; dana sees it but may only edit it; nobody but
    # the superuser may star or hide it.
    Route(
        "view_blog",
        GET,
        open_to_visitors(owner_only("404 405 405", PAGE, coauthor=PAGE)),
        public=True,
        variant="draft",
    ),
    Route(
        "blog_visibility",
        POST,
        owner_only(ACTION_HIDDEN, "405 400 405", coauthor=ACTION_REFUSED),
        variant="draft",
    ),
    Route(
        "edit_blog", GET_POST, owner_only(HIDDEN, FORM, coauthor=FORM), variant="draft"
    ),
    Route(
        "blog_delete",
        GET_POST,
        owner_only(HIDDEN, FORM, coauthor=REFUSED),
        variant="draft",
    ),
    Route(
        "blog_publish",
        POST,
        owner_only(ACTION_HIDDEN, ACTION, coauthor=ACTION_REFUSED),
        variant="draft",
    ),
    Route(
        "blog_contributors",
        GET_POST,
        owner_only(HIDDEN, FORM, coauthor=REFUSED),
        variant="draft",
    ),
    Route(
        "blog_contributor_edit",
        POST,
        owner_only(ACTION_HIDDEN, ACTION, coauthor=ACTION_REFUSED),
        variant="draft",
    ),
    Route(
        "blog_contributor_remove",
        POST,
        owner_only(ACTION_HIDDEN, ACTION, coauthor=ACTION_REFUSED),
        variant="draft",
    ),
    Route("blog_star", POST, unseen_by_moderators(), variant="draft"),
    Route("blog_hide", POST, unseen_by_moderators(), variant="draft"),
    # Alice's blog that a moderator hid, co-written by dana: its authors and the
    # moderators still see it; the moderators may delete it, star it, show it again.
    Route(
        "view_blog",
        GET,
        open_to_visitors(
            owner_only("404 405 405", PAGE, coauthor=PAGE, moderator=PAGE)
        ),
        public=True,
        variant="hidden",
    ),
    Route(
        "blog_visibility",
        POST,
        owner_only(
            ACTION_HIDDEN,
            "405 400 405",
            coauthor=ACTION_REFUSED,
            moderator=ACTION_REFUSED,
        ),
        variant="hidden",
    ),
    Route(
        "edit_blog",
        GET_POST,
        owner_only(HIDDEN, FORM, coauthor=FORM, moderator=REFUSED),
        variant="hidden",
    ),
    Route(
        "blog_delete",
        GET_POST,
        owner_only(HIDDEN, FORM, coauthor=REFUSED, moderator=FORM),
        variant="hidden",
    ),
    Route(
        "blog_publish",
        POST,
        owner_only(
            ACTION_HIDDEN, ACTION, coauthor=ACTION_REFUSED, moderator=ACTION_REFUSED
        ),
        variant="hidden",
    ),
    Route(
        "blog_contributors",
        GET_POST,
        owner_only(HIDDEN, FORM, coauthor=REFUSED, moderator=REFUSED),
        variant="hidden",
    ),
    Route(
        "blog_contributor_edit",
        POST,
        owner_only(
            ACTION_HIDDEN, ACTION, coauthor=ACTION_REFUSED, moderator=ACTION_REFUSED
        ),
        variant="hidden",
    ),
    Route(
        "blog_contributor_remove",
        POST,
        owner_only(
            ACTION_HIDDEN, ACTION, coauthor=ACTION_REFUSED, moderator=ACTION_REFUSED
        ),
        variant="hidden",
    ),
    Route(
        "blog_star",
        POST,
        moderators_only(
            ACTION_HIDDEN, ACTION, owner=ACTION_REFUSED, coauthor=ACTION_REFUSED
        ),
        variant="hidden",
    ),
    Route(
        "blog_hide",
        POST,
        moderators_only(
            ACTION_HIDDEN, ACTION, owner=ACTION_REFUSED, coauthor=ACTION_REFUSED
        ),
        variant="hidden",
    ),
    # Alice's photo.
    Route("photo_edit", GET_POST, owner_only(REFUSED, SAVED)),
    # A post's photo has no audience of its own: its owner is sent back with word
    # to choose the post's. One posted on its own has: an empty choice is a 400.
    Route("photo_visibility", POST, owner_only(ACTION_REFUSED, ACTION)),
    Route(
        "photo_visibility",
        POST,
        owner_only(ACTION_REFUSED, "405 400 405"),
        variant="alone",
    ),
    Route("photo_delete", GET_POST, owner_only(REFUSED, FORM, moderator=FORM)),
    # The photo of alice's draft: seen with the draft only, by its authors.
    Route(
        "photo_edit",
        GET_POST,
        owner_only(HIDDEN, SAVED, coauthor=REFUSED),
        variant="draft",
    ),
    Route(
        "photo_delete",
        GET_POST,
        owner_only(HIDDEN, FORM, coauthor=REFUSED),
        variant="draft",
    ),
    Route("photo_hide", POST, unseen_by_moderators(), variant="draft"),
    Route(
        "photo_visibility",
        POST,
        owner_only(ACTION_HIDDEN, ACTION, coauthor=ACTION_REFUSED),
        variant="draft",
    ),
    # Alice's photo that a moderator hid (in her hidden blog): only she and the
    # moderators still see it; dana, though she sees the blog, does not.
    Route(
        "photo_edit",
        GET_POST,
        owner_only(HIDDEN, SAVED, moderator=REFUSED),
        variant="hidden",
    ),
    Route(
        "photo_delete",
        GET_POST,
        owner_only(HIDDEN, FORM, moderator=FORM),
        variant="hidden",
    ),
    Route(
        "photo_hide",
        POST,
        moderators_only(ACTION_HIDDEN, ACTION, owner=ACTION_REFUSED),
        variant="hidden",
    ),
    Route(
        "photo_visibility",
        POST,
        owner_only(ACTION_HIDDEN, ACTION, moderator=ACTION_REFUSED),
        variant="hidden",
    ),
    # Moderation.
    Route("blog_star", POST, moderators_only(ACTION_REFUSED, ACTION)),
    Route("blog_hide", POST, moderators_only(ACTION_REFUSED, ACTION)),
    Route("photo_hide", POST, moderators_only(ACTION_REFUSED, ACTION)),
    # Share links: the owner makes and revokes a post's links, and lists all of
    # hers; whoever holds a live link's secret opens its post and its photo's
    # files (an empty POST is a wrong password: the form again, by a redirect).
    Route("my_share_links", GET, members(PAGE)),
    Route("share_links", GET_POST, owner_only(REFUSED, FORM)),
    Route("share_link_revoke", POST, owner_only(ACTION_REFUSED, ACTION)),
    Route(
        "share_links",
        GET_POST,
        owner_only(HIDDEN, FORM, coauthor=REFUSED),
        variant="draft",
    ),
    Route(
        "share_link_revoke",
        POST,
        owner_only(ACTION_HIDDEN, ACTION, coauthor=ACTION_REFUSED),
        variant="draft",
    ),
    Route(
        "share_links",
        GET_POST,
        owner_only(HIDDEN, FORM, coauthor=REFUSED, moderator=REFUSED),
        variant="hidden",
    ),
    Route(
        "share_link_revoke",
        POST,
        owner_only(
            ACTION_HIDDEN,
            ACTION,
            coauthor=ACTION_REFUSED,
            moderator=ACTION_REFUSED,
        ),
        variant="hidden",
    ),
    Route("open_share_link", GET_POST, everyone("200 302 405"), public=True),
    Route(
        "open_share_link",
        GET_POST,
        everyone("404 404 405"),
        public=True,
        variant=WRONG,
    ),
    Route("shared_media", GET, everyone("200 405 405"), public=True),
    Route("shared_media", GET, everyone("404 405 405"), public=True, variant=WRONG),
    # Media on local disk (the embedded default): within each photo's view rule:
    # the files of a photo a member may not see answer them 404; visitors are asked
    # to log in for what is not public.
    Route("media", GET, open_to_visitors(members(PAGE)), public=True),
    Route(
        "media",
        GET,
        open_to_visitors(owner_only("404 405 405", PAGE, coauthor=PAGE)),
        public=True,
        variant="draft",
    ),
    Route(
        "media",
        GET,
        open_to_visitors(owner_only("404 405 405", PAGE, moderator=PAGE)),
        public=True,
        variant="hidden",
    ),
    # A photo as its page shows it (a placeholder asks for it until it is ready):
    # within the photo's view rule, like its files.
    Route("photo_status", GET, members(PAGE)),
    Route(
        "photo_status",
        GET,
        owner_only("404 405 405", PAGE, coauthor=PAGE),
        variant="draft",
    ),
    Route(
        "photo_status",
        GET,
        owner_only("404 405 405", PAGE, moderator=PAGE),
        variant="hidden",
    ),
    # A photo's own page, open to visitors like a post's: within the photo's view
    # rule, like its files.
    Route("photo_detail", GET, open_to_visitors(members(PAGE)), public=True),
    Route(
        "photo_detail",
        GET,
        open_to_visitors(owner_only("404 405 405", PAGE, coauthor=PAGE)),
        public=True,
        variant="draft",
    ),
    Route(
        "photo_detail",
        GET,
        open_to_visitors(owner_only("404 405 405", PAGE, moderator=PAGE)),
        public=True,
        variant="hidden",
    ),
    # The admin's index; its other pages are the admin's own business. Everyone but
    # staff is sent to the admin's own login page (the login guard follows the
    # admin's `login_url`), whatever the method; the index itself takes any method.
    Route("admin:index", ANY, everyone("302 302 302", superuser="200 200 200")),
]
