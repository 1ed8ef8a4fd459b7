"""Writing output files whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from pivotal.errors import PivotalError

__all__ = ["check_folder", "check_suffix", "write_atomic"]


def check_suffix(path: str | os.PathLike[str], allowed: Sequence[str], what: str) -> str:
    """The suffix of ``path`` (lower case, without the dot) when it is one of ``allowed``;
    otherwise a :class:`PivotalError` that lists them."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in allowed:
        names = ", ".join(allowed)
        raise PivotalError(
            "path",
            f"a file name ending in {' or '.join('.' + a for a in allowed)} ({names})",
            str(path),
            f"Name the {what} file with one of those suffixes, e.g. out.{allowed[0]}.",
        )
    return suffix


def check_folder(path: str | os.PathLike[str]) -> Path:
    """``path`` as a :class:`Path` when it names a file in an existing folder; otherwise a
    :class:`PivotalError` that says what to fix."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise PivotalError(
            "path", "a file path", str(path), "That is a folder: add a file name to it."
        )
    if not target.parent.is_dir():
        raise PivotalError(
            "path",
            "a file in an existing folder",
            str(path),
            f"Create the folder {str(target.parent)!r} first, or write somewhere else.",
        )
    return target


def write_atomic(path: str | os.PathLike[str], write: Callable[[IO[bytes]], None]) -> Path:
    """Call ``write`` on a temporary file in the target's folder, then move it into place.

    A failure (an unwritable folder, an error while rendering) leaves no file behind, and an
    existing file at ``path`` untouched. File-system errors become :class:`PivotalError`.
    """
    target = check_folder(path)
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise _unwritable(path, err) from None
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
        raise _unwritable(path, err) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def _unwritable(path: str | os.PathLike[str], err: OSError) -> PivotalError:
    return PivotalError(
        "path",
        "a file path you can write to",
        str(path),
        f"Check that the folder exists and is writable ({err.strerror or err}).",
    )
