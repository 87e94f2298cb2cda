"""The unit of work: commit on return, roll back on error, join an outer one, retry a
deadlock once and then say 'try again' instead of failing."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError

from ascn.errors import ServiceError
from ascn.events.models import Category, Country
from ascn.extensions import db
from ascn.transactions import AGAIN, BUSY, conflict_refused, discarded, in_unit_of_work, unit_of_work
from tests.support.web import post


class _Deadlock(Exception):
    sqlstate = "40P01"


def _deadlock():
    return OperationalError("UPDATE …", {}, _Deadlock("deadlock detected"))


def _codes():
    db.session.remove()
    return set(db.session.scalars(select(Country.code)))


@unit_of_work
def _add(code, fail=None):
    db.session.add(Country(code=code, name_en=code, name_ms=code, country_group="member"))
    db.session.flush()
    if fail:
        raise fail


def test_a_returning_service_is_committed(app):
    with app.test_request_context():
        _add("TH")
        assert _codes() == {"TH"}


def test_a_refusal_rolls_everything_back(app):
    with app.test_request_context():
        with pytest.raises(ServiceError):
            _add("TH", fail=ServiceError("no"))
        assert _codes() == set()


def test_an_inner_unit_joins_the_outer_one(app):
    @unit_of_work
    def outer():
        assert in_unit_of_work()
        _add("TH")
        _add("VN", fail=ServiceError("no"))

    with app.test_request_context():
        with pytest.raises(ServiceError):
            outer()
        assert _codes() == set()  # the inner one did not commit Thailand on its own
        assert not in_unit_of_work()


def test_a_deadlock_is_retried_once_from_the_start(app):
    attempts = []

    @unit_of_work
    def flaky():
        attempts.append(1)
        _add(f"C{len(attempts)}")
        if len(attempts) == 1:
            raise _deadlock()

    with app.test_request_context():
        flaky()
        assert len(attempts) == 2
        assert _codes() == {"C2"}  # the first attempt left nothing behind


def test_a_second_deadlock_becomes_a_message_to_try_again(app):
    @unit_of_work
    def always():
        _add("TH")
        raise _deadlock()

    with app.test_request_context():
        with pytest.raises(ServiceError) as caught:
            always()
        assert caught.value.message == BUSY
        assert _codes() == set()


def test_other_database_errors_are_not_retried(app):
    attempts = []

    @unit_of_work
    def broken():
        attempts.append(1)
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    with app.test_request_context():
        with pytest.raises(OperationalError):
            broken()
        assert len(attempts) == 1


def test_a_constraint_refusal_at_the_flush_shows_its_message(app, client, make, auth):
    """The database refuses the change inside the unit of work; the message is shown and
    the row stays."""
    event = make.event()
    category = make.category(event.id)
    make.registration(event.id, make.country().id, category.id)
    auth.login(make.user(role="organiser").email)
    response = post(
        client,
        f"/ascn8/manage/categories/{category.id}/delete",
        token_from="/ascn8/manage/categories",
        follow_redirects=True,
    )
    assert "This category is in use and cannot be deleted." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Category, category.id) is not None


TAKEN = "This code is taken."


def _country(code):
    return Country(code=code, name_en=code, name_ms=code, country_group="member")


def test_a_conflict_at_the_commit_becomes_the_services_message(app):
    @unit_of_work(on_conflict=TAKEN, field="code")
    def add_twin():
        db.session.add(_country("MY"))  # not flushed: the unique index refuses at the commit

    with app.test_request_context():
        _add("TH")
        _add("MY")
        db.session.add(_country("KH"))  # queued before the refusal: rolled back with it
        with pytest.raises(ServiceError) as refusal:
            add_twin()
        assert (refusal.value.message, refusal.value.field) == (TAKEN, "code")
        assert _codes() == {"TH", "MY"}


def test_a_conflict_without_a_meaning_goes_on_to_the_caller(app):
    @unit_of_work
    def add_twin():
        db.session.add(_country("MY"))

    with app.test_request_context():
        _add("MY")
        with pytest.raises(IntegrityError):
            add_twin()
        assert _codes() == {"MY"}


def test_a_clash_with_a_twin_request_runs_again_and_finds_its_row(app):
    """The first run read before the twin committed (simulated: it does not look); the
    second run sees the row and adds nothing."""
    runs = []

    @unit_of_work(on_conflict=AGAIN)
    def save_once(code):
        runs.append(code)
        if len(runs) == 1 or db.session.scalar(select(Country).where(Country.code == code)) is None:
            db.session.add(_country(code))
        return "saved"

    with app.test_request_context():
        _add("MY")
        assert save_once("MY") == "saved"
        assert runs == ["MY", "MY"]
        assert _codes() == {"MY"}


def test_a_block_refused_by_an_index_is_a_message_and_the_whole_unit_rolls_back(app):
    @unit_of_work
    def add_pair():
        _add("LA")  # joins, so it is rolled back with the refused block
        with conflict_refused(TAKEN, field="code"):
            db.session.add(_country("MY"))

    with app.test_request_context():
        _add("MY")
        with pytest.raises(ServiceError) as refusal:
            add_pair()
        assert refusal.value.field == "code"
        assert _codes() == {"MY"}


def test_a_discarded_block_saves_nothing_even_when_a_service_commits_later(app):
    with app.test_request_context():
        _add("MY")
        with discarded():
            country = db.session.scalar(select(Country).where(Country.code == "MY"))
            country.name_en = "Shown in a preview only"
            db.session.add(_country("TH"))
        _add("VN")  # a later commit does not carry the preview's changes
        db.session.remove()
        assert _codes() == {"MY", "VN"}
        assert db.session.scalar(select(Country.name_en).where(Country.code == "MY")) == "MY"


def test_a_discarded_block_refuses_to_end_a_unit_of_work(app):
    @unit_of_work
    def service():
        _add("TH")
        with discarded():
            pass

    with app.test_request_context():
        with pytest.raises(RuntimeError):
            service()
        assert _codes() == set()
