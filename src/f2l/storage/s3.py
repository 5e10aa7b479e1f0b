"""S3 backend (AWS and S3-compatible services) over aiobotocore.

A backend is one bucket plus an optional key prefix. There are no real directories:
a directory is the set of keys under `dir/`, so `mkdir` and `rmdir` change nothing.

Metadata keys follow rclone's so buckets either tool filled look in sync to the other:
`mtime` (POSIX seconds with nine decimals) carries the source's modification time, and
`md5chksum` (base64) the MD5 of multipart objects, whose ETag is not an MD5.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import email.utils
import hashlib
import io
import math
import mimetypes
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from typing import Any, BinaryIO, ClassVar, TypeVar

import aiohttp
import aiohttp.payload
from aiobotocore.config import AioConfig
from aiobotocore.httpsession import AIOHTTPSession
from aiobotocore.session import get_session
from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError, ReadTimeoutError
from botocore.utils import parse_timestamp as _botocore_timestamp

from f2l.storage.base import (
    Backend,
    ByteSource,
    ByteStream,
    Capabilities,
    DirFilter,
    Entry,
    EntryStream,
    check_path,
    join_path,
)
from f2l.storage.errors import InvalidPath, NotFound, SourceChanged, StorageError
from f2l.storage.file_state import FileState
from f2l.storage.s3_errors import UploadStalled, map_s3_error
from f2l.storage.s3_options import S3Options

META_MTIME = "mtime"
META_MD5 = "md5chksum"
READ_CHUNK = 1 << 20
MAX_PARTS = 10_000
MAX_PRESIGN_SECONDS = 7 * 24 * 3600  # the longest expiry SigV4 allows
UNWATCHED_BODY = 64 * 1024  # bytes bodies up to asyncio's write buffer limit never wait to be sent
NOT_SENT_LOW_WATER = 128 * 1024  # unsent bytes a connection queues in the kernel (TCP_NOTSENT_LOWAT)
BODY_CHUNK = 64 * 1024  # request bodies are handed to the socket in pieces this big
BODY_READ = 1 << 20  # a file body is read this much per worker-thread call (a thread hop costs ~50 µs)

T = TypeVar("T")


class S3Backend(Backend):
    """One bucket (and key prefix) of an S3 or S3-compatible service."""

    type_name: ClassVar[str] = "s3"

    def __init__(self, options: S3Options) -> None:
        self.options = options
        self.prefix = options.prefix.strip("/")
        self.capabilities = Capabilities(
            free_hashes=frozenset({"md5"}),
            mtime_precision=1e-9,
            listing_has_mtime=False,
            set_mtime=True,
            server_side_copy=True,
            multipart=True,
            presign=True,
            empty_dirs=False,
            max_name_bytes=1024,
        )
        self._exit_stack: AsyncExitStack | None = None
        self._client: Any = None
        self._connect_lock = asyncio.Lock()
        # One memory budget for all part buffers of this endpoint, whatever the number of
        # parallel uploads, so peak memory stays bounded (parts must be buffered to be sent).
        self._part_budget = asyncio.Semaphore(max(1, options.multipart_buffer_parts))

    @property
    def label(self) -> str:
        return f"s3://{self.options.bucket}/{self.prefix}".rstrip("/")

    # -- connection -------------------------------------------------------------------

    async def connect(self) -> None:
        client = await self._get_client()
        try:
            # A listing rather than HeadBucket: HEAD errors carry no body, so a wrong key and a
            # missing permission would both read "403 Forbidden".
            await client.list_objects_v2(Bucket=self.options.bucket, Prefix=self._dir_prefix(""), MaxKeys=1)
        except Exception as error:
            raise self._error(error, None) from error

    async def _get_client(self) -> Any:
        if self._client is not None:
            return self._client
        async with self._connect_lock:
            if self._client is None:
                stack = AsyncExitStack()
                try:
                    self._client = await stack.enter_async_context(self._create_client())
                except Exception as error:
                    await stack.aclose()
                    raise self._error(error, None) from error
                self._exit_stack = stack
        return self._client

    def _create_client(self) -> Any:
        opts = self.options
        config = AioConfig(
            connect_timeout=opts.connect_timeout,
            read_timeout=opts.read_timeout,
            retries={"max_attempts": opts.max_attempts, "mode": "standard"},
            max_pool_connections=opts.max_pool_connections,
            s3={"addressing_style": "path" if opts.path_style else "auto"},
            request_checksum_calculation=opts.request_checksum_calculation,
            response_checksum_validation="when_required",
            signature_version="s3v4",
            # Bounds the sending of request bodies too: see `_WatchedHTTPSession`.
            http_session_cls=_WatchedHTTPSession,
            connector_args={"socket_factory": _tcp_socket},
        )
        credentials: dict[str, str] = {}
        if opts.access_key_id and opts.secret_access_key:
            credentials = {
                "aws_access_key_id": opts.access_key_id,
                "aws_secret_access_key": opts.secret_access_key.get_secret_value(),
            }
            if opts.session_token:
                credentials["aws_session_token"] = opts.session_token.get_secret_value()
        session = get_session()
        # botocore parses every timestamp with dateutil (~0.1 ms each): most of a listing's cost.
        session.get_component("response_parser_factory").set_parser_defaults(timestamp_parser=fast_timestamp)
        return session.create_client(
            "s3",
            region_name=opts.region,
            endpoint_url=opts.endpoint_url,
            use_ssl=opts.use_ssl,
            verify=opts.verify_ssl,
            config=config,
            **credentials,
        )

    async def close(self) -> None:
        stack, self._exit_stack, self._client = self._exit_stack, None, None
        if stack is not None:
            await stack.aclose()

    # -- listing ------------------------------------------------------------------------

    async def walk(self, path: str = "", *, descend: DirFilter | None = None) -> EntryStream:
        check_path(path, self.label)
        verdicts: dict[str, bool] = {}
        async for page in self._pages(self._dir_prefix(path), delimiter=None):
            for item in page.get("Contents", ()):
                entry = self._listed_entry(item)
                if entry is None:
                    continue
                if descend is not None and _pruned(entry.path, path, descend, verdicts):
                    continue
                yield entry

    async def list_dir(self, path: str = "") -> EntryStream:
        check_path(path, self.label)
        async for page in self._pages(self._dir_prefix(path), delimiter="/"):
            children: list[Entry] = []
            for item in page.get("Contents", ()):
                entry = self._listed_entry(item)
                if entry is not None:
                    children.append(entry)
            for common in page.get("CommonPrefixes", ()):
                children.append(Entry(self._relative(common["Prefix"]).rstrip("/"), 0, None, is_dir=True))
            # S3 orders each page's keys and prefixes separately; together they are canonical.
            yield_order = sorted(children, key=lambda e: e.sort_key)
            for entry in yield_order:
                yield entry

    async def _pages(self, prefix: str, delimiter: str | None) -> AsyncIterator[dict[str, Any]]:
        client = await self._get_client()
        params: dict[str, Any] = {
            "Bucket": self.options.bucket,
            "Prefix": prefix,
            "MaxKeys": self.options.list_page_size,
        }
        if delimiter:
            params["Delimiter"] = delimiter
        where = self._relative(prefix).rstrip("/")

        async def fetch(arguments: dict[str, Any]) -> dict[str, Any]:
            try:
                page: dict[str, Any] = await client.list_objects_v2(**arguments)
            except Exception as error:
                raise self._error(error, where) from error
            return page

        upcoming = asyncio.ensure_future(fetch(dict(params)))
        try:
            while True:
                page = await upcoming
                if page.get("IsTruncated"):
                    # Ask for the next page now: it travels while the caller works through this one.
                    params["ContinuationToken"] = page["NextContinuationToken"]
                    upcoming = asyncio.ensure_future(fetch(dict(params)))
                yield page
                if not page.get("IsTruncated"):
                    return
        finally:
            if not upcoming.done():
                upcoming.cancel()
                with contextlib.suppress(BaseException):
                    await upcoming

    def _listed_entry(self, item: Mapping[str, Any]) -> Entry | None:
        key: str = item["Key"]
        if key.endswith("/"):
            return None  # a "directory marker" object other tools create; not a file
        etag = str(item.get("ETag", "")).strip('"') or None
        return Entry(
            self._relative(key),
            int(item["Size"]),
            _timestamp(item.get("LastModified")),
            hashes=_md5_of_etag(etag),
            etag=etag,
            storage_class=item.get("StorageClass"),
        )

    async def stat(self, path: str) -> Entry:
        check_path(path, self.label)
        if path == "":
            return Entry("", 0, None, is_dir=True)
        client = await self._get_client()
        try:
            head = await client.head_object(Bucket=self.options.bucket, Key=self._key(path))
        except Exception as error:
            mapped = self._error(error, path)
            if not isinstance(mapped, NotFound) or not await self._is_dir(path):
                raise mapped from error
            return Entry(path, 0, None, is_dir=True)
        return self._head_entry(path, head)

    async def _is_dir(self, path: str) -> bool:
        async for page in self._pages(self._dir_prefix(path), delimiter="/"):
            return bool(page.get("Contents") or page.get("CommonPrefixes"))
        return False

    def _head_entry(self, path: str, head: Mapping[str, Any]) -> Entry:
        metadata: dict[str, str] = dict(head.get("Metadata") or {})
        etag = str(head.get("ETag", "")).strip('"') or None
        hashes = dict(_md5_of_etag(etag))
        stored_md5 = _md5_from_metadata(metadata.get(META_MD5))
        if stored_md5:
            hashes["md5"] = stored_md5
        mtime = _parse_mtime(metadata.get(META_MTIME)) or _timestamp(head.get("LastModified"))
        return Entry(
            path,
            int(head.get("ContentLength", 0)),
            mtime,
            hashes=hashes,
            etag=etag,
            content_type=head.get("ContentType"),
            metadata=metadata,
            storage_class=head.get("StorageClass") or "STANDARD",
        )

    # -- reading --------------------------------------------------------------------------

    async def read(self, path: str, *, offset: int = 0, length: int | None = None) -> ByteStream:
        check_path(path, self.label)
        client = await self._get_client()
        params: dict[str, Any] = {"Bucket": self.options.bucket, "Key": self._key(path)}
        if length == 0:
            return
        if offset or length is not None:
            end = "" if length is None else str(offset + length - 1)
            params["Range"] = f"bytes={offset}-{end}"
        try:
            response = await client.get_object(**params)
        except Exception as error:
            mapped = self._error(error, path)
            if offset and "InvalidRange" in str(error):
                return  # reading from the end of the object: nothing left
            raise mapped from error
        async for chunk in self._body(response["Body"], path):
            yield chunk

    @contextlib.asynccontextmanager
    async def open_read(self, path: str) -> AsyncIterator[tuple[Entry, ByteStream]]:
        """GET the object: its entry (real mtime, MD5, metadata) from the response headers, and its bytes.

        One request where `stat` then `read` would make two. The response is released when
        the block ends, whether or not the stream was read.
        """
        check_path(path, self.label)
        client = await self._get_client()
        try:
            response = await client.get_object(Bucket=self.options.bucket, Key=self._key(path))
        except Exception as error:
            raise self._error(error, path) from error
        body = response["Body"]
        try:
            yield self._head_entry(path, response), self._body(body, path)
        finally:
            body.close()

    async def read_checked(self, entry: Entry) -> ByteStream:
        """The whole object, as `read`, pinned to the version `entry` saw: `If-Match` its ETag.

        A GET is one request for one version, so the bytes never mix; the pin makes sure they are
        the version whose size, mtime and MD5 travel with the copy (an object replaced since its
        listing or stat gets a 412, raised as `SourceChanged`). It costs a header, no request.
        """
        path = entry.path
        check_path(path, self.label)
        client = await self._get_client()
        params: dict[str, Any] = {"Bucket": self.options.bucket, "Key": self._key(path)}
        if entry.etag:
            params["IfMatch"] = f'"{entry.etag}"'
        try:
            response = await client.get_object(**params)
        except Exception as error:
            raise changed_or_error(self, error, path) from error
        async for chunk in self._body(response["Body"], path):
            yield chunk

    async def _body(self, body: Any, path: str) -> ByteStream:
        try:
            while chunk := await body.read(READ_CHUNK):
                yield chunk
        except Exception as error:
            raise self._error(error, path) from error
        finally:
            body.close()

    # -- writing ------------------------------------------------------------------------------

    async def write(
        self,
        path: str,
        data: ByteSource,
        *,
        size: int | None = None,
        mtime: float | None = None,
        content_type: str | None = None,
        metadata: Mapping[str, str] | None = None,
        md5: str | None = None,
    ) -> Entry:
        check_path(path, self.label)
        if path == "":
            raise InvalidPath("cannot write an object at the root itself", endpoint=self.label, path=path)
        extra = self._put_arguments(path, mtime, content_type, metadata)
        threshold = self.options.multipart_threshold
        stream = aiter(data)
        part_size = _part_size(self.options.multipart_chunk_size, size)
        if size is not None and size > threshold:
            return await self._multipart(path, b"", stream, part_size, extra, md5, mtime)
        # Size unknown or small: read one byte past the threshold to learn which it is.
        first, ended = await _read_exactly(stream, threshold + 1 if size is None else size + 1)
        if ended and len(first) <= threshold:
            return await self._put(path, first, extra, md5, mtime)
        return await self._multipart(path, first, stream, part_size, extra, md5, mtime)

    def accepts_file(self, size: int) -> bool:
        return 0 <= size <= self.options.single_put_limit

    async def upload_file(
        self, path: str, file: BinaryIO, entry: Entry, *, on_bytes: Callable[[int], None]
    ) -> Entry:
        """One PUT streamed from the open file: hashed first (Content-MD5), then sent from disk.

        Like rclone's single-part uploads: the file is read twice and never held in memory.
        A change between the two reads makes the server refuse the body (its MD5 no longer
        matches), so no mixed version is ever stored. That rests on the server checking
        Content-MD5 (moto does not), and a write *during the hashing* would make the MD5 that of
        a mix: so the file is also fstat'ed before and after the hashing, and again when the body
        has been read to its end, before its last bytes go out — any write since the first fstat
        (a moved size, mtime or ctime) fails the PUT as `SourceChanged` before S3 can store it.
        """
        check_path(path, self.label)
        if path == "":
            raise InvalidPath("cannot write an object at the root itself", endpoint=self.label, path=path)
        extra = self._put_arguments(path, entry.mtime, entry.content_type, entry.metadata)
        digest, state = await asyncio.to_thread(_md5_of_file, file, entry, self.label, path)
        _check_md5(digest.hexdigest(), entry.hashes.get("md5"), self.label, path)
        body = _FileBody(
            file,
            entry.size,
            _thread_safe(on_bytes),
            at_end=lambda: _check_unchanged(file, state, self.label, path),
        )
        client = await self._get_client()
        try:
            result = await client.put_object(
                Body=body, ContentLength=entry.size, ContentMD5=base64.b64encode(digest.digest()).decode(), **extra
            )
        except Exception as error:
            if _file_changed(file, state):
                raise SourceChanged(
                    "the file changed while being read for its upload", endpoint=self.label, path=path
                ) from error
            raise self._error(error, path) from error
        etag = str(result.get("ETag", "")).strip('"') or None
        return Entry(
            path,
            entry.size,
            entry.mtime,
            hashes={"md5": digest.hexdigest()},
            etag=etag,
            content_type=extra["ContentType"],
            metadata=extra["Metadata"],
        )

    def _put_arguments(
        self, path: str, mtime: float | None, content_type: str | None, metadata: Mapping[str, str] | None
    ) -> dict[str, Any]:
        user_metadata = {k.lower(): v for k, v in (metadata or {}).items()}
        user_metadata.pop(META_MD5, None)  # only ever set from the bytes we actually send
        if mtime is not None:
            user_metadata[META_MTIME] = f"{mtime:.9f}"
        extra: dict[str, Any] = {
            "Bucket": self.options.bucket,
            "Key": self._key(path),
            "Metadata": user_metadata,
            "ContentType": content_type or mimetypes.guess_type(path)[0] or "application/octet-stream",
        }
        if self.options.storage_class:
            extra["StorageClass"] = self.options.storage_class
        if self.options.checksum_algorithm:
            extra["ChecksumAlgorithm"] = self.options.checksum_algorithm
        return extra

    async def _put(
        self, path: str, body: bytes, extra: dict[str, Any], expected_md5: str | None, mtime: float | None
    ) -> Entry:
        digest = hashlib.md5(body, usedforsecurity=False)
        _check_md5(digest.hexdigest(), expected_md5, self.label, path)
        client = await self._get_client()
        try:
            # Content-MD5 makes the server reject bytes damaged on the way.
            result = await client.put_object(
                Body=body, ContentMD5=base64.b64encode(digest.digest()).decode(), **extra
            )
        except Exception as error:
            raise self._error(error, path) from error
        etag = str(result.get("ETag", "")).strip('"') or None
        return Entry(
            path,
            len(body),
            mtime,
            hashes={"md5": digest.hexdigest()},
            etag=etag,
            content_type=extra["ContentType"],
            metadata=extra["Metadata"],
        )

    async def _multipart(
        self,
        path: str,
        first: bytes,
        rest: AsyncIterator[bytes],
        part_size: int,
        extra: dict[str, Any],
        expected_md5: str | None,
        mtime: float | None,
    ) -> Entry:
        client = await self._get_client()
        if expected_md5:
            extra["Metadata"][META_MD5] = base64.b64encode(bytes.fromhex(expected_md5)).decode()
        try:
            upload_id = (await client.create_multipart_upload(**extra))["UploadId"]
        except Exception as error:
            raise self._error(error, path) from error
        upload = _MultipartUpload(self, path, upload_id, part_size)
        try:
            total, digest = await upload.send(first, rest)
            _check_md5(digest, expected_md5, self.label, path)
            result = await upload.complete()
        except BaseException:
            # Never leave an orphaned upload behind, even when cancelled.
            await asyncio.shield(upload.abort())
            raise
        etag = str(result.get("ETag", "")).strip('"') or None
        return Entry(
            path,
            total,
            mtime,
            hashes={"md5": digest},
            etag=etag,
            content_type=extra["ContentType"],
            metadata=extra["Metadata"],
        )

    # -- namespace operations -------------------------------------------------------------------

    async def mkdir(self, path: str) -> None:
        check_path(path, self.label)  # directories exist through their keys; nothing to create

    async def rmdir(self, path: str) -> None:
        check_path(path, self.label)  # an emptied prefix disappears by itself

    async def delete(self, path: str) -> None:
        await self.stat_file(path)  # S3 deletes absent keys silently; callers expect NotFound
        client = await self._get_client()
        try:
            await client.delete_object(Bucket=self.options.bucket, Key=self._key(path))
        except Exception as error:
            raise self._error(error, path) from error

    async def stat_file(self, path: str) -> Entry:
        """Like `stat`, but a directory prefix counts as not found."""
        entry = await self.stat(path)
        if entry.is_dir:
            raise NotFound("is a directory prefix, not an object", endpoint=self.label, path=path)
        return entry

    async def rename(self, src: str, dst: str) -> None:
        check_path(dst, self.label)
        await self.copy(src, dst)
        await self.delete(src)

    async def copy(self, src: str, dst: str) -> Entry:
        """Server-side copy within this bucket, keeping metadata; multipart above `copy_cutoff`."""
        check_path(dst, self.label)
        source = await self.stat_file(src)
        if source.size > self.options.copy_cutoff:
            return await _multipart_copy(self, source, dst)
        client = await self._get_client()
        try:
            # Pinned to the version just stat'ed, whose entry is returned (412 if it was replaced).
            result = await client.copy_object(
                Bucket=self.options.bucket,
                Key=self._key(dst),
                MetadataDirective="COPY",
                CopySource={"Bucket": self.options.bucket, "Key": self._key(src)},
                **_pinned(source),
            )
        except Exception as error:
            raise changed_or_error(self, error, dst) from error
        etag = str(result.get("CopyObjectResult", {}).get("ETag", "")).strip('"') or None
        return Entry(
            dst,
            source.size,
            source.mtime,
            hashes=source.hashes,
            etag=etag,
            content_type=source.content_type,
            metadata=source.metadata,
        )

    async def presign(self, path: str, expires_in: int) -> str:
        """A GET-only URL for one object, valid `expires_in` seconds (capped at 7 days)."""
        await self.stat_file(path)
        client = await self._get_client()
        expiry = max(1, min(int(expires_in), MAX_PRESIGN_SECONDS))
        try:
            url: str = await client.generate_presigned_url(
                "get_object", Params={"Bucket": self.options.bucket, "Key": self._key(path)}, ExpiresIn=expiry
            )
        except Exception as error:
            raise self._error(error, path) from error
        return url

    # -- helpers ------------------------------------------------------------------------------

    def _key(self, path: str) -> str:
        return join_path(self.prefix, path) if path else self.prefix

    def _dir_prefix(self, path: str) -> str:
        key = self._key(path)
        return f"{key}/" if key else ""

    def _relative(self, key: str) -> str:
        return key[len(self.prefix) + 1 :] if self.prefix else key

    def _error(self, error: BaseException, path: str | None) -> StorageError:
        return map_s3_error(error, self.label, path)


class _MultipartUpload:
    """The parts of one multipart upload, sent in parallel under the endpoint's memory budget."""

    def __init__(self, backend: S3Backend, path: str, upload_id: str, part_size: int) -> None:
        self.backend, self.path, self.upload_id, self.part_size = backend, path, upload_id, part_size
        self.parts: dict[int, str] = {}

    async def send(self, first: bytes, rest: AsyncIterator[bytes]) -> tuple[int, str]:
        """Upload every part; return the total size and the hex MD5 of the whole content."""
        digest = hashlib.md5(usedforsecurity=False)
        pending: set[asyncio.Task[None]] = set()
        carry, total, number, ended = first, 0, 0, False
        try:
            while not ended or carry:
                await self.backend._part_budget.acquire()
                body, carry, ended = await _next_part(carry, rest, self.part_size, ended)
                if not body and number > 0:
                    self.backend._part_budget.release()
                    break
                number += 1
                total += len(body)
                digest.update(body)
                pending.add(asyncio.create_task(self._upload(number, body)))
                pending = await _reap(pending, self.backend.options.multipart_concurrency)
            await asyncio.gather(*pending)
        except BaseException:
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            raise
        return total, digest.hexdigest()

    async def _upload(self, number: int, body: bytes) -> None:
        client = await self.backend._get_client()
        try:
            result = await client.upload_part(
                Bucket=self.backend.options.bucket,
                Key=self.backend._key(self.path),
                UploadId=self.upload_id,
                PartNumber=number,
                Body=_PartBody(body),
                ContentMD5=base64.b64encode(hashlib.md5(body, usedforsecurity=False).digest()).decode(),
            )
        except Exception as error:
            raise self.backend._error(error, self.path) from error
        finally:
            self.backend._part_budget.release()
        self.parts[number] = result["ETag"]

    async def complete(self) -> dict[str, Any]:
        client = await self.backend._get_client()
        parts = [{"PartNumber": n, "ETag": etag} for n, etag in sorted(self.parts.items())]
        try:
            result: dict[str, Any] = await client.complete_multipart_upload(
                Bucket=self.backend.options.bucket,
                Key=self.backend._key(self.path),
                UploadId=self.upload_id,
                MultipartUpload={"Parts": parts},
            )
        except Exception as error:
            raise self.backend._error(error, self.path) from error
        return result

    async def abort(self) -> None:
        client = await self.backend._get_client()
        try:
            await client.abort_multipart_upload(
                Bucket=self.backend.options.bucket, Key=self.backend._key(self.path), UploadId=self.upload_id
            )
        except Exception:
            return


