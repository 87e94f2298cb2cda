from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/<event:event>")

from ascn.events import views  # noqa: E402,F401
