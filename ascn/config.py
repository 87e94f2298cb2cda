"""Settings: safe defaults for development, overridden by environment variables.

Only configuration differs between a laptop (SQLite, in-process jobs, memory rate limits,
mail printed to the log) and production (PostgreSQL, RQ on Redis, SMTP).
"""

import os
from urllib.parse import urlsplit

from ascn.ids import parse_integer

DEV_SECRET_KEY = "dev-only-not-secret"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str) -> list[str] | None:
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else None


def from_environment() -> dict:
    """Every setting the environment may override, read at app creation time."""
    redis_url = os.environ.get("REDIS_URL") or None
    env = os.environ.get("APP_ENV", "development")
    settings = {
        "APP_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL") or None,
        "REDIS_URL": redis_url,
        "JOBS_QUEUE": os.environ.get("JOBS_QUEUE", "ascn"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or redis_url or "memory://",
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", True),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL", False),
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "ASCN8 Secretariat <secretariat@ascn8.example>"
        ),
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")) or None,
        "PUBLIC_URL": os.environ.get("PUBLIC_URL") or None,
        "TRUSTED_HOSTS": _list("TRUSTED_HOSTS"),
        "BADGE_PROCESSES": int(os.environ.get("BADGE_PROCESSES", "2")),
        "BADGE_CHUNK_SIZE": int(os.environ.get("BADGE_CHUNK_SIZE", "50")),
        "JOBS_SWEEP_INTERVAL": float(os.environ.get("JOBS_SWEEP_INTERVAL", "30")),
        "JOBS_REQUEUE_AFTER": float(os.environ.get("JOBS_REQUEUE_AFTER", "300")),
        "JOBS_LEASE": float(os.environ.get("JOBS_LEASE", "60")),
    }
    if os.environ.get("SERVER_NAME"):
        settings["SERVER_NAME"] = os.environ["SERVER_NAME"]
    return settings


class Defaults:
    """Development defaults; `create_app` layers the environment and the caller's dict on top."""

    APP_ENV = "development"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024  # an 8 MB photo and the rest of its form
    SEND_FILE_MAX_AGE_DEFAULT = 7 * 24 * 3600  # static files carry ?v=<mtime> (see `asset`)
    REMEMBER_COOKIE_DURATION = 30 * 24 * 3600
    WTF_CSRF_TIME_LIMIT = 8 * 3600  # a form left open through a plenary still submits

    LANGUAGES = ("ms", "en")
    BABEL_DEFAULT_LOCALE = "ms"
    BABEL_DEFAULT_TIMEZONE = "Asia/Kuala_Lumpur"
    BABEL_TRANSLATION_DIRECTORIES = "../translations"
    LANGUAGE_COOKIE = "ascn_lang"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    RATELIMIT_HEADERS_ENABLED = True
    # Redis down must not lock everyone out: count in this process's memory meanwhile (the
    # limiter logs "falling back to in-memory storage") and go back to Redis when it answers.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
    LOGIN_RATE_LIMIT = "10 per minute;60 per hour"
    RESET_RATE_LIMIT = "5 per minute;20 per hour"
    SIGNUP_RATE_LIMIT = "10 per minute;100 per hour"
    # The public page a certificate's QR code opens: enough for a funder's office behind
    # one address, too few to try tokens.
    VERIFY_RATE_LIMIT = "30 per minute;300 per hour"
    PAIRING_RATE_LIMIT = "10 per minute;60 per hour"  # codes typed to pair a scanner

    # How passwords are hashed (werkzeug.security): "scrypt" is Werkzeug's default work
    # factor. The tests choose a cheap one, since every log-in checks a hash; production
    # refuses anything weaker than the defaults (see check_password_hashing).
    PASSWORD_HASH_METHOD = "scrypt"

    EMAIL_TOKEN_MAX_AGE = 3 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 3600
    JOBS_MODE = None  # "rq" when REDIS_URL is set, "thread" otherwise; tests may force either
    REDIS_URL = None
    PROXY_COUNT = None  # number of reverse proxies in front of the app (see README)
    PUBLIC_URL = None  # the address every emailed link starts with (see public_links)
    TRUSTED_HOSTS = None  # Host headers the app answers; others get 400 (Flask checks it)
    BADGE_PROCESSES = 2  # badge batches without RQ: processes rendering chunks (0: the job thread)
    BADGE_CHUNK_SIZE = 50  # badges per chunk: the unit a worker renders, retries and reports
    # Lost work (see ascn/jobs.py): how often workers sweep for it, how long queued work may
    # wait before it is queued again, and how long a worker's claim on a mail or a badge
    # chunk lasts without a heartbeat (longer than the SMTP timeout, 30 s).
    JOBS_SWEEP_INTERVAL = 30
    JOBS_REQUEUE_AFTER = 300
    JOBS_LEASE = 60
    MAIL_SERVER = None
    MAIL_PORT = 587
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_USE_TLS = True
    MAIL_USE_SSL = False


class Production(Defaults):
    """Applied when APP_ENV=production: cookies only over HTTPS."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
RATE_LIMIT_SCHEMES = ("redis://", "rediss://", "redis+sentinel://", "redis+cluster://", "redis+unix://")


def check(config: dict) -> None:
    """Refuse to start with settings that would expose the installation: run at app
    creation, after the environment and the caller's settings are applied."""
    check_secret_key(config)
    public_links(config)
    check_password_hashing(config)
    if config.get("APP_ENV") == "production":
        check_rate_limits(config)


