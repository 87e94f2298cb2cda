"""The programme: rooms, session types, tracks, sessions, speakers, published releases,
and every delegate's personal agenda.

Three blueprints because three audiences: `programme` (the published programme for
everyone, the agenda for logged-in users), `programme_manage` (organisers) and
`programme_api` (read-only JSON for phones and displays).
"""

from flask import Blueprint

bp = Blueprint("programme", __name__, url_prefix="/<event:event>")
manage_bp = Blueprint("programme_manage", __name__, url_prefix="/<event:event>/manage/programme")
api_bp = Blueprint("programme_api", __name__, url_prefix="/<event:event>/api/programme")

BLUEPRINTS = (bp, manage_bp, api_bp)

from ascn.programme import views_api, views_manage, views_public  # noqa: E402,F401
