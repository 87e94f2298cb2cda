"""The programme API against its OpenAPI document: the document is valid OpenAPI 3.1,
every error under /api/ is the documented JSON, and schemathesis (every check, positive
and negative data) finds no difference between the document and the server."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.live import serving
from tests.support.programme import programme_world

SCHEMATHESIS = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")


def test_the_document_is_valid_openapi(client, make):
    validator = pytest.importorskip("openapi_spec_validator", reason="pip install -e '.[test]'")
    make.event()
    document = client.get("/ascn8/api/programme/openapi.json").json
    validator.validate(document)
    assert all(path.startswith("/") for path in document["paths"])
    assert document["servers"][0]["url"] + "/programme" == "http://ascn.test/ascn8/api/programme"


@pytest.mark.parametrize(
    "path,status",
    [
        ("/ascn8/api/programme/sessions/-1", 404),
        ("/ascn8/api/programme/sessions/null", 404),
        ("/ascn8/api/programme/sessions/1.5", 404),
        ("/ascn8/api/programme/sessions/0", 404),
        ("/ascn8/api/programme/sessions?room=0", 400),
        ("/ascn8/api/programme/sessions?room=-3", 400),
        ("/ascn8/api/programme/sessions?type=%C2%B2", 400),  # "²" is a digit to str.isdigit
        ("/ascn8/api/programme/sessions?track=2147483648", 400),
        ("/ascn8/api/programme/no-such-thing", 404),
    ],
)
def test_a_bad_id_answers_the_documented_json_error(client, make, path, status):
    programme_world(make, sessions=1)
    response = client.get(path)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert set(response.json) >= {"error", "message"}


@pytest.mark.skipif(SCHEMATHESIS is None, reason="needs schemathesis (pip install -e '.[test]')")
def test_schemathesis_finds_the_server_true_to_its_document(app, make, tmp_path):
    programme_world(make, sessions=3)
    with serving(app) as base:
        run = subprocess.run(
            [
                SCHEMATHESIS,
                "run",
                f"{base}/ascn8/api/programme/openapi.json",
                "--url",
                f"{base}/ascn8/api",
                "--checks",
                "all",
                "--mode",
                "all",
                "--phases",
                "examples,coverage,fuzzing",
                # Bounded, and the same cases on every run: a CI failure reproduces.
                "--max-examples",
                "100",
                "--generation-deterministic",
                "--workers",
                "1",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
        )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