class _PartBody(io.RawIOBase):
    """A read-only file over one part's bytes.

    Given `bytes`, aiohttp hands the whole part to the socket at once and asyncio copies
    what the socket cannot take yet — a second part-sized buffer per upload. As a file it
    is sent in small chunks, each waiting for the socket to drain.
    """

    def __init__(self, data: bytes) -> None:
        self._view = memoryview(data)
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True  # botocore rewinds bodies to sign them and to retry

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: len(self._view)}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer: Any) -> int:
        chunk = self._view[self._position : self._position + len(buffer)]
        buffer[: len(chunk)] = chunk
        self._position += len(chunk)
        return len(chunk)


class _FileBody(io.RawIOBase):
    """The first `size` bytes of an open local file, as a PUT body that reports its progress.

    botocore reads a body once to sign it over plain HTTP and rewinds it; only bytes past the
    furthest point reached so far are reported, so progress never counts a byte twice.
    """

    def __init__(
        self,
        file: BinaryIO,
        size: int,
        on_bytes: Callable[[int], None],
        *,
        at_end: Callable[[], None] | None = None,
    ) -> None:
        self._file, self._size, self._on_bytes = file, size, on_bytes
        self._at_end = at_end
        """Called (in the reading thread) when a read reaches the end, before its bytes are returned:
        it may raise, so that the body never completes."""
        self._position = 0
        self._reported = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = min(self._size, max(0, base + offset))
        self._file.seek(self._position)
        return self._position

    def readinto(self, buffer: Any) -> int:
        want = min(len(buffer), self._size - self._position)
        if want <= 0:
            return 0
        count = self._file.readinto(memoryview(buffer)[:want])  # type: ignore[attr-defined]
        self._position += count
        if self._position > self._reported:
            self._on_bytes(self._position - self._reported)
            self._reported = self._position
        if self._position >= self._size and self._at_end is not None:
            self._at_end()
        return int(count)


