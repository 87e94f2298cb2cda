"""Check-in: staff scan badges at doors and bus steps with a phone's browser, online or
offline, and organisers watch attendance live and review conflicts.

Four blueprints:
- `checkin` (`/<event>/checkin`): the scanner page, installable and working offline, and
  pairing a phone with a one-time code (staff and organisers);
- `checkin_api` (`/<event>/api/checkin`): what the scanner page calls, authenticated by the
  paired device's secret in an `Authorization: Device …` header, not by a cookie, so it
  needs no CSRF token (and keeps working after hours offline, when a form's token expired);
- `checkin_manage` (`/<event>/manage/checkin`): lists, staff, devices, live attendance,
  conflicts, exports (organisers; staff read attendance);
- `certificates` (`/<event>/certificates`): a delegate's certificate of attendance, and the
  public page that verifies one.
"""

from flask import Blueprint

from ascn.access import guard
from ascn.extensions import csrf

bp = Blueprint("checkin", __name__, url_prefix="/<event:event>/checkin")
api_bp = Blueprint("checkin_api", __name__, url_prefix="/<event:event>/api/checkin")
manage_bp = Blueprint("checkin_manage", __name__, url_prefix="/<event:event>/manage/checkin")
certificates_bp = Blueprint("certificates", __name__, url_prefix="/<event:event>/certificates")
BLUEPRINTS = (bp, api_bp, manage_bp, certificates_bp)

# The scanner's shell, manifest and service worker hold no data and must load offline, and
# after the staff member's login session ended: every datum comes through the API.
guard(bp, capability="check_in", public=("scanner", "manifest", "service_worker"))
csrf.exempt(api_bp)  # its own guard: the device's secret (views_api.py)
# Organisers change lists, devices and conflicts; staff read the attendance pages (and a
# delegate's history) of every list, so that anyone at a door can answer "is she inside?".
guard(
    manage_bp,
    capability="check_in",
    changes="manage_event",
    read_only=("index", "attendance", "attendance_data", "person"),
)
# A delegate's own certificate (any confirmed account; the page says why none yet), and
# the page its QR code opens, for anyone.
guard(certificates_bp, public=("verify",))


def register_lifecycle() -> None:
    from ascn.checkin import personal_data
    from ascn.registration import lifecycle

    lifecycle.on_personal_data(personal_data.export)
    lifecycle.on_event_purged(personal_data.purge)


from ascn.checkin import (  # noqa: E402,F401
    views_api,
    views_attendance,
    views_certificates,
    views_conflicts,
    views_lists,
    views_scanner,
)
