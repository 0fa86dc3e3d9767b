"""The user admin: staff change roles, and the groups follow the role."""

import pytest
from django.urls import reverse

from authentication.models import User
from testsupport.factories import PASSWORD, make_user
from testsupport.html_forms import submitted_form

pytestmark = pytest.mark.django_db
LIST = reverse("admin:authentication_user_changelist")
ADD = reverse("admin:authentication_user_add")


def group_names(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


@pytest.fixture
def admin_client(client):
    client.force_login(
        make_user("root", User.SUBSCRIBER, is_staff=True, is_superuser=True)
    )
    return client


@pytest.mark.parametrize(
    ("username", "old_role", "new_role", "new_group"),
    [
        ("sophie", User.SUBSCRIBER, User.CREATOR, "creators"),
        ("dora", User.CREATOR, User.SUBSCRIBER, "subscribers"),
    ],
)
def test_it_moves_a_user_to_the_group_of_the_role_chosen_in_the_change_form(
    admin_client, username, old_role, new_role, new_group
):
    user = make_user(username, old_role)
    old_group = "creators" if old_role == User.CREATOR else "subscribers"
    url = reverse("admin:authentication_user_change", args=[user.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    data = submitted_form(page.text, "user_form")
    # The page's groups field still names the old group, and is posted as it is.
    assert data["groups"] == [
        str(group.pk) for group in User.objects.get(pk=user.pk).groups.all()
    ]
    assert data["role"] == [old_role]

    data["role"] = [new_role]
    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert response["Location"] == LIST
    user.refresh_from_db()
    assert user.role == new_role
    assert group_names(user) == {new_group}
    assert old_group not in group_names(user)
    assert User.objects.get(pk=user.pk).has_perm("blog.add_photo") == (
        new_role == User.CREATOR
    )


def test_it_keeps_the_role_group_when_staff_untick_it_in_the_change_form(
    admin_client,
):
    user = make_user("dora", User.CREATOR)
    url = reverse("admin:authentication_user_change", args=[user.pk])
    data = submitted_form(admin_client.get(url).text, "user_form")
    data["groups"] = []
    data["first_name"] = ["Dora"]

    response = admin_client.post(url, data)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.first_name == "Dora"
    assert group_names(user) == {"creators"}


def test_it_lists_users_filtered_by_role_and_searched(admin_client):
    make_user("alice", User.CREATOR)
    make_user("alina", User.SUBSCRIBER)
    make_user("bob", User.CREATOR)

    response = admin_client.get(LIST, {"role__exact": User.CREATOR, "q": "ali"})

    assert response.status_code == 200
    shown = {user.username for user in response.context["cl"].result_list}
    assert shown == {"alice"}
    assert ">alice</a>" in response.text
    assert ">alina</a>" not in response.text
    assert ">bob</a>" not in response.text
    assert "By role" in response.text

    everyone = admin_client.get(LIST)
    assert everyone.status_code == 200
    assert "4 users" in everyone.text


def test_it_adds_a_user_with_a_role_in_its_group(admin_client):
    page = admin_client.get(ADD)
    assert page.status_code == 200
    assert 'name="role"' in page.text
    assert 'name="usable_password"' in page.text

    data = submitted_form(page.text, "user_form")
    data.update(
        username=["sophie"],
        password1=[PASSWORD],
        password2=[PASSWORD],
        role=[User.CREATOR],
    )
    response = admin_client.post(ADD, data)

    assert response.status_code == 302, response.context["errors"]
    user = User.objects.get(username="sophie")
    assert response["Location"] == reverse(
        "admin:authentication_user_change", args=[user.pk]
    )
    assert user.role == User.CREATOR
    assert user.check_password(PASSWORD)
    assert group_names(user) == {"creators"}


def test_it_forbids_the_admin_to_a_member_who_is_not_staff(client, creator):
    client.force_login(creator)
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    ("role", "is_active"),
    [(User.SUBSCRIBER, True), (User.CREATOR, False)],
    ids=["a subscriber", "an inactive creator"],
)
def test_it_refuses_to_make_a_user_follow_whom_nobody_may_follow_in_the_admin(
    admin_client, subscriber, creator, role, is_active
):
    other = make_user("sophie", role, is_active=is_active)
    url = reverse("admin:authentication_user_change", args=[subscriber.pk])
    data = submitted_form(admin_client.get(url).text, "user_form")
    (total,) = (name for name in data if name.endswith("-TOTAL_FORMS"))
    prefix = total.removesuffix("TOTAL_FORMS")
    data[total] = ["2"]
    data[f"{prefix}0-followed"] = [str(creator.pk)]
    data[f"{prefix}1-followed"] = [str(other.pk)]

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Only active creators can be followed." in response.text
    assert not subscriber.follows.exists()

    data[total] = ["1"]
    del data[f"{prefix}1-followed"]
    assert admin_client.post(url, data).status_code == 302
    assert list(subscriber.follows.all()) == [creator]


def test_it_saves_a_user_who_follows_a_creator_deactivated_since(
    admin_client, subscriber, creator
):
    subscriber.follows.add(creator)
    User.objects.filter(pk=creator.pk).update(is_active=False)
    url = reverse("admin:authentication_user_change", args=[subscriber.pk])
    data = submitted_form(admin_client.get(url).text, "user_form")
    data["first_name"] = ["Charlie"]

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert User.objects.get(pk=subscriber.pk).first_name == "Charlie"
    assert list(subscriber.follows.all()) == [creator]