class _BodyProgress:
    """How the sending of one request body goes: when it started and last moved, whether it ended."""

    def __init__(self) -> None:
        self.writing: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.ended = False
        self.last_moved = 0.0
        self.transport: asyncio.WriteTransport | None = None

    def started(self, transport: asyncio.WriteTransport | None) -> None:
        self.transport = transport
        self.ended = False  # aiohttp may send the body again (a retried or redirected request)
        self.last_moved = time.monotonic()
        if not self.writing.done():
            self.writing.set_result(None)

    def moved(self) -> None:
        self.last_moved = time.monotonic()


class _WatchedPayload(aiohttp.payload.Payload):
    """A request body that aiohttp sends through here, chunk by chunk, noting each one taken.

    `writer.write` returns once the socket has room again, so every chunk noted is a sign
    the server is accepting bytes. The source is what botocore would have sent: a file-like
    object (read in a thread unless it is in memory) or an async iterable (aws-chunked).
    """

    def __init__(self, source: Any, progress: _BodyProgress) -> None:
        super().__init__(source)
        self.progress = progress
        self._start: int | None = None

    async def write(self, writer: Any) -> None:
        await self.write_with_length(writer, None)

    async def write_with_length(self, writer: Any, content_length: int | None) -> None:
        self.progress.started(getattr(writer, "transport", None))
        remaining = content_length
        async for block in self._chunks():
            view = memoryview(block)
            if remaining is not None:
                view = view[:remaining]
                remaining -= len(view)
            # Handed over in small pieces so the watchdog sees progress on a slow link too.
            for start in range(0, len(view), BODY_CHUNK):
                await writer.write(view[start : start + BODY_CHUNK])
                self.progress.moved()
            if remaining == 0:
                break
        self.progress.ended = True

    async def _chunks(self) -> AsyncIterator[bytes]:
        source = self._value
        if hasattr(source, "__aiter__"):
            self._consumed = True  # an async iterable cannot be sent twice
            async for chunk in source:
                yield chunk
            return
        # Sent again from the same start if aiohttp repeats the request (a 307/308 redirect).
        if self._start is None:
            self._start = source.tell()
        else:
            source.seek(self._start)
        in_memory = isinstance(source, io.BytesIO | _PartBody)
        while True:
            chunk = source.read(BODY_READ) if in_memory else await asyncio.to_thread(source.read, BODY_READ)
            if not chunk:
                return
            yield chunk

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return f"<request body of {type(self._value).__name__}>"


