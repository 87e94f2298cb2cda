"""Batches: choose, start, watch the progress, download the merged PDF."""

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ascn.access import event_or_404
from ascn.badges import batches, bp, runs
from ascn.badges.forms import BatchForm
from ascn.badges.models import BadgeBatch
from ascn.badges.views_desk import pdf_response
from ascn.errors import ServiceError
from ascn.events.services import countries
from ascn.extensions import db


def _form(event):
    return BatchForm(countries(), event.categories)


def _batch_or_back(batch_id: int) -> BadgeBatch:
    batch = batches.get(event_or_404(), batch_id)
    if batch is None:
        flash(_("There is no such batch. Choose one from the list."), "error")
        abort(redirect(url_for("badges.batches_page")))
    return batch


@bp.route("/batches", methods=["GET", "POST"])
def batches_page():
    event = event_or_404()
    form = _form(event)
    if form.validate_on_submit():
        selection = batches.Selection(
            scope=form.scope.data,
            sort=form.sort.data,
            country_id=form.country_id.data or None,
            category_id=form.category_id.data or None,
        )
        try:
            batch = batches.start(event, current_user, selection)
        except ServiceError as error:
            flash(str(error.message), "error")
        else:
            return redirect(url_for("badges.batch", batch_id=batch.id))
    return render_template("badges/batches.html", form=form, recent=batches.recent(event))


@bp.route("/batches/<int:batch_id>")
def batch(batch_id: int):
    batch = _batch_or_back(batch_id)
    return render_template("badges/batch.html", batch=batch, progress=batches.progress(batch))


@bp.route("/batches/<int:batch_id>/progress")
def batch_progress(batch_id: int):
    batch = batches.get(event_or_404(), batch_id)
    if batch is None:
        return jsonify(error=_("There is no such batch. Choose one from the list.")), 404
    return jsonify(batches.progress(batch))


@bp.route("/batches/<int:batch_id>/retry", methods=["POST"])
def retry_batch(batch_id: int):
    batch = _batch_or_back(batch_id)
    try:
        runs.retry(batch)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The unfinished parts are being printed again."), "success")
    return redirect(url_for("badges.batch", batch_id=batch_id))


@bp.route("/batches/<int:batch_id>/badges.pdf")
def batch_pdf(batch_id: int):
    batch = _batch_or_back(batch_id)
    if batch.status != "done":
        flash(_("This batch is not ready yet."), "info")
        return redirect(url_for("badges.batch", batch_id=batch.id))
    data = db.session.scalar(db.select(BadgeBatch.pdf).where(BadgeBatch.id == batch.id))
    return pdf_response(data, f"badges-batch-{batch.id}.pdf")
