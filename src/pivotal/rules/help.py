"""The rule language in a page, for ``pivotal rules`` and error messages."""

from __future__ import annotations

__all__ = ["GRAMMAR_HELP"]

GRAMMAR_HELP = """\
Rules say when a proposal passes. Keywords are case-insensitive; spaces and line breaks are free.

Every member must agree
  consensus                      every member in favour
  unanimity                      the same game for now; the two will differ in how
                                 abstentions count once abstention is part of the language

Counting members (each member counts 1; n = number of members)
  majority                       more than half: floor(n/2) + 1 (also: simple majority)
  at least 5 of members          at least 5 (also: at least 5 members); 1 <= 5 <= n
  at least 55% of members        at least 55% of n, rounded up: 15 of 27 (55% of 27 = 14.85)
  at least 2/3 of members        at least 2/3 of n, rounded up: 4 of 6, 5 of 7
  more than 50% of members       strictly more: 4 of 7, 4 of 6
  members >= 55%                 the same as 'at least 55% of members'
  members > 50%                  the same as 'majority'
  members >= 5                   the same as 'at least 5 of members'

Weighing members by an attribute (population, votes, electors, ...; given per member)
  population >= 65%              members in favour hold at least 65% of the members' total
  at least 65% of population     the same
  electors >= 270                members in favour have 270 electors or more together
  votes > 50%                    strictly more than half of all votes

Combining parts
  members >= 55% and population >= 65%      both must hold ('and' binds tighter than 'or')
  majority or votes > 50%                   either suffices
  (majority or votes > 50%) and at least 3 of members

Percentages lie above 0% and at most 100% (decimals allowed: 62.5%); fractions are whole
numbers such as 2/3. All arithmetic is exact: a quota is never rounded except to whole members.
Reserved words (not usable as attribute names): and, or, consensus, unanimity, simple, majority,
at, least, more, than, of, the, member, members.
"""
