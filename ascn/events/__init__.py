from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/<event:event>")
# The event's look: its settings page (organisers), and its logo (anyone: the header shows it).
look_bp = Blueprint("look", __name__, url_prefix="/<event:event>")
# A new event, made from one the person may copy: outside any event's address.
new_event_bp = Blueprint("event_admin", __name__, url_prefix="/events")

from ascn.events import views, views_look, views_new  # noqa: E402,F401
