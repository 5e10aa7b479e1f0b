"""Fill in an entry's MD5 when a comparison needs content, not metadata."""

from __future__ import annotations

import dataclasses
import hashlib
from contextlib import aclosing

from f2l.storage.base import Backend, Entry


async def with_md5(backend: Backend, entry: Entry) -> Entry:
    """Return `entry` with an `md5` hash: the free one, the one `stat` knows, or by reading.

    Reading is the fallback for backends with no hash command (local, SFTP, FTP) and for
    S3 multipart objects that carry no `md5chksum`: a side with no server hash is verified
    by its bytes, never assumed to match.
    """
    if "md5" in entry.hashes:
        return entry
    if "md5" in backend.capabilities.free_hashes:
        stated = await backend.stat(entry.path)
        if "md5" in stated.hashes:
            return stated
        entry = stated
    digest = hashlib.md5(usedforsecurity=False)
    async with aclosing(backend.read(entry.path)) as stream:
        async for chunk in stream:
            digest.update(chunk)
    return dataclasses.replace(entry, hashes={**entry.hashes, "md5": digest.hexdigest()})
