"""Fixtures the API's tests share: a token per member, and callers that use them."""

import pytest
from django.test import Client

from api.tokens import create_token, scopes_offered
from blog.tests.conftest import world  # noqa: F401  the feeds' test world


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


class ApiClient:
    """A program calling the API with one token, as curl would: no session, no
    cookies, JSON in and out."""

    def __init__(self, secret: str):
        self.client = Client()
        self.headers = bearer(secret)

    def get(self, url: str, **extra):
        return self.client.get(url, **self.headers, **extra)

    def post(self, url: str, data=None, **extra):
        """POST `data` as JSON; files as multipart, as curl -F sends them."""
        if extra.pop("multipart", False):
            return self.client.post(url, data, **self.headers, **extra)
        return self.client.post(
            url, data or {}, content_type="application/json", **self.headers, **extra
        )

    def patch(self, url: str, data: dict):
        return self.client.patch(
            url, data, content_type="application/json", **self.headers
        )

    def delete(self, url: str):
        return self.client.delete(url, **self.headers)


def token_for(user, *scopes: str):
    """A token of `user`'s with `scopes` (all they may give when none named)."""
    wanted = list(scopes) or [str(scope) for scope in scopes_offered(user)]
    return create_token(user=user, name="test", scopes=wanted)


@pytest.fixture
def api_as():
    """`api_as(user, *scopes)`: an ApiClient with a new token of `user`'s."""

    def make(user, *scopes: str) -> ApiClient:
        return ApiClient(token_for(user, *scopes)[1])

    return make
