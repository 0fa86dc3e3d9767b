"""client_ip: the client's address, behind as many trusted proxies as declared."""

from django.test import RequestFactory

from web.client_ip import client_ip


def request(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_it_uses_the_connection_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_it_takes_the_address_the_proxy_saw_not_one_the_client_wrote(settings):
    settings.TRUSTED_PROXIES = 1
    # The client forged 1.2.3.4; the proxy appended the real address.
    forged = request("10.0.0.2", "1.2.3.4, 198.51.100.7")
    assert client_ip(forged) == "198.51.100.7"


def test_it_falls_back_to_the_connection_when_the_header_is_short(settings):
    settings.TRUSTED_PROXIES = 2
    assert client_ip(request("10.0.0.2", "198.51.100.7")) == "10.0.0.2"


def test_it_falls_back_to_the_connection_when_the_proxy_sent_no_address(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request("10.0.0.2", "not-an-address\x00")) == "10.0.0.2"
