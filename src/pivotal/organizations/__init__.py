"""Organizations as data: who was a member when, by which rules they decide, on whose word.

An organization is a YAML file (see ``README.md`` in this folder for the format). Bundled files
live in ``organizations/data/``; any other file can be loaded by path.

>>> from pivotal.organizations import bundled, load_organization
>>> "csto" in bundled()
True
>>> csto = load_organization("csto")
>>> [m.id for m in csto.members_at("1995-01-01")]
['ARM', 'AZE', 'BLR', 'GEO', 'KAZ', 'KGZ', 'RUS', 'TJK', 'UZB']
>>> snap = csto.snapshot("2025-01-01")
>>> snap.member_ids
('ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK')
>>> snap.frozen_ids
('ARM',)
>>> print(snap.notes[0])  # doctest: +NORMALIZE_WHITESPACE
Armenia (ARM) has frozen its participation since 2024-02-22;
counted as a member (it remains one de jure).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from pivotal.errors import PivotalError
from pivotal.organizations.loader import FORMAT_VERSION, FORMATS, load_file, loads
from pivotal.organizations.model import (
    ABSTENTIONS,
    RATIFICATION_OUTCOMES,
    RATIFICATION_STATES,
    STATUSES,
    Body,
    Chair,
    DateFact,
    Document,
    Event,
    Group,
    Matter,
    Member,
    MemberAttribute,
    NamedRule,
    Organization,
    Period,
    Ratification,
    RatificationRow,
    Signature,
    Snapshot,
    parse_day,
)

__all__ = [
    "ABSTENTIONS",
    "FORMATS",
    "FORMAT_VERSION",
    "RATIFICATION_OUTCOMES",
    "RATIFICATION_STATES",
    "STATUSES",
    "Body",
    "Chair",
    "DateFact",
    "Document",
    "Event",
    "Group",
    "Matter",
    "Member",
    "MemberAttribute",
    "NamedRule",
    "Organization",
    "Period",
    "Ratification",
    "RatificationRow",
    "Signature",
    "Snapshot",
    "bundled",
    "load_organization",
    "loads",
    "parse_day",
]

_SUFFIXES = (".yaml", ".yml")


def _data_dir() -> Path:
    return Path(str(resources.files("pivotal.organizations").joinpath("data")))


def bundled() -> list[str]:
    """Names of the organizations shipped with pivotal, sorted.

    >>> "csto" in bundled()
    True
    """
    folder = _data_dir()
    if not folder.is_dir():  # pragma: no cover - only in a broken install
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix in _SUFFIXES)


def load_organization(name_or_path: str | os.PathLike[str]) -> Organization:
    """Load a bundled organization by name (``"csto"``) or an organization file by path.

    A string counts as a path when it ends in ``.yaml``/``.yml`` or contains a path separator;
    otherwise it must be a bundled name (case-insensitive). Every problem raises
    :class:`~pivotal.errors.PivotalError` naming the file, line and column, and the fix.

    >>> load_organization("csto").name
    'Collective Security Treaty Organization'
    """
    if isinstance(name_or_path, os.PathLike) or _looks_like_path(str(name_or_path)):
        return load_file(name_or_path)
    name = str(name_or_path).strip().lower()
    names = bundled()
    if name not in names:
        raise PivotalError(
            "organization",
            "one of the bundled organizations "
            + ", ".join(f"'{n}'" for n in names)
            + " or a path to a .yaml file",
            str(name_or_path),
            "Use a bundled name, or give the path of your own organization file.",
        )
    path = _data_dir() / f"{name}.yaml"
    return load_file(path)


def _looks_like_path(text: str) -> bool:
    return text.lower().endswith(_SUFFIXES) or os.sep in text or "/" in text
