"""{% card "template" name=value ... %}: a card kept by its content (blog/cards.py)."""

from django import template
from django.utils.safestring import mark_safe

from blog.cards import render_card

register = template.Library()


@register.simple_tag(takes_context=True)
def card(context, name: str, **values) -> str:
    """The card `name` showing `values`: only what is passed, never the request."""
    return mark_safe(render_card(context, name, values))
