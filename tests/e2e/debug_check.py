"""What the debug kernel adds to a run of the e2e tests on it.

usage: check.py OUTDIR

Prints one line per case and "debugkernel-extra: N passed, N failed":
the checkers were really on, nothing in the kernel log (whole run,
including the kmemleak part that comes after tests.sh), and kmemleak
found nothing once the module was unloaded.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from vmcheck.guestlog import Run  # noqa: E402  (tests/lib/vmcheck)
from vmcheck.kernel import (  # noqa: E402
    STRICT_KERNEL_TROUBLE, kernel_log_trouble, trouble)
from vmcheck.report import Report  # noqa: E402


def debug_trouble(text, label):
    """Trouble in a debug kernel's log: what the checkers report too."""
    return trouble(text, label, STRICT_KERNEL_TROUBLE)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    run = Run(sys.argv[1])
    report = Report()

    r = []
    for needle, name in (("KernelAddressSanitizer initialized", "KASAN"),
                         ("Lock dependency validator", "lockdep")):
        if needle not in run.console:
            r.append(f"{name} is not on: no {needle!r} in the console")
    if "panic_on_warn=1" not in (run.fact("cmdline") or ""):
        r.append(f"panic_on_warn=1 not on the command line: "
                 f"{run.fact('cmdline')!r}")
    if run.fact("kmemleak") != "present":
        r.append("no /sys/kernel/debug/kmemleak")
    report.case("debug-checkers", "KASAN, lockdep, kmemleak and "
                "panic_on_warn are on", r)

    # dmesg.end: the log once the kmemleak scan after the run is done
    r = kernel_log_trouble(run, debug_trouble, "dmesg.end")
    report.case("debug-log", "no KASAN/UBSAN/lockdep/sleep-in-atomic/RCU/"
                "WARNING report anywhere in the run", r)

    r = []
    if run.fact("debug.module_loaded") != "0":
        r.append(f"module still loaded at the end: "
                 f"{run.fact('debug.module_loaded')!r}")
    leaks = run.files.get("kmemleak")
    if leaks is None:
        r.append("no kmemleak report")
    elif leaks.strip():
        r.append("kmemleak:\n        " + "\n        ".join(
            leaks.decode("utf-8", "replace").splitlines()[:60]))
    if run.fact("debug.done") != "1":
        r.append("the guest did not finish the kmemleak part")
    report.case("debug-kmemleak", "kmemleak finds nothing after the e2e "
                "run and rmmod", r)
    print(report.count_line("debugkernel-extra"))
    sys.exit(1 if report.failed else 0)


if __name__ == "__main__":
    main()
