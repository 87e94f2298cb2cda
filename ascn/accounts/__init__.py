from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/account")

from ascn.accounts import views  # noqa: E402,F401
