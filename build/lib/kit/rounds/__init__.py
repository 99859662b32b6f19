"""Live facilitation rounds with hidden votes: the rules and the store, no widgets.

The facilitator opens a round on some or all opportunities (and criteria), with an optional
time limit; participants vote, and while the round is open the board may show who has voted
and how much, never the scores. Closing reveals, per opportunity and criterion, the
distribution, median, spread, agreement (r_wg and its level), outliers and the comments
without names. A re-vote (Delphi) asks again where agreement stayed low, showing the group's
distribution and reasons first; :func:`compare` says how agreement moved.

Rounds, their cells and every vote are rows of the contributions store (kinds ``round`` and
``vote``, :mod:`kit.store`): append-only, with who and when.

==============  ===================================================================
``model``       :func:`open_round`, :func:`close_round`, :func:`rounds`; :class:`Round`,
                the rules; which votes count (:func:`counted_votes`)
``voting``      :func:`vote` / :func:`votes`, :func:`status` (who voted, never what)
``reveal``      :func:`reveal`: a closed round's statistics per cell, comments unnamed
``revote``      :func:`contested`, :func:`revote` (``rounds: revote_below`` in
                ``workshop.yml``), :func:`feedback`, :func:`compare`
``delphi``      :func:`revotes`: every closed re-vote against the round it asked again
                (workbook 02), :func:`revotes_sentence`
``scores``      :func:`round_scores`: the last closed round's scores per cell as a
                ``scores`` frame, with a sentence; :func:`with_round_scores` (workbook 02)
==============  ===================================================================

>>> r = open_round(store, ws, ["OPP-01", "OPP-02"], minutes=5, by="Fay")   # doctest: +SKIP
>>> vote(store, ws, r, "Ann", "OPP-01", "value", 8, "saves a day a week")   # doctest: +SKIP
>>> close_round(store, r, by="Fay"); reveal(store, r).cells                 # doctest: +SKIP
"""

from .delphi import REVOTE_COLUMNS, revotes, revotes_sentence
from .model import (
    Round,
    RoundRef,
    close_round,
    counted_votes,
    find_round,
    load_rounds,
    open_round,
    rounds,
)
from .reveal import Reveal, reveal
from .revote import compare, contested, feedback, revote, threshold_rwg
from .scores import LAST_CLOSED, RoundScores, round_scores, with_round_scores
from .voting import Status, status, vote, votes

__all__ = [
    "LAST_CLOSED",
    "REVOTE_COLUMNS",
    "Reveal",
    "Round",
    "RoundRef",
    "RoundScores",
    "Status",
    "close_round",
    "compare",
    "contested",
    "counted_votes",
    "feedback",
    "find_round",
    "load_rounds",
    "open_round",
    "reveal",
    "revote",
    "revotes",
    "revotes_sentence",
    "round_scores",
    "rounds",
    "status",
    "threshold_rwg",
    "vote",
    "votes",
    "with_round_scores",
]
