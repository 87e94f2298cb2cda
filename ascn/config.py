"""Settings: safe defaults for development, overridden by environment variables.

Only configuration differs between a laptop (SQLite, in-process jobs, memory rate limits,
mail printed to the log) and production (PostgreSQL, RQ on Redis, SMTP).
"""

import os

DEV_SECRET_KEY = "dev-only-not-secret"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


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
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", True),
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL", False),
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "ASCN8 Secretariat <secretariat@ascn8.example>"
        ),
        "EVENT_SLUG": os.environ.get("EVENT_SLUG") or None,
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")) or None,
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

    EMAIL_TOKEN_MAX_AGE = 3 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 3600
    JOBS_MODE = None  # "rq" when REDIS_URL is set, "thread" otherwise; tests may force either
    REDIS_URL = None
    EVENT_SLUG = None
    PROXY_COUNT = None  # number of reverse proxies in front of the app (see README)
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


def check_production(config: dict) -> None:
    """Refuse to start a production app that would sign cookies and tokens with a known key."""
    key = config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < 32:
        raise RuntimeError(
            "APP_ENV=production needs SECRET_KEY set to a random value of at least 32 "
            "characters, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
