"""The site in French: a complete catalog, and French pages, errors, dates and mail.

The default language stays English (LANGUAGE_CODE): the test client sends no
Accept-Language, so every other test reads English pages.
"""

import html
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from babel.messages.extract import extract, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation.template import templatize

from testsupport.factories import PASSWORD, make_blog

PO = settings.BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
NARROW_NBSP = "\u202f"
FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en;q=0.5"}

# Django's translation functions, as Babel's extractor spells their arguments.
PYTHON_KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
APPS = ("web", "images", "audit", "authentication", "blog", "fotoblog")


def french_catalog():
    with PO.open("rb") as po:
        return read_po(po, locale="fr")


def strings(message) -> tuple[str, ...] | None:
    """A message's translation(s), however the catalog holds them."""
    if message is None:
        return None
    string = message.string
    return tuple(string) if isinstance(string, list | tuple) else (string,)


def key(message) -> tuple[str | None, str]:
    """(context, msgid) of a catalog message or an extracted one."""
    msgid = message.id if hasattr(message, "id") else message[1]
    context = message.context if hasattr(message, "context") else message[3]
    return context, msgid[0] if isinstance(msgid, list | tuple) else msgid


def messages_in_code() -> dict[tuple[str | None, str], str]:
    """Every message marked for translation in the apps and templates, with where.

    Templates go through Django's own `templatize` (what makemessages runs) and
    then Babel's Python extractor, as xgettext reads them.
    """
    found = {}
    for app in APPS:
        for filename, lineno, message, _comments, context in extract_from_dir(
            settings.BASE_DIR / app,
            method_map=[("**.py", "python")],
            keywords=PYTHON_KEYWORDS,
        ):
            where = f"{app}/{filename}:{lineno}"
            found[key((None, message, None, context))] = where
    for path in sorted((settings.BASE_DIR / "templates").rglob("*")):
        if not path.is_file():
            continue
        code = templatize(path.read_text(), origin=str(path))
        # Only the gettext calls matter; indentation would trip the tokenizer.
        code = "\n".join(line.lstrip() for line in code.splitlines())
        for lineno, message, _comments, context in extract(
            "python", io.BytesIO(code.encode()), keywords=PYTHON_KEYWORDS
        ):
            where = f"{path.relative_to(settings.BASE_DIR)}:{lineno}"
            found[key((None, message, None, context))] = where
    return found


# The catalog


def test_the_french_catalog_translates_every_message():
    catalog = french_catalog()
    assert not catalog.fuzzy
    assert catalog.num_plurals == 2
    assert catalog.plural_expr == "(n > 1)"
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (not all(message.string) if message.pluralizable else not message.string)
    ]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_the_french_catalog_keeps_every_placeholder():
    problems = [
        (message.id, str(error))
        for message, errors in french_catalog().check()
        for error in errors
    ]
    assert problems == []


def french_typography_slips(text: str) -> list[str]:
    """Where `text` breaks French typography: a straight apostrophe, or : ; ! ?
    and « » without a narrow no-break space."""
    slips = [f"straight apostrophe in {text!r}"] if "'" in text else []
    for match in re.finditer(r"(.)([:;!?])(?=\s|$)|«(.)|(.)»", text):
        before = match.group(1) or match.group(4)
        after = match.group(3)
        if NARROW_NBSP not in (before, after):
            slips.append(f"no narrow no-break space at {match.group(0)!r} in {text!r}")
    return slips


def test_french_typography_in_every_translation():
    slips = [
        slip
        for message in french_catalog()
        if message.id
        for string in strings(message)
        for slip in french_typography_slips(string)
    ]
    assert slips == []


def test_the_typography_check_finds_slips():
    assert french_typography_slips("Qui peut le voir :") != []
    assert french_typography_slips("l'auteur") != []
    assert french_typography_slips("« titre »") != []
    assert (
        french_typography_slips("Qui peut le voir\u202f: l’auteur, «\u202ftitre\u202f»")
        == []
    )


def test_every_message_marked_in_the_code_is_in_the_catalog():
    in_catalog = {key(message) for message in french_catalog() if message.id}
    found = messages_in_code()
    assert len(found) > 250  # the extraction itself works
    missing = {
        where: msgid for msgid, where in found.items() if msgid not in in_catalog
    }
    assert missing == {}, "run makemessages -l fr and translate the new messages"


def test_the_compiled_catalog_matches_the_french_one():
    """`make` compiles django.po into django.mo (pybabel compile)."""
    assert MO.exists(), f"{MO} is missing: run make (it compiles the translations)"
    with MO.open("rb") as mo:
        compiled = read_mo(mo)
    stale = [
        message.id
        for message in french_catalog()
        if message.id
        and strings(compiled.get(message.id, message.context)) != strings(message)
    ]
    assert stale == [], f"{MO} is older than django.po: run make"


