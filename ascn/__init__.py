"""ASCN: event management for intergovernmental summits."""

import logging
from pathlib import Path

from flask import Flask, Response, abort, g, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import SecurityError

from ascn import config as settings
from ascn.requests import JSONProvider, Request

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), instance_relative_config=True)
    app.request_class = Request
    app.json = JSONProvider(app)
    configure(app, config or {})
    register_extensions(app)
    register_models()
    register_blueprints(app)
    register_lifecycle()
    register_request_hooks(app)
    register_template_helpers(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def configure(app: Flask, overrides: dict) -> None:
    app.config.from_object(settings.Defaults)
    env = {k: v for k, v in settings.from_environment().items() if v is not None}
    if (overrides.get("APP_ENV") or env.get("APP_ENV")) == "production":
        app.config.from_object(settings.Production)
    app.config.update(env)
    app.config.update(overrides)
    settings.check(app.config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'ascn.db'}"
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    for scheme in ("postgresql://", "postgres://"):  # psycopg 3 is the driver we install
        if uri.startswith(scheme):
            app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri.removeprefix(scheme)
    if uri.startswith("sqlite"):
        # SQLite allows one writer at a time; wait for it rather than fail with 'locked'.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    if app.config.get("PROXY_COUNT"):
        # Behind PROXY_COUNT reverse proxies: take the client's address (rate limits) and
        # the scheme from the last n X-Forwarded-For/-Proto entries, the ones our proxies
        # wrote. Never X-Forwarded-Host: the Host a client sends is checked against
        # TRUSTED_HOSTS, and emailed links come from PUBLIC_URL.
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=0)
    if not app.debug and not app.testing:
        # Our own messages (mail printed to the log, job failures) at INFO; libraries quieter.
        logging.basicConfig(level=logging.WARNING)
        logging.getLogger("ascn").setLevel(logging.INFO)


def register_extensions(app: Flask) -> None:
    # Imported here, not at the top: `ascn.db` must stay the module, not the extension.
    from ascn import jobs
    from ascn.extensions import babel, csrf, db, limiter, login_manager, migrate
    from ascn.i18n import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    login_manager.init_app(app)
    jobs.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.session_protection = "basic"

    from ascn.accounts import sessions

    @login_manager.user_loader
    def load_user(key: str):
        # The id Flask-Login keeps is a login session's key, not the account's id.
        if g.get("without_database"):  # a server fault's error page reads no account
            return None
        return sessions.user_for(key)


def register_models() -> None:
    """Import every table so that migrations and `create_all` see the whole schema."""
    import ascn.accounts.models  # noqa: F401
    import ascn.badges.models  # noqa: F401
    import ascn.bilaterals.models  # noqa: F401
    import ascn.events.models  # noqa: F401
    import ascn.kept_uploads  # noqa: F401
    import ascn.mail  # noqa: F401
    import ascn.programme.models  # noqa: F401
    import ascn.registration.models  # noqa: F401
    import ascn.textlimits  # noqa: F401  (its flush guard refuses over-long text)
    import ascn.visits.models  # noqa: F401


def register_blueprints(app: Flask) -> None:
    from ascn import (
        accounts,
        admin,
        badges,
        bilaterals,
        checkin,
        events,
        main,
        programme,
        registration,
        visits,
    )
    from ascn.accounts.services import prepare_dummy_hashes
    from ascn.events import scope
    from ascn.ids import IdConverter

    # Before any rule is added: every `<int:...>` in an address is a bounded, ASCII id, and
    # `<event:...>` an event's slug, loaded into `g.event` (ascn/events/scope.py).
    app.url_map.converters["int"] = IdConverter
    scope.init_app(app)

    for module in (main, accounts, events, admin):
        app.register_blueprint(module.bp)
    app.register_blueprint(events.new_event_bp)
    app.register_blueprint(events.look_bp)
    prepare_dummy_hashes(app.config)
    for blueprint in (
        *registration.BLUEPRINTS,
        *programme.BLUEPRINTS,
        *visits.BLUEPRINTS,
        *bilaterals.BLUEPRINTS,
        *badges.BLUEPRINTS,
        *checkin.BLUEPRINTS,
    ):
        app.register_blueprint(blueprint)


def register_lifecycle() -> None:
    """Later domains' steps in an earlier domain's life, in one place (the list is in
    docs/ARCHITECTURE.md): an address proven (ascn/accounts/lifecycle.py), an event copied
    (ascn/events/lifecycle.py), a registration's status or identity changed, a person's
    data exported, an ended event purged (ascn/registration/lifecycle.py). Steps run in
    the order registered here, which is the lock order."""
    from ascn import badges, bilaterals, checkin, programme, registration, visits

    registration.register_lifecycle()
    programme.register_lifecycle()
    visits.register_lifecycle()
    bilaterals.register_lifecycle()
    badges.register_lifecycle()
    checkin.register_lifecycle()


def register_request_hooks(app: Flask) -> None:
    @app.errorhandler(SecurityError)
    def unknown_host(error):
        # A Host outside TRUSTED_HOSTS: no page can be built (its links need a host), so
        # a short plain answer.
        return Response(_("This site is not served at this address."), 400, mimetype="text/plain")

    @app.before_request
    def refuse_others_with_the_development_key():
        # The development key is public: with it, answer only this machine (see config).
        if app.config.get("DEV_KEY_LOCAL_ONLY") and request.remote_addr not in ("127.0.0.1", "::1"):
            abort(403)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'",
        )
        return response


def register_template_helpers(app: Flask) -> None:
    from ascn import bidi, page_fonts
    from ascn.access import can
    from ascn.dates import register as register_date_filters
    from ascn.events.look import colours_version
    from ascn.forms import marks_required
    from ascn.i18n import LANGUAGE_NAMES, current_language

    def url_with(**changes) -> str:
        """This page's address with some query arguments changed (paging, filters)."""
        args = {**request.args.to_dict(), **changes}
        return url_for(request.endpoint, **(request.view_args or {}), **args)

    static = Path(app.static_folder)
    versions: dict[str, str] = {}

    def asset(filename: str) -> str:
        """A static file's address with its modification time, so that browsers may keep
        it for a week (venue Wi-Fi) yet fetch a new version as soon as it changes."""
        if filename not in versions or app.debug:
            path = static / filename
            versions[filename] = str(int(path.stat().st_mtime)) if path.exists() else "0"
        return url_for("static", filename=filename, v=versions[filename])

    app.jinja_env.globals.update(
        url_with=url_with, language_names=LANGUAGE_NAMES, asset=asset, can=can, look_version=colours_version
    )
    app.jinja_env.globals["marks_required"] = marks_required  # the star of _macros/forms.html
    page_fonts.init_app(app)
    app.jinja_env.finalize = bidi.finalize  # before any template is compiled
    register_date_filters(app)
    # For <time datetime>: HTML takes at most three digits of a second, isoformat() gives six.
    app.jinja_env.filters["machine_time"] = lambda moment: moment.isoformat(timespec="seconds")

    @app.context_processor
    def inject():
        return {"current_language": current_language()}


def register_error_handlers(app: Flask) -> None:
    from ascn.errors import register_error_handlers as register

    register(app)


def register_commands(app: Flask) -> None:
    from ascn.cli import register

    register(app)
