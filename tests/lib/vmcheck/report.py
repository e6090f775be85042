"""Counting cases: one "ok" or "FAIL" line per case with its reasons, and
the small helpers that collect reasons."""

# Reasons printed under a failed case; the rest are only counted.
MAX_REASONS = 12


class Report:
    """Prints each case as it is judged and counts them. PREFIX (e.g. the
    kernel's label, "debug/") goes before every case name."""

    def __init__(self, prefix=""):
        self.prefix = prefix
        self.passed = 0
        self.failed = 0

    def case(self, name, what, reasons):
        name = self.prefix + name
        if reasons:
            self.failed += 1
            print(f"FAIL {name}: {what}")
            for reason in reasons[:MAX_REASONS]:
                print(f"     - {reason}")
            if len(reasons) > MAX_REASONS:
                print(f"     - ... and {len(reasons) - MAX_REASONS} more")
        else:
            self.passed += 1
            print(f"ok   {name}: {what}")

    def count_line(self, suite):
        """The line the runners add up (tests/lib/count.sh)."""
        return f"{suite}: {self.passed} passed, {self.failed} failed"


def delta(after, before, name):
    """How much counter NAME grew between two snapshots (None if either is
    missing; a counter missing from a snapshot counts as 0)."""
    if after is None or before is None:
        return None
    return after.get(name, 0) - before.get(name, 0)


def expect_equal(reasons, what, got, want):
    if got != want:
        reasons.append(f"{what}: {got!r}, want {want!r}")


def problems_of(run, *phases):
    """What the guest itself found wrong in these phases (problem())."""
    return [f"guest: {msg}" for phase, msg in run.problems if phase in phases]
