"""What the settings make of an environment, printed by a fresh interpreter.

Run by tests/test_settings.py with exactly the environment a case gives:
`python -m testsupport.settings_probe start|report|secret|dump`.
"""

import json
import sys

import django


def start() -> None:
    """Only start Django: a wrong value stops it here."""
    django.setup()


def report() -> None:
    """Print where media, cache and sessions go, and whether DEBUG is on."""
    django.setup()
    from django.conf import settings

    default = settings.STORAGES["default"]
    options = dict(default.get("OPTIONS", {}))
    config = options.pop("client_config", None)
    client = config and {
        "connect_timeout": config.connect_timeout,
        "read_timeout": config.read_timeout,
        "retries": config.retries,
    }
    print(
        json.dumps(
            {
                "storage": default["BACKEND"],
                "options": options,
                "client": client,
                "cache": settings.CACHES["default"]["BACKEND"],
                "cache_location": settings.CACHES["default"].get("LOCATION"),
                "sessions": settings.SESSION_ENGINE,
                "debug": settings.DEBUG,
            }
        )
    )


def secret() -> None:
    """Print the secret key and DEBUG."""
    django.setup()
    from django.conf import settings

    print(settings.SECRET_KEY, settings.DEBUG)


def dump() -> None:
    """Print every upper-case name of the settings module, as JSON."""
    from fotoblog import settings

    names = {name: value for name, value in vars(settings).items() if name.isupper()}
    print(json.dumps(names, default=str, sort_keys=True))


if __name__ == "__main__":
    {"start": start, "report": report, "secret": secret, "dump": dump}[sys.argv[1]]()
