"""The sample world the site-wide access tests fill every URL from."""

import pytest

from testsupport.samples import Samples, make_samples


@pytest.fixture
def samples(request, db) -> Samples:
    """The actors, and alice's blogs, photos and co-authors (testsupport/samples.py)."""
    return make_samples(request)