class _WatchedHTTPSession(AIOHTTPSession):  # type: ignore[misc]
    """aiobotocore's HTTP session, sending every request body under a stall watchdog.

    aiohttp's `sock_read` timer (the read timeout) starts only once the whole body is
    written, and nothing bounds the write: a server that stops reading lets the socket's
    send buffer fill, and the upload then waits forever. Here the body goes out through a
    `_WatchedPayload`; if none of it moves for `read_timeout` seconds before the response
    headers arrive, the request is cancelled, its connection aborted (closing it would wait
    forever for its unsent bytes to leave), and it fails with `UploadStalled`, which botocore
    and then F2L retry. A slow link whose bytes keep moving is never cut off, however long
    the body takes. Once the body is all handed over, aiohttp's own read timeout decides;
    the watchdog then only backs it up (twice the time), for a last chunk that never leaves.
    """

    def __init__(self, *args: Any, timeout: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, timeout=timeout, **kwargs)
        read_timeout = timeout[1] if isinstance(timeout, tuple | list) else timeout
        self._stall_after = float(read_timeout) if read_timeout else None

    async def send(self, request: Any) -> Any:
        body = request.body
        if self._stall_after is None or not _may_stall(body):
            return await super().send(request)
        progress = _BodyProgress()
        streamed = request.stream_output
        # No `Expect: 100-continue` (botocore asks it for every file-like body; it is not
        # signed): aiohttp arms its read timer on the server's `100 Continue`, and nothing
        # re-arms it while the body goes out, so any body taking longer than the read timeout
        # to send would be cut off however fast its bytes moved. Without it, aiohttp's timer
        # starts once the body is sent, as it should.
        expect = request.headers.get("Expect")
        del request.headers["Expect"]
        # The response body is read after the watchdog, under aiohttp's read timeout: a
        # CompleteMultipartUpload may trickle keep-alive whitespace for minutes.
        source = _PartBody(bytes(body)) if isinstance(body, bytes | bytearray | memoryview) else body
        request.body, request.stream_output = _WatchedPayload(source, progress), True
        try:
            response = await _unless_stalled(super().send(request), progress, self._stall_after, request)
        finally:
            request.body, request.stream_output = body, streamed
            if expect is not None:
                request.headers["Expect"] = expect
        if not streamed:
            await _read_content(response, request)
        return response


