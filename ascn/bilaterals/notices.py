"""Emails about a delegation's meeting requests (helper): queued inside the change's
transaction, written by one job after its commit, each in its reader's language, with
links from the public URL.

Who is told: a request, to the counterpart; an acceptance, other times proposed or a
refusal, to the requester; an agreement or a withdrawal, to the counterpart; an expiry,
to both; a placement (`placed`, called by the placement), to both sides and to every
person named to attend.
"""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ascn.bilaterals import sides
from ascn.bilaterals.models import BilateralParticipant, BilateralRequest
from ascn.extensions import db
from ascn.mail import Letter, write_later
from ascn.urls import public_url

# Which side reads each change.
TOLD = {
    "requested": ("counterpart",),
    "accepted": ("requester",),
    "proposed": ("requester",),
    "declined": ("requester",),
    "agreed": ("counterpart",),
    "withdrawn": ("counterpart",),
    "expired": ("requester", "counterpart"),
}


def _send(request_id: int, change: str) -> None:
    write_later(request_letters, (request_id, change))


def requested(request: BilateralRequest) -> None:
    _send(request.id, "requested")


def accepted(request: BilateralRequest) -> None:
    _send(request.id, "accepted")


def proposed(request: BilateralRequest) -> None:
    _send(request.id, "proposed")


def declined(request: BilateralRequest) -> None:
    _send(request.id, "declined")


def agreed(request: BilateralRequest) -> None:
    _send(request.id, "agreed")


def withdrawn(request: BilateralRequest) -> None:
    _send(request.id, "withdrawn")


def expired(request_id: int) -> None:
    _send(request_id, "expired")


def placed(request_ids) -> None:
    """The meetings now have a room and a time: both sides and every participant are told
    (inside the placement's transaction; written after its commit)."""
    for request_id in sorted(set(request_ids)):
        write_later(placed_letters, request_id)


def _requests(ids) -> dict[int, BilateralRequest]:
    rows = db.session.scalars(
        select(BilateralRequest)
        .where(BilateralRequest.id.in_(set(ids)))
        .options(
            selectinload(BilateralRequest.participants).selectinload(BilateralParticipant.registration),
            selectinload(BilateralRequest.preferences),
        )
    )
    return {row.id: row for row in rows}


def _page(request: BilateralRequest) -> str:
    return public_url("bilaterals.request_page", event=request.event.slug, request_id=request.id)


def _delegation(request: BilateralRequest, side: str):
    return request.requester if side == "requester" else request.counterpart


def _other(request: BilateralRequest, side: str):
    return request.counterpart if side == "requester" else request.requester


def request_letters(keys):
    """Writer (`mail.write_later`) of the changes of a request's status."""
    requests = _requests(key[0] for key in keys)
    for request_id, change in keys:
        request = requests.get(request_id)
        if request is None:
            continue
        for side in TOLD[change]:
            for reader in sides.readers(_delegation(request, side)):
                yield Letter(
                    reader.email,
                    "bilateral_request",
                    reader.locale,
                    {
                        "change": change,
                        "reader": reader,
                        "request": request,
                        "side": side,
                        "other": _other(request, side),
                        "event": request.event,
                        "page": _page(request),
                    },
                )


def placed_letters(keys):
    """Writer of placements: a meeting taken out of its place before the job ran is not
    announced."""
    requests = _requests(keys)
    for request_id in keys:
        request = requests.get(request_id)
        if request is None or not request.is_placed:
            continue
        told: set[str] = set()
        for side in ("requester", "counterpart"):
            # Those who speak for the delegation open the request; a participant, who
            # may not, the event's home page (their agenda lists the meeting).
            readers = [(reader, _page(request)) for reader in sides.readers(_delegation(request, side))]
            home = public_url("main.home", event=request.event.slug)
            readers += [
                (
                    sides.Reader(row.registration.email, row.registration.full_name, row.registration.locale),
                    home,
                )
                for row in request.participants
                if row.side == side
            ]
            for reader, page in readers:
                if reader.email in told:
                    continue
                told.add(reader.email)
                yield Letter(
                    reader.email,
                    "bilateral_placed",
                    reader.locale,
                    {
                        "reader": reader,
                        "request": request,
                        "side": side,
                        "other": _other(request, side),
                        "event": request.event,
                        "page": page,
                    },
                )
