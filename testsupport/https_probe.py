"""What a production-like site answers over HTTPS and plain HTTP, printed as JSON.

Run in a fresh interpreter by tests/test_security_headers.py, with the site's
settings in the environment and the test password as its argument:
`python -m testsupport.https_probe PASSWORD`.
"""

import json
import re
import sys

import django


def cookies(response) -> dict:
    """The response's cookies and their Secure, HttpOnly and SameSite flags."""
    return {
        name: {
            "secure": bool(morsel["secure"]),
            "httponly": bool(morsel["httponly"]),
            "samesite": morsel["samesite"],
        }
        for name, morsel in response.cookies.items()
    }


def main(password: str) -> None:
    """Migrate, make alice, try the requests and print what they answered."""
    django.setup()
    from django.core.management import call_command

    from authentication.models import User
    from testsupport.form_client import FormClient

    call_command("migrate", verbosity=0)
    User.objects.create_user("alice", password=password, role=User.CREATOR)
    client = FormClient(HTTP_HOST="photos.example.org")

    login_page = client.get("/login/", secure=True)
    logged_in = client.post(
        "/login/", {"username": "alice", "password": password}, secure=True
    )
    language = client.post(
        "/i18n/setlang/", {"language": "fr", "next": "/login/"}, secure=True
    )
    plain = {}
    for path in ("/login/", "/", "/healthz", "/readyz"):
        response = FormClient(HTTP_HOST="photos.example.org").get(path)
        plain[path] = [response.status_code, response.get("Location")]
    # A browser's login through a TLS proxy, CSRF checks on.
    browser = FormClient(
        enforce_csrf_checks=True,
        HTTP_HOST="photos.example.org",
        HTTP_X_FORWARDED_PROTO="https",
    )
    form = browser.get("/login/")
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    browser_login = browser.post(
        "/login/",
        {"username": "alice", "password": password, "csrfmiddlewaretoken": tokens},
        HTTP_ORIGIN="https://photos.example.org",
    )
    # Over plain HTTP, saying https the way a TLS proxy does.
    claims_https = FormClient(
        HTTP_HOST="photos.example.org", HTTP_X_FORWARDED_PROTO="https"
    ).get("/login/")
    print(
        json.dumps(
            {
                "login_page": [login_page.status_code, cookies(login_page)],
                "logged_in": [logged_in.status_code, cookies(logged_in)],
                "language": [language.status_code, cookies(language)],
                "hsts": login_page.get("Strict-Transport-Security"),
                "plain": plain,
                "claims_https": [
                    claims_https.status_code,
                    claims_https.get("Location"),
                ],
                "browser_login": [form.status_code, browser_login.status_code],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
