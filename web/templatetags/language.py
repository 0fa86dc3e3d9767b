"""`{{ sentence|elided }}`: a translated sentence with a name in it, as the language
writes it (web/language.py)."""

from django import template

from web.language import elided as elide

register = template.Library()


@register.filter(is_safe=True)
def elided(text: str) -> str:
    return elide(text)
