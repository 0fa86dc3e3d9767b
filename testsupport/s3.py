"""S3 for the tests: moto's server on loopback, spoken to over real HTTP.

`s3_server` starts one moto server for the session, with an empty bucket.
`s3_storage` points the default storage at it for one test and empties the bucket
afterwards. Nothing in boto is mocked: requests leave through a socket.
"""

import socket
import time
from dataclasses import dataclass
from importlib import import_module

import boto3
import pytest
from botocore.config import Config

BUCKET = "fotoblog-test"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
REGION = "us-east-1"
# Fail fast: a test against a dead endpoint should take a second, not minutes.
FAST_CLIENT = Config(connect_timeout=1, read_timeout=1, retries={"max_attempts": 1})


@dataclass(frozen=True)
class S3Server:
    """A running moto server, with a boto3 client to look into its bucket."""

    endpoint_url: str
    bucket: str
    client: object

    def names(self) -> list[str]:
        """Every object name in the bucket, sorted."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket
        )
        return sorted(
            entry["Key"] for page in pages for entry in page.get("Contents", ())
        )

    def put(self, name: str, body: bytes = b"left behind") -> str:
        """Write an object straight into the bucket, past the application."""
        self.client.put_object(Bucket=self.bucket, Key=name, Body=body)
        return name

    def empty(self) -> None:
        names = self.names()
        for start in range(0, len(names), 1000):
            self.client.delete_objects(
                Bucket=self.bucket,
                Delete={"Objects": [{"Key": n} for n in names[start : start + 1000]]},
            )


def storage_options(endpoint_url: str) -> dict:
    """The OPTIONS of an S3Storage on `endpoint_url`, as production sets them."""
    return {
        "bucket_name": BUCKET,
        "endpoint_url": endpoint_url,
        "access_key": CREDENTIALS["aws_access_key_id"],
        "secret_key": CREDENTIALS["aws_secret_access_key"],
        "region_name": REGION,
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
        "client_config": FAST_CLIENT,
    }


def use_s3(settings, endpoint_url: str) -> None:
    """Make the default storage an S3Storage on `endpoint_url`, and the uploads
    waiting for a worker a prefix of its bucket, as in production."""
    # The URLconf is read once per process and serves local media only when the
    # default storage is local: read it now, as the embedded default, or every
    # later test of the session would find no media route.
    import_module(settings.ROOT_URLCONF)
    options = storage_options(endpoint_url)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "uploads": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**options, "location": "uploads"},
        },
    }


def wait_for_port(host: str, port: int, timeout: float = 10.0) -> None:
    """Return once `host:port` accepts a connection; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def closed_port() -> int:
    """A loopback port that nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    from moto.server import ThreadedMotoServer  # slow import: only when S3 is used

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        wait_for_port(host, port)
        endpoint_url = f"http://{host}:{port}"
        client = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=REGION, **CREDENTIALS
        )
        client.create_bucket(Bucket=BUCKET)
        yield S3Server(endpoint_url=endpoint_url, bucket=BUCKET, client=client)
    finally:
        server.stop()


@pytest.fixture
def s3_storage(settings, s3_server) -> S3Server:
    """The default storage (and every FileField) on moto's S3 for this test."""
    use_s3(settings, s3_server.endpoint_url)
    yield s3_server
    s3_server.empty()
