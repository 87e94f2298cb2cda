"""Many requests at once, for the races that PostgreSQL tests prove cannot overbook."""

import threading

from ascn.errors import ServiceError
from ascn.extensions import db


def rush(app, count, work):
    """Run `work(n)` in `count` threads released at the same moment; their outcomes."""
    barrier = threading.Barrier(count)
    outcomes = []

    def run(n):
        with app.test_request_context(headers={"Accept-Language": "en"}):
            barrier.wait()
            try:
                work(n)
                outcomes.append("ok")
            except ServiceError as error:
                outcomes.append(str(error.message))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
