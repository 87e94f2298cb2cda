"""The password policy: long enough, not common, not built from the account's own name."""

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10
MAX_LENGTH = 128

# The most common passwords in breach lists, and the obvious ones for this event.
COMMON = {
    "password",
    "password1",
    "password12",
    "password123",
    "passw0rd",
    "qwerty",
    "qwertyuiop",
    "123456789",
    "1234567890",
    "0123456789",
    "12345678910",
    "iloveyou",
    "abc123456",
    "111111111",
    "1111111111",
    "aaaaaaaaaa",
    "qwerty123",
    "qwerty1234",
    "1q2w3e4r5t",
    "letmein123",
    "welcome123",
    "admin12345",
    "malaysia123",
    "asean12345",
    "ascn2025",
    "kualalumpur",
    "smartcity123",
    "sayang123",
    "katalaluan",
    "katalaluan123",
}


def password_problems(password: str, email: str = "", name: str = "") -> list:
    """Every rule the password breaks, as messages for the form (empty when it is fine)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_l("Use at least %(n)d characters.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        problems.append(_l("Use at most %(n)d characters.", n=MAX_LENGTH))
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) < 5:
        problems.append(_l("This password is too easy to guess. Choose a less common one."))
    local = email.split("@")[0].lower()
    words = [w for w in name.lower().split() if len(w) >= 4]
    if (len(local) >= 4 and local in lowered) or any(w in lowered for w in words):
        problems.append(_l("Do not use your name or email address in your password."))
    return problems
