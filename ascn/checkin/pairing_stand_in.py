"""Stand-in for the scanner's pairing page (`checkin.pair`, `/<event>/checkin/pair?code=`)
until that page lands: the pairing code an organiser shows links to it. Remove this file
and its import in `ascn/checkin/__init__.py` when the scanner's pages arrive."""

from flask import request

from ascn.checkin import bp


@bp.route("/pair")
def pair():
    return {"code": request.args.get("code", "")[:40]}
