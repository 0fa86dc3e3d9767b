"""French elides "de" before a name that starts with a vowel or a mute h."""

from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

from web.language import elided


def test_french_elides_de_before_a_vowel_or_an_h_and_nowhere_else():
    with translation.override("fr"):
        assert (
            elided("Photos récentes de Alice Martin")
            == "Photos récentes d’Alice Martin"
        )
        assert elided("Photo de profil de émile") == "Photo de profil d’émile"
        assert elided("Une photo de Hugo") == "Une photo d’Hugo"
        assert elided("Autres photos de Bruno Leroy") == "Autres photos de Bruno Leroy"


def test_other_languages_are_left_as_they_are():
    with translation.override("en"):
        assert elided("Photos de Alice") == "Photos de Alice"


def test_a_safe_sentence_stays_safe():
    with translation.override("fr"):
        assert isinstance(elided(mark_safe("Photo de Ann &amp; Bo")), SafeData)
