"""Judges one run of the hostile VM (tests/hostile/guest/hostile.sh).

usage: check.py OUTDIR LABEL [EVENT_SIZE]

OUTDIR holds console.log and data.log. LABEL (the kernel: stock, debug)
prefixes every case name. EVENT_SIZE is sizeof(struct nethttp_event), for
the memory bounds. Prints "ok <case>: <what>" or "FAIL <case>: <what>"
with the reasons, then "hostile/LABEL: N passed, N failed"; exits 1 on failure.
"""

import json
import os
import re
import sys
from collections import namedtuple

import hostile_cases as hc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from vmcheck import guestlog  # noqa: E402  (tests/lib/vmcheck)
from vmcheck.events import complete, differences, line_key  # noqa: E402
from vmcheck.kernel import (  # noqa: E402
    STRICT_KERNEL_TROUBLE, check_end, kernel_log_trouble)
from vmcheck.kernel import trouble as log_trouble  # noqa: E402
from vmcheck.report import Report, delta  # noqa: E402
from vmcheck.report import expect_equal as expect  # noqa: E402
from vmcheck.report import problems_of as problems  # noqa: E402

# Bytes that look like a kernel address in text.
POINTER = re.compile(rb"ffff[0-9a-f]{12}")
# What a reader writes in place of the events it lost.
LOST_LINE = re.compile(rb'\{"eventName":"nethttp_lost","lost":(\d+)\}')


class Run(guestlog.Run):
    """What the guest recorded; counters come as one fact of name=value
    words, the namespace as its inode."""

    def stats(self, name):
        raw = self.facts.get("stats." + name)
        if raw is None:
            return None
        out = {}
        for item in raw.split():
            key, _, value = item.partition("=")
            out[key] = int(value) if value.isdigit() else value
        return out

    def netns(self):
        m = re.fullmatch(r"net:\[(\d+)\]", self.facts.get("netns.init", ""))
        return int(m.group(1)) if m else None


