"""Parsing of FTP server replies: FEAT, MLSD/MLST facts, LIST lines and timestamps.

Everything here is pure (bytes or text in, values out) so the quirks of real servers can
be tested without a server. Listing lines are parsed as *bytes* and names are returned
undecoded: deciding what to do with a name that is not UTF-8 is the backend's business.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal["file", "dir", "link", "other"]

_UTC = datetime.UTC

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}

_LIST_KINDS: dict[bytes, Kind] = {b"-": "file", b"d": "dir", b"l": "link"}

# `ls -l` style, as sent by vsftpd, ProFTPD, pure-ftpd and pyftpdlib. The owner/group
# columns vary (one or two, numeric or not); exactly one space separates the date from
# the name, so names that start with spaces survive.
_UNIX_LINE = re.compile(
    rb"^(?P<type>[-dlbcps])[-rwxsStTl]{9}[+@.]?\s+\d+\s+(?:\S+\s+){1,2}?(?P<size>\d+)\s+"
    rb"(?P<month>[A-Za-z]{3})\s+(?P<day>\d{1,2})\s+(?P<when>\d{1,2}:\d{2}|\d{4}) (?P<name>.+)$"
)
# MS-DOS style, as sent by IIS: `09-13-20  12:26PM  <DIR>  name` or `... 1234 name`.
_DOS_LINE = re.compile(
    rb"^(?P<date>\d{2}-\d{2}-\d{2,4})\s+(?P<time>\d{1,2}:\d{2}(?:[AaPp][Mm])?)\s+"
    rb"(?P<size><DIR>|\d+)\s+(?P<name>.+)$"
)


@dataclass(frozen=True, slots=True)
class Listed:
    """One line of a directory listing; `name` is the server's raw bytes."""

    name: bytes
    kind: Kind
    size: int
    mtime: float | None


def parse_features(lines: Sequence[str]) -> frozenset[str]:
    """Feature names (upper case, first word) from a FEAT reply's lines as aioftp returns them.

    The first line is the `211-` header's text and the last the closing `211 End`'s (which
    also starts with a space); the feature lines in between start with a space (RFC 2389).
    """
    return frozenset(line.split()[0].upper() for line in lines[1:-1] if line.startswith(" ") and line.strip())


def parse_facts(text: str) -> dict[str, str]:
    """The `fact=value;` pairs of an MLST/MLSD entry (text before the name), keys lower case."""
    facts: dict[str, str] = {}
    for fact in text.split(";"):
        key, sep, value = fact.partition("=")
        if sep:
            facts[key.strip().lower()] = value
    return facts


def kind_of(facts: dict[str, str]) -> Kind | None:
    """File, dir, link or other from the `type` fact; None for `cdir`/`pdir` (`.`, `..`)."""
    kind = facts.get("type", "").lower()
    if kind == "file":
        return "file"
    if kind == "dir":
        return "dir"
    if kind in ("cdir", "pdir"):
        return None
    # `OS.unix=slink:/target` (pure-ftpd), `OS.unix=symlink` (ProFTPD), devices, sockets...
    return "link" if "link" in kind else "other"


def listed_from_facts(name: bytes, facts: dict[str, str], *, single: bool = False) -> Listed | None:
    """A `Listed` from parsed facts; None for the `.`/`..` entries of a directory listing.

    With `single` (an MLST reply about one path) `cdir` means that path is a directory.
    """
    kind = kind_of(facts) or ("dir" if single else None)
    if kind is None:
        return None
    size = facts.get("size", facts.get("sizd", ""))
    return Listed(
        name, kind, int(size) if size.isdigit() and kind == "file" else 0, parse_timeval(facts.get("modify", ""))
    )


def parse_mlsd_line(line: bytes) -> Listed | None:
    """One MLSD line (`facts; name`, CRLF removed); None if it is not an entry.

    The name is everything after the first space, trailing spaces included (RFC 3659 §7.2).
    """
    facts_raw, sep, name = line.partition(b" ")
    if not sep or not name:
        return None
    facts = parse_facts(facts_raw.decode("ascii", errors="replace"))
    return listed_from_facts(name, facts)


