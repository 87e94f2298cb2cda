"""Helper: a registration's reference number (ASCN8-00123), given when it is created.

The event's counter is raised by one atomic `UPDATE … RETURNING`, which holds that
counter's row until the commit: it is the last lock a registering transaction takes, after
its delegation, so two registrations of the event get different numbers and no two
transactions wait on each other in a circle (docs/ARCHITECTURE.md, lock order). The unique
(event, number) constraint is the net.
"""

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ascn.extensions import db
from ascn.registration.models import Registration, RegistrationCounter


def _ensure_counter(event_id: int) -> None:
    """An event made after the migration has no counter yet: the first registration makes it;
    a twin making it at the same moment is ignored, not an error."""
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(RegistrationCounter).values(event_id=event_id, last_number=0).on_conflict_do_nothing()
    )


def assign(registration: Registration) -> None:
    """Give a new registration (or one made before numbers existed) the event's next number."""
    if registration.reference_no is not None:
        return
    _ensure_counter(registration.event_id)
    registration.reference_no = db.session.scalar(
        update(RegistrationCounter)
        .where(RegistrationCounter.event_id == registration.event_id)
        .values(last_number=RegistrationCounter.last_number + 1)
        .returning(RegistrationCounter.last_number)
    )
