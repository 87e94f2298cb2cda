"""A delegate's certificate of attendance, and the public page its QR code opens.

No id in the delegate's addresses: each reaches only their own. The verification page
answers anyone, in the reader's language, and is rate-limited per address like the other
pages that answer guesses.
"""

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ascn.access import event_or_404
from ascn.bidi import isolate
from ascn.checkin import certificate_pdf, certificates
from ascn.checkin import certificates_bp as bp
from ascn.downloads import download
from ascn.extensions import limiter


@bp.route("/")
def mine():
    standing = certificates.standing(current_user, event_or_404())
    return render_template(
        "certificates/mine.html", standing=standing, days=certificates.days_text(standing.days)
    )


@bp.route("/certificate.pdf")
def pdf():
    event = event_or_404()
    standing = certificates.standing(current_user, event)
    if not standing.offered:
        flash(str(standing.refusal), "info")
        return redirect(url_for("certificates.mine"))
    url = certificates.verification_url(standing.registration)
    data = certificate_pdf.pdf(standing, url, language=certificate_pdf.LEADING)
    return download(data, f"certificate-{event.slug}.pdf", cache="private, no-store")


@bp.route("/verify/<token>")
@limiter.limit(lambda: current_app.config["VERIFY_RATE_LIMIT"])
def verify(token):
    event = event_or_404()
    found = certificates.verify(event, token)
    return render_template(
        "certificates/verify.html",
        event=event,
        found=found,
        # Isolated: a Jawi name inside an English or Malay sentence keeps its direction.
        name=isolate(found.registration.full_name) if found else "",
        days=certificates.days_text(found.days) if found else "",
    )
