"""Every page links the font stylesheets of the scripts it shows, and no others.

A stylesheet in the head blocks the first render; the declarations of all scripts
together weigh about 100 KB (the Chinese ones nearly all of it), and most pages show
only Latin. `base.html` puts `FONTS_MARK` where the links go; once the page is rendered,
the links of the scripts its text needs replace the mark (`ascn.font_scripts`). Text a
page fetches later (the badge preview) is of the same delegate, so its scripts are
already linked.
"""

from flask import Flask, Response, url_for
from markupsafe import Markup, escape

from ascn.font_scripts import scripts_in

FONTS_MARK = "<!--script-fonts-->"


def links(scripts, asset) -> str:
    return "\n  ".join(f'<link rel="stylesheet" href="{escape(asset(s.stylesheet))}">' for s in scripts)


def init_app(app: Flask) -> None:
    def asset(filename: str) -> str:
        helper = app.jinja_env.globals.get("asset")
        return helper(filename) if helper else url_for("static", filename=filename)

    @app.after_request
    def link_fonts(response: Response) -> Response:
        if response.mimetype != "text/html" or response.direct_passthrough or response.is_streamed:
            return response
        page = response.get_data(as_text=True)
        if FONTS_MARK in page:
            response.set_data(page.replace(FONTS_MARK, links(scripts_in(page), asset), 1))
        return response

    app.jinja_env.globals.update(fonts_mark=Markup(FONTS_MARK))
