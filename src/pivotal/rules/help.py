"""The rule language in a page, for ``pivotal rules`` and error messages."""

from __future__ import annotations

__all__ = ["GRAMMAR_HELP"]

GRAMMAR_HELP = """\
Rules say when a proposal passes. Keywords are case-insensitive; spaces and line breaks are free.
n is the number of members taking part; "in favour" means in the coalition (see abstention below).

Every member must agree
  consensus                      every member in favour
  unanimity                      the same game (the two words are kept for descriptions)
  all members                    the same (also: all of the members)

Counting members (each member counts 1)
  majority                       more than half: floor(n/2) + 1 (also: simple majority)
  at least 5 of members          at least 5 (also: at least 5 members); 1 <= 5 <= n
  at least 55% of members        at least 55% of n, rounded up: 15 of 27 (55% of 27 = 14.85)
  at least 2/3 of members        at least 2/3 of n, rounded up: 4 of 6, 5 of 7
  more than 50% of members       strictly more: 4 of 7, 4 of 6
  members >= 55%                 the same as 'at least 55% of members'
  members > 50%                  the same as 'majority'
  members >= 5                   the same as 'at least 5 of members'

Groups of members (given by name with the members, e.g. groups={'permanent': ['CHN', ...]};
only the group's members taking part count, each 1)
  all of permanent               every member of the group in favour (also: all permanent members)
  at least 3 of permanent        at least 3 of the group's members (also: permanent members >= 3)
  at least 60% of permanent      at least 60% of the group's members, rounded up
  more than 1/2 of permanent     strictly more than half of the group's members

Blocking minority (members not in favour: against, abstaining or absent)
  against <= 3                   passes unless 4 or more are against: members >= n - 3
  fewer than 4 against           the same (also: against < 4, at most 3 members against)
  against < 35%                  fewer than 35% of n against: 35% of 27 = 9.45, so at most 9

Request of one member (it must be in favour: a veto of its own)
  requested by the host          the host given with the members (host= / --host)
  requested by the chair         the member chairing the body on that date (the organization
                                 file's chairs:, or chair= in the API)
  requested by KAZ               the member KAZ; quote an id that is a keyword or not a single
                                 word: requested by "OR", requested by "Côte d'Ivoire"

The chair's casting vote (the chair decides an exact tie: half in favour, half not)
  majority, the chair breaking ties
                                 more than n/2 in favour, or exactly n/2 with the chair among
                                 them; with n odd no tie can occur (also: 'majority with the
                                 chair breaking ties', 'majority, the chair breaks ties')
  votes > 50%, the chair breaking ties
                                 more than half of the votes, or exactly half with the chair
  more than 1/2 of permanent, the chair breaking ties
                                 the same for a group's members; the chair decides a tie of the
                                 group even when it is not in the group (as the US Vice
                                 President does in the Senate)
A casting vote follows one part that needs more than half: majority, more than 50% (or 1/2) of
members, of a group or of an attribute. Any other part (at least 50%, 2/3, a count such as 'more
than 3', consensus, 'against', a part in parentheses with 'and'/'or') is refused: it has no tie
to break, or 'at least 50%' already passes one. It compiles to one weighted game, which every
engine counts: every weight twice, the chair's plus 1, quota the total plus 1; for majority
[n + 1; 2, ..., 2, 3 (the chair), 2, ..., 2].
A rule that names the chair needs one: on a date the file records no chair for, or in
compile_rule without chair=, it is an error, as is a chair who does not take part that day.

Weighing members by an attribute (population, votes, electors, ...; given per member)
  population >= 65%              members in favour hold at least 65% of the members' total
  at least 65% of population     the same
  electors >= 270                members in favour have 270 electors or more together
  votes > 50%                    strictly more than half of all votes

Combining parts
  members >= 55% and population >= 65%      both must hold ('and' binds tighter than 'or')
  majority or votes > 50%                   either suffices
  (majority or votes > 50%) and at least 3 of members

As organizations write them
  members >= 55% and population >= 65% or against <= 3
                                 EU Council, qualified majority: 55% of the members holding 65%
                                 of the population, or fewer than four members against
  all of permanent and members >= 9
                                 UN Security Council, substantive matters: the five permanent
                                 members and nine of fifteen; the game [39; 7,7,7,7,7,1 x 10]
  votes >= 85%                   IMF, major decisions such as quota changes (the US, with
                                 16.74% of the votes, can block alone)
  votes >= 70%                   IMF, special majority
  electors >= 270                US Electoral College
  consensus                      CSTO, decisions of its councils
  requested by the host and consensus
                                 CSTO, deploying collective forces on a member's territory
  requested by the host and majority
                                 the host is a veto player under majority

Abstention and participation
A member that is not in the coalition is not in favour, whether it votes against, abstains or
stays away: under consensus absence blocks (the CSTO in 2009). Adoption "in a limited format",
without a member that does not take part (the CSTO in 2023-24, without Armenia), is a different
game: it is built over the participating members only, which is the list of members the rule is
compiled with (the organization's participants), not a form of the language.

Percentages lie above 0% and at most 100% (decimals allowed: 62.5%); fractions are whole
numbers such as 2/3. All arithmetic is exact: a quota is never rounded except to whole members.
A name is an attribute or a group, whichever was given; one given as both is refused (write
'permanent members' for the group). Reserved words (not usable as names unless quoted): and, or,
consensus, unanimity, simple, majority, at, least, most, more, fewer, than, of, the, member,
members, all, against, requested, by, host, chair, with, breaking, breaks, ties.
"""