def _tcp_socket(address: Any) -> socket.socket:
    """A connection's socket, queueing little unsent data in the kernel (where the OS allows).

    With TCP_NOTSENT_LOWAT the socket takes more of a body only once what it holds unsent is
    nearly gone, without limiting the bytes in flight (so no throughput is lost): the body's
    progress then follows the network rather than megabytes of loopback-sized send buffer,
    and aiohttp's read timer, which starts once the last bytes are handed to the kernel, no
    longer runs while those are still queued.
    """
    family, kind, protocol, _, _ = address
    sock = socket.socket(family=family, type=kind, proto=protocol)
    option = getattr(socket, "TCP_NOTSENT_LOWAT", None)
    if option is not None and family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, option, NOT_SENT_LOW_WATER)
    return sock


def _may_stall(body: Any) -> bool:
    """Whether sending `body` can wait on the server: not for none or small bytes (they fit the buffers)."""
    if isinstance(body, bytes | bytearray | memoryview):
        return len(body) > UNWATCHED_BODY
    if hasattr(body, "__aiter__"):
        return True  # botocore's aws-chunked body
    return hasattr(body, "read") and not asyncio.iscoroutinefunction(body.read)


async def _unless_stalled(send: Awaitable[T], progress: _BodyProgress, limit: float, request: Any) -> T:
    """Await `send`, failing it if its body stops moving for `limit` seconds before the response.

    Until the body starts going out, the connect timeout bounds the wait (and a wait for a
    pooled connection ends when one of the others, each bounded, does).
    """
    task = asyncio.ensure_future(send)
    try:
        await asyncio.wait((task, progress.writing), return_when=asyncio.FIRST_COMPLETED)
        while not task.done():
            allowed = 2 * limit if progress.ended else limit
            remaining = progress.last_moved + allowed - time.monotonic()
            if remaining <= 0:
                break
            await asyncio.wait((task,), timeout=remaining)
        if task.done():
            return task.result()
    finally:
        if not task.done():
            # Stalled, or the caller was cancelled (a sibling part failed, the run stopped).
            task.cancel()
            await asyncio.wait((task,))
            # The request failed, so aiohttp closed its connection rather than pool it; but a
            # close waits for the unsent bytes to leave, which they never may: abort it.
            failed = task.done() and (task.cancelled() or task.exception() is not None)
            if failed and progress.transport is not None:
                progress.transport.abort()
    raise UploadStalled(endpoint_url=request.url, method=request.method, seconds=limit)


