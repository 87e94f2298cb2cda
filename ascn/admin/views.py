from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ascn.access import guard
from ascn.accounts import services as accounts
from ascn.accounts.models import User
from ascn.accounts.roles import ROLE_LABELS
from ascn.admin import bp, services
from ascn.admin.forms import InviteForm, RoleForm
from ascn.errors import ServiceError
from ascn.events import roles
from ascn.extensions import db
from ascn.forms import show_error
from ascn.ids import parse_id
from ascn.mail import STATUS_LABELS, STATUSES, OutboxMessage, resend, resend_all

guard(bp, capability="manage_users")


def _page_number() -> int:
    return parse_id(request.args.get("page")) or 1


@bp.route("/users")
def users():
    q, role = request.args.get("q", "")[:100], request.args.get("role", "")
    page = services.search_users(q, role if role in ROLE_LABELS else "", _page_number())
    event_roles = roles.roles_by_user([user.id for user in page.items])
    return render_template(
        "admin/users.html",
        page=page,
        q=q,
        role=role,
        roles=ROLE_LABELS,
        event_roles=event_roles,
        role_labels=roles.ROLE_LABELS,
    )


@bp.route("/users/new", methods=["GET", "POST"])
def invite_user():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = accounts.invite(
                form.email.data,
                form.full_name.data,
                form.role.data,
                form.locale.data,
                current_user,
            )
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(
                _("%(name)s has been invited by email to choose a password.", name=user.full_name), "success"
            )
            return redirect(url_for("admin.users"))
    return render_template("admin/invite_user.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id):
    user = db.session.get(User, user_id) or abort(404)
    form = RoleForm(obj=user)
    if form.validate_on_submit():
        try:
            accounts.set_role(user, form.role.data, form.active.data, current_user)
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(_("The account of %(name)s has been saved.", name=user.full_name), "success")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/edit_user.html",
        form=form,
        user=user,
        event_roles=roles.roles_of(user),
        role_labels=roles.ROLE_LABELS,
    )


@bp.route("/outbox")
def outbox():
    q, status = request.args.get("q", "")[:100], request.args.get("status", "")
    page = services.outbox(q, status if status in STATUSES else "", _page_number())
    return render_template(
        "admin/outbox.html",
        page=page,
        q=q,
        status=status,
        statuses=STATUSES,
        status_labels=STATUS_LABELS,
    )


@bp.route("/outbox/<int:message_id>")
def outbox_message(message_id):
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    return render_template("admin/outbox_message.html", message=message, status_labels=STATUS_LABELS)


@bp.route("/outbox/<int:message_id>/resend", methods=["POST"])
def resend_message(message_id):
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    if message.status == "sent":
        flash(_("This message has already been sent."), "info")
    else:
        resend(message)
        flash(_("The message will be sent again."), "success")
    return redirect(url_for("admin.outbox_message", message_id=message_id))


@bp.route("/outbox/resend", methods=["POST"])
def resend_unsent():
    """Every failed or waiting message queued again at once, e.g. after a mail or queue outage."""
    n = resend_all()
    if n:
        message = ngettext("%(num)s message will be sent again.", "%(num)s messages will be sent again.", n)
        flash(message, "success")
    else:
        flash(_("There is no failed or waiting message to send again."), "info")
    return redirect(url_for("admin.outbox"))
