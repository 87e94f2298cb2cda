"""Bilateral meetings: delegations ask each other for meetings, the secretariat places the
accepted ones in its meeting rooms and slots, and signings go on the programme.

Two blueprints:
- `bilaterals` (`/<event>/bilaterals`): a delegation's requests, asked and received, for
  whoever speaks for it (its focal point or its Head of Delegation; `speakers.delegation_of`);
- `bilaterals_manage` (`/<event>/manage/bilaterals`): rooms, slots, settings, requests,
  the automatic placement and the grid (organisers); staff read the grid and print the
  room stewards' daily list.
"""

from flask import Blueprint

from ascn.access import guard

bp = Blueprint("bilaterals", __name__, url_prefix="/<event:event>/bilaterals")
manage_bp = Blueprint("bilaterals_manage", __name__, url_prefix="/<event:event>/manage/bilaterals")
BLUEPRINTS = (bp, manage_bp)

# Who speaks for a delegation is asked per view (a focal point's role, or a Head of
# Delegation's registration): every view needs a confirmed login first.
guard(bp)
guard(manage_bp, capability="view_registrations", changes="manage_bilaterals", read_only=("grid",))


def register_lifecycle() -> None:
    pass


from ascn.bilaterals import views_grid  # noqa: E402,F401
