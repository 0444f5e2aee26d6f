"""Report how much the whole-site security tests checked."""

from .world import TALLY


def pytest_terminal_summary(terminalreporter):
    if TALLY:
        counts = ", ".join(f"{number} {what}" for what, number in sorted(TALLY.items()))
        terminalreporter.write_line(f"tests/security: {counts}")
