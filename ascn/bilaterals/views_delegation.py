"""A delegation's bilateral meetings, for whoever speaks for it (its focal point or its
Head of Delegation): requests asked and received, asking, answering, withdrawing.

Anyone else gets a page saying so (403). A request of another pair of delegations, or of
another event, is a 404. Due requests expire before any page is drawn (`expiry`), since
the in-process job mode has no sweep.
"""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ascn.access import event_or_404
from ascn.bilaterals import bp, expiry, listing, requesting, sides
from ascn.bilaterals.forms import AcceptForm, AgreeForm, AskForm, DeclineForm, ProposeForm, WithdrawForm
from ascn.bilaterals.models import LEVEL_LABELS, MEETING_LANGUAGE_LABELS, STATUS_LABELS
from ascn.errors import ServiceError
from ascn.forms import flash_errors, show_error
from ascn.ids import parse_whole


@bp.before_request
def speaks_for_a_delegation():
    if not current_user.is_authenticated:
        return None  # the guard has sent them to log in
    event = event_or_404()
    g.delegation = sides.delegation_of(current_user, event)
    if g.delegation is None:
        return render_template("bilaterals/no_delegation.html"), 403
    expiry.expire_due(event)
    return None


@bp.route("/")
def index():
    delegation = g.delegation
    show = request.args.get("show")
    show = show if show in listing.SHOWS else "received"
    status = request.args.get("status")
    status = status if status in STATUS_LABELS else None
    page = listing.requests_page(delegation, show, status, parse_whole(request.args.get("page"), 1) or 1)
    settings = requesting.settings_of(g.event)
    return render_template(
        "bilaterals/index.html",
        delegation=delegation,
        page=page,
        show=show,
        status=status,
        statuses=STATUS_LABELS,
        settings=settings,
        open_count=requesting.open_count(delegation),
    )


def _ask_form(delegation):
    form = AskForm()
    all_slots = listing.slots(g.event)
    by_day = listing.slots_by_day(g.event, all_slots)
    form.set_counterparts(listing.counterparts(g.event, delegation))
    people = listing.members(delegation)
    form.set_people(people)
    form.set_times(by_day)
    return form, people, all_slots, by_day


@bp.route("/new", methods=["GET", "POST"])
def new_request():
    delegation = g.delegation
    form, people, all_slots, by_day = _ask_form(delegation)
    clashes = []
    if form.validate_on_submit():
        chosen = form.chosen_slot_ids(by_day)
        named = [person for person in people if person.id in set(form.participant_ids.data)]
        clashes = listing.clashes(g.event, named, [slot for slot in all_slots if slot.id in chosen])
        if not clashes or form.confirmed.data == "1":
            values = requesting.Ask(
                counterpart_id=form.counterpart_id.data,
                level=form.level.data,
                subject_en=form.subject_en.data or "",
                subject_ms=form.subject_ms.data or "",
                language=form.language.data,
                needs_interpreter=form.needs_interpreter.data,
                needs_flags=form.needs_flags.data,
                participant_ids=form.participant_ids.data,
                slot_ids=chosen,
            )
            try:
                made = requesting.ask(g.event, delegation, values, current_user)
            except ServiceError as error:
                show_error(form, error)
                clashes = []
            else:
                flash(_("Your request is sent. The other delegation is told by email."), "success")
                return redirect(url_for("bilaterals.request_page", request_id=made.id))
    return render_template(
        "bilaterals/new.html",
        form=form,
        people=people,
        by_day=by_day,
        clashes=clashes,
        settings=requesting.settings_of(g.event),
    )


def _request_or_404(request_id):
    return listing.request_for(g.delegation, request_id) or abort(404)


def _page(meeting, status=200, **forms):
    delegation = g.delegation
    side = "requester" if meeting.requester_id == delegation.id else "counterpart"
    all_slots = listing.slots(g.event)
    by_day = listing.slots_by_day(g.event, all_slots)
    people = listing.members(delegation)
    accept = forms.get("accept") or AcceptForm(formdata=None, prefix="accept")
    propose = forms.get("propose") or ProposeForm(formdata=None, prefix="propose")
    accept.set_people(people)
    propose.set_people(people)
    propose.set_times(by_day)
    agree_clashes = forms.get("agree_clashes")
    if agree_clashes is None and side == "requester" and meeting.status == "proposed":
        agree_clashes = _agree_clashes(meeting, all_slots)
    return render_template(
        "bilaterals/request.html",
        meeting=meeting,
        side=side,
        status_labels=STATUS_LABELS,
        level_labels=LEVEL_LABELS,
        language_labels=MEETING_LANGUAGE_LABELS,
        slots={slot.id: slot for slot in all_slots},
        by_day=by_day,
        people=people,
        accept=accept,
        propose=propose,
        decline=forms.get("decline") or DeclineForm(formdata=None, prefix="decline"),
        agree=AgreeForm(formdata=None, prefix="agree"),
        withdraw=WithdrawForm(formdata=None, prefix="withdraw"),
        accept_clashes=forms.get("accept_clashes") or [],
        agree_clashes=agree_clashes or [],
    ), status


