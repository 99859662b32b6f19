"""The participant scoring app: each participant scores opportunities and compares goals,
proposes ideas, and votes in the facilitator's rounds.

Three tabs under one name field (:func:`scoring_app`):

* :class:`ScoreForm`: one opportunity at a time, its title, description and facts, then one
  toggle per criterion of ``workshop.yml`` on the criterion's own scale, and an optional
  comment;
* :class:`PairForm`: every pair of the workshop's goals on Saaty's scale (which matters more,
  and how much), with the participant's own consistency ratio after saving;
* *Propose an idea*: :class:`kit.apps.ideas.IdeaForm` in participant mode, the idea waiting
  for the facilitator's *Accept* on the live board before anyone scores it.

*Save* hands the rows to a *writer*, a function taking the rows frame; by default rows are
checked by the workshop's contracts and appended to its contributions store
(:func:`kit.store.writer`), which :func:`kit.load_workshop` merges into the scores and
pairwise tables workbook 02 reads. Saving again adds new rows; a participant's latest score or
judgment counts (see :func:`kit.scoring.group_scores` and :func:`kit.ahp.group_weights`), and
the earlier ones stay in the store, with when they were given.

While the facilitator has a round open (:mod:`kit.rounds`), the app shows that round's items
alone and votes go through :func:`kit.rounds.votes` (:class:`kit.apps.rounds.RoundForm`);
:meth:`ScoringApp.poll` follows the room. Meanwhile the facilitator's live board
(:mod:`kit.apps.live`) shows what has come in.

==============  ===================================================================
``forms``       :class:`ScoreForm`, :class:`PairForm`
``app``         :class:`ScoringApp` (the tabs, the round mode, the poll, the handshake), :func:`scoring_app`
==============  ===================================================================
"""

from ..forms import participant_from_url
from .app import QUIET_KINDS, ScoringApp, pair_form, score_form, scoring_app
from .forms import PAIR_COLUMNS, SCORE_COLUMNS, PairForm, ScoreForm

__all__ = ["PAIR_COLUMNS", "QUIET_KINDS", "SCORE_COLUMNS", "PairForm", "ScoreForm", "ScoringApp", "pair_form",
           "participant_from_url", "score_form", "scoring_app"]
