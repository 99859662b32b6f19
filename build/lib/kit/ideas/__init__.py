"""Ideas captured in the room: opportunities added by the facilitator or proposed by participants.

The facilitator adds an opportunity during the workshop (accepted at once); a participant
proposes one (``proposed`` until the facilitator accepts it). Either way it is checked by the
opportunities table's own contract against the workshop's opportunities and the ideas already
stored, so an unknown goal, ``cost_low`` above ``cost_high`` or an id already taken is refused
with the message a file gets, and nothing is stored. Ideas are rows of the contributions
store (kind ``opportunity``), append-only, with who and when; :func:`kit.load_workshop` merges
the accepted ones into the opportunities, where they wait to be scored ("not yet scored (0 of
n criteria)", :func:`kit.scoring.unscored`).

==============  ===================================================================
``contract``    an idea's fields as a row of the opportunities table, :func:`next_id`,
                the contract's problems (:func:`kit.schemas.validate_added`)
``model``       :func:`add`, :func:`propose`, :func:`accept`, :func:`ideas`;
                :func:`accepted_rows` for :func:`kit.load_workshop`
==============  ===================================================================

>>> add(store, ws, {"title": "Dock slot booking app", "capability_area": "CRM",
...                 "goals": ["productivity"], "cost_low": 40000, "cost_high": 80000,
...                 "effort_months": 2, "sponsor": "Lars", "team": "data"}, by="Fay")  # doctest: +SKIP
'OPP-38'
"""

from .contract import FIELDS, next_id
from .model import ACCEPTED, PROPOSED, accept, accepted_rows, add, ideas, propose

__all__ = ["ACCEPTED", "FIELDS", "PROPOSED", "accept", "accepted_rows", "add", "ideas", "next_id", "propose"]
