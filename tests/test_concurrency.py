"""Under a rush: many sign-ups with the same address at the same moment make one account,
and every other request gets the 'already exists' message, not an error."""

import threading

import pytest
from sqlalchemy import func, select

from ascn.accounts import services
from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.extensions import db
from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)


def test_simultaneous_sign_ups_with_one_email_make_one_account(app):
    barrier = threading.Barrier(20)
    outcomes = []

    def sign_up(n):
        with app.test_request_context(headers={"Accept-Language": "en"}):
            barrier.wait()
            try:
                services.sign_up(
                    f"Rush@Example.org{' ' * (n % 2)}", "a long harbour passphrase", f"Rush {n}", "en"
                )
                outcomes.append("created")
            except ServiceError as error:
                outcomes.append(str(error.message))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("created") == 1
    assert len(outcomes) == 20 and all("already exists" in o for o in outcomes if o != "created")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
