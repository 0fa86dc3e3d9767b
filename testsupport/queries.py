"""What a page costs in SQL queries, and that it does not grow with the data."""

from collections.abc import Callable

from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext


def get_counting_queries(client, url: str, **extra) -> tuple[HttpResponse, list[str]]:
    """GET `url`, which must answer 200; return the response and its queries' SQL."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response, [query["sql"] for query in captured.captured_queries]


def assert_queries_do_not_grow(
    client, url: str, *, add_data: Callable[[], object], budget: int | None = None
) -> tuple[HttpResponse, HttpResponse]:
    """GET `url` before and after `add_data()`: both cost the same queries, at most
    `budget` when one is given. Return the two responses, for the caller to check
    that the second shows the added data."""
    small, small_queries = get_counting_queries(client, url)
    add_data()
    large, large_queries = get_counting_queries(client, url)

    listing = "\n".join(large_queries)
    assert len(large_queries) == len(small_queries), (
        f"{url}: {len(small_queries)} queries, then {len(large_queries)} with more "
        f"data:\n{listing}"
    )
    if budget is not None:
        assert len(small_queries) <= budget, (
            f"{url}: {len(small_queries)} queries, more than {budget}:\n{listing}"
        )
    return small, large
