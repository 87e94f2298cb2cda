"""The app served on a free localhost port, for clients outside the test process
(a browser, schemathesis)."""

import threading
from contextlib import contextmanager

from werkzeug.serving import make_server


@contextmanager
def serving(wsgi_app):
    """Yield the base URL (http://127.0.0.1:PORT) while `wsgi_app` answers there."""
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
