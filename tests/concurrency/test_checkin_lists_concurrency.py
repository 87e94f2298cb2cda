"""Organisers at once on PostgreSQL: two doors of one name, or two live devices of one name
at a list, are never made by requests that arrive together (a double tap, two organisers
typing the same door), whichever commits first."""

import pytest
from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.checkin import lists, pairing
from ascn.checkin.models import CheckinList, Device
from ascn.events.models import Event
from ascn.extensions import db
from tests.support.checkin_manage import door_world
from tests.support.concurrency import rush
from tests.support.settings import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)

TAKEN_LIST = "Another list already has this name."
TAKEN_DEVICE = "Another device of this list has this name: choose another one."


@pytest.fixture
def world(make):
    world = door_world(make)
    world.organisers = [world.organiser, make.user(role="organiser", event_id=world.event.id)]
    return world


def _count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_eight_requests_for_one_new_door_make_one_list(app, world):
    values = {"kind": "door", "name_en": "Plenary hall", "name_ms": "Dewan plenari", "admits": "all"}

    def create(n):
        actor = db.session.get(User, world.organisers[n % 2].id)
        lists.save_list(db.session.get(Event, world.event.id), None, values, actor)

    outcomes = rush(app, 8, create)

    assert sorted(outcomes) == sorted(["ok"] + [TAKEN_LIST] * 7)
    assert _count(app, CheckinList, CheckinList.name_en == "Plenary hall") == 1


def test_eight_requests_for_one_new_device_make_one_device(app, world):
    def add(n):
        actor = db.session.get(User, world.organisers[n % 2].id)
        pairing.add_device(db.session.get(CheckinList, world.door.id), "Hall A, Aisyah's phone", actor)

    outcomes = rush(app, 8, add)

    assert sorted(outcomes) == sorted(["ok"] + [TAKEN_DEVICE] * 7)
    assert _count(app, Device, Device.name == "Hall A, Aisyah's phone") == 1
