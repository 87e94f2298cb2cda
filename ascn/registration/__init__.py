"""Registration: delegates register, focal points manage their delegation, organisers
accredit. One blueprint per audience, each guarded in one place."""

from flask import Blueprint

bp = Blueprint("registration", __name__)
delegation_bp = Blueprint("delegation", __name__, url_prefix="/delegation")
accreditation_bp = Blueprint("accreditation", __name__, url_prefix="/manage")
BLUEPRINTS = (bp, delegation_bp, accreditation_bp)

from ascn.accounts import lifecycle  # noqa: E402
from ascn.registration import registering, views_accreditation, views_delegate, views_delegation  # noqa: E402,F401

lifecycle.on_confirmed(registering.claim)
