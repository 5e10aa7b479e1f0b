"""S3 backend against moto's S3 server: the conformance suite plus S3's own promises."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from f2l.storage.base import Backend, Entry, iterate_bytes, read_all
from f2l.storage.errors import SourceChanged, StorageError
from f2l.storage.s3 import S3Backend
from f2l.storage.s3_options import MIB, S3Options
from tests.storage.conformance import BackendConformance, FailingStream, failing_stream, get, put
from tests.storage.servers.moto import free_port, moto_server


@pytest.fixture(scope="session")
def s3_auth_url() -> Iterator[str]:
    # moto checks signatures against its IAM users once this many requests went unchecked.
    with moto_server(env={"INITIAL_NO_AUTH_ACTION_COUNT": "0"}) as url:
        yield url


def s3_options(url: str, bucket: str, **overrides: Any) -> S3Options:
    settings: dict[str, Any] = {
        "bucket": bucket,
        "prefix": "root/dir",
        "endpoint_url": url,
        "path_style": True,
        "region": "us-east-1",
        "access_key_id": "testing",
        "secret_access_key": "testing",
        "multipart_threshold": 5 * MIB,
        "multipart_chunk_size": 5 * MIB,
        "list_page_size": 50,
        "connect_timeout": 3,
        "max_attempts": 2,
    }
    settings.update(overrides)
    return S3Options(**settings)


class TestS3Conformance(BackendConformance):
    @pytest.fixture
    async def backend(self, s3_url: str, bucket: str) -> AsyncIterator[Backend]:
        async with S3Backend(s3_options(s3_url, bucket)) as backend:
            yield backend

    @pytest.fixture
    def wrong_auth_backend(self, s3_auth_url: str) -> Backend:
        return S3Backend(s3_options(s3_auth_url, "any-bucket", secret_access_key="wrong-secret"))

    @pytest.fixture
    def closed_port_backend(self) -> Backend:
        return S3Backend(s3_options(f"http://127.0.0.1:{free_port()}", "any-bucket"))

    @pytest.fixture
    def missing_root_backend(self, s3_url: str) -> Backend:
        return S3Backend(s3_options(s3_url, "no-such-bucket-here"))

    @pytest.fixture
    def big_size(self) -> int:
        return 11 * MIB + 5  # three parts of the 5 MiB chunk size set above

    @pytest.fixture
    def page_size(self) -> int:
        return 50


@pytest.fixture
async def s3(s3_url: str, bucket: str) -> AsyncIterator[S3Backend]:
    async with S3Backend(s3_options(s3_url, bucket, prefix="data")) as backend:
        yield backend


async def test_mtime_and_md5_use_rclone_metadata_keys(s3: S3Backend, boto: Any, bucket: str) -> None:
    await put(s3, "a.txt", b"hello", mtime=1_600_000_000.25)
    head = boto.head_object(Bucket=bucket, Key="data/a.txt")
    assert head["Metadata"]["mtime"] == "1600000000.250000000"
    # An object written by rclone: mtime and md5chksum in metadata, multipart-style ETag.
    digest = hashlib.md5(b"by rclone").digest()
    boto.put_object(
        Bucket=bucket,
        Key="data/rclone.txt",
        Body=b"by rclone",
        Metadata={"mtime": "1500000000.123456789", "md5chksum": base64.b64encode(digest).decode()},
    )
    entry = await s3.stat("rclone.txt")
    assert entry.mtime == pytest.approx(1_500_000_000.123456789, abs=1e-6)
    assert entry.hashes["md5"] == digest.hex()


async def test_multipart_object_records_md5_and_is_not_compared_by_etag(
    s3: S3Backend, boto: Any, bucket: str
) -> None:
    data = os.urandom(12 * MIB)
    md5 = hashlib.md5(data).hexdigest()
    written = await s3.write("big.bin", iterate_bytes(data), size=len(data), md5=md5)
    assert written.hashes["md5"] == md5
    head = boto.head_object(Bucket=bucket, Key="data/big.bin")
    assert head["ETag"].strip('"').endswith("-3")
    assert base64.b64decode(head["Metadata"]["md5chksum"]).hex() == md5
    listed = [e async for e in s3.walk()][0]
    assert "md5" not in listed.hashes, "a multipart ETag must never pass for an MD5"
    assert (await s3.stat("big.bin")).hashes["md5"] == md5


async def test_failed_multipart_upload_is_aborted(s3: S3Backend, boto: Any, bucket: str) -> None:
    with pytest.raises(FailingStream):
        await s3.write("broken.bin", failing_stream(os.urandom(3 * MIB), fail_after_chunks=4), size=20 * MIB)
    assert "Contents" not in boto.list_objects_v2(Bucket=bucket)
    assert boto.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


async def test_md5_mismatch_is_refused_and_leaves_nothing(s3: S3Backend, boto: Any, bucket: str) -> None:
    for size in (100, 7 * MIB):
        with pytest.raises(SourceChanged):
            await s3.write(f"f{size}", iterate_bytes(os.urandom(size)), size=size, md5="0" * 32)
    assert "Contents" not in boto.list_objects_v2(Bucket=bucket)
    assert boto.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


async def test_server_side_copy_keeps_metadata(s3_url: str, bucket: str, boto: Any) -> None:
    options = s3_options(s3_url, bucket, prefix="cp", copy_cutoff=5 * MIB)
    async with S3Backend(options) as s3:
        await s3.write(
            "small.txt",
            iterate_bytes(b"small"),
            mtime=1_234_567_890.5,
            content_type="text/x-custom",
            metadata={"Owner": "team-a"},
        )
        copied = await s3.copy("small.txt", "copies/small.txt")
        assert copied.size == 5
        head = boto.head_object(Bucket=bucket, Key="cp/copies/small.txt")
        assert head["ContentType"] == "text/x-custom"
        assert head["Metadata"] == {"owner": "team-a", "mtime": "1234567890.500000000"}
        big = os.urandom(6 * MIB)
        await s3.write("big.bin", iterate_bytes(big), size=len(big), mtime=1.0)
        await s3.copy("big.bin", "copies/big.bin")  # above copy_cutoff: a multipart copy
        assert await get(s3, "copies/big.bin") == big
        assert (await s3.stat("copies/big.bin")).mtime == 1.0


async def test_presigned_url_is_get_only(s3: S3Backend) -> None:
    await put(s3, "shared/report.csv", b"a,b\n1,2\n")
    url = await s3.presign("shared/report.csv", expires_in=30 * 24 * 3600)
    assert "X-Amz-Expires=604800" in url  # capped at the 7 days SigV4 allows
    async with httpx.AsyncClient() as client:
        response = await client.get(url)
        assert response.status_code == 200 and response.content == b"a,b\n1,2\n"
    # The URL is signed for GET alone (SigV4 signs the method); moto does not check signatures,
    # so refusing a PUT with it cannot be shown here.
    assert "X-Amz-Signature=" in url and "x-id=PutObject" not in url


async def test_content_type_metadata_and_storage_class(s3_url: str, bucket: str, boto: Any) -> None:
    options = s3_options(s3_url, bucket, prefix="meta", storage_class="STANDARD_IA")
    async with S3Backend(options) as s3:
        await s3.write("page.html", iterate_bytes(b"<p>"), metadata={"Project": "f2l"})
        entry = await s3.stat("page.html")
        assert entry.content_type == "text/html"
        assert entry.metadata["project"] == "f2l"
        assert entry.storage_class == "STANDARD_IA"
        listed = [e async for e in s3.walk()]
        assert listed[0].storage_class == "STANDARD_IA"


@pytest.mark.parametrize("algorithm", ["CRC32", "SHA256"])
async def test_upload_checksum_algorithm(s3_url: str, bucket: str, boto: Any, algorithm: str) -> None:
    options = s3_options(s3_url, bucket, prefix="ck", checksum_algorithm=algorithm)
    async with S3Backend(options) as s3:
        await put(s3, "f.bin", b"checked" * 100)
        head = boto.head_object(Bucket=bucket, Key="ck/f.bin", ChecksumMode="ENABLED")
        assert f"Checksum{algorithm}" in head
        assert await get(s3, "f.bin") == b"checked" * 100


async def test_prefix_isolates_the_root(s3: S3Backend, boto: Any, bucket: str) -> None:
    boto.put_object(Bucket=bucket, Key="database/x.txt", Body=b"outside, same leading letters")
    boto.put_object(Bucket=bucket, Key="data/dir-marker/", Body=b"")
    boto.put_object(Bucket=bucket, Key="data/in.txt", Body=b"inside")
    assert [e.path async for e in s3.walk()] == ["in.txt"]
    assert [(e.path, e.is_dir) async for e in s3.list_dir()] == [("dir-marker", True), ("in.txt", False)]


async def test_multipart_upload_of_unknown_size(s3: S3Backend, boto: Any, bucket: str) -> None:
    data = os.urandom(11 * MIB)
    entry = await s3.write("stream.bin", iterate_bytes(data, 300_000), size=None)
    assert entry.size == len(data)
    assert await read_all(s3.read("stream.bin")) == data
    assert boto.head_object(Bucket=bucket, Key="data/stream.bin")["ETag"].strip('"').endswith("-3")


async def test_open_read_gives_the_entry_and_bytes_in_one_request(s3: S3Backend) -> None:
    data = os.urandom(7 * MIB)
    md5 = hashlib.md5(data).hexdigest()
    await s3.write(
        "obj.bin", iterate_bytes(data), size=len(data), mtime=1_700_000_000.5, md5=md5, metadata={"team": "a"}
    )
    async with s3.open_read("obj.bin") as (entry, stream):
        assert (entry.size, entry.mtime, entry.hashes["md5"]) == (len(data), 1_700_000_000.5, md5)
        assert entry.metadata["team"] == "a" and entry.content_type == "application/octet-stream"
        assert await read_all(stream) == data
    async with s3.open_read("obj.bin") as (_, unread):
        pass  # leaving without reading releases the response (a leak would warn, failing the test)
    with pytest.raises(StorageError):
        await read_all(unread)


async def test_upload_file_streams_one_put_from_disk(s3: S3Backend, boto: Any, bucket: str, tmp_path: Any) -> None:
    data = os.urandom(7 * MIB)  # above the 5 MiB multipart threshold: a local file still goes as one PUT
    source = tmp_path / "big.csv"
    source.write_bytes(data)
    os.utime(source, ns=(1_600_000_000_500_000_000, 1_600_000_000_500_000_000))
    counted: list[int] = []
    with source.open("rb") as file:
        entry = Entry("dir/big.csv", len(data), 1_600_000_000.5)
        written = await s3.upload_file("dir/big.csv", file, entry, on_bytes=counted.append)
    assert sum(counted) == len(data), "each byte is counted once, though botocore reads the body twice"
    assert written.hashes["md5"] == hashlib.md5(data).hexdigest() == written.etag
    head = boto.head_object(Bucket=bucket, Key="data/dir/big.csv")
    assert head["ContentType"] == "text/csv" and head["Metadata"]["mtime"] == "1600000000.500000000"
    assert boto.get_object(Bucket=bucket, Key="data/dir/big.csv")["Body"].read() == data
    assert s3.accepts_file(len(data)) and not s3.accepts_file(s3.options.single_put_limit + 1)


async def test_upload_file_refuses_a_file_whose_size_changed(
    s3: S3Backend, boto: Any, bucket: str, tmp_path: Any
) -> None:
    source = tmp_path / "grown.bin"
    source.write_bytes(b"x" * 2000)
    with source.open("rb") as file, pytest.raises(SourceChanged):
        await s3.upload_file("grown.bin", file, Entry("grown.bin", 1000, None), on_bytes=lambda _: None)
    assert "Contents" not in boto.list_objects_v2(Bucket=bucket)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-23T01:05:28.000Z",
        "2026-11-23T01:05:28Z",
        "Mon, 23 Nov 2026 01:05:28 GMT",
        "2026-11-23T01:05:28+00:00",
        "1795395928",
    ],
)
def test_fast_timestamp_parses_what_s3_sends(text: str) -> None:
    from datetime import UTC, datetime

    from f2l.storage.s3 import fast_timestamp

    assert fast_timestamp(text) == datetime(2026, 11, 23, 1, 5, 28, tzinfo=UTC)