async def _read_content(response: Any, request: Any) -> None:
    """Read a response body as aiobotocore's `send` does, with its translation of aiohttp's errors."""
    try:
        await response.content
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError) as error:
        raise ConnectionClosedError(error=error, request=request, endpoint_url=request.url) from error
    except TimeoutError as error:  # aiohttp.ServerTimeoutError too
        raise ReadTimeoutError(endpoint_url=request.url, error=error) from error
    except aiohttp.ClientConnectionError as error:
        raise EndpointConnectionError(endpoint_url=request.url, error=error) from error


def _md5_of_file(file: BinaryIO, entry: Entry, endpoint: str, path: str) -> tuple[Any, FileState]:
    """MD5 of the file's bytes and its state (fstat) before them; leaves it at 0.

    The file must still be `entry`'s size and mtime, hold exactly `entry.size` bytes, and not
    be written while it is hashed (its state after the hashing is the one before).
    """
    state = FileState.of(file.fileno())
    if not state.is_version(entry):
        raise SourceChanged(
            f"the file changed since it was opened ({state.describe(entry)})", endpoint=endpoint, path=path
        )
    size = entry.size
    digest = hashlib.md5(usedforsecurity=False)
    file.seek(0)
    read = 0
    while chunk := file.read(1 << 20):
        read += len(chunk)
        digest.update(chunk)
    file.seek(0)
    if read != size:
        raise SourceChanged(
            f"the file changed size (listed {size} bytes, now {read})", endpoint=endpoint, path=path
        )
    _check_unchanged(file, state, endpoint, path)
    return digest, state


