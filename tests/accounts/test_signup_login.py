"""Sign-up, log-in and password reset through django-allauth, with e-mail as the login."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

STRONG = "violet-harbour-71-quartz"


def signup(client, **overrides):
    data = {
        "full_name": "Amara Okafor",
        "email": "amara@example.com",
        "password1": STRONG,
        "password2": STRONG,
    } | overrides
    return client.post(reverse("account_signup"), data)


def test_signup_creates_a_user_with_email_login_and_name_and_signs_them_in(client):
    response = signup(client)

    assert response.status_code == 302
    user = User.objects.get(email="amara@example.com")
    assert user.full_name == "Amara Okafor"
    assert user.check_password(STRONG)
    assert client.get(reverse("home")).wsgi_request.user == user


def test_signup_sends_a_verification_email(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # sent by a task after commit
        signup(client)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amara@example.com"]
    assert "confirm" in mail.outbox[0].body.lower()


def test_email_is_stored_lowercase_so_case_variants_are_one_account(client):
    signup(Client(), email="Amara@Example.COM")

    response = signup(client, email="amara@example.com")

    assert list(User.objects.values_list("email", flat=True)) == ["amara@example.com"]
    assert "A user is already registered with this email address." in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"password1": "short", "password2": "short"}, "This password is too short."),
        ({"password1": "password123", "password2": "password123"}, "This password is too common."),
        ({"password2": "something-else-entirely"}, "You must type the same password each time."),
        ({"full_name": ""}, "This field is required."),
    ],
)
def test_bad_signup_input_gets_a_specific_message_and_creates_nothing(client, overrides, message):
    response = signup(client, **overrides)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_duplicate_email_is_refused_with_a_message(client):
    UserFactory(email="amara@example.com")

    response = signup(client)

    assert response.status_code == 200
    assert "A user is already registered with this email address." in response.content.decode()
    assert User.objects.count() == 1


def test_login_with_email_and_password(client):
    user = UserFactory(email="lead@example.com")

    response = client.post(
        reverse("account_login"), {"login": "lead@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == user


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="lead@example.com")

    response = client.post(
        reverse("account_login"), {"login": "lead@example.com", "password": "wrong-password-1"}
    )

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )


def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(email="lead@example.com")
    attempt = {"login": "lead@example.com", "password": "wrong-password-1"}

    for _ in range(5):
        client.post(reverse("account_login"), attempt)
    response = client.post(reverse("account_login"), attempt)

    assert "Too many failed login attempts" in response.content.decode()


def test_password_reset_mails_a_link(client, django_capture_on_commit_callbacks):
    UserFactory(email="lead@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "lead@example.com"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_logout_signs_the_user_out(client):
    client.force_login(UserFactory())

    client.post(reverse("account_logout"))

    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_create_superuser_needs_no_username():
    admin = User.objects.create_superuser("root@example.com", "x-very-long-pass-1")

    assert admin.is_staff
    assert admin.is_superuser
    assert admin.get_username() == "root@example.com"


def admin_login(client, email, password):
    return client.post(reverse("admin:login"), {"username": email, "password": password})


def test_the_admin_sign_in_is_locked_out_like_the_sign_in_page(client):
    User.objects.create_superuser("root@example.com", STRONG)

    failures = [admin_login(client, "root@example.com", "wrong-password-1") for _ in range(5)]
    locked = admin_login(client, "root@example.com", STRONG)

    assert all("and password for a staff account" in f.content.decode() for f in failures)
    assert locked.status_code == 200  # the form again, not a session
    assert "Too many failed login attempts. Try again later." in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_on_either_sign_in_page_count_against_one_budget(client):
    User.objects.create_superuser("root@example.com", STRONG)
    wrong = {"login": "ROOT@example.com", "password": "wrong-password-1"}

    for _ in range(5):
        client.post(reverse("account_login"), wrong)
    locked = admin_login(client, "root@example.com", STRONG)

    assert "Too many failed login attempts" in locked.content.decode()


def test_the_admin_sign_in_still_lets_staff_in_and_keeps_others_out(client):
    User.objects.create_superuser("root@example.com", STRONG)
    UserFactory(email="lead@example.com")

    outsider = admin_login(Client(), "lead@example.com", PASSWORD)
    staff = admin_login(client, "root@example.com", STRONG)

    assert "and password for a staff account" in outsider.content.decode()
    assert staff.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
