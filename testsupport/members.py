"""Add members to a site: `python -m testsupport.members PASSWORD NAME:ROLE ...`.

Run by testsupport.servers in a site's environment. ROLE is CREATOR, SUBSCRIBER or
superuser; all share PASSWORD. Prints each member's name and key, one a line.
"""

import sys

import django


def add_members(members: list[str], password: str) -> dict:
    """Create the members ("name:ROLE"), all with one cheap hash of `password`."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from authentication.models import User

    # One cheap hash for all, saving seconds: a member's first login upgrades it.
    hasher = PBKDF2PasswordHasher()
    encoded = hasher.encode(password, hasher.salt(), 1000)
    added = {}
    for member in members:
        name, role = member.split(":")
        if role == "superuser":
            user = User.objects.create_superuser(name, f"{name}@example.com", None)
        else:
            user = User.objects.create_user(name, f"{name}@example.com", role=role)
        user.password = encoded
        user.save(update_fields=["password"])
        added[name] = user
    return added


if __name__ == "__main__":
    django.setup()
    password, *members = sys.argv[1:]
    for name, user in add_members(members, password).items():
        print(name, user.pk)
