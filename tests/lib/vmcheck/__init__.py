"""Judging what a test VM recorded: the Python half of tests/lib.

Every suite that boots a VM (tests/e2e, tests/hostile, tests/pkg,
tests/debugkernel) reads the guest's records with guestlog, counts its
cases with report, compares event lines with events and looks at the
kernel log with kernel. A suite's checker puts tests/lib on sys.path and
imports what it needs from here; what only one suite asserts stays in
that suite.
"""
