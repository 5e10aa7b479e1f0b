"""Response models of the endpoint inspection use cases (browse, metadata, analyze, filter match).

Paths are relative to the endpoint root (`""` is the root), times are UTC datetimes, sizes
are bytes. The API returns these models as they are.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class BrowseItem(BaseModel):
    """One child of a browsed directory."""

    name: str
    path: str = Field(description="Path relative to the endpoint root.")
    is_dir: bool
    size: int | None = Field(description="Bytes; None for a directory or when the backend does not know.")
    modified: datetime | None = Field(description="Last modification (UTC); None when unknown.")
    etag: str | None = None
    storage_class: str | None = None
    content_type: str | None = Field(
        None,
        description="Guessed from the file name's extension (a listing "
        "carries no type); None for folders and unknown extensions. The stored "
        "type is in GET /endpoints/{id}/metadata.",
    )


class BrowsePagination(BaseModel):
    """Where a page lies in a listing that is streamed, never counted up front."""

    page: int
    limit: int
    total: int | None = Field(
        description="Number of entries in the directory; known only once the "
        "listing ended within this page, else None."
    )
    has_more: bool


class BrowsePage(BaseModel):
    """One page of a directory listing, in the backend's canonical order."""

    data: list[BrowseItem]
    pagination: BrowsePagination


class PathMetadata(BaseModel):
    """What is known about one path: a file's own attributes, or a folder's totals.

    File fields (`size`, `etag`, `content_type`, `storage_class`, `hashes`, `metadata`) are
    None or empty for a folder; folder fields (`file_count` to `last_modified`) are None
    for a file.
    """

    path: str
    name: str
    kind: Literal["file", "folder"]
    modified: datetime | None = Field(None, description="The path's own modification time (UTC).")
    size: int | None = None
    etag: str | None = None
    content_type: str | None = None
    storage_class: str | None = None
    hashes: dict[str, str] = Field(default_factory=dict, description="Algorithm name to lowercase hex.")
    metadata: dict[str, str] = Field(default_factory=dict, description="User metadata stored with the file.")
    file_count: int | None = None
    folder_count: int | None = Field(
        None, description="Distinct subfolders holding files (empty ones are not seen by a walk)."
    )
    total_size: int | None = Field(None, description="Sum of the known file sizes.")
    last_modified: datetime | None = Field(None, description="Newest file modification in the folder.")
    truncated: bool = Field(
        False,
        description="True when the folder walk stopped at its entry cap, so "
        "the folder totals cover only part of it.",
    )


class CountBytes(BaseModel):
    """A number of files and their total size."""

    count: int = 0
    bytes: int = 0


class SizeBucket(BaseModel):
    """One bar of the size histogram: files with `min_bytes <= size < max_bytes`."""

    label: str
    min_bytes: int
    max_bytes: int | None = Field(description="Exclusive upper bound; None for the last bucket.")
    count: int = 0
    bytes: int = 0


class LargestFile(BaseModel):
    """One of the largest files found."""

    path: str
    size: int
    modified: datetime | None


class BreakdownRow(BaseModel):
    """Files sharing a key (a top-level folder, an extension); `(other)` aggregates the rest."""

    key: str
    count: int
    bytes: int


class Analysis(BaseModel):
    """The totals and distributions of everything under one folder."""

    path: str
    object_count: int
    total_size: int = Field(description="Sum of the known file sizes.")
    unknown_size_count: int = Field(
        description="Files whose size the backend does not report; counted in `object_count` only."
    )
    size_histogram: list[SizeBucket]
    largest_files: list[LargestFile]
    by_folder: list[BreakdownRow] = Field(
        description='By first path segment under `path`; files directly in `path` under key "".'
    )
    by_extension: list[BreakdownRow] = Field(description='By lowercased extension, "" for none.')
    storage_classes: dict[str, CountBytes] = Field(description='"unknown" where the backend gives none.')
    oldest_modified: datetime | None
    newest_modified: datetime | None
    estimated_transfer_seconds: float | None = Field(
        description="total_size at the recent transfer speed; None without a speed."
    )
    truncated: bool = Field(description="True when the walk stopped at its entry cap.")


class FilterMatch(BaseModel):
    """What a session's filters let through in a folder: the wizard's live count."""

    path: str
    matched_files: int = Field(description="Files that pass the filters.")
    matched_bytes: int = Field(description="Their total size in bytes (files of unknown size count 0).")
    scanned_files: int = Field(description="Files looked at (excluded folders are not walked).")
    sample: list[str] = Field(description="The first matching paths in listing order, relative to `path`.")
    complete: bool = Field(
        description="False when the walk stopped at its file or time limit: the counts are then lower bounds."
    )