def _check_unchanged(file: BinaryIO, state: FileState, endpoint: str, path: str) -> None:
    """Raise `SourceChanged` if the open file was written since it was in `state` (one fstat)."""
    now = FileState.of(file.fileno())
    if now != state:
        raise SourceChanged(
            f"the file changed while being read (its {now.moved_since(state)} moved): a copy "
            "would mix two versions",
            endpoint=endpoint,
            path=path,
        )


def _file_changed(file: BinaryIO, state: FileState) -> bool:
    """Whether the open file was written since it was in `state` (size, mtime, ctime)."""
    try:
        return FileState.of(file.fileno()) != state
    except OSError:
        return False


def _thread_safe(callback: Callable[[int], None]) -> Callable[[int], None]:
    """`callback` made callable from aiohttp's file-reading threads: it runs on the event loop."""
    loop = asyncio.get_running_loop()
    loop_thread = threading.get_ident()

    def call(count: int) -> None:
        if threading.get_ident() == loop_thread:
            callback(count)
        else:
            loop.call_soon_threadsafe(callback, count)

    return call


async def _multipart_copy(backend: S3Backend, source: Entry, dst: str) -> Entry:
    """Copy an object larger than a single CopyObject allows, part by part on the server."""
    client = await backend._get_client()
    extra = backend._put_arguments(dst, None, source.content_type, source.metadata)
    bucket = backend.options.bucket
    try:
        upload_id = (await client.create_multipart_upload(**extra))["UploadId"]
    except Exception as error:
        raise backend._error(error, dst) from error
    part_size = _part_size(backend.options.multipart_chunk_size, source.size)
    try:
        parts = []
        for number, start in enumerate(range(0, source.size, part_size), start=1):
            end = min(start + part_size, source.size) - 1
            # Every part from the one version stat'ed: a replaced source gets a 412, not a mix.
            result = await client.upload_part_copy(
                Bucket=bucket,
                Key=backend._key(dst),
                UploadId=upload_id,
                PartNumber=number,
                CopySource={"Bucket": bucket, "Key": backend._key(source.path)},
                CopySourceRange=f"bytes={start}-{end}",
                **_pinned(source),
            )
            parts.append({"PartNumber": number, "ETag": result["CopyPartResult"]["ETag"]})
        done = await client.complete_multipart_upload(
            Bucket=bucket, Key=backend._key(dst), UploadId=upload_id, MultipartUpload={"Parts": parts}
        )
    except BaseException as error:
        await asyncio.shield(
            client.abort_multipart_upload(Bucket=bucket, Key=backend._key(dst), UploadId=upload_id)
        )
        if isinstance(error, Exception):
            raise changed_or_error(backend, error, dst) from error
        raise
    etag = str(done.get("ETag", "")).strip('"') or None
    return Entry(
        dst,
        source.size,
        source.mtime,
        hashes=source.hashes,
        etag=etag,
        content_type=source.content_type,
        metadata=source.metadata,
    )


