"""The programme spreadsheet's import: the upload and its preview, then "Import"."""

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ascn import kept_uploads
from ascn.access import event_or_404
from ascn.errors import ServiceError
from ascn.forms import ConfirmImportForm, show_error
from ascn.programme import import_preview, manage_bp, xlsx
from ascn.programme.forms import ImportForm

KIND = "programme"


@manage_bp.route("/import", methods=["GET", "POST"])
def import_programme():
    """The upload: a file whose rows can be read is kept, and its preview shown at once."""
    event = event_or_404()
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(xlsx.MAX_BYTES + 1) if upload is not None else b""
        try:
            plan = import_preview.build(event, data)
        except ServiceError as error:
            show_error(form, error)
        else:
            kept = kept_uploads.keep(event.id, current_user.id, KIND, upload.filename, data)
            return _preview(kept, plan, ConfirmImportForm())
    return render_template("programme/manage/import.html", form=form)


def _preview(kept, plan, form):
    form.previewed.data = plan.digest
    return render_template("programme/manage/import_preview.html", plan=plan, kept=kept, form=form)


@manage_bp.route("/import/<token>", methods=["GET", "POST"])
def import_preview_page(token: str):
    event = event_or_404()
    kept = kept_uploads.find(g.event.id, current_user.id, KIND, token)
    if kept is None:
        flash(_("This upload has expired or is not yours. Please upload the file again."), "error")
        return redirect(url_for("programme_manage.import_programme"))
    form = ConfirmImportForm()
    if form.validate_on_submit():
        try:
            count = import_preview.confirm(event, kept, form.previewed.data)
        except xlsx.ImportRefused:
            flash(_("Some rows cannot be imported. Correct them in the file and upload it again."), "error")
        except ServiceError as error:
            flash(str(error.message), "error")
        else:
            message = ngettext(
                "%(num)s session imported into the draft.", "%(num)s sessions imported into the draft.", count
            )
            flash(message, "success")
            return redirect(url_for("programme_manage.index"))
    try:
        plan = import_preview.build(event, kept.data)
    except ServiceError as error:
        flash(str(error.message), "error")
        return redirect(url_for("programme_manage.import_programme"))
    return _preview(kept, plan, form)
