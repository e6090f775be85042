"""What a guest script recorded (tests/lib/guest/common.sh) and what the
host saw of the VM: OUTDIR/data.log, console.log and qemu.status."""

import base64
import gzip
import os


def read_text(path):
    """A file's text, or "" when there is no such file."""
    if not os.path.exists(path):
        return ""
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def read_guest_log(outdir):
    """(facts, problems, files, done) from the records in OUTDIR/data.log:
    @@FACT lines, @@FILE ... @@EOF blocks and the @@DONE marker."""
    facts, problems, files, done = {}, [], {}, False
    current, chunks = None, []
    for line in read_text(os.path.join(outdir, "data.log")).splitlines():
        line = line.strip("\r")
        if current is not None:
            if line == "@@EOF " + current:
                files[current] = base64.b64decode("".join(chunks))
                current = None
            else:
                chunks.append(line.strip())
        elif line.startswith("@@FACT "):
            key, _, value = line[len("@@FACT "):].partition(" ")
            if key.startswith("problem."):
                problems.append((key[len("problem."):], value))
            else:
                facts[key] = value
        elif line.startswith("@@FILE "):
            current, chunks = line[len("@@FILE "):], []
        elif line == "@@DONE":
            done = True
    return facts, problems, files, done


class Run:
    """One VM run: the guest's records, the kernel console and QEMU's exit
    status (None when the runner wrote none)."""

    def __init__(self, outdir):
        self.outdir = outdir
        self.facts, self.problems, self.files, self.done = \
            read_guest_log(outdir)
        self.console = read_text(os.path.join(outdir, "console.log"))
        status_file = os.path.join(outdir, "qemu.status")
        self.qemu_status = read_text(status_file).strip() \
            if os.path.exists(status_file) else None

    def fact(self, key, default=None):
        return self.facts.get(key, default)

    def file(self, name):
        """The bytes of file NAME, inflated when it came as NAME.gz."""
        raw = self.files.get(name)
        if raw is None and name + ".gz" in self.files:
            raw = gzip.decompress(self.files[name + ".gz"])
        return raw

    def kv(self, key):
        """A fact of key=value words as a dict of strings, or None."""
        raw = self.facts.get(key)
        if raw is None:
            return None
        return dict(item.partition("=")[::2] for item in raw.split())

    def mark(self, name):
        """(start, end) of what the guest marked as NAME (its mark.NAME.start
        and mark.NAME.end facts), or None when either is missing."""
        start = self.facts.get(f"mark.{name}.start")
        end = self.facts.get(f"mark.{name}.end")
        if start is None or end is None:
            return None
        return int(start), int(end)
