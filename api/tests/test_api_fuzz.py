"""schemathesis fuzzes every call of the running app's own schema, as a creator, a
subscriber and a moderator, each with a token of every scope they may give: no call
answers 5xx, and every answer (its errors included) matches the schema.

The addresses' ids and usernames are drawn from the objects that exist, and from
some that do not, so that calls reach real posts and photos."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import checks

from testsupport.factories import make_blog, make_photo

from .conftest import token_for

EXAMPLES = 6  # per call and member: bounded, about half a minute in all
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
# Real ids and usernames of the test's world, filled by `api_schema`.
EXISTING: dict[str, list] = {}

# The schema the app serves, read from it as any client would.
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json", get_wsgi_application()
)


@pytest.fixture(autouse=True)
def connection_kept():
    """Keep the test's database connection through each call, as Django's test
    client does: the app is called as WSGI, whose requests close the connection as
    they start and end, which on PostgreSQL ends the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def world(db, creator, other_creator, subscriber, moderator):
    """Posts and photos for the calls to find, and their ids for the hook."""
    photos = [make_photo(creator, "Harbour"), make_photo(other_creator, "Gull")]
    posts = [
        make_blog(creator, title="Open"),
        make_blog(other_creator, title="Draft", is_published=False),
    ]
    EXISTING.update(
        pk=[item.pk for item in photos + posts] + [0, 999_999],
        username=["alice", "bob", "charlie", "nobody"],
        coauthor_id=[0, 1],
    )


@schemathesis.hook
def flatmap_path_parameters(context, path_parameters):
    """Ids and usernames of the world, or of nothing, in place of random ones."""
    if not path_parameters:
        return st.just(path_parameters)
    return st.fixed_dictionaries(
        {
            name: st.sampled_from(EXISTING[name])
            if name in EXISTING
            else st.just(value)
            for name, value in path_parameters.items()
        }
    )


def fuzzed_as(role: str):
    """The fuzz test of every call, as the member of `role` with a token of every
    scope they may give."""

    @schema.parametrize()
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def test(case, request):
        member = request.getfixturevalue(role)
        if not hasattr(member, "api_secret"):
            member.api_secret = token_for(member)[1]
        headers = {"Authorization": f"Bearer {member.api_secret}"}
        case.call_and_validate(headers=headers, checks=CHECKS)

    return test


test_no_call_fails_or_strays_from_the_schema_as_a_creator = fuzzed_as("creator")
test_no_call_fails_or_strays_from_the_schema_as_a_subscriber = fuzzed_as("subscriber")
test_no_call_fails_or_strays_from_the_schema_as_a_moderator = fuzzed_as("moderator")
