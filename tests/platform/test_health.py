"""/health, for load balancers and monitoring: 200 when the database, Redis (when set up)
and a job worker answer, 503 otherwise; yes/no answers only, open to everyone, and it
answers even when the database does not."""

import os
import socket

from ascn import create_app


def _app(**config):
    return create_app({"SECRET_KEY": "s" * 40, "RATELIMIT_STORAGE_URI": "memory://", **config})


def test_a_healthy_install(app, client):
    from tests.support.web import wait_for

    # With RQ, the test session's `flask work` says it is alive once it has started.
    assert wait_for(lambda: client.get("/health").status_code == 200, timeout=30)
    expected = {"status": "ok", "database": True, "worker": True}
    if app.config["REDIS_URL"]:
        expected["redis"] = True
    assert client.get("/health").get_json() == expected


def test_a_database_that_does_not_answer_is_a_503_not_an_error_page(tmp_path):
    app = _app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'no-such-folder' / 'ascn.db'}", REDIS_URL=None)
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": False, "worker": True}


def test_redis_down_means_no_worker_either(database_url):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{s.getsockname()[1]}/0"
    app = _app(SQLALCHEMY_DATABASE_URI=database_url, REDIS_URL=dead, JOBS_MODE="rq")
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": True, "redis": False, "worker": False}


def test_a_drain_that_times_out_says_which_jobs_are_still_waiting(database_url):
    """No worker reads this queue: the caller is told what waits rather than hang."""
    import pytest
    from redis import Redis
    from rq import Queue

    from ascn import jobs
    from tests.support.settings import REDIS_URL

    if not REDIS_URL:
        pytest.skip("needs Redis (REDIS_URL): the in-process queue has no such bound to reach")
    app = _app(
        SQLALCHEMY_DATABASE_URI=database_url,
        REDIS_URL=REDIS_URL,
        JOBS_MODE="rq",
        JOBS_QUEUE=f"ascn-nobody-reads-{os.getpid()}",
    )
    queue = Queue(app.config["JOBS_QUEUE"], connection=Redis.from_url(REDIS_URL))
    queue.empty()
    with app.app_context():
        jobs.enqueue("ascn.mail:deliver", 12345)
        with pytest.raises(TimeoutError) as raised:
            jobs.drain(timeout=0.3)
        queue.empty()
    assert "1 waiting (ascn.mail:deliver(12345,))" in str(raised.value)
