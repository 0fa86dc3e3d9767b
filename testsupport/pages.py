"""Reading what a page shows."""

import re
from html.parser import HTMLParser

FEED_CARD = re.compile(
    r'<article class="card (blog|photo)-card"[^>]*>(.*?)</article>', re.S
)


def feed(response) -> list[str]:
    """A feed page's cards in order, as `blog:<title>` or `photo:<caption>`."""
    cards = []
    for kind, body in FEED_CARD.findall(response.text):
        pattern = (
            r"<h2><a [^>]*>(.*?)</a></h2>" if kind == "blog" else r"<figcaption>(.*?)<"
        )
        cards.append(f"{kind}:{re.search(pattern, body).group(1)}")
    return cards


class _Images(HTMLParser):
    """Collect the attributes of every <img> of a page."""

    def __init__(self):
        super().__init__()
        self.found: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found.append(dict(attrs))


def images_of(html: str) -> list[dict[str, str]]:
    """The attributes (src, srcset, alt...) of every <img> of a page, in order."""
    parser = _Images()
    parser.feed(html)
    return parser.found
