"""With the rate limiter's Redis down, people still log in: the limiter counts in memory
meanwhile and says so in the log.

The app runs in a process of its own: the limiter is one object per process, and pointing
it at a dead Redis here would change it for every test after this one."""

import json
import socket
import subprocess
import sys

from tests.support.settings import ROOT

APP = """
import json, logging, sys
from ascn import create_app
from ascn.accounts.services import create_user
from ascn.extensions import db

seen = []
handler = logging.Handler()
handler.emit = lambda record: seen.append(record.getMessage())
logging.getLogger("flask-limiter").addHandler(handler)

app = create_app({
    "TESTING": True, "SECRET_KEY": "s" * 40, "SQLALCHEMY_DATABASE_URI": sys.argv[1],
    "RATELIMIT_STORAGE_URI": sys.argv[2], "REDIS_URL": None, "JOBS_MODE": "thread",
    "WTF_CSRF_ENABLED": False, "SERVER_NAME": "ascn.test",
})
with app.app_context():
    db.create_all()
    create_user("aminah@example.org", "correct horse battery", "Aminah", "delegate")
client = app.test_client()
answers = [
    client.post("/account/login", data={"email": "aminah@example.org", "password": password}).status_code
    for password in ("wrong guess", "correct horse battery")
]
print(json.dumps({"answers": answers, "log": seen}))
"""


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: nothing listens there


def test_login_works_while_the_rate_limit_storage_is_down(tmp_path):
    database = f"sqlite:///{tmp_path / 'limits.db'}"
    dead_redis = f"redis://127.0.0.1:{_dead_port()}/0"
    command = [sys.executable, "-c", APP, database, dead_redis]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    wrong, right = result["answers"]
    assert wrong == 200  # the form again, with its message; not a 500
    assert right == 302  # logged in
    assert any("falling back to in-memory storage" in line for line in result["log"])