def pairs_hook(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError(f"duplicate keys in {keys}")
    return dict(pairs)


def encoding_errors(text):
    """What the contract's escaping rules forbid in a line as sent."""
    out = []
    for ch in text:
        cp = ord(ch)
        if cp < 0x20 or cp == 0x7f or 0x80 <= cp <= 0x9f:
            out.append(f"raw U+{cp:04X} in the line")
            break
    return out


def parse_line(raw):
    """(object, errors) for one line without its newline."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, [f"not UTF-8 ({e}): {raw[:200]!r}"]
    errors = encoding_errors(text)
    try:
        obj = json.loads(text, object_pairs_hook=pairs_hook)
    except ValueError as e:
        return None, errors + [f"not JSON ({e}): {raw[:200]!r}"]
    return obj, errors


def split_lines(raw, label, general):
    if raw is None:
        general.append(f"{label}: the guest sent no such output")
        return []
    if raw and not raw.endswith(b"\n"):
        general.append(f"{label}: output does not end with a newline")
    return raw.split(b"\n")[:-1]


def compare(obj, want, window):
    """Reasons why an event object is not the expected one."""
    stamp = obj.get("timestamp") if isinstance(obj, dict) else None
    want, out = complete(dict(want, timestamp=stamp), obj)
    out += differences(want, obj)
    if not isinstance(stamp, int) or window is None or \
            not window[0] <= stamp <= window[1]:
        out.append(f"timestamp {stamp} outside {window}")
    return out


def exact_lines(run, name, want, window):
    """Reasons why the reader output NAME is not exactly the lines of WANT
    (keyed by line_key), each once, in any order, stamped within WINDOW. A
    TCP retransmission makes no line of its own."""
    r = []
    got = {}
    for number, raw in enumerate(split_lines(run.file(name), name, r), 1):
        obj, errors = parse_line(raw)
        key = line_key(obj) if obj is not None else None
        if key not in want or key in got:
            r.append(f"{name} line {number}: unexpected {raw[:200]!r}")
            continue
        got[key] = got.get(key, 0) + 1
        diffs = errors + compare(obj, want[key], window)
        if diffs:
            r.append(f"{name} line {number}: " + "; ".join(diffs[:4]))
    r += [f"{name}: missing {key}" for key in want if key not in got]
    return r


# --- the hostile phase -------------------------------------------------------

def case_window(run, i):
    """From the start of case i to the start of the next (or the end)."""
    start = run.fact(f"mark.{hc.case_id(i)}.start")
    if i + 1 < len(hc.CASES):
        end = run.fact(f"mark.{hc.case_id(i + 1)}.start")
    else:
        end = run.fact("mark.hostile.end")
    if start is None or end is None:
        return None
    return int(start), int(end)




def check_setup(run, report):
    r = problems(run, "setup")
    expect(r, "insmod events=network_events", run.fact("hostile.insmod_rc"),
           "0")
    expect(r, "events read back", run.fact("hostile.events"),
           ",".join(hc.ALL_EVENTS))
    expect(r, "redact at load", run.fact("hostile.redact"),
           hc.DEFAULT_REDACT_VALUE)
    expect(r, "net.ipv4.tcp_timestamps", run.fact("tcp_timestamps"), "1")
    if run.netns() is None:
        r.append(f"no init netns inode: {run.fact('netns.init')!r}")
    report.case("setup", "module loaded with every event name, default "
                "redaction", r)


# What both readers of the hostile phase read: outputs {label: [raw]},
# every line parsed once, parsed {(label, number): (raw, obj, errors)}, and
# the same by line key, by_key {(label, key): [(number, raw, obj, errors)]}.
ReadersLines = namedtuple("ReadersLines", "outputs parsed by_key")


def parse_outputs(run, general):
    """The ReadersLines of the hostile phase; what is wrong with an output
    as a whole goes to GENERAL."""
    outputs = {label: split_lines(run.file(label), label, general)
               for label in ("hostile.cat", "hostile.small")}
    parsed = {}
    for label, lines in outputs.items():
        for number, raw in enumerate(lines, 1):
            obj, errors = parse_line(raw)
            parsed[(label, number)] = (raw, obj, errors)
    by_key = {}
    for (label, number), (raw, obj, errors) in parsed.items():
        key = line_key(obj) if obj is not None else None
        by_key.setdefault((label, key), []).append((number, raw, obj, errors))
    return ReadersLines(outputs, parsed, by_key)


def case_line_reasons(case, want_lines, by_key, labels, window):
    """Reasons why the readers' lines for CASE are not WANT_LINES ({key:
    [objects in order]}): each message once, however often TCP sent it."""
    r = []
    for label in labels:
        for key, wants in want_lines.items():
            got = by_key.get((label, key), [])
            if not got:
                r.append(f"{label}: missing {key[0]} {key[1]} "
                         f"{key[3]}->{key[4]}")
                continue
            if len(got) != len(wants):
                r.append(f"{label}: {len(got)} lines for {key}, want "
                         f"{len(wants)}")
            for (number, raw, obj, errors), want in zip(got, wants):
                diffs = errors + compare(obj, want, window)
                if diffs:
                    r.append(f"{label} line {number} {key[0]} {key[1]}: "
                             + "; ".join(diffs[:4]))
                if not case.secret_allowed and hc.SECRET in raw:
                    r.append(f"{label} line {number}: a secret reached "
                             f"the reader: {raw[:200]!r}")
    return r


def case_counter_reasons(want, before, after):
    """Reasons why the counters moved otherwise than WANT across a case."""
    r = []
    for name, value in want.items():
        expect(r, f"{name} delta", delta(after, before, name), value)
    expect(r, "messages delta = events_queued + malformed + ignored",
           delta(after, before, "messages"),
           sum(delta(after, before, name) for name in
               ("events_queued", "malformed", "ignored")))
    return r


def case_stream_reasons(case, before, after):
    """Reasons why the connection tracking's counters moved otherwise than
    CASE says: exactly, but a TCP retransmission passes more bytes again."""
    r = []
    for name, value in case.stream_counts().items():
        if value is not None:
            expect(r, f"{name} delta", delta(after, before, name), value)
    want = case.duplicate_bytes
    if want is not None:
        got = delta(after, before, "duplicate_bytes")
        if delta(after, before, "tcp_retrans"):
            if got < want:
                r.append(f"duplicate_bytes delta: {got}, want {want} or "
                         "more (TCP retransmitted)")
        else:
            expect(r, "duplicate_bytes delta", got, want)
    return r


def check_case(run, report, i, lines, netns):
    """Case I of the hostile phase: its exact lines in both readers and
    its counters (LINES: the ReadersLines). Returns the events it queued
    (None without counters)."""
    case = hc.CASES[i]
    cid = hc.case_id(i)
    r = problems(run, cid)
    window = case_window(run, i)
    if window is None:
        r.append("the guest never ran this case")
    before, after = run.stats(cid + ".0"), run.stats(cid + ".1")
    r += case_line_reasons(case, case.lines(netns), lines.by_key,
                           lines.outputs, window)
    queued = None
    if before is None or after is None:
        r.append("counter snapshots missing")
    else:
        want = case.counts()
        del want["messages"]    # whatever the three outcomes add up to
        queued = want["events_queued"]
        r += case_counter_reasons(want, before, after)
        r += case_stream_reasons(case, before, after)
        retrans = delta(after, before, "tcp_retrans")
        if r and retrans:
            # none may make a difference, but it helps to know
            r.append(f"TCP retransmitted {retrans} segments meanwhile")
    report.case(case.name, case.what, r)
    return queued


def stray_line_reasons(lines, claimed, netns):
    """Lines no case claimed, a case's filler in another case's message,
    anything like a kernel address, and readers that disagree."""
    r = []
    for (label, key), got in lines.by_key.items():
        if (label, key) in claimed:
            continue
        for number, raw, obj, errors in got:
            r.append(f"{label} line {number}: unexpected: {raw[:200]!r}"
                     + ("; " + "; ".join(errors) if errors else ""))
    fillers = [(c.filler, c) for c in hc.CASES if c.filler]
    for (label, number), (raw, obj, errors) in lines.parsed.items():
        key = line_key(obj) if obj is not None else None
        for filler, owner in fillers:
            if filler in raw and key not in owner.lines(netns):
                r.append(f"{label} line {number}: filler {filler[:1]!r} of "
                         f"{owner.name} in another message: {raw[:200]!r}")
        if POINTER.search(raw):
            r.append(f"{label} line {number}: looks like a kernel address: "
                     f"{POINTER.search(raw).group(0)!r}")
    cat, small = lines.outputs["hostile.cat"], lines.outputs["hostile.small"]
    if sorted(cat) != sorted(small):
        r.append(f"the two readers read different lines ({len(cat)} and "
                 f"{len(small)})")
    return r


def hostile_counter_reasons(run, queued_total):
    """The phase's counters: both readers got every queued event, nothing
    lost, every message accounted for."""
    r = []
    s0, s1, s2 = (run.stats("hostile0"), run.stats("hostile1"),
                  run.stats("hostile2"))
    if None in (s0, s1, s2):
        r.append("counter snapshots missing")
    else:
        expect(r, "events_delivered (two readers)",
               delta(s1, s0, "events_delivered"), 2 * queued_total)
        expect(r, "events_lost", delta(s2, s0, "events_lost"), 0)
        for snap in (s0, s1, s2):
            expect(r, "messages = malformed + ignored + events_queued",
                   snap.get("messages"), snap.get("malformed", 0) +
                   snap.get("ignored", 0) + snap.get("events_queued", 0))
    return r


def check_hostile(run, report):
    netns = run.netns() or 0
    general = []
    lines = parse_outputs(run, general)
    # A case claims its keys in both readers, whether they came or not.
    claimed = {(label, key) for case in hc.CASES
               for key in case.lines(netns) for label in lines.outputs}
    queued_total = 0
    for i in range(len(hc.CASES)):
        queued = check_case(run, report, i, lines, netns)
        queued_total += queued or 0
    r = general + stray_line_reasons(lines, claimed, netns)
    r += hostile_counter_reasons(run, queued_total)
    r += problems(run, "hostile")
    report.case("hostile_output", "both readers (cat; 997-byte reads) read "
                "exactly the expected lines, nothing else: no filler of "
                "one message in another, no secret, nothing like a kernel "
                "address; delivered = read", r)


# --- device misuse -------------------------------------------------------------

DEVOPS_WANT = {
    "open_rdonly": "ok", "write_rdonly": "EBADF", "open_rdwr": "ok",
    "write_rdwr": "EINVAL", "ioctl_0": "ENOTTY", "ioctl_TCGETS": "ENOTTY",
    "ioctl_FIONREAD": "ENOTTY", "ioctl_IOR_N_1": "ENOTTY",
    "ioctl_IOWR_ff_ff": "ENOTTY", "ioctl_deadbeef": "ENOTTY",
    "lseek_set": "ESPIPE", "lseek_cur": "ESPIPE", "lseek_end": "ESPIPE",
    "pread": "ESPIPE", "mmap": "ENODEV", "read_zero": "0",
    "read_empty": "EAGAIN", "poll_ready": "1", "read_null": "EFAULT",
    "read_bad_address": "EFAULT", "read_kernel_address": "EFAULT",
    "read_half_mapped": "100", "read_rest_end": "EAGAIN",
}


def check_params(run, report):
    r = []
    for label, param, value, ok, readback in hc.PARAM_STEPS:
        rc = run.fact("param." + label)
        if rc is None:
            r.append(f"{label}: never tried")
            continue
        if ok and rc != "0":
            r.append(f"{label}: writing {param} failed ({rc})")
        if not ok and rc == "0":
            r.append(f"{label}: writing {value[:40]!r}... to {param} "
                     "succeeded")
        now = run.file(f"param.{label}.now")
        expect(r, f"{label}: {param} read back", now,
               (readback + "\n").encode())
    report.case("params", "bad writes to events and redact (too long, "
                "empty, unknown names, duplicates, too many) are refused "
                "and change nothing; good ones read back exactly", r)


def check_device(run, report):
    check_params(run, report)
    r = problems(run, "device")
    expect(r, "devops exit status", run.fact("device.devops_rc"), "0")
    got = {}
    for line in (run.file("devops.txt") or b"").decode().splitlines():
        name, _, value = line.partition(" ")
        got[name] = value
    for name, want in DEVOPS_WANT.items():
        expect(r, name, got.get(name), want)
    err = run.file("devops.err")
    if err:
        r.append(f"devops stderr: {err[:200]!r}")
    # What the bad reads did not take must come whole afterwards.
    netns = run.netns() or 0
    want = hc.devops_lines(netns)
    r += exact_lines(run, "devops.out", want, (0, 2 ** 63))
    before, after = run.stats("device0"), run.stats("device1")
    if before and after:
        # the request, once, where it leaves
        expect(r, "events_delivered", delta(after, before,
                                            "events_delivered"), 1)
    report.case("device_misuse", "write refused (EBADF read-only, EINVAL "
                "read-write), unknown ioctls ENOTTY, lseek/pread ESPIPE, "
                "mmap ENODEV, reads into bad buffers EFAULT and lose nothing",
                r)
    r = []
    expect(r, "root", run.fact("device.open_root"), "ok")
    expect(r, "root without CAP_NET_ADMIN",
           run.fact("device.open_without_net_admin"), "EPERM")
    expect(r, "uid 1000 (mode 0600)", run.fact("device.open_user"),
           "EACCES")
    expect(r, "uid 1000 with the node made 0666",
           run.fact("device.open_user_mode_0666"), "EPERM")
    expect(r, "node mode and owner afterwards", run.fact("device.mode"),
           "600 0")
    expect(r, "rmmod", run.fact("device.rmmod_rc"), "0")
    report.case("device_open", "only CAP_NET_ADMIN opens: EACCES for a user "
                "(mode 0600), EPERM without the capability even when the "
                "mode allows", r)


# --- the flood -----------------------------------------------------------------

def meminfo(run, name):
    kv = run.kv("meminfo." + name)
    return {k: int(v) for k, v in kv.items()} if kv else None


def rawsend_meminfo(raw):
    out = {"before": {}, "after": {}}
    for line in (raw or b"").decode().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0].startswith("meminfo."):
            out[parts[0][len("meminfo."):]][parts[1]] = int(parts[2])
    return out


def softnet_dropped(raw):
    total = 0
    for line in (raw or b"").decode().split("\n"):
        fields = line.split()
        if len(fields) >= 2:
            total += int(fields[1], 16)
    return total


def flood_run_reasons(run, debug, packets, events):
    """The flood ran as planned: big enough, the module loaded with the
    small ring, every packet sent and none dropped before the hooks."""
    r = []
    # The 100,000 on the stock kernel; under the checkers a tenth
    # of that overruns the ring just as well, in a tenth of the time.
    least = 10000 if debug else 100000
    if events < least:
        r.append(f"a flood of {events} messages is no flood (want {least})")
    expect(r, "insmod ring_events", run.fact("flood.insmod_rc"), "0")
    expect(r, "ring_events read back", run.fact("flood.ring_events"),
           str(hc.FLOOD_RING_EVENTS))
    expect(r, "rawsend exit status", run.fact("flood.rawsend_rc"), "0")
    sent = re.search(rb"sent (\d+)", run.file("flood.rawsend") or b"")
    expect(r, "packets sent", int(sent.group(1)) if sent else None, packets)
    expect(r, "drain exit status", run.fact("flood.drain_rc"), "0")
    drops = softnet_dropped(run.file("softnet.1")) - \
        softnet_dropped(run.file("softnet.0"))
    expect(r, "packets the receive backlog dropped", drops, 0)
    return r


def flood_event_errors(obj, errors, netns, window):
    """(sequence number, what is wrong) for one kept line of the flood;
    sequence number None when it is no flood event at all."""
    try:
        meta = obj["args"]["metadata"]
        if meta["src_port"] == hc.FLOOD_SPORT:
            seq = int(obj["args"]["http_request"]["uri_path"][7:])
        else:
            seq = int(obj["args"]["http_response"]["headers"]["X-Seq"][0])
    except (KeyError, TypeError, ValueError, IndexError):
        return None, []
    kind, sport, dport, plen, fields = hc.flood_fields(seq)
    want = hc.expected_lines(
        hc.on_lo(4, "127.0.0.1", "127.0.0.1", sport, dport, "event", plen,
                 kind, fields), netns, hc.DEFAULT_EVENTS)
    return seq, errors + compare(obj, list(want.values())[0], window)


def flood_kept_reasons(run, kept_lines, packets, ring):
    """Each line kept after the loss line is an exact flood event, once,
    and one of the newest RING; the first three bad ones are shown."""
    r = []
    netns = run.netns() or 0
    window = run.mark("flood")
    seen = set()
    bad = 0
    for number, line in enumerate(kept_lines, 2):
        obj, errors = parse_line(line)
        seq, diffs = flood_event_errors(obj, errors, netns, window)
        if seq is None:
            r.append(f"flood.out line {number}: not a flood event: "
                     f"{line[:200]!r}")
            continue
        key = (seq, obj.get("direction"))
        if key in seen:
            diffs.append("repeated")
        seen.add(key)
        if seq < packets - ring:
            diffs.append(f"packet {seq} is older than the newest "
                         f"{ring} events")
        if diffs:
            bad += 1
            if bad <= 3:
                r.append(f"flood.out line {number}: " + "; ".join(diffs[:4]))
    if bad > 3:
        r.append(f"... {bad} bad lines in all")
    return r


def check_flood_events(run, report, debug):
    """Case flood: a reader that slept through the flood reads one loss
    line, then exactly the newest ring_events events."""
    ring = hc.FLOOD_RING_EVENTS
    rounds = int(run.fact("flood.rounds", "0"))
    packets = 2 * rounds
    # each packet the next bytes of its connection: one event where it
    # leaves, none where it comes back in
    events = packets
    r = problems(run, "flood") + flood_run_reasons(run, debug, packets,
                                                   events)
    s0, s1, s2 = run.stats("flood0"), run.stats("flood1"), run.stats("flood2")
    raw = run.file("flood.out")
    lost = kept = None
    if None in (s0, s1, s2) or raw is None:
        r.append("counter snapshots or the reader's output missing")
    else:
        for name, want in (("messages", events), ("events_queued", events),
                           ("malformed", 0), ("ignored", 0),
                           ("truncated", 0)):
            expect(r, f"{name} during the flood", delta(s1, s0, name), want)
        lines = split_lines(raw, "flood.out", r)
        m = LOST_LINE.fullmatch(lines[0] if lines else b"")
        if not m:
            r.append(f"first line is not the loss line: "
                     f"{lines[0][:200] if lines else b''!r}")
        else:
            lost = int(m.group(1))
        kept = len(lines) - 1
        # All on CPU 0: its ring keeps the newest ring_events events.
        expect(r, "events kept", kept, ring)
        expect(r, "lost line", lost, events - ring)
        expect(r, "events_lost counter", delta(s2, s1, "events_lost"),
               events - ring)
        expect(r, "events_delivered counter",
               delta(s2, s1, "events_delivered"), ring)
        r += flood_kept_reasons(run, lines[1:], packets, ring)
    report.case("flood", f"{packets} raw packets ({events} messages) with "
                f"ring_events={ring} and a reader that sleeps, then reads: "
                f"lost={lost}, kept={kept}, in {run.fact('flood.ms')} ms",
                r)


def module_memory_reasons(run, ring, event_size, ncpus, debug):
    """insmod takes the rings (vmalloc'd), the connection table and little
    else; rmmod gives them back."""
    r = []
    ring_kb = ring * event_size * ncpus // 1024 if event_size else None
    m0, m1 = meminfo(run, "flood.before_insmod"), \
        meminfo(run, "flood.after_insmod")
    m2 = meminfo(run, "flood.after_rmmod")
    if None in (m0, m1, m2) or not ring_kb:
        r.append("meminfo snapshots or the event size missing")
        return r
    # The rings are vmalloc'd, so VmallocUsed counts their pages exactly;
    # MemFree does not, since order-0 pages come from and go back to the
    # per-CPU free lists, which MemFree leaves out. Each CPU's ring is
    # rounded up to whole pages; the module's text and data (much larger
    # with KASAN) are vmalloc'd too.
    per_cpu = ring * event_size
    rounded_kb = ncpus * ((per_cpu + 4095) // 4096) * 4
    extra = 4096 if debug else 1024
    # The connection table (kvcalloc'd: whole pages from the page
    # allocator, which SUnreclaim counts, or else vmalloc'd).
    table_kb = hc.conn_table_kb()
    taken = delta(m1, m0, "VmallocUsed")
    if not ring_kb <= taken <= rounded_kb + extra + table_kb:
        r.append(f"insmod took {taken} kB of VmallocUsed, want the "
                 f"ring's {ring_kb} kB ({rounded_kb} kB in pages) + up "
                 f"to {extra} kB, and the connection table's {table_kb} kB "
                 "if vmalloc'd")
    for name, most in (("SUnreclaim", 512 + table_kb), ("Percpu", 64)):
        if delta(m1, m0, name) > most:
            r.append(f"insmod took {delta(m1, m0, name)} kB of {name}, "
                     f"want at most {most} kB")
    kept = delta(m2, m0, "VmallocUsed")
    if kept > 64:
        r.append(f"after rmmod VmallocUsed is {kept} kB above what it "
                 f"was before insmod")
    return r


def flood_memory_reasons(run, debug):
    """The flood itself adds no per-CPU or vmalloc memory and little
    else (rawsend's meminfo before and after)."""
    r = []
    sent = rawsend_meminfo(run.file("flood.rawsend"))
    before, after = sent["before"], sent["after"]
    if not before or not after:
        r.append("no meminfo around the flood")
        return r
    expect(r, "Percpu kB during the flood", after.get("Percpu", 0) -
           before.get("Percpu", 0), 0)
    grown = after.get("VmallocUsed", 0) - before.get("VmallocUsed", 0)
    if grown > 256:
        r.append(f"VmallocUsed grew by {grown} kB during the flood")
    # KASAN keeps freed objects in quarantine (up to 1/32 of memory).
    limit = 40960 if debug else 8192
    used = before.get("MemFree", 0) - after.get("MemFree", 0)
    if used > limit:
        r.append(f"MemFree fell by {used} kB during the flood (limit "
                 f"{limit} kB)")
    return r


def check_flood_memory(run, report, event_size, debug):
    """Case flood_memory: the ring is all the module takes, at load; the
    flood adds nothing of the module's."""
    ring = hc.FLOOD_RING_EVENTS
    # rings are made for the CPUs online (both are, in the flood)
    ncpus = cpu_count(run.fact("online_cpus"))
    ring_kb = ring * event_size * ncpus // 1024 if event_size else None
    r = module_memory_reasons(run, ring, event_size, ncpus, debug)
    r += flood_memory_reasons(run, debug)
    report.case("flood_memory", f"memory: insmod vmallocs the ring "
                f"({ring_kb} kB = {ring} x {event_size} B x {ncpus} CPUs), "
                f"takes the connection table ({hc.conn_table_kb()} kB) and "
                f"little else, rmmod gives it back; the flood adds no "
                f"per-CPU or vmalloc memory and little else", r)


def check_after_flood(run, report):
    r = problems(run, "flood")
    netns = run.netns() or 0
    want = hc.after_lines(netns)
    s2, s3, s4 = run.stats("flood2"), run.stats("flood3"), run.stats("flood4")
    r += exact_lines(run, "flood.after", want, run.mark("after_flood"))
    if None not in (s2, s3, s4):
        expect(r, "events_lost after the flood", delta(s4, s2,
                                                       "events_lost"), 0)
        expect(r, "messages = malformed + ignored + events_queued",
               s4.get("messages"), s4.get("malformed", 0) +
               s4.get("ignored", 0) + s4.get("events_queued", 0))
    expect(r, "rmmod", run.fact("flood.rmmod_rc"), "0")
    report.case("after_flood", "an ordinary exchange right after the flood "
                "comes out exactly, with no further loss", r)


def check_flood(run, report, event_size, debug):
    check_flood_events(run, report, debug)
    check_flood_memory(run, report, event_size, debug)
    check_after_flood(run, report)


def cpu_count(text):
    n = 0
    for part in (text or "").split(","):
        lo, _, hi = part.partition("-")
        if lo.isdigit():
            n += (int(hi) if hi.isdigit() else int(lo)) - int(lo) + 1
    return n


# --- a namespace the module cannot fully hook, and failing loads -------------

def kv_fact(run, key):
    """A fact of key=value words as a dict of ints (or strings)."""
    out = {}
    for item in (run.fact(key) or "").split():
        k, _, v = item.partition("=")
        out[k] = int(v) if v.lstrip("-").isdigit() else v
    return out


def check_opener(r, run, key):
    """An opener racing loads and unloads must only ever have found a
    working device."""
    got = kv_fact(run, key)
    if "opens" not in got:
        r.append(f"no result from the opener ({key}): {run.fact(key)!r}")
        return
    expect(r, "opener: reads that failed other than EAGAIN",
           got.get("read_errors"), 0)
    expect(r, "opener: opens that failed other than ENOENT/ENXIO/ENODEV",
           got.get("open_errors"), 0)


NETNS_LOG = re.compile(r"nethttp: netns (\d+): 1 of 4 hooks not registered "
                       r"\(error -7\): traffic through them is not seen$")


def check_netns(run, report):
    r = problems(run, "netns")
    m = re.fullmatch(r"ready (\d+)", run.fact("netns.fill") or "")
    if not m:
        r.append(f"the namespace full of nft chains was not made: "
                 f"{run.fact('netns.fill')!r}")
    full = int(m.group(1)) if m else None
    expect(r, "insmod beside a namespace with no free LOCAL_IN slot",
           run.fact("netns.insmod_rc"), "0")
    expect(r, "netns_unmonitored while it lives",
           run.fact("netns.unmonitored_loaded"), "1")
    expect(r, "netns_unmonitored once it is gone",
           run.fact("netns.unmonitored_after_exit"), "0")
    logged = [NETNS_LOG.search(line) for line in
              (run.file("netns.log") or b"").decode().splitlines()]
    expect(r, "kernel log lines about namespaces",
           [int(x.group(1)) if x else None for x in logged], [full])
    netns = run.netns() or 0
    r += exact_lines(run, "netns.cat", hc.after_lines(netns, hc.NETNS_SPORT),
                     run.mark("netns"))
    check_opener(r, run, "netns.openrace")
    expect(r, "rmmod", run.fact("netns.rmmod_rc"), "0")
    report.case("netns_full", f"an unprivileged user's namespace with "
                f"{hc.NFT_CHAINS} nft base chains on ip input: the module "
                "loads, logs and counts that namespace once, watches the "
                "rest; a racing opener only finds a working device", r)


def sweep_lines(raw, kind, r):
    """The attempts of a sweep (tests/hostile/helpers/faults.c), and the
    number of calls its clean run counted."""
    out, calls = [], None
    for line in (raw or b"").decode("utf-8", "replace").splitlines():
        words = line.split()
        if not words or words[0] != kind:
            r.append(f"{kind} sweep: unexpected line {line[:200]!r}")
            continue
        fields = dict(w.partition("=")[::2] for w in words[1:])
        if "calls" in fields:
            calls = fields["calls"]
        else:
            out.append(fields)
    return out, calls


def check_sweep(r, raw, kind, rc):
    """Every failure injected, and only those, makes the attempt fail,
    except where it hit a hook's registration: the load or namespace is
    then made all the same, with one namespace unmonitored."""
    expect(r, f"{kind} sweep exit status", rc, "0")
    lines, calls = sweep_lines(raw, kind, r)
    if not lines or not calls:
        r.append(f"{kind} sweep: no attempts")
        return 0
    first = lines[0]
    if (first.get("n"), first.get("rc"), first.get("unmonitored")) != \
            ("0", "0", "0"):
        r.append(f"{kind} sweep: the counting run is not a clean one: {first}")
    for a in lines:
        if a.get("rc") != "0" and a.get("injected") != "1":
            r.append(f"{kind} sweep: attempt {a.get('n')} failed with no "
                     f"fault injected ({a.get('errno')})")
        if a.get("rc") == "0" and a.get("unmonitored") not in ("0", "1"):
            r.append(f"{kind} sweep: attempt {a.get('n')}: netns_unmonitored "
                     f"{a.get('unmonitored')}")
    last = lines[-1]
    if (last.get("n"), last.get("rc"), last.get("unmonitored")) != \
            ("0", "0", "0"):
        r.append(f"{kind} sweep: the last attempt is not a clean one: {last}")
    absorbed = [a for a in lines if a.get("rc") == "0" and
                a.get("injected") == "1" and a.get("unmonitored") == "1"]
    if not absorbed:
        r.append(f"{kind} sweep: no failed hook registration was absorbed "
                 "(no attempt succeeded with a namespace unmonitored)")
    return f"{len(lines) - 2} of {calls}"


def check_leaks(r, run, name):
    leaks = run.files.get("kmemleak." + name)
    if leaks is None:
        r.append(f"no kmemleak report {name}")
    elif leaks.strip():
        r.append(f"kmemleak {name}:\n        " + "\n        ".join(
            leaks.decode("utf-8", "replace").splitlines()[:40]))


def check_faults(run, report, debug):
    r = problems(run, "faults")
    expect(r, "insmod redact=Cookie forward=maybe failing, of 50",
           run.fact("faults.bad_loads_failed"), "50")
    expect(r, "module loaded after them", run.fact("faults.loaded_after_bad"),
           "0")
    if debug:
        check_leaks(r, run, "before_faults")
        check_leaks(r, run, "bad_loads")
    report.case("bad_loads", "50 loads that fail after redact= was parsed "
                "leave nothing behind" + (" (kmemleak)" if debug else ""), r)
    r = problems(run, "faults")
    injection = run.fact("faults.injection")
    expect(r, "fault injection", injection, "present" if debug else "absent")
    if injection != "present":
        if debug:
            report.case("fault_sweep", "fault injection", r)
        return
    loads = check_sweep(r, run.file("faults.load"), "load",
                        run.fact("faults.load_rc"))
    expect(r, "insmod after the sweep", run.fact("faults.insmod_rc"), "0")
    spaces = check_sweep(r, run.file("faults.netns"), "netns",
                         run.fact("faults.netns_rc"))
    expect(r, "netns_unmonitored after the sweep",
           run.fact("faults.unmonitored_after"), "0")
    check_opener(r, run, "faults.openrace")
    check_opener(r, run, "faults.openrace_netns")
    if not kv_fact(run, "faults.openrace_netns").get("opens"):
        r.append("the opener never opened the device, loaded all through "
                 "the namespaces' sweep")
    expect(r, "rmmod", run.fact("faults.rmmod_rc"), "0")
    check_leaks(r, run, "faults")
    report.case("fault_sweep", "each allocation of the module's part of a "
                f"load ({loads} calls tried) and of a namespace's creation "
                f"({spaces}) failing in turn, with an opener racing (every "
                "20 ms through the namespaces): a "
                "load fails cleanly or works, a failed hook registration is "
                "absorbed and counted, nothing leaks", r)


# --- 16 MiB reads under a flood ----------------------------------------------

def check_spin(run, report, debug):
    r = problems(run, "spin")
    expect(r, "insmod", run.fact("spin.insmod_rc"), "0")
    rounds = int(run.fact("spin.rounds") or 0)
    got, tick = kv_fact(run, "spin.bigread"), kv_fact(run, "spin.ticker")
    s0, s1 = run.stats("spin0"), run.stats("spin1")
    if "events" not in got or "ticks" not in tick or None in (s0, s1):
        r.append(f"results missing: bigread {run.fact('spin.bigread')!r}, "
                 f"ticker {run.fact('spin.ticker')!r}")
    else:
        queued = delta(s1, s0, "events_queued")
        # a connection per CPU, two packets a round, each seen once
        expect(r, "messages of the flood (2 CPUs x rounds x 2)",
               delta(s1, s0, "messages"), 4 * rounds)
        expect(r, "events queued", queued, 4 * rounds)
        expect(r, "event lines + lost reported", got["events"] + got["lost"],
               queued)
        expect(r, "events_delivered", delta(s1, s0, "events_delivered"),
               got["events"])
        expect(r, "events_lost", delta(s1, s0, "events_lost"), got["lost"])
        expect(r, "lines neither event nor loss report", got["bad"], 0)
        most = SPIN_READ_US * (SPIN_DEBUG_FACTOR if debug else 1)
        if got["max_read_us"] > most:
            r.append(f"a 16 MiB read() took {got['max_read_us']} us "
                     f"(at most {most})")
        most = SPIN_LATE_US * (SPIN_DEBUG_FACTOR if debug else 1)
        if tick["max_late_us"] > most:
            r.append(f"the task beside the reader woke up to "
                     f"{tick['max_late_us']} us late (at most {most})")
    kill_ms = int(run.fact("spin.kill_ms") or 10 ** 6)
    most = SPIN_KILL_MS * (SPIN_DEBUG_FACTOR if debug else 1)
    if kill_ms > most:
        r.append(f"SIGKILL took {kill_ms} ms to end a reader (at most "
                 f"{most}, with the forks that time it)")
    expect(r, "rmmod", run.fact("spin.rmmod_rc"), "0")
    report.case("spin", f"16 MiB reads on CPU 1 under a flood on both CPUs "
                f"({4 * rounds} messages): reads {got.get('reads')}, the "
                f"longest {got.get('max_read_us')} us, a task on that CPU "
                f"at most {tick.get('max_late_us')} us late, lost "
                f"{got.get('lost')} counted exactly, SIGKILL in {kill_ms} ms",
                r)


# One read() returns within this once it has a line and another task
# wants the CPU; an unbounded one ran 3.4 s on the stock kernel. Seen on
# the debug kernel, whose checkers slow everything (forks above all):
# reads up to 100 ms, SIGKILL and the forks that time it up to 490 ms
# with another VM beside it; these limits are twice the stock ones.
SPIN_READ_US = 250000
SPIN_LATE_US = 250000
SPIN_KILL_MS = 1000
SPIN_DEBUG_FACTOR = 2


# --- CPUs offline and online ---------------------------------------------------

def check_cpus(run, report, event_size, debug):
    r = problems(run, "cpus")
    for key in ("offline_rc", "insmod_rc", "online_rc", "offline_again_rc",
                "drain_rc", "online_again_rc", "rmmod_rc"):
        expect(r, key, run.fact("cpus." + key), "0")
    expect(r, "CPUs online at insmod", run.fact("cpus.online_at_insmod"),
           "0")
    expect(r, "CPUs online at the end", run.fact("cpus.online_at_end"),
           run.fact("online_cpus"))
    netns = run.netns() or 0
    obs = []
    for number in (0, 1):
        kind, sport, dport, plen, fields = hc.flood_fields(number)
        obs += hc.on_lo(4, "127.0.0.1", "127.0.0.1", sport, dport, "event",
                        plen, kind, fields)
    r += exact_lines(run, "cpus.out", hc.expected_lines(obs, netns,
                                                        hc.DEFAULT_EVENTS),
                     run.mark("cpus"))
    ring = 256
    per_cpu_kb = (ring * event_size + 4095) // 4096 * 4
    m0, m1 = meminfo(run, "cpus.before_insmod"), meminfo(run, "cpus.after_insmod")
    m2, m3 = meminfo(run, "cpus.after_online"), meminfo(run, "cpus.after_rmmod")
    if None in (m0, m1, m2, m3) or not event_size:
        r.append("meminfo snapshots or the event size missing")
    else:
        # the module's own text and data: some 50 kB, far more with KASAN;
        # the connection table, should it be vmalloc'd
        extra = (4096 if debug else 256) + hc.conn_table_kb()
        taken = delta(m1, m0, "VmallocUsed")
        if not per_cpu_kb <= taken <= per_cpu_kb + extra:
            r.append(f"insmod with one CPU online took {taken} kB of "
                     f"VmallocUsed, want one ring ({per_cpu_kb} kB) + up to "
                     f"{extra} kB")
        grown = delta(m2, m1, "VmallocUsed")
        # Exiting processes' stacks (vmalloc'd) come and go meanwhile.
        if not per_cpu_kb - 64 <= grown <= per_cpu_kb + 256:
            r.append(f"bringing CPU 1 up took {grown} kB of VmallocUsed, "
                     f"want one ring ({per_cpu_kb} kB), -64 to +256 kB")
        kept = delta(m3, m0, "VmallocUsed")
        if kept > 64 + 256:
            r.append(f"after rmmod VmallocUsed is {kept} kB above what it "
                     f"was before insmod")
    report.case("cpus", "a ring only for each CPU online, one more when a "
                "CPU comes up, an offline CPU's events still read", r)



# --- memory cgroups -----------------------------------------------------------

def check_memcg(run, report, debug):
    r = problems(run, "memcg")
    available = run.fact("memcg.available")
    if debug and available == "no":
        return      # the debug kernel is built without cgroups
    expect(r, "cgroup v2 memory controller", available, "yes")
    expect(r, "insmod", run.fact("memcg.insmod_rc"), "0")
    expect(r, "rmmod", run.fact("memcg.rmmod_rc"), "0")
    kernel = {}
    for group in ("none", "readers"):
        m = re.fullmatch(r"kernel (\d+)", run.fact("memcg." + group) or "")
        if not m:
            r.append(f"no kernel memory for the group {group}: "
                     f"{run.fact('memcg.' + group)!r}")
        else:
            kernel[group] = int(m.group(1))
    readers = hc.MEMCG_READERS
    if len(kernel) == 2:
        # a reader holds a 17 kB line buffer and a 2.7 kB event at least
        per_reader = (kernel["readers"] - kernel["none"]) // readers
        if not 20000 <= per_reader <= 65536:
            r.append(f"the group with {readers} readers has "
                     f"{per_reader} more bytes of kernel memory per reader "
                     f"than the one with none, want 20000 to 65536")
    report.case("memcg", f"{readers} readers' buffers are charged to the "
                "memory cgroup of the process that opened the device", r)


# --- parameters rewritten under traffic ------------------------------------

def race_line_errors(raw, netns, window):
    """What is wrong with one line read while the parameters changed: it
    must be the exact line of that exchange as either redaction made it."""
    obj, errors = parse_line(raw)
    key = line_key(obj) if obj is not None else None
    diffs = list(errors)
    if key is None:
        return diffs + ["not an event line"]
    client = key[3] if key[4] == hc.AFTER_PORT else key[4]
    variants = [hc.race_lines(netns, client, redact).get(key)
                for redact in (True, False)]
    variants = [v for v in variants if v is not None]
    if not variants:
        return diffs + ["unexpected"]
    found = [compare(obj, v, window) for v in variants]
    if all(found):
        diffs += min(found, key=len)
    return diffs


def race_lines_reasons(run, lines, netns):
    """(reasons, events the loss lines report) for the race's output; the
    first three bad lines are shown."""
    r = []
    lost_read = 0
    bad = 0
    for number, raw in enumerate(lines, 1):
        m = LOST_LINE.fullmatch(raw)
        if m:
            lost_read += int(m.group(1))
            continue
        diffs = race_line_errors(raw, netns, run.mark("race"))
        if diffs:
            bad += 1
            if bad <= 3:
                r.append(f"race.cat line {number}: " + "; ".join(diffs[:3]) +
                         f": {raw[:160]!r}")
    return r, lost_read


def race_counter_reasons(s0, s1, lost_read):
    """Every message of the race accounted for, once however often TCP sent
    it, and the loss lines tell every event lost."""
    r = []
    queued = delta(s1, s0, "events_queued")
    expect(r, "messages = ignored + events_queued",
           delta(s1, s0, "messages"), delta(s1, s0, "ignored") + queued)
    expect(r, "malformed", delta(s1, s0, "malformed"), 0)
    expect(r, "messages (a request and a response per exchange)",
           delta(s1, s0, "messages"), 2 * hc.RACE_EXCHANGES)
    expect(r, "events_delivered + events_lost",
           delta(s1, s0, "events_delivered") + delta(s1, s0, "events_lost"),
           queued)
    expect(r, "lost lines against events_lost", lost_read,
           delta(s1, s0, "events_lost"))
    return r


def check_race(run, report):
    r = problems(run, "race")
    netns = run.netns() or 0
    expect(r, "insmod", run.fact("race.insmod_rc"), "0")
    expect(r, "client exit status", run.fact("race.client_rc"), "0")
    expect(r, "events after the race", run.fact("race.events"),
           ",".join(hc.DEFAULT_EVENTS))
    expect(r, "redact after the race", run.fact("race.redact"),
           hc.DEFAULT_REDACT_VALUE)
    expect(r, "rmmod", run.fact("race.rmmod_rc"), "0")
    flips = run.fact("race.flips", "0")
    if not flips.isdigit() or int(flips) < 1:
        r.append(f"the parameters were rewritten {flips} times")
    lines = split_lines(run.file("race.cat"), "race.cat", r)
    reasons, lost_read = race_lines_reasons(run, lines, netns)
    r += reasons
    s0, s1 = run.stats("race0"), run.stats("race1")
    queued = None
    if s0 is None or s1 is None:
        r.append("counter snapshots missing")
    else:
        queued = delta(s1, s0, "events_queued")
        r += race_counter_reasons(s0, s1, lost_read)
    report.case("param_race", f"events and redact rewritten {flips} times "
                f"while {hc.RACE_EXCHANGES} exchanges ran: {len(lines)} "
                f"lines for {queued} events, every one whole and exact, "
                "counters consistent", r)


# --- a flood of connections whose header blocks never end -----------------

def conns_lines_reasons(run, netns, total):
    """(reasons, [connection numbers in the order read]) for the phase's
    reader: every line the exact event of one flood connection, each
    connection once, stamped within the phase."""
    r = []
    numbers = []
    seen = set()
    bad = 0
    window = run.mark("conns")
    lines = split_lines(run.file("conns.cat"), "conns.cat", r)
    for number, raw in enumerate(lines, 1):
        obj, errors = parse_line(raw)
        key = line_key(obj) if obj is not None else None
        path = hc.event_path(obj) if key else None
        # the connection it names, whatever else is wrong with it
        m = re.fullmatch(r"/[sl]/(\d{8})", path or "")
        if m:
            numbers.append(int(m.group(1)))
        want = hc.conn_lines(netns, key[3], path).get(key) if key else None
        diffs = list(errors)
        if want is None:
            diffs.append("not the event of a flood connection as it must "
                         "be (egress, lo, ...)")
        if m:
            conn = int(m.group(1))
            if conn in seen:
                diffs.append(f"connection {conn} again")
            seen.add(conn)
        if want is not None:
            diffs += compare(obj, want, window)
        if diffs:
            bad += 1
            if bad <= 3:
                r.append(f"conns.cat line {number}: " + "; ".join(diffs[:3])
                         + f": {raw[:160]!r}")
    if bad > 3:
        r.append(f"... {bad} bad lines in all")
    missing = sorted(set(range(total)) - seen)
    if missing:
        r.append(f"{len(missing)} connections made no event: "
                 f"{missing[:10]}...")
    return r, numbers


def conns_quiet_reasons(run, s0, s1, syn, nonhttp):
    """SYNs and connections with no HTTP made no state and no message."""
    r = []
    expect(r, "rawsend", run.fact("conns.syn_rc"), "0")
    expect(r, "SYNs sent", run.fact("conns.syn"), f"sent {syn}")
    expect(r, "packets the SYN flood passed the hooks in",
           delta(s1, s0, "packets_inspected"), 2 * syn)
    for name in ("messages", "conns_tracked", "header_memory"):
        expect(r, f"{name} after the SYN flood", delta(s1, s0, name), 0)
    expect(r, "connflood (no HTTP) exit status",
           run.fact("conns.nonhttp_rc"), "0")
    got = (run.fact("conns.nonhttp") or "").splitlines()
    flood = dict(w.partition("=")[::2] for w in " ".join(got).split()
                 if "=" in w)
    expect(r, "connections with no HTTP made", flood.get("conns"),
           str(nonhttp))
    expect(r, "conns_tracked at most, read after each",
           flood.get("max_conns_tracked"), "0")
    expect(r, "header_memory at most, read after each",
           flood.get("max_header_memory"), "0")
    s2 = run.stats("conns_nonhttp")
    if s2:
        expect(r, "messages of connections with no HTTP",
               delta(s2, s1, "messages"), 0)
    return r


def conns_small_reasons(run, s0, s1, flood, numbers):
    """After the first group (blocks of the smallest buffer): the table is
    full, and the oldest made room for each one after, its block reported
    as it was."""
    r = []
    n = flood
    block = hc.stream_block_min()
    expect(r, "conns_tracked", s1.get("conns_tracked"), hc.CONN_MAX)
    expect(r, "conns_evicted", delta(s1, s0, "conns_evicted"),
           n - hc.CONN_MAX)
    expect(r, "header_memory (a smallest buffer per connection followed)",
           s1.get("header_memory"), hc.CONN_MAX * block)
    for name in ("headers_no_memory", "headers_too_long",
                 "blocks_reassembled", "conns_expired"):
        expect(r, f"{name}", delta(s1, s0, name), 0)
    for name in ("messages", "events_queued", "truncated"):
        expect(r, f"{name} (one per evicted connection)",
               delta(s1, s0, name), n - hc.CONN_MAX)
    lines = run.fact("conns.small_lines")
    read = numbers[:int(lines)] if lines and lines.isdigit() else None
    expect(r, "connections reported by then (oldest first)",
           sorted(read) if read is not None else None,
           list(range(n - hc.CONN_MAX)))
    return r


def conns_large_reasons(run, s0, s1, s2, flood, syn):
    """After the second group (blocks that need four times the smallest
    buffer): the memory for partial blocks runs out; each connection was
    either followed, making room, or refused, its block reported as it
    was, and none was lost."""
    r = []
    refused = delta(s1, s0, "headers_no_memory")
    if not refused:
        r.append("no block was refused memory (headers_no_memory 0)")
    expect(r, "conns_tracked", s1.get("conns_tracked"), hc.CONN_MAX)
    # the small group left the table full: each one followed evicts one
    expect(r, "conns_evicted: one per connection followed (the table full)",
           delta(s1, s0, "conns_evicted"), flood - refused)
    for name in ("messages", "events_queued", "truncated"):
        expect(r, f"{name}: one per connection evicted or refused",
               delta(s1, s0, name), delta(s1, s0, "conns_evicted") + refused)
    if not 0 < s1.get("header_memory", -1) <= hc.HEADER_MEM:
        r.append(f"header_memory {s1.get('header_memory')}, want 1 to "
                 f"{hc.HEADER_MEM}")
    expect(r, "rawsend against the full table",
           run.fact("conns.syn_full_rc"), "0")
    expect(r, "packets the SYN flood against the full table passed the "
           "hooks in", delta(s2, s1, "packets_inspected"), 2 * syn)
    for name in ("messages", "conns_evicted", "conns_tracked",
                 "header_memory"):
        expect(r, f"{name} across the SYN flood against the full table",
               delta(s2, s1, name), 0)
    return r


def conns_closed_reasons(run, s0, s1, flood):
    """Everything closed: every block reported once, nothing held."""
    r = []
    n = 2 * flood
    expect(r, "connflood exit status", run.fact("conns.flood_rc"), "0")
    expect(r, "conns_tracked once all closed",
           run.fact("conns.tracked_after_close"), "0")
    for name in ("conns_tracked", "header_memory"):
        expect(r, f"{name} at the end", s1.get(name), 0)
    for name in ("messages", "events_queued", "truncated",
                 "events_delivered"):
        expect(r, f"{name}: one per connection", delta(s1, s0, name), n)
    for name in ("malformed", "ignored", "events_lost", "headers_too_long",
                 "blocks_reassembled", "conns_expired", "pending_overflow"):
        expect(r, name, delta(s1, s0, name), 0)
    expect(r, "rmmod", run.fact("conns.rmmod_rc"), "0")
    return r


def conns_sampled_reasons(run):
    """What connflood read after each connection of the two groups."""
    r = []
    groups = re.findall(r"group (\d) conns=(\d+) max_header_memory=(-?\d+) "
                        r"max_conns_tracked=(-?\d+)",
                        run.fact("conns.flood") or "")
    if len(groups) != 2:
        r.append(f"connflood said {run.fact('conns.flood')!r}")
        return r, None
    memory, tracked = int(groups[1][2]), int(groups[1][3])
    if not 0 < memory <= hc.HEADER_MEM:
        r.append(f"header_memory read up to {memory}, want 1 to "
                 f"{hc.HEADER_MEM}")
    expect(r, "conns_tracked, the most read", tracked, hc.CONN_MAX)
    return r, memory


def check_conns(run, report, debug):
    r = problems(run, "conns")
    netns = run.netns() or 0
    expect(r, "insmod", run.fact("conns.insmod_rc"), "0")
    expect(r, "parameters read back", run.fact("conns.params"),
           hc.CONN_PARAMS)
    sizes = {k: int(v) for k, v in (run.kv("conns.sizes") or {}).items()
             if v.isdigit()}
    flood, syn, nonhttp = (sizes.get(k) for k in ("flood", "syn", "nonhttp"))
    snaps = [run.stats("conns" + name) for name in
             ("0", "_syn", "_nonhttp", "_small", "_large", "_syn_full",
              "_closed")]
    if None in snaps or not flood or not syn or not nonhttp:
        r.append("counter snapshots or the floods' sizes missing")
        report.case("conns", "a flood of connections", r)
        return
    s0, syn_snap, nonhttp_snap, small, large, syn_full, closed = snaps
    reasons, numbers = conns_lines_reasons(run, netns, 2 * flood)
    r += reasons
    r += conns_quiet_reasons(run, s0, syn_snap, syn, nonhttp)
    r += conns_small_reasons(run, nonhttp_snap, small, flood, numbers)
    r += conns_large_reasons(run, small, large, syn_full, flood, syn)
    reasons, memory = conns_sampled_reasons(run)
    r += reasons
    r += conns_closed_reasons(run, nonhttp_snap, closed, flood)
    if debug:
        check_leaks(r, run, "conns")
    refused = delta(large, small, "headers_no_memory")
    evicted = delta(large, nonhttp_snap, "conns_evicted")
    report.case("conns", f"caps {hc.CONN_PARAMS}: {syn} SYNs and "
                f"{nonhttp} connections with no HTTP make no "
                f"state; {2 * flood} connections each holding a header "
                f"block with no end: {evicted} evicted (an old idle one each), "
                f"{refused} refused memory, header_memory at most "
                f"{memory} of {hc.HEADER_MEM} (read after each), each "
                "block reported once, truncated and exact, nothing held "
                "after they close" + (", no leak (kmemleak)" if debug
                                      else ""), r)


# --- pipelined requests that are never answered ---------------------------

# The top-level fields issue 14 put before "args", in their order.
ENVELOPE = ("processId", "hostProcessId", "processName", "userId", "cgroupId")


def pipeline_envelope_reasons(obj, pid, cgroups):
    """What is wrong with who a line names: the sender, connflood (PID, in
    the initial namespaces, as root, in the root cgroup: id 1, where the
    kernel has CGROUPS; a kernel without, the debug kernel, has no
    cgroupId to give)."""
    envelope = [k for k in ENVELOPE if cgroups or k != "cgroupId"]
    keys = list(obj)
    want_keys = ["timestamp", "eventName", "netns", "direction", *envelope,
                 "args"]
    if keys != want_keys:
        return [f"keys {keys}, want {want_keys}"]
    want = {"processId": pid, "hostProcessId": pid,
            "processName": "connflood", "userId": 0, "cgroupId": 1}
    return [f"{k}: {obj[k]!r}, want {want[k]!r}" for k in envelope
            if obj[k] != want[k]]


def pipeline_lines_reasons(run, netns, conns, pid):
    """Every line the exact event of one request of one connection, each
    request of each once, stamped within the phase."""
    r = []
    cgroups = run.fact("cgroups") != "no"
    seen = set()
    bad = 0
    window = run.mark("pipeline")
    lines = split_lines(run.file("pipeline.cat"), "pipeline.cat", r)
    for number, raw in enumerate(lines, 1):
        obj, errors = parse_line(raw)
        key = line_key(obj) if obj is not None else None
        path = hc.event_path(obj) if key else None
        want = hc.pipeline_lines(netns, key[3], path).get(key) if key \
            else None
        diffs = list(errors)
        if want is None:
            diffs.append("not the event of a pipelined request as it must "
                         "be (egress, lo, ...)")
        else:
            if path in seen:
                diffs.append(f"{path} again")
            seen.add(path)
            diffs += pipeline_envelope_reasons(obj, pid, cgroups)
            # the rest as every other case of the suite compares it
            diffs += compare({k: v for k, v in obj.items()
                              if k not in ENVELOPE}, want, window)
        if diffs:
            bad += 1
            if bad <= 3:
                r.append(f"pipeline.cat line {number}: " +
                         "; ".join(diffs[:3]) + f": {raw[:160]!r}")
    if bad > 3:
        r.append(f"... {bad} bad lines in all")
    missing = [f"/p/{c:08d}/{k:02d}" for c in range(conns)
               for k in range(1, hc.PIPELINE_REQUESTS + 1)
               if f"/p/{c:08d}/{k:02d}" not in seen]
    if missing:
        r.append(f"{len(missing)} requests made no event: {missing[:5]}...")
    return r


def pipeline_samples_reasons(run, conns, model):
    """What connflood read after each connection, against the model; and
    the invariant the model implies: header_memory never above its cap."""
    r = []
    got = []
    for line in (run.file("pipeline.out") or b"").decode(
            "utf-8", "replace").splitlines():
        words = line.split()
        if words[:1] == ["conn"]:
            got.append((int(words[1]), {k: int(v) for k, v in (
                w.split("=") for w in words[2:])}))
    expect(r, "connections connflood read the counters after",
           [n for n, _ in got], list(range(conns)))
    wrong = [(n, sample, want) for (n, sample), want in zip(got, model)
             if sample != want]
    for n, sample, want in wrong[:3]:
        diff = ", ".join(f"{k} {sample.get(k)} (want {v})"
                         for k, v in want.items() if sample.get(k) != v)
        r.append(f"after connection {n}: {diff}")
    if len(wrong) > 3:
        r.append(f"... {len(wrong)} connections' counters differ in all")
    most = max((s.get("header_memory", 0) for _, s in got), default=None)
    if most is None or most > hc.PIPELINE_HEADER_MEM:
        r.append(f"header_memory read up to {most}, want at most "
                 f"{hc.PIPELINE_HEADER_MEM}")
    out = run.file("pipeline.out") or b""
    expect(r, "connflood's closing passes",
           re.findall(rb"^(closed|reset) conns=(\d+)$", out, re.M),
           [(b"closed", str((conns + 1) // 2).encode()),
            (b"reset", str(conns // 2).encode())])
    return r, most


def pipeline_sent_reasons(s0, s1, conns, model, tracked):
    """Every request reported once; the pairing counters as the model has
    them once every connection sent its requests."""
    r = []
    pending_max, copy = hc.pending_limits()
    requests = conns * hc.PIPELINE_REQUESTS
    for name in hc.PIPELINE_COUNTERS + ("messages", "conns_evicted"):
        expect(r, f"{name} after loading", s0.get(name), 0)
    for name in ("messages", "events_queued"):
        expect(r, f"{name}: one per request", delta(s1, s0, name), requests)
    expect(r, "pending_overflow: requests past the 16th of each",
           delta(s1, s0, "pending_overflow"),
           conns * (hc.PIPELINE_REQUESTS - pending_max))
    expect(r, "pending_no_memory (the model)",
           delta(s1, s0, "pending_no_memory"), model[-1]["pending_no_memory"])
    expect(r, "conns_evicted", delta(s1, s0, "conns_evicted"),
           conns - hc.PIPELINE_CONN_MAX)
    expect(r, "requests_unanswered: 16 per connection evicted",
           delta(s1, s0, "requests_unanswered"),
           pending_max * (conns - hc.PIPELINE_CONN_MAX))
    expect(r, "conns_tracked", s1.get("conns_tracked"), hc.PIPELINE_CONN_MAX)
    expect(r, "header_memory: the copies of the connections followed",
           s1.get("header_memory"), copy * sum(n for _, n in tracked))
    for name in ("malformed", "ignored", "truncated", "responses_unpaired",
                 "resyncs", "duplicate_bytes", "blocks_reassembled",
                 "headers_no_memory", "headers_too_long", "conns_expired",
                 "events_lost"):
        expect(r, name, delta(s1, s0, name), 0)
    return r


def pipeline_rsts_reasons(run, conns):
    """TCP sent no RST but those of the odd-numbered connections, one each
    as they were reset: the even ones' server ends had read everything, so
    they closed with a FIN too."""
    r = []
    rsts = [run.fact("pipeline.rsts" + name)
            for name in ("0", "_sent", "_fin", "_rst")]
    if not all((n or "").isdigit() for n in rsts):
        return [f"TCP's OutRsts not read: {rsts}"]
    rsts = [int(n) for n in rsts]
    expect(r, "RSTs sent while the requests were sent", rsts[1] - rsts[0], 0)
    expect(r, "RSTs sent as the even ones closed (FIN both ways)",
           rsts[2] - rsts[1], 0)
    expect(r, "RSTs sent as the odd ones were reset", rsts[3] - rsts[2],
           conns // 2)
    return r


def pipeline_closed_reasons(run, s0, s1, s2, s3, conns, tracked):
    """The even-numbered connections closed with FIN both ways, then the
    odd ones reset: each one followed counts its 16 pending requests as
    unanswered and gives back its copies; nothing more is reported."""
    r = pipeline_rsts_reasons(run, conns)
    pending_max, copy = hc.pending_limits()
    even = [n for n, _ in tracked if n % 2 == 0]
    odd_copies = sum(k for n, k in tracked if n % 2)
    expect(r, "conns_tracked once the even ones closed (FIN)",
           run.fact("pipeline.tracked_after_fin"),
           str(len(tracked) - len(even)))
    expect(r, "requests_unanswered: 16 per connection closed (FIN)",
           delta(s2, s1, "requests_unanswered"), pending_max * len(even))
    expect(r, "header_memory once the even ones closed (FIN)",
           s2.get("header_memory"), copy * odd_copies)
    expect(r, "connflood exit status", run.fact("pipeline.flood_rc"), "0")
    expect(r, "conns_tracked once all closed",
           run.fact("pipeline.tracked_after_rst"), "0")
    expect(r, "requests_unanswered: 16 per connection reset (RST)",
           delta(s3, s2, "requests_unanswered"),
           pending_max * (len(tracked) - len(even)))
    for name in ("conns_tracked", "header_memory"):
        expect(r, f"{name} at the end", s3.get(name), 0)
    expect(r, "requests_unanswered at the end: 16 per connection",
           delta(s3, s0, "requests_unanswered"), pending_max * conns)
    for name in ("messages", "events_queued", "pending_no_memory",
                 "pending_overflow", "conns_evicted", "conns_expired",
                 "responses_unpaired", "malformed", "truncated"):
        expect(r, f"{name} across the closing", delta(s3, s1, name), 0)
    expect(r, "events_delivered: one per request",
           delta(s3, s0, "events_delivered"), conns * hc.PIPELINE_REQUESTS)
    expect(r, "events_lost", delta(s3, s0, "events_lost"), 0)
    expect(r, "rmmod", run.fact("pipeline.rmmod_rc"), "0")
    return r


def check_pipeline(run, report, debug):
    """With the connections tests/hostile/run asks for on each kernel."""
    conns = hc.PIPELINE_CONNS_DEBUG if debug else hc.PIPELINE_CONNS
    r = problems(run, "pipeline")
    expect(r, "connections", run.fact("pipeline.conns"), str(conns))
    expect(r, "insmod", run.fact("pipeline.insmod_rc"), "0")
    expect(r, "parameters read back", run.fact("pipeline.params"),
           hc.PIPELINE_PARAMS)
    snaps = [run.stats("pipeline" + name)
             for name in ("0", "_sent", "_fin", "_rst")]
    pid = run.fact("pipeline.pid")
    if None in snaps or not (pid or "").isdigit():
        r.append("counter snapshots or connflood's pid missing")
        report.case("pipeline", "pipelined requests never answered", r)
        return
    s0, sent, fin, rst = snaps
    model, tracked = hc.pipeline_model(conns)
    r += pipeline_lines_reasons(run, run.netns() or 0, conns, int(pid))
    reasons, most = pipeline_samples_reasons(run, conns, model)
    r += reasons
    r += pipeline_sent_reasons(s0, sent, conns, model, tracked)
    r += pipeline_closed_reasons(run, s0, sent, fin, rst, conns, tracked)
    pending_max, _ = hc.pending_limits()
    report.case("pipeline", f"caps {hc.PIPELINE_PARAMS}: {conns} "
                f"connections each pipelining {hc.PIPELINE_REQUESTS} "
                "requests never answered: each reported once, "
                f"{delta(sent, s0, 'pending_overflow')} past "
                f"{pending_max} pending, "
                f"{delta(sent, s0, 'pending_no_memory')} copies refused "
                f"memory, {delta(sent, s0, 'conns_evicted')} evicted, "
                "counters after each connection as the model has them, "
                f"header_memory at most {most} of "
                f"{hc.PIPELINE_HEADER_MEM}; closed (FIN both ways) or reset: "
                f"{delta(rst, s0, 'requests_unanswered')} unanswered, "
                "nothing held, no response unpaired", r)


# --- the lifecycle -------------------------------------------------------------

def check_cycle_output(run, r, i, netns):
    """Appends to R what is wrong with the readers' lines of cycle I."""
    window = (0, 2 ** 63)
    params = (run.kv(f"cycle.{i}") or {}).get("params", "")
    names = hc.ALL_EVENTS if "network_events" in params else hc.DEFAULT_EVENTS
    for reader in ("r1", "r2"):
        label = f"cycle.{i}.{reader}"
        lines = split_lines(run.file(label), label, r)
        bad = 0
        for number, raw in enumerate(lines, 1):
            # a cycle's reader may have lost events, never nothing
            if re.fullmatch(rb'\{"eventName":"nethttp_lost","lost":[1-9]\d*\}',
                            raw):
                continue
            diffs = cycle_line_errors(raw, netns, names, window)
            if diffs:
                bad += 1
                if bad <= 2:
                    r.append(f"{label} line {number}: " + "; ".join(diffs[:3])
                             + f": {raw[:160]!r}")
        if not lines:
            r.append(f"{label}: no lines")


def cycle_line_errors(raw, netns, names, window):
    """What is wrong with one event line a cycle's reader read: it must be
    the exact line of one of the exchanges of the traffic, or of a
    connection of the flood, whose block never ends."""
    obj, errors = parse_line(raw)
    key = line_key(obj) if obj is not None else None
    diffs = list(errors)
    if key is None:
        return diffs + ["not an event line"]
    client = key[3] if key[4] == hc.AFTER_PORT else key[4]
    if key[4] == hc.CONN_PORT:
        want = hc.conn_lines(netns, key[3], hc.event_path(obj), names)
    else:
        want = hc.after_lines(netns, client, names)
    if key not in want:
        return diffs + ["unexpected"]
    return diffs + compare(obj, want[key], window)


# What every cycle's key=value fact must say.
CYCLE_WANT = {"insmod": "0", "r1_bad": "0", "r2_bad": "0", "busy_rc": "1",
              "busy_loaded": "1", "readers_alive_rc": "0", "rmmod_rc": "0",
              "loaded": "0", "dev": "absent"}
RMMOD_BUSY = "rmmod: can't unload module 'nethttp': Resource temporarily " \
    "unavailable"


def cycle_errors(run, i, kv):
    """What went wrong in cycle I (its fact KV); for a reader that read
    nothing, what /proc showed of it."""
    bad = [f"{k}={kv.get(k)!r} (want {v!r})" for k, v in CYCLE_WANT.items()
           if kv.get(k) != v]
    for reader in ("r1", "r2"):
        if not kv.get(f"{reader}_lines", "0").isdigit() or \
                int(kv.get(f"{reader}_lines", "0")) < 1:
            bad.append(f"{reader}_lines={kv.get(reader + '_lines')} "
                       f"(want some)")
            for what in ("cmdline", "stat", "wchan", "syscall", "stack",
                         "fd0"):
                text = run.files.get(f"cycle.{i}.{reader}.{what}")
                if text is not None:
                    bad.append(f"{reader} {what}: " + text.decode(
                        "utf-8", "replace").strip().replace("\n", " | "))
        if kv.get(f"{reader}_state") not in ("S", "R"):
            bad.append(f"{reader}_state={kv.get(reader + '_state')}")
    return bad


def cycles_reasons(run, netns, planned):
    """(reasons, cycles that ran) for every cycle's facts and the readers'
    output of the cycles the guest sent, of PLANNED."""
    r = []
    cycles = 0
    for i in range(1, planned + 1):
        kv = run.kv(f"cycle.{i}")
        if kv is None:
            r.append(f"cycle {i}: never ran")
            continue
        cycles += 1
        bad = cycle_errors(run, i, kv)
        if bad:
            r.append(f"cycle {i} ({kv.get('params')}): " + ", ".join(bad))
    # the guest sends the output of a cycle with a bad line, too
    for i in range(2, planned):
        if run.file(f"cycle.{i}.r1") is not None:
            check_cycle_output(run, r, i, netns)
    for i in (1, planned):
        check_cycle_output(run, r, i, netns)
        busy = run.file(f"cycle.{i}.busy")
        expect(r, f"cycle {i}: rmmod with readers open said", busy,
               (RMMOD_BUSY + "\n").encode())
    return r, cycles


def opener_counts(run):
    """{what an open() of the racing opener got: how many times}."""
    opened = {}
    for line in (run.file("lifecycle.opener") or b"").decode().splitlines():
        count, _, what = line.strip().partition(" ")
        opened[what] = int(count)
    return opened


def unload_state_reasons(run, planned):
    """The flood kept the module following connections with header blocks
    held as it was unloaded, within the caps where they were small."""
    r = []
    holding = 0
    for i in range(1, planned + 1):
        kv = run.kv(f"cycle.{i}") or {}
        tracked, held = kv.get("tracked", ""), kv.get("held", "")
        if not tracked.isdigit() or not held.isdigit():
            continue
        holding += int(tracked) > 0 and int(held) > 0
        if "conn_max" in kv.get("params", "") and (
                int(tracked) > hc.CONN_MAX or int(held) > hc.HEADER_MEM):
            r.append(f"cycle {i}: {tracked} connections and {held} bytes of "
                     f"blocks, over the caps ({hc.CONN_MAX}, {hc.HEADER_MEM})")
    least = planned * 4 // 5
    if holding < least:
        r.append(f"only {holding} cycles unloaded the module while it held "
                 f"header blocks, want {least} at least")
    return r


def racers_reasons(run, opened, planned):
    """What ran beside the cycles kept running and saw only what it may:
    traffic, namespace churn, the opener, rmmod and the redact writer."""
    r = []
    expect(r, "traffic ran through every cycle",
           run.fact("lifecycle.traffic_alive_rc"), "0")
    expect(r, "namespace churn and openers ran through every cycle",
           run.fact("lifecycle.churn_alive_rc"), "0")
    churned = run.fact("lifecycle.netns_churned", "0")
    if not churned.isdigit() or int(churned) < 5:
        r.append(f"only {churned} namespaces came and went")
    allowed = {"ok", "No such file or directory", "No such device",
               "No such device or address"}
    if set(opened) - allowed:
        r.append(f"the racing opener got {opened}")
    if not opened.get("ok"):
        r.append(f"the racing opener never opened: {opened}")
    errors = (run.file("lifecycle.rmmod_errors") or b"").decode()
    for line in errors.splitlines():
        if line != RMMOD_BUSY:
            r.append(f"rmmod (racing an opener) said {line!r}")
    writes = run.fact("lifecycle.redact_writes", "0")
    if not writes.isdigit() or int(writes) < 5:
        r.append(f"only {writes} writes of the redact list succeeded")
    r += unload_state_reasons(run, planned)
    flood = run.kv("lifecycle.flood") or {}
    expect(r, "connections the flood failed to make", flood.get("errors"),
           "0")
    made = flood.get("conns", "")
    least = hc.LIFECYCLE_CONNS_PER_CYCLE * planned
    if not made.isdigit() or int(made) < least:
        r.append(f"the flood made {made or 'no'} connections, want "
                 f"{least} at least")
    return r


def planned_cycles(debug):
    """The load/read/unload cycles tests/hostile/run asks for."""
    return hc.LIFECYCLE_CYCLES_DEBUG if debug else hc.LIFECYCLE_CYCLES


def check_lifecycle(run, report, debug):
    netns = run.netns() or 0
    r = problems(run, "lifecycle")
    planned = planned_cycles(debug)
    expect(r, "cycles planned", run.fact("lifecycle.cycles"), str(planned))
    reasons, cycles = cycles_reasons(run, netns, planned)
    opened = opener_counts(run)
    r += reasons + racers_reasons(run, opened, planned)
    churned = run.fact("lifecycle.netns_churned", "0")
    writes = run.fact("lifecycle.redact_writes", "0")
    tries = sum(int((run.kv(f"cycle.{i}") or {}).get("rmmod_tries", "0"))
                for i in range(1, planned + 1))
    report.case("lifecycle", f"{cycles} cycles of insmod, readers blocked in "
                "read() and poll() under traffic, rmmod refused while they "
                "are open, readers killed, rmmod under traffic, while "
                f"{churned} namespaces came and went, an opener raced "
                f"rmmod ({tries - cycles} refusals, {opened.get('ok', 0)} "
                f"opens) and the redact list was rewritten ({writes} times)",
                r)
    check_after_cycles(run, report, netns)


def check_after_cycles(run, report, netns):
    r = problems(run, "final")
    expect(r, "insmod", run.fact("final.insmod_rc"), "0")
    expect(r, "rmmod", run.fact("final.rmmod_rc"), "0")
    want = hc.after_lines(netns, hc.AFTER_SPORT + 1)
    r += exact_lines(run, "final.cat", want, run.mark("final"))
    report.case("after_cycles", "loaded once more after the cycles, an "
                "ordinary exchange comes out exactly", r)


# --- the kernel ------------------------------------------------------------------

# While allocations fail on purpose the kernel may print their stacks
# (vmalloc and percpu do); anything else is still trouble.
INJECTED_TROUBLE = re.compile(
    STRICT_KERNEL_TROUBLE.pattern.replace("Call Trace|", ""))
assert INJECTED_TROUBLE.pattern != STRICT_KERNEL_TROUBLE.pattern
INJECTION_START = "nethttp-test: fault injection starts"
INJECTION_END = "nethttp-test: fault injection ends"


def trouble(text, label):
    """Trouble in a kernel log, judged more leniently between the fault
    injection's markers."""
    outside, inside, injecting = [], [], False
    for line in text.splitlines():
        if INJECTION_START in line:
            injecting = True
        (inside if injecting else outside).append(line)
        if INJECTION_END in line:
            injecting = False
    return (log_trouble("\n".join(outside), label, STRICT_KERNEL_TROUBLE) +
            log_trouble("\n".join(inside), label + " (faults injected)",
                        INJECTED_TROUBLE))


def checkers_off(run):
    """The debug kernel's checkers that are not on: their silence would
    mean nothing."""
    r = []
    for needle, name in (("KernelAddressSanitizer initialized", "KASAN"),
                         ("Lock dependency validator", "lockdep"),
                         ("panic_on_warn=1", "panic_on_warn")):
        if needle not in run.console and \
                needle not in (run.fact("cmdline") or ""):
            r.append(f"{name} is not on: no {needle!r} in the log")
    return r


def check_kmemleak(run, report, debug):
    r = []
    expect(r, "kmemleak", run.fact("kmemleak"), "present")
    for name in ("lifecycle", "final"):
        leaks = run.files.get("kmemleak." + name)
        if leaks is None:
            r.append(f"no kmemleak report after the {name} phase")
        elif leaks.strip():
            r.append(f"kmemleak after the {name} phase:\n        " +
                     "\n        ".join(leaks.decode("utf-8", "replace")
                                       .splitlines()[:40]))
    report.case("kmemleak", "kmemleak finds nothing after "
                f"{planned_cycles(debug)} load/unload cycles and after the "
                "last rmmod", r)


def check_kernel(run, report, debug):
    r = kernel_log_trouble(run, trouble)
    what = "no WARNING/BUG/Oops/KASAN/UBSAN/lockdep/RCU stall/soft lockup " \
        "in the kernel log"
    if debug:
        r += checkers_off(run)
        what += " (KASAN, UBSAN, lockdep, atomic-sleep checks on)"
    report.case("kernel", what, r)
    if debug:
        check_kmemleak(run, report, debug)


def time_line(run, label):
    """Where the run's time went, for the log (no case): each phase in the
    order it ran, with the laps the guest recorded in it (facts
    time.<phase>.<lap>, seconds since the phase's start or its last lap)."""
    parts = [f"boot {run.fact('time.boot', '?')}s"]
    for key, value in run.facts.items():
        if not key.startswith("phase."):
            continue
        name = key[len("phase."):]
        ms = value.partition(" ")[2]
        text = name + (f" {int(ms) / 1000:.1f}s" if ms.isdigit() else " ?")
        laps = [f"{k[len('time.' + name + '.'):]} {v}s"
                for k, v in run.facts.items()
                if k.startswith(f"time.{name}.")]
        if laps:
            text += " (" + ", ".join(laps) + ")"
        parts.append(text)
    return f"time {label}: " + "; ".join(parts)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    outdir, label = sys.argv[1], sys.argv[2]
    event_size = int(sys.argv[3]) if len(sys.argv) == 4 else 0
    debug = label == "debug"
    run = Run(outdir)
    report = Report(label + "/")
    check_setup(run, report)
    check_hostile(run, report)
    check_device(run, report)
    check_flood(run, report, event_size, debug)
    check_race(run, report)
    check_conns(run, report, debug)
    check_pipeline(run, report, debug)
    check_netns(run, report)
    check_faults(run, report, debug)
    check_spin(run, report, debug)
    check_cpus(run, report, event_size, debug)
    check_memcg(run, report, debug)
    check_lifecycle(run, report, debug)
    check_kernel(run, report, debug)
    check_end(run, report, "phase", tail_lines=20)
    print(time_line(run, label))
    print(report.count_line(f"hostile/{label}"))
    sys.exit(1 if report.failed else 0)


if __name__ == "__main__":
    main()
