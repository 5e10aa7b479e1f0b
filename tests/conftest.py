"""Fixtures shared by every test folder: the S3 server and a fresh bucket per test."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from tests.storage.servers.moto import moto_server

_bucket_numbers = itertools.count()


@pytest.fixture(scope="session")
def s3_url() -> Iterator[str]:
    """Base URL of a moto S3 server shared by the whole test session."""
    with moto_server() as url:
        yield url


@pytest.fixture
def boto(s3_url: str) -> Any:
    """A plain boto3 client on the test server, to set up and inspect buckets from outside F2L."""
    return boto3.client(
        "s3",
        endpoint_url=s3_url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )


@pytest.fixture
def bucket(boto: Any) -> str:
    """A new empty bucket for this test."""
    name = f"test-{os.getpid()}-{next(_bucket_numbers)}"
    boto.create_bucket(Bucket=name)
    return name
