"""Organisers' badge templates, one per category, with a live preview."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ascn.access import event_or_404
from ascn.badges import cards, design, pdf, templates_bp
from ascn.badges.forms import TEMPLATE_FIELDS, TemplateForm
from ascn.badges.views_desk import pdf_response
from ascn.errors import ServiceError
from ascn.forms import form_values, show_error
from ascn.i18n import current_language


def _category(category_id: int):
    category = design.category_or_none(event_or_404(), category_id)
    if category is None:
        abort(404)
    return category


def _preview(category, values, for_pdf=False):
    return design.preview(event_or_404(), category, values, current_language(), for_pdf)


def _draft_values(args) -> dict | None:
    """The form's values as the live preview sends them; None (the saved template) when
    there are none, as for the PDF link of a page without JavaScript."""
    if not any(name in args for name in TEMPLATE_FIELDS):
        return None
    values = {name: args.get(name) for name in TEMPLATE_FIELDS if name in args}
    for flag in design.FLAGS:
        values[flag] = args.get(flag) in ("y", "on", "1", "true")
    return values


@templates_bp.route("/")
def index():
    event = event_or_404()
    return render_template(
        "badges/templates.html", categories=event.categories, templates=design.templates_by_category(event)
    )


@templates_bp.route("/<int:category_id>", methods=["GET", "POST"])
def edit(category_id: int):
    category = _category(category_id)
    template = design.draft(category)
    form = TemplateForm(obj=template)
    if form.validate_on_submit():
        try:
            design.save(category, form_values(form))
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(_("The badge template has been saved."), "success")
            return redirect(url_for("badge_templates.index"))
    values = form_values(form) if request.method == "POST" else None
    badge_cards, _photos = _preview(category, values)
    preview = cards.html_fragment(event_or_404(), badge_cards, current_language()) if badge_cards else None
    return render_template("badges/template_edit.html", form=form, category=category, preview=preview)


@templates_bp.route("/<int:category_id>/preview")
def preview(category_id: int):
    """The preview fragment for the values in the query string (the form as it is typed)."""
    category = _category(category_id)
    badge_cards, _photos = _preview(category, _draft_values(request.args))
    if not badge_cards:
        return render_template("badges/_no_sample.html")
    return cards.html_fragment(event_or_404(), badge_cards, current_language())


@templates_bp.route("/<int:category_id>/preview.pdf")
def preview_pdf(category_id: int):
    category = _category(category_id)
    badge_cards, photos = _preview(category, _draft_values(request.args), for_pdf=True)
    if not badge_cards:
        flash(_("There is no approved delegate yet to show on the preview."), "info")
        return redirect(url_for("badge_templates.edit", category_id=category.id))
    event = event_or_404()
    html = cards.html(event, badge_cards, current_language())
    return pdf_response(
        pdf.render(html, photos, current_app.static_folder), f"badge-preview-{category.code}.pdf"
    )