def parse_list_line(line: bytes, now: datetime.datetime | None = None) -> Listed | None:
    """One LIST line in Unix `ls -l` or MS-DOS format; None for `total N` and unknown lines.

    Unix listings give minutes for recent files and only the day for files older than six
    months; times are taken as UTC (pyftpdlib's default; other servers use local time,
    which is why the backend asks MDTM for exact times when it can).
    """
    now = now or datetime.datetime.now(_UTC)
    unix = _UNIX_LINE.match(line)
    if unix is not None:
        kind = _LIST_KINDS.get(unix["type"], "other")
        when = _unix_time(unix["month"], unix["day"], unix["when"], now)
        return _listed(unix["name"], kind, int(unix["size"]), when)
    dos = _DOS_LINE.match(line)
    if dos is not None:
        is_dir = dos["size"] == b"<DIR>"
        return _listed(
            dos["name"],
            "dir" if is_dir else "file",
            0 if is_dir else int(dos["size"]),
            _dos_time(dos["date"], dos["time"]),
        )
    return None


def _listed(name: bytes, kind: Kind, size: int, mtime: float | None) -> Listed | None:
    if name in (b".", b".."):
        return None
    return Listed(name, kind, size if kind == "file" else 0, mtime)


def _unix_time(month: bytes, day: bytes, when: bytes, now: datetime.datetime) -> float | None:
    number = _MONTHS.get(month.decode("ascii", errors="replace").lower())
    if number is None:
        return None
    try:
        if b":" in when:
            hour, minute = (int(part) for part in when.split(b":"))
            stamp = datetime.datetime(now.year, number, int(day), hour, minute, tzinfo=_UTC)
            if stamp > now + datetime.timedelta(days=1):  # "Dec 31 23:59" seen in January
                stamp = stamp.replace(year=now.year - 1)
        else:
            stamp = datetime.datetime(int(when), number, int(day), tzinfo=_UTC)
    except ValueError:  # Feb 29 of a non-leap year, day 32...
        return None
    return stamp.timestamp()


def _dos_time(date: bytes, clock: bytes) -> float | None:
    text = f"{date.decode('ascii')} {clock.decode('ascii').upper()}"
    for pattern in ("%m-%d-%y %I:%M%p", "%m-%d-%Y %I:%M%p", "%m-%d-%y %H:%M", "%m-%d-%Y %H:%M"):
        try:
            return datetime.datetime.strptime(text, pattern).replace(tzinfo=_UTC).timestamp()
        except ValueError:
            continue
    return None


def parse_timeval(text: str) -> float | None:
    """POSIX seconds from an RFC 3659 time-val (`YYYYMMDDHHMMSS[.sss]`, UTC); None if malformed."""
    text = text.strip()
    whole, _, fraction = text.partition(".")
    if len(whole) != 14 or not whole.isdigit() or (fraction and not fraction.isdigit()):
        return None
    try:
        stamp = datetime.datetime.strptime(whole, "%Y%m%d%H%M%S").replace(tzinfo=_UTC)
    except ValueError:
        return None
    return stamp.timestamp() + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)


def format_timeval(mtime: float) -> str:
    """The MFMT time-val for `mtime`, truncated to whole seconds like every server shows it."""
    stamp = datetime.datetime(1970, 1, 1, tzinfo=_UTC) + datetime.timedelta(seconds=int(mtime // 1))
    return stamp.strftime("%Y%m%d%H%M%S")


def split_lines(data: bytes) -> list[bytes]:
    """Listing lines without their CRLF (or bare LF) endings; blank lines dropped."""
    lines = []
    for line in data.split(b"\n"):
        line = line[:-1] if line.endswith(b"\r") else line
        if line:
            lines.append(line)
    return lines
