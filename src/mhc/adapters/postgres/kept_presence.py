"""Who is in the room, folded as the show goes and kept between looks at the room.

A person is present from their first sign since they last left (`fold_arrivals`). Folding the
whole show's moves at every look cost a sort of all of them: under a steady 200 events a second
the statement's share of the database grew from 0.13 to 0.54 busy backends in three minutes.
The fold is now kept: a look reads only the moves after the kept one's last (presence_moves.sql
walks the primary key from there), folds them onto a copy of it for its answer, and then moves
the kept fold forward.

Only so far as no move can still appear below it: a transaction that took its ids before the
newest move a look read may commit after that look. So a look only offers its newest move, with
its snapshot's `xmax` (the first transaction it did not see begin), and a later look whose
snapshot's `xmin` has reached that `xmax` (every transaction the first look could not see has
ended by then) folds up to it for good. In practice the worker commits its batches one after
the other, so the fold is kept up to the look before the last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mhc.domain.radar import PresenceMove, fold_arrivals

# Offers waiting for the transactions their look could not see to end: a transaction that stays
# open (a long backup) holds them back, and the oldest are dropped, which only keeps the fold
# back a little longer (each offer covers the ones before it).
MAX_OFFERS = 64

# A fold holds for one show: the reset that began it and the start of the presence window.
ShowKey = tuple[int, datetime]


@dataclass(frozen=True, slots=True)
class FoldBase:
    """Where a look starts: the show, the id its moves are read after, and a copy of the kept
    fold up to that id (the look folds its own moves onto it)."""

    show: ShowKey
    after: int
    arrivals: dict[int, int]


@dataclass
class KeptPresence:
    """The fold of one show's moves up to `after`, with the offers of looks to move it on."""

    show: ShowKey | None = None
    after: int = 0
    arrivals: dict[int, int] = field(default_factory=dict)
    offers: list[tuple[int, int]] = field(default_factory=list)

    def base(self, reset_id: int, since: datetime) -> FoldBase:
        """A look's start for the show reset by `reset_id`, its window starting at `since`; a
        new show (or a window that moved) starts an empty fold after the reset."""
        show = (reset_id, since)
        if show != self.show:
            self.show, self.after, self.arrivals, self.offers = show, reset_id, {}, []
        return FoldBase(show, self.after, dict(self.arrivals))

    def keep(self, base: FoldBase, moves: list[PresenceMove], xmin: int, xmax: int) -> None:
        """After a look from `base` read `moves` (every move after `base.after` its snapshot saw,
        in order) in a snapshot of `xmin` and `xmax`: fold them for good as far as an earlier
        look's offer allows, and offer this look's newest move. A look begun from a fold that
        another one has moved meanwhile keeps nothing."""
        if base.show != self.show or base.after != self.after:
            return
        ready = [newest for offered_xmax, newest in self.offers if offered_xmax <= xmin]
        self.offers = [offer for offer in self.offers if offer[0] > xmin]
        upto = max(ready, default=self.after)
        if upto > self.after:
            fold_arrivals(self.arrivals, (move for move in moves if move[0] <= upto))
            self.after = upto
        if moves and moves[-1][0] > self.after:
            self.offers.append((xmax, moves[-1][0]))
            del self.offers[:-MAX_OFFERS]
