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


def register_lifecycle() -> None:
    from ascn.events import lifecycle as events_lifecycle
    from ascn.programme import copying, personal_data
    from ascn.registration import lifecycle

    lifecycle.on_personal_data(personal_data.export)
    lifecycle.on_event_purged(personal_data.purge)
    events_lifecycle.on_event_copied(copying.copy_rooms_and_types)


from ascn.programme import views_api, views_import, views_manage, views_public  # noqa: E402,F401