async def _read_exactly(stream: AsyncIterator[bytes], limit: int) -> tuple[bytes, bool]:
    """Read up to `limit` bytes; return them and whether the stream ended within them."""
    buffer, carry, ended = await _next_part(b"", stream, limit, False)
    if carry:
        # The stream yielded past `limit`: keep it all, the caller switches to multipart.
        return buffer + carry, False
    return buffer, ended


async def _next_part(
    carry: bytes, stream: AsyncIterator[bytes], size: int, ended: bool
) -> tuple[bytes, bytes, bool]:
    """Fill one part of `size` bytes from `carry` then `stream`; return (part, leftover, ended).

    Only the part is copied (one join); the leftover is the tail of the last chunk, so peak
    memory stays near one part per upload in flight.
    """
    chunks, have = [carry] if carry else [], len(carry)
    while have < size and not ended:
        chunk = await anext(stream, None)
        if chunk is None:
            ended = True
        elif chunk:
            chunks.append(chunk)
            have += len(chunk)
    if have <= size:
        return b"".join(chunks), b"", ended
    last = chunks.pop()
    cut = len(last) - (have - size)
    chunks.append(last[:cut])
    return b"".join(chunks), last[cut:], ended


async def _reap(pending: set[asyncio.Task[None]], limit: int) -> set[asyncio.Task[None]]:
    """Wait until fewer than `limit` part uploads run, raising the first failure."""
    while len(pending) >= limit:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            task.result()
    return pending


def _part_size(configured: int, size: int | None) -> int:
    """The configured part size, grown when needed to fit a known size in 10,000 parts."""
    if size is None or size <= configured * MAX_PARTS:
        return configured
    mebibyte = 1 << 20
    return math.ceil(size / MAX_PARTS / mebibyte) * mebibyte


def _pruned(path: str, base: str, descend: DirFilter, verdicts: dict[str, bool]) -> bool:
    """Whether any directory between `base` and the file `path` is pruned by `descend`."""
    parts = path.split("/")[:-1]
    directory = ""
    for part in parts:
        directory = join_path(directory, part)
        if len(directory) <= len(base):
            continue  # the walk's own root and its ancestors are never pruned
        verdict = verdicts.get(directory)
        if verdict is None:
            verdict = verdicts[directory] = descend(directory)
        if not verdict:
            return True
    return False


def _pinned(source: Entry) -> dict[str, str]:
    """The CopyObject / UploadPartCopy argument that pins the source to the version `source` saw."""
    return {"CopySourceIfMatch": f'"{source.etag}"'} if source.etag else {}


def changed_or_error(backend: S3Backend, error: BaseException, path: str) -> StorageError:
    """`error` translated; a failed precondition (412, an `If-Match` on a replaced object) as `SourceChanged`."""
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code == "PreconditionFailed" or error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 412:
            return SourceChanged(
                "the object changed since it was listed (its ETag no longer matches): a "
                "copy would not be the version planned",
                endpoint=backend.label,
                path=path,
            )
    return backend._error(error, path)


def _check_md5(actual: str, expected: str | None, endpoint: str, path: str) -> None:
    if expected and actual != expected.lower():
        raise SourceChanged(
            f"content MD5 {actual} differs from the expected {expected}: the source changed during the transfer",
            endpoint=endpoint,
            path=path,
        )


def _md5_of_etag(etag: str | None) -> dict[str, str]:
    """A single-part object's ETag is its MD5; a multipart one (with `-N`) is not."""
    if etag and len(etag) == 32 and "-" not in etag:
        return {"md5": etag.lower()}
    return {}


def _md5_from_metadata(value: str | None) -> str | None:
    if not value:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw.hex() if len(raw) == 16 else None


def _parse_mtime(value: str | None) -> float | None:
    """Read rclone's `mtime` metadata (POSIX seconds, fractional); None if absent or bad."""
    if not value:
        return None
    try:
        parsed = float(value)
    except ValueError:
        return None
    return parsed if math.isfinite(parsed) else None


def _timestamp(value: datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


def fast_timestamp(value: str) -> datetime:
    """botocore's timestamp parser, fast for the two forms S3 sends (ISO 8601 and HTTP dates)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            general: datetime = _botocore_timestamp(value)  # anything else: the SDK's own parser
            return general
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
