"""The Head of Delegation: at most one per delegation, and the head holds the category and
the protocol rank together, so lists, seating and the badge agree on who leads.

Lock rule: every change of head runs under the delegation's lock (`quotas.lock`), takes
the role from the old head before giving it to the new one, and is backed by the partial
unique index `uq_registration_one_head` (one active head per event and country), so two
designations at the same moment end with one head, never two.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.events.models import Category
from ascn.extensions import db
from ascn.registration import quotas
from ascn.registration.accreditation import change_category, set_rank
from ascn.registration.models import ACTIVE_STATUSES, PROTOCOL_RANKS, RANK_ORDER, Registration
from ascn.transactions import unit_of_work

HEAD_CATEGORY = "head_of_delegation"
DELEGATE_CATEGORY = "delegate"
HEAD_RANK = "head_of_delegation"


def current(event_id: int, country_id: int) -> Registration | None:
    """The delegation's head holding a place, if any."""
    return db.session.scalar(
        select(Registration)
        .where(
            Registration.event_id == event_id,
            Registration.country_id == country_id,
            Registration.is_head.is_(True),
            Registration.status.in_(ACTIVE_STATUSES),
        )
        .execution_options(populate_existing=True)  # as committed now, not as first read
    )


def _category(event_id: int, code: str) -> Category | None:
    return db.session.scalar(select(Category).where(Category.event_id == event_id, Category.code == code))


def rank_after_stepping_down(registration: Registration) -> str:
    """What an outgoing head is offered: the rank they held before leading."""
    return registration.rank_before_head or "delegate"


def take_role(registration: Registration, actor: User | None) -> None:
    """Make `registration` the head: the head category and a rank at least Head of
    Delegation (a minister stays minister). Their rank and category before are kept, to
    give back when they step down. Runs inside the caller's transaction, under its lock;
    the caller counts the places once the role has moved."""
    registration.rank_before_head = registration.protocol_rank
    registration.category_before_head_id = registration.category_id
    rank = registration.protocol_rank
    if RANK_ORDER[rank] > RANK_ORDER[HEAD_RANK]:
        rank = HEAD_RANK
    set_rank(registration, rank, True, actor, recount=False)
    head_category = _category(registration.event_id, HEAD_CATEGORY)
    if head_category is not None:
        change_category(registration, head_category, actor)


def give_up_role(registration: Registration, actor: User | None, rank: str | None = None) -> None:
    """The head becomes a delegate again, with `rank` or the rank they had before, and
    the category they had before (the delegate category when that was the head one).
    Like `take_role`, it leaves counting the places to the caller."""
    rank = rank or rank_after_stepping_down(registration)
    if rank not in PROTOCOL_RANKS or rank == HEAD_RANK:
        raise ServiceError(_l("Choose a protocol rank from the list."), field="old_head_rank")
    head_category = _category(registration.event_id, HEAD_CATEGORY)
    if head_category is not None and registration.category_id == head_category.id:
        before = db.session.get(Category, registration.category_before_head_id or 0)
        if before is None or before.id == head_category.id:
            before = _category(registration.event_id, DELEGATE_CATEGORY)
        if before is not None:
            change_category(registration, before, actor)
    set_rank(registration, rank, False, actor, recount=False)
    registration.rank_before_head, registration.category_before_head_id = None, None
    db.session.flush()  # the unique index sees the old head gone before the new one comes


# A country without quota has no row to lock: there the unique index decides.
@unit_of_work(
    on_conflict=_l("The Head of Delegation was changed at the same moment by someone else. Reload the page.")
)
def designate(registration: Registration, actor: User, old_head_rank: str | None = None) -> None:
    """A focal point (or an organiser) names the Head of Delegation: the previous head steps
    back with `old_head_rank` (or their rank before leading), in one transaction."""
    if registration.event.registration_edits_locked:
        raise ServiceError(_l("The organisers have locked registrations: changes are no longer possible."))
    if not registration.is_active:
        raise ServiceError(_l("Only a delegate holding a place can lead the delegation."))
    delegation = quotas.lock(registration.event_id, registration.country_id)
    db.session.refresh(registration)  # read under the lock: a designation may have just committed
    if registration.is_head:
        raise ServiceError(_l("%(name)s already leads the delegation.", name=registration.full_name))
    previous = current(registration.event_id, registration.country_id)
    if previous is not None:
        give_up_role(previous, actor, old_head_rank)
    take_role(registration, actor)
    quotas.recount(delegation)
