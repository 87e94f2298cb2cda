"""The scanner's offline rule (ascn/static/js/scanner/decide.js, run under Node) gives the
same outcome as the server's (`rules.judge` on what `tokens.read` makes of the text) for
every kind of list, registration, badge and direction, from real tokens and the digests
the offline data carries."""

import itertools
import json
import shutil
import subprocess

import pytest

from ascn.badges import tokens
from ascn.checkin.offline import token_digest
from ascn.checkin.rules import Facts, ListRule, eligibility, judge
from tests.support.settings import ROOT

NODE = shutil.which("node")
DECIDE = ROOT / "ascn" / "static" / "js" / "scanner" / "decide.js"
pytestmark = pytest.mark.skipif(NODE is None, reason="needs Node.js to run the scanner's script")

# Reads the cases on stdin; prints the outcome decide.js gives each.
RUNNER = """
const decide = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const out = [];
  for (const c of JSON.parse(input)) {
    const rows = decide.index(c.rows);
    const inside = () => c.inside;
    const found = c.registration
      ? decide.decideManual(rows, c.registration, c.direction, inside)
      : await decide.decideToken(rows, c.text, c.direction, inside);
    out.push(found.outcome);
  }
  process.stdout.write(JSON.stringify(out));
});
"""

RID = 4242
RULES = {
    "door": ListRule("door"),
    "hall": ListRule("door", all_categories=False, category_ids=frozenset({7})),
    "bus": ListRule("visit"),
}
FACTS = [
    Facts("approved", False, 7, 2),
    Facts("approved", False, 8, 2),  # another category
    Facts("pending", False, 7, 2),
    Facts("rejected", False, 7, 2),
    Facts("cancelled", False, 7, 2),
    Facts("approved", True, 7, 2),
    Facts("approved", False, 7, 2, booking="confirmed"),
    Facts("approved", False, 7, 2, booking="waiting"),
    Facts("approved", False, 7, 1, booking="cancelled"),
]


def texts(app) -> dict[str, str]:
    """What may be read at a door, for a delegate whose current badge has serial 2."""
    with app.app_context():
        current, older, newer = tokens.sign(RID, 2), tokens.sign(RID, 1), tokens.sign(RID, 3)
        return {
            "current": current,
            "older": older,
            "newer": newer,
            "padded": f" \t{current}\r\n",
            "separator padded": f"\x1d{current}\x1f",  # Python's strip() takes these too
            "forged": current[:-4] + ("AAAA" if not current.endswith("AAAA") else "BBBB"),
            "another delegate": tokens.sign(RID + 1, 2),
            "garbage": "not a badge",
            "dots": "1.2.3.4",
            "unicode digits": f"٤٢٤٢.2.{current.rsplit('.', 1)[1]}",
            "too long": current + "x" * 80,
            "empty": "",
            "zero id": "0.2.abc",
        }


def server(app, rule, facts, text, direction, inside) -> str:
    with app.app_context():
        found = tokens.read(text)
    named = facts if found is not None and found[0] == RID else None
    return judge(rule, named, found[1] if found else None, direction, inside)


def row(app, rule, facts) -> list:
    with app.app_context():
        digest = token_digest(tokens.sign(RID, facts.current_serial))
    return [RID, facts.current_serial, digest, "Siti Aminah", eligibility(rule, facts), 1]


def run_node(cases: list[dict]) -> list[str]:
    done = subprocess.run(
        [NODE, "-e", RUNNER, str(DECIDE)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_offline_rule_gives_the_servers_outcome_for_every_case(app):
    read = texts(app)
    cases, expected, names = [], [], []
    for (rule_name, rule), facts, (text_name, text), direction, inside in itertools.product(
        RULES.items(), FACTS, read.items(), ("in", "out"), (False, True)
    ):
        if text_name == "older" and facts.current_serial == 1:
            continue  # serial 1 is current there: the "older" badge is the current one
        cases.append(
            {"rows": [row(app, rule, facts)], "text": text, "direction": direction, "inside": inside}
        )
        expected.append(server(app, rule, facts, text, direction, inside))
        names.append(f"{rule_name} {facts} {text_name} {direction} inside={inside}")
    got = run_node(cases)
    wrong = [
        f"{name}: server {e}, device {g}" for name, e, g in zip(names, expected, got, strict=True) if e != g
    ]
    assert not wrong, "\n".join(wrong[:20])
    assert {"valid", "unknown", "revoked", "already_inside", "not_on_list", "standby"} <= set(expected)


def test_a_check_in_by_hand_is_judged_alike(app):
    cases, expected = [], []
    for rule, facts, direction, inside in itertools.product(
        RULES.values(), FACTS, ("in", "out"), (False, True)
    ):
        cases.append(
            {"rows": [row(app, rule, facts)], "registration": RID, "direction": direction, "inside": inside}
        )
        expected.append(judge(rule, facts, facts.current_serial, direction, inside))
    cases.append({"rows": [], "registration": RID, "direction": "in", "inside": False})
    expected.append(judge(RULES["door"], None, None, "in", False))
    assert run_node(cases) == expected


def test_an_older_serial_with_a_forged_signature_is_turned_away_on_both_sides(app):
    """The one difference, written in decide.js: the device holds the current badge's
    digest only, so it calls any token of an older serial revoked; the server, which can
    check the signature, calls a forged one unknown. Neither lets the bearer in."""
    with app.app_context():
        older = tokens.sign(RID, 1)
    forged = older[:-4] + ("AAAA" if not older.endswith("AAAA") else "BBBB")
    facts, rule = FACTS[0], RULES["door"]
    case = {"rows": [row(app, rule, facts)], "text": forged, "direction": "in", "inside": False}
    assert server(app, rule, facts, forged, "in", False) == "unknown"
    assert run_node([case]) == ["revoked"]
