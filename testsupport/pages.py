"""Reading what a page shows."""

import re

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
