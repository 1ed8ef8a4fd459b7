"""Checking the paths users give, and writing output files whole or not at all.

Every path problem is one :class:`~pivotal.errors.PivotalError` naming the option (``--report``,
``--chart``, ``--weights @FILE``, an organization file), what is allowed and the fix: an empty
path, a name longer than the file system takes (255 bytes a name on Linux and macOS [1]_), a
missing folder, a folder given as a file, a folder that cannot be written or a file that cannot
be read. Output goes to a temporary file beside the target, then is renamed into place [2]_, so a
failure never leaves a half-written file.

>>> check_folder("", "--report")
Traceback (most recent call last):
...
pivotal.errors.PivotalError: --report: expected a file name, e.g. out.html; received ''. \
Give the file to write, or leave the option out.
>>> try:
...     check_readable("x" * 300 + ".yaml", "organization")
... except PivotalError as err:
...     print(err.parameter, "|", err.allowed)
organization | file and folder names of at most 255 bytes

References
----------
.. [1] The Open Group Base Specifications, Issue 7, ``<limits.h>``: ``NAME_MAX`` and
   ``PATH_MAX``; Linux ``NAME_MAX`` is 255 bytes, ``PATH_MAX`` 4096.
.. [2] POSIX ``rename()``: replaces the target atomically within one file system.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from pivotal.errors import PivotalError

__all__ = ["NAME_MAX", "check_folder", "check_readable", "check_suffix", "write_atomic"]

#: The longest file name (one path component) most file systems take, in bytes (UTF-8).
NAME_MAX = 255


def check_suffix(
    path: str | os.PathLike[str], allowed: Sequence[str], what: str, parameter: str = "path"
) -> str:
    """The suffix of ``path`` (lower case, without the dot) when it is one of ``allowed``;
    otherwise a :class:`PivotalError` that lists them."""
    _check_text(path, parameter, f"a file name, e.g. out.{allowed[0]}", _LEAVE_OUT)
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in allowed:
        names = ", ".join(allowed)
        raise PivotalError(
            parameter,
            f"a file name ending in {' or '.join('.' + a for a in allowed)} ({names})",
            repr(str(path)),
            f"Name the {what} file with one of those suffixes, e.g. out.{allowed[0]}.",
        )
    return suffix


def check_folder(path: str | os.PathLike[str], parameter: str = "path") -> Path:
    """``path`` as a :class:`Path` when it names a file that can be written in an existing
    folder; otherwise a :class:`PivotalError` that says what to fix."""
    _check_text(path, parameter, "a file name, e.g. out.html", _LEAVE_OUT)
    target = Path(path).expanduser()
    _check_lengths(target, path, parameter)
    if _stat_is_dir(target, path, parameter):
        raise PivotalError(
            parameter, "a file path", repr(str(path)), "That is a folder: add a file name to it."
        )
    folder = target.parent
    if not _stat_is_dir(folder, path, parameter):
        raise PivotalError(
            parameter,
            "a file in an existing folder",
            repr(str(path)),
            f"Create the folder {str(folder)!r} first, or write somewhere else.",
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PivotalError(
            parameter,
            "a file in a folder you can write to",
            repr(str(path)),
            f"You have no permission to write in {str(folder)!r}: write somewhere else.",
        )
    return target


def check_readable(
    path: str | os.PathLike[str],
    parameter: str,
    what: str = "file",
    fix: str = "Check the spelling and the folder (relative paths start at the current folder).",
) -> Path:
    """``path`` as a :class:`Path` when it names a file that exists and can be read; otherwise a
    :class:`PivotalError` that names ``parameter`` and says what to fix (``fix`` for a file
    that does not exist)."""
    _check_text(path, parameter, f"the path of a {what}", "Give the path of the file.")
    target = Path(path).expanduser()
    _check_lengths(target, path, parameter)
    if _stat_is_dir(target, path, parameter):
        raise PivotalError(
            parameter,
            f"the path of a {what}, not a folder",
            repr(str(path)),
            "Add the file name to the folder.",
        )
    try:
        exists = target.exists()
    except OSError as err:
        raise _unusable(path, parameter, err) from None
    if not exists:
        raise PivotalError(
            parameter,
            f"the path of an existing {what}",
            repr(str(path)),
            fix,
        )
    if not os.access(target, os.R_OK):
        raise PivotalError(
            parameter,
            f"a {what} you can read",
            repr(str(path)),
            "You have no permission to read it: check its permissions.",
        )
    return target


_LEAVE_OUT = "Give the file to write, or leave the option out."


def _check_text(path: str | os.PathLike[str], parameter: str, allowed: str, fix: str) -> None:
    text = os.fspath(path)
    if not isinstance(text, str) or not text.strip():
        raise PivotalError(parameter, allowed, repr(text), fix)
    if "\x00" in text:
        raise PivotalError(
            parameter, "a path without NUL characters", repr(text), "Remove the NUL character."
        )


def _check_lengths(target: Path, path: str | os.PathLike[str], parameter: str) -> None:
    """Name the limit before the operating system refuses a long name (ENAMETOOLONG)."""
    for part in target.parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            raise PivotalError(
                parameter,
                f"file and folder names of at most {NAME_MAX} bytes",
                f"a name of {size} bytes ({part[:40]}...)",
                "Use a shorter file name.",
            )


def _stat_is_dir(target: Path, path: str | os.PathLike[str], parameter: str) -> bool:
    try:
        return target.is_dir()
    except OSError as err:  # e.g. a path over PATH_MAX, or a loop of symbolic links
        raise _unusable(path, parameter, err) from None


def _unusable(path: str | os.PathLike[str], parameter: str, err: OSError) -> PivotalError:
    return PivotalError(
        parameter,
        "a path the operating system accepts",
        repr(str(path)),
        f"Use a shorter or simpler path ({err.strerror or err}).",
    )


def write_atomic(
    path: str | os.PathLike[str], write: Callable[[IO[bytes]], None], parameter: str = "path"
) -> Path:
    """Call ``write`` on a temporary file in the target's folder, then move it into place.

    A failure (an unwritable folder, an error while rendering) leaves no file behind, and an
    existing file at ``path`` untouched. File-system errors become :class:`PivotalError`.
    """
    target = check_folder(path, parameter)
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:200]}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise _unwritable(path, parameter, err) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a report is meant to be read
        os.replace(tmp, target)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _unwritable(path, parameter, err) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def _unwritable(path: str | os.PathLike[str], parameter: str, err: OSError) -> PivotalError:
    if err.errno == errno.ENOSPC:
        fix = "The disk is full: free some space or write elsewhere."
    else:
        fix = f"Check that the folder exists and is writable ({err.strerror or err})."
    return PivotalError(parameter, "a file path you can write to", repr(str(path)), fix)
