"""What the translation catalog cannot say alone: French elides "de" before a name
that starts with a vowel or a mute h ("d’Alice", not "de Alice")."""

import re

from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

# "de " before a word that starts with a vowel or an h. French sentences of the
# catalog never have one of their own: what follows "de " there is a name.
DE_BEFORE_A_VOWEL = re.compile(r"\bde (?=[aeiouyàâäéèêëîïôöùûüh])", re.IGNORECASE)


def elided(text: str) -> str:
    """`text` as French writes it once a name is in it; other languages as they are."""
    if not (get_language() or "").startswith("fr"):
        return text
    result = DE_BEFORE_A_VOWEL.sub("d’", text)
    return mark_safe(result) if isinstance(text, SafeData) else result