def _clashes(meeting, people, times_of: str, all_slots):
    """The clashes of `people` with the times one side of the meeting named."""
    times = set(requesting.slot_ids_of(meeting, times_of))
    return listing.clashes(g.event, people, [slot for slot in all_slots if slot.id in times], meeting.id)


def _agree_clashes(meeting, all_slots):
    """The requester's people against the times the counterpart proposed."""
    named = [row.registration for row in meeting.participants if row.side == "requester"]
    return _clashes(meeting, named, "counterpart", all_slots)


@bp.route("/<int:request_id>")
def request_page(request_id):
    return _page(_request_or_404(request_id))


def _done(meeting, message):
    flash(message, "success")
    return redirect(url_for("bilaterals.request_page", request_id=meeting.id))


def _refused(meeting, error):
    flash(str(error.message), "error")
    return redirect(url_for("bilaterals.request_page", request_id=meeting.id))


@bp.route("/<int:request_id>/accept", methods=["POST"])
def accept(request_id):
    meeting = _request_or_404(request_id)
    form = AcceptForm(prefix="accept")
    members = listing.members(g.delegation)
    form.set_people(members)
    if not form.validate():
        return _page(meeting, 400, accept=form)
    ids = set(form.participant_ids.data)
    named = [person for person in members if person.id in ids]
    clashes = _clashes(meeting, named, "requester", listing.slots(g.event))
    if clashes and form.confirmed.data != "1":
        return _page(meeting, accept=form, accept_clashes=clashes)
    try:
        requesting.accept(meeting, g.delegation, form.participant_ids.data, current_user)
    except ServiceError as error:
        if error.field:
            show_error(form, error)
            return _page(meeting, 400, accept=form)
        return _refused(meeting, error)
    return _done(meeting, _("You accepted the meeting. The other delegation is told by email."))


@bp.route("/<int:request_id>/propose", methods=["POST"])
def propose(request_id):
    meeting = _request_or_404(request_id)
    form = ProposeForm(prefix="propose")
    form.set_people(listing.members(g.delegation))
    by_day = listing.slots_by_day(g.event, listing.slots(g.event))
    form.set_times(by_day)
    if not form.validate():
        return _page(meeting, 400, propose=form)
    try:
        requesting.propose(
            meeting,
            g.delegation,
            form.chosen_slot_ids(by_day),
            form.note.data,
            form.participant_ids.data,
            current_user,
        )
    except ServiceError as error:
        if error.field:
            show_error(form, error)
            return _page(meeting, 400, propose=form)
        return _refused(meeting, error)
    return _done(meeting, _("Your times are proposed. The other delegation is told by email."))


@bp.route("/<int:request_id>/decline", methods=["POST"])
def decline(request_id):
    meeting = _request_or_404(request_id)
    form = DeclineForm(prefix="decline")
    if not form.validate():
        return _page(meeting, 400, decline=form)
    try:
        requesting.decline(meeting, g.delegation, form.note.data, current_user)
    except ServiceError as error:
        return _refused(meeting, error)
    return _done(meeting, _("You declined the meeting. The other delegation is told by email."))


@bp.route("/<int:request_id>/agree", methods=["POST"])
def agree(request_id):
    meeting = _request_or_404(request_id)
    form = AgreeForm(prefix="agree")
    if not form.validate():
        flash_errors(form)
        return redirect(url_for("bilaterals.request_page", request_id=meeting.id))
    clashes = _agree_clashes(meeting, listing.slots(g.event)) if meeting.status == "proposed" else []
    if clashes and form.confirmed.data != "1":
        return _page(meeting, agree_clashes=clashes)
    try:
        requesting.agree(meeting, g.delegation, current_user)
    except ServiceError as error:
        return _refused(meeting, error)
    return _done(meeting, _("You agreed to the times proposed. The other delegation is told by email."))


@bp.route("/<int:request_id>/withdraw", methods=["POST"])
def withdraw(request_id):
    meeting = _request_or_404(request_id)
    form = WithdrawForm(prefix="withdraw")
    if not form.validate():
        flash_errors(form)
        return redirect(url_for("bilaterals.request_page", request_id=meeting.id))
    try:
        requesting.withdraw(meeting, g.delegation, current_user)
    except ServiceError as error:
        return _refused(meeting, error)
    return _done(meeting, _("Your request is withdrawn. The other delegation is told by email."))
