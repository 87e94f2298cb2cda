"""Registration: delegates register, focal points manage their delegation, organisers
accredit. One blueprint per audience, each guarded in one place."""

from flask import Blueprint

bp = Blueprint("registration", __name__)
delegation_bp = Blueprint("delegation", __name__, url_prefix="/delegation")
accreditation_bp = Blueprint("accreditation", __name__, url_prefix="/manage")
BLUEPRINTS = (bp, delegation_bp, accreditation_bp)



def register_lifecycle() -> None:
    from ascn.accounts import lifecycle
    from ascn.registration import registering

    lifecycle.on_confirmed(registering.claim)


from ascn.registration import views_accreditation, views_delegate, views_delegation  # noqa: E402,F401
