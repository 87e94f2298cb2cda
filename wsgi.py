"""Entry point for gunicorn and `flask`: `gunicorn wsgi:app`."""

from ascn import create_app

app = create_app()
