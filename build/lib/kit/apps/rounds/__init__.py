"""Rounds with hidden votes on screen: the facilitator's controls and the participant's form.

==================  ===============================================================
``controls``        :class:`RoundControls`: open a round (every or some opportunities,
                    some criteria, a time limit), who has voted (never a score), close
                    and reveal, re-vote the contested items, how agreement moved
``participant``     :class:`RoundForm`: a participant's votes on the open round's items,
                    after the group's votes and reasons in a re-vote
``views``           the screens as escaped HTML (status, reveal, feedback, comparison)
==================  ===============================================================

The rules and the store are :mod:`kit.rounds`; the live board (:mod:`kit.apps.live`) mounts
the controls, the scoring app (:mod:`kit.apps.scoring`) switches to the form while a round
is open.
"""

from .controls import RoundControls
from .participant import RoundForm

__all__ = ["RoundControls", "RoundForm"]
