"""A small world for the placement of bilateral meetings: an organiser, four delegations
with two people each, three rooms (small; interpretation; flags) and four slots."""

from datetime import timedelta
from types import SimpleNamespace

from tests.support.bilaterals import FIRST_SLOT


def placement_world(make, slots=4):
    event = make.event()
    category = make.category(event.id)
    organiser = make.user("organiser", email="organiser@example.org")
    staff = make.user("staff", email="staff@example.org")
    countries = {
        "my": make.country(),
        "sg": make.country("SG", "Singapore", "Singapura"),
        "th": make.country("TH", "Thailand", "Thailand"),
        "vn": make.country("VN", "Viet Nam", "Vietnam"),
    }
    delegations, people = {}, {}
    for code, country in countries.items():
        delegations[code] = make.delegation(event.id, country.id).id
        people[code] = [
            make.registration(
                event.id,
                country.id,
                category.id,
                status="approved",
                given_names=f"{code.upper()}{n}",
                family_name="Delegate",
            ).id
            for n in (1, 2)
        ]
    rooms = SimpleNamespace(
        small=make.bilaterals.room(event.id, capacity=4, name_en="Small room"),
        interpreted=make.bilaterals.room(
            event.id, capacity=6, name_en="Room with booths", has_interpretation=True
        ),
        flagged=make.bilaterals.room(event.id, capacity=8, name_en="Flag room", has_flags=True),
    )
    return SimpleNamespace(
        event=event,
        category=category,
        organiser=organiser,
        staff=staff,
        countries=countries,
        delegations=delegations,
        people=people,
        rooms=rooms,
        slots=make.bilaterals.slots(event.id, slots),
    )


def accepted(make, world, requester, counterpart, slot_ids=None, **values):
    """An accepted request between two of the world's delegations, each side naming its
    first person unless told, suiting every slot unless told."""
    return make.bilaterals.request(
        world.event.id,
        world.delegations[requester],
        world.delegations[counterpart],
        status="accepted",
        requester_people=values.pop("requester_people", world.people[requester][:1]),
        counterpart_people=values.pop("counterpart_people", world.people[counterpart][:1]),
        slot_ids=world.slots if slot_ids is None else slot_ids,
        **values,
    )


def speaking_at(make, world, registration_id, slot_index):
    """The person speaks in a session during that slot (their own account a speaker's)."""
    from ascn.extensions import db
    from ascn.registration.models import Registration

    with make.app.app_context():
        user_id = db.session.get(Registration, registration_id).user_id
    kind = make.programme.session_type(world.event.id)
    speaker = make.programme.speaker(world.event.id, user_id=user_id)
    starts_at = FIRST_SLOT + timedelta(minutes=30 * slot_index)
    return make.programme.session(
        world.event.id, kind.id, starts_at=starts_at, minutes=30, speaker_ids=[speaker.id]
    )


def prefer(make, request_id, requester=(), counterpart=()):
    """Replace the slots each side of a request named (none: that side takes any)."""
    from sqlalchemy import delete

    from ascn.bilaterals.models import BilateralPreference
    from ascn.extensions import db

    with make.app.app_context():
        db.session.execute(delete(BilateralPreference).where(BilateralPreference.request_id == request_id))
        for side, slot_ids in (("requester", requester), ("counterpart", counterpart)):
            db.session.add_all(
                BilateralPreference(request_id=request_id, slot_id=s, side=side) for s in slot_ids
            )
        db.session.commit()
