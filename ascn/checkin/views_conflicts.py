"""The organisers' review of conflicts: both scans side by side, resolved with a note."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ascn.access import event_or_404
from ascn.checkin import conflicts, lists
from ascn.checkin import manage_bp as bp
from ascn.checkin.forms import ResolveForm
from ascn.checkin.models import CONFLICT_KINDS, CONFLICT_LABELS, DIRECTION_LABELS, OUTCOME_LABELS
from ascn.errors import ServiceError
from ascn.forms import flash_errors
from ascn.ids import parse_id
from ascn.urls import local_path


@bp.route("/conflicts", endpoint="conflicts")
def conflicts_page():
    event = event_or_404()
    filters = conflicts.Filters.from_args(request.args)
    event_lists = lists.plain_lists_of(event)
    return render_template(
        "checkin/manage/conflicts.html",
        filters=filters,
        page=conflicts.page(event, filters, parse_id(request.args.get("page")) or 1),
        lists=event_lists,
        list_by_id={checkin_list.id: checkin_list for checkin_list in event_lists},
        kinds=CONFLICT_KINDS,
        conflict_labels=CONFLICT_LABELS,
        outcome_labels=OUTCOME_LABELS,
        direction_labels=DIRECTION_LABELS,
    )


@bp.route("/conflicts/<int:conflict_id>/resolve", methods=["POST"])
def resolve_conflict(conflict_id):
    conflict = conflicts.conflict_for(event_or_404(), conflict_id) or abort(404)
    form = ResolveForm()
    if not form.validate_on_submit():
        flash_errors(form)
    else:
        try:
            conflicts.resolve(conflict, form.note.data, current_user)
        except ServiceError as error:
            flash(str(error.message), "error")
        else:
            flash(_("The conflict is resolved; both scans are kept as they were."), "success")
    return redirect(_back())


def _back() -> str:
    """Back to the list of conflicts the organiser was looking at."""
    base = url_for(".conflicts")
    return local_path(request.form.get("back"), under=base) or base