# French pages, chosen from the browser's languages or the footer's form


def test_the_login_page_is_french_for_a_french_browser(client):
    page = client.get(reverse("login"), **FRENCH)
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    assert "<title>Se connecter · fotoblog</title>" in page.text
    assert '<button type="submit" class="button">Se connecter</button>' in page.text
    assert "Mot de passe oublié" in page.text


def test_the_login_page_stays_english_without_a_preference(client):
    page = client.get(reverse("login"))
    assert '<html lang="en">' in page.text
    assert "<title>Log in · fotoblog</title>" in page.text


def test_the_footer_form_switches_to_french_and_remembers_it(client):
    login_page = client.get(reverse("login"))
    assert f'action="{reverse("set_language")}"' in login_page.text

    switched = client.post(
        reverse("set_language"), {"language": "fr", "next": reverse("login")}
    )

    assert switched.status_code == 302
    assert switched["Location"] == reverse("login")
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = client.get(reverse("login"))  # no Accept-Language: the cookie decides
    assert '<html lang="fr">' in page.text
    assert "<title>Se connecter · fotoblog</title>" in page.text
    assert '<option value="fr" selected lang="fr">Français</option>' in page.text


def test_the_403_page_is_french(client, subscriber):
    client.force_login(subscriber)
    page = client.get(reverse("photo_upload"), **FRENCH)
    assert page.status_code == 403
    assert "<title>Accès refusé · fotoblog</title>" in page.text
    assert "Cette action ne vous est pas permise" in page.text


@pytest.mark.parametrize(
    ("template", "french"),
    [("500.html", "Un problème est survenu"), ("503.html", "Réessayer")],
)
def test_the_bare_error_pages_are_french(template, french):
    with translation.override("fr"):
        page = render_to_string(template)
    assert '<html lang="fr">' in page
    assert french in page


# Dates and times


def test_the_feed_says_how_long_ago_in_french(client, creator):
    make_blog(creator, date_created=timezone.now() - timedelta(minutes=3))
    client.force_login(creator)
    page = client.get(reverse("home"), **FRENCH)
    assert "il y a 3\xa0minutes" in page.text
    assert "ago" not in page.text


def test_dates_use_french_month_names(client, creator, settings):
    settings.TIME_ZONE = "UTC"
    make_blog(creator, date_created=datetime(2024, 3, 5, 14, 30, tzinfo=UTC))
    client.force_login(creator)
    assert "5 mars 2024" in client.get(reverse("home"), **FRENCH).text
    assert "March 5, 2024" in client.get(reverse("home")).text


# Form errors and email


def test_sign_up_errors_are_french(client, db):
    page = client.post(
        reverse("signup"),
        {
            "username": "zoe",
            "email": "zoe@example.com",
            "role": "SUBSCRIBER",
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
        },
        **FRENCH,
    )
    assert page.status_code == 200
    assert "Les deux mots de passe ne correspondent pas." in page.text
    assert "Créer mon compte" in page.text


def test_the_upload_pipeline_refuses_in_french(client, creator):
    client.force_login(creator)
    page = client.post(
        reverse("photo_upload"),
        {"image": SimpleUploadedFile("notes.jpg", b"not a picture", "image/jpeg")},
        **FRENCH,
    )
    assert page.status_code == 200
    assert "notes.jpg n’est pas une image JPEG, PNG, WebP ou HEIC." in html.unescape(
        page.text
    )


def test_the_password_reset_email_is_french_for_a_french_request(client, creator):
    creator.email = "alice@example.com"
    creator.save()
    client.post(reverse("password_reset"), {"email": creator.email}, **FRENCH)
    (message,) = mail.outbox
    assert message.subject == "Choisissez un nouveau mot de passe fotoblog"
    assert message.body.startswith("Bonjour alice,")
    assert "Si ce n’était pas vous, ignorez ce message" in message.body


def test_the_password_reset_email_stays_english_by_default(client, creator):
    creator.email = "alice@example.com"
    creator.save()
    client.post(reverse("password_reset"), {"email": creator.email})
    (message,) = mail.outbox
    assert message.subject == "Choose a new fotoblog password"
    assert message.body.startswith("Hello alice,")


def test_french_is_offered_in_its_own_name():
    assert dict(settings.LANGUAGES) == {"en": "English", "fr": "Français"}
    assert Path(settings.LOCALE_PATHS[0]) == PO.parents[2]