def check_secret_key(config: dict) -> None:
    """The development key is public (it is in this file), so anything it signs (session
    cookies, reset links, badge tokens) can be forged. It is accepted only by a development
    or test app that people reach on this machine alone: APP_ENV development or testing,
    PUBLIC_URL on localhost, no reverse proxy in front; and such an app refuses requests
    from any other address (`DEV_KEY_LOCAL_ONLY`, see ascn.register_request_hooks)."""
    key = config.get("SECRET_KEY") or ""
    config["DEV_KEY_LOCAL_ONLY"] = key == DEV_SECRET_KEY
    advice = (
        "Set SECRET_KEY to a random value, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'"
    )
    if key != DEV_SECRET_KEY:
        if config.get("APP_ENV") == "production" and len(key) < 32:
            raise RuntimeError(f"APP_ENV=production needs a SECRET_KEY of at least 32 characters. {advice}")
        return
    if config.get("APP_ENV") not in ("development", "testing"):
        raise RuntimeError(f"APP_ENV={config.get('APP_ENV')} needs its own SECRET_KEY. {advice}")
    host = (
        urlsplit(config.get("PUBLIC_URL") or "").hostname
        or urlsplit(f"//{config.get('SERVER_NAME') or 'localhost'}").hostname
    )
    if config.get("PROXY_COUNT") or host not in LOOPBACK_HOSTS:
        raise RuntimeError(
            "The development SECRET_KEY is only for an app reached on this machine (localhost, "
            f"no proxy); this one is published as {host!r}. {advice}"
        )


def check_rate_limits(config: dict) -> None:
    """Several gunicorn workers and app servers must count login attempts together: in
    memory, each process would allow the limit again."""
    if not str(config.get("RATELIMIT_STORAGE_URI") or "").startswith(RATE_LIMIT_SCHEMES):
        raise RuntimeError(
            "APP_ENV=production needs rate limits counted in Redis: set REDIS_URL "
            "(or RATELIMIT_STORAGE_URI=redis://...)."
        )


def public_links(config: dict) -> None:
    """Set PUBLIC_URL, the one address emailed links are built from (never the request's
    Host, which a client chooses), and the hosts the app answers to.

    Production must name it (https) and answers only its host, plus any TRUSTED_HOSTS.
    Development and tests default to SERVER_NAME, or localhost:5000 (`flask run`)."""
    production = config.get("APP_ENV") == "production"
    url = config.get("PUBLIC_URL")
    if not url:
        if production:
            raise RuntimeError(
                "APP_ENV=production needs PUBLIC_URL, the address people open, e.g. https://ascn8.example.org"
            )
        scheme = config.get("PREFERRED_URL_SCHEME") or "http"
        url = f"{scheme}://{config.get('SERVER_NAME') or 'localhost:5000'}"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise RuntimeError(f"PUBLIC_URL must be an address such as https://ascn8.example.org, not {url!r}")
    if production and parts.scheme != "https":
        raise RuntimeError("APP_ENV=production needs PUBLIC_URL to start with https://")
    config["PUBLIC_URL"] = url.rstrip("/")
    if production:
        trusted = list(config.get("TRUSTED_HOSTS") or [])
        config["TRUSTED_HOSTS"] = [parts.hostname, *(host for host in trusted if host != parts.hostname)]


# The cheapest work factors production accepts: Werkzeug's scrypt default (N=2**15, r=8),
# and the PBKDF2-HMAC-SHA256 iterations OWASP advises.
SCRYPT_MIN_N, SCRYPT_MIN_R = 32768, 8
PBKDF2_MIN_ITERATIONS = 600_000


def check_password_hashing(config: dict) -> None:
    """PASSWORD_HASH_METHOD names a method werkzeug.security knows; in production, one at
    least as costly to guess as the defaults (the tests' cheap one is for tests only)."""
    method = config.get("PASSWORD_HASH_METHOD") or ""
    name, *arguments = method.split(":")
    if name not in ("scrypt", "pbkdf2"):
        raise RuntimeError(
            f"PASSWORD_HASH_METHOD must be scrypt or pbkdf2 (werkzeug.security), not {method!r}"
        )
    if config.get("APP_ENV") == "production" and not _strong(name, arguments):
        raise RuntimeError(
            f"APP_ENV=production refuses PASSWORD_HASH_METHOD={method!r}: it is cheap to guess. "
            "Leave it unset (scrypt)."
        )


def _strong(name: str, arguments: list[str]) -> bool:
    """Werkzeug's defaults are strong enough; explicit work factors must reach them."""
    try:
        numbers = [n for n in map(parse_integer, arguments) if n is not None]
        if name == "scrypt":
            return not arguments or (numbers[0] >= SCRYPT_MIN_N and numbers[1] >= SCRYPT_MIN_R)
        digest = arguments[0] if arguments else "sha256"
        iterations = numbers[0] if len(arguments) > 1 else PBKDF2_MIN_ITERATIONS
        return digest in ("sha256", "sha512") and iterations >= PBKDF2_MIN_ITERATIONS
    except (IndexError, ValueError):
        return False
