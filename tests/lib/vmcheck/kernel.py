"""The kernel log of a VM run, and whether the run got to its end."""

import re

# What must never be in the kernel log of a run on any kernel.
KERNEL_TROUBLE = re.compile(
    r"WARNING:|BUG:|kernel BUG|Oops|Call Trace|KASAN|UBSAN|"
    r"general protection|soft lockup|hard LOCKUP|rcu.*stall|"
    r"blocked for more than|Kernel panic|refcount_t:|"
    r"list_(add|del) corruption|double free|use-after-free")

# KERNEL_TROUBLE and what the debug kernel's checkers (lockdep, RCU,
# might_sleep, kmemleak) and a crashing reader add.
STRICT_KERNEL_TROUBLE = re.compile(
    KERNEL_TROUBLE.pattern +
    r"|possible (recursive|circular) locking|suspicious RCU usage|"
    r"sleeping function called from invalid context|inconsistent lock state|"
    r"self-detected stall|INFO: task|kmemleak: .*suspected|"
    r"Unable to handle|segfault at .* in nethttp")


def trouble(text, label, pattern=KERNEL_TROUBLE):
    """The lines of a kernel log that match PATTERN, the first of each
    stretch with some context."""
    lines = text.splitlines()
    out = []
    shown_until = -1
    for i, line in enumerate(lines):
        if not pattern.search(line):
            continue
        if i > shown_until:
            excerpt = "\n        ".join(lines[max(0, i - 2):i + 25])
            out.append(f"{label}: {line.strip()}\n        {excerpt}")
            shown_until = i + 24
        else:
            out.append(f"{label}: {line.strip()}")
    return out


def kernel_log_trouble(run, find=trouble, dmesg_file="dmesg"):
    """FIND(text, label) over the console and the dmesg the guest sent at
    its end (file DMESG_FILE); that the guest sent none is trouble too."""
    reasons = find(run.console, "console")
    dmesg = run.files.get(dmesg_file)
    if dmesg is None:
        reasons.append(f"the guest sent no {dmesg_file}")
    else:
        reasons += find(dmesg.decode("utf-8", "replace"), "dmesg")
    return reasons


def check_end(run, report, steps, tail_lines, timed=False):
    """Case "end": the guest reached @@DONE, each of its steps (facts
    STEPS.<name> "<exit status>[ <ms>]") exited 0, and QEMU exited 0.
    Without @@DONE the console's last TAIL_LINES lines show where it
    stopped; TIMED puts each step's duration in the case's line."""
    r = []
    if not run.done:
        r.append("the guest never reached its end marker (@@DONE)")
        tail = "\n        ".join(run.console.splitlines()[-tail_lines:])
        r.append(f"console tail:\n        {tail}")
    times = []
    for key, value in sorted(run.facts.items()):
        if not key.startswith(steps + "."):
            continue
        rc, _, ms = value.partition(" ")
        times.append(f"{key[len(steps) + 1:]} {int(ms or 0) / 1000:.0f}s")
        if rc != "0":
            r.append(f"{key} exited {rc}")
    if run.qemu_status not in (None, "0"):
        r.append(f"qemu exited {run.qemu_status}" +
                 (" (timed out)" if run.qemu_status in ("124", "137")
                  else ""))
    what = f"the guest ran every {steps} and powered off"
    if timed:
        what += " (" + ", ".join(times) + ")"
    report.case("end", what, r)
