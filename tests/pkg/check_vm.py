"""The VM part of tests/pkg: the exchange it makes and how its run is judged.

usage: check_vm.py data DIR                  writes the request and response
       check_vm.py judge OUTDIR KVER VERSION judges a run of guest.sh

OUTDIR holds console.log, data.log (the guest's records) and qemu.status.
Prints "ok <case>: <what>" or "FAIL <case>: <what>" and its reasons per
case, then "vm: N passed, N failed". Exits 1 when a case failed.
"""

import json
import os
import re
import sys

sys.dont_write_bytecode = True  # nothing written into the clone
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from vmcheck import guestlog  # noqa: E402  (tests/lib/vmcheck)
from vmcheck.events import (  # noqa: E402
    ALL_EVENTS, IP_HEADER_LEN, TCP_HEADER_LEN, add_lines, complete, encode,
    line_key, message_lines, metadata, paired_request)

REQUEST = (b"GET /pkg/check?from=dkms HTTP/1.1\r\n"
           b"Host: 127.0.0.1:8080\r\n"
           b"user-agent: nethttp-pkg-test\r\n"
           b"accept: */*\r\n"
           b"\r\n")
RESPONSE = (b"HTTP/1.1 200 OK\r\n"
            b"Content-Type: text/plain\r\n"
            b"Content-Length: 3\r\n"
            b"\r\n"
            b"ok\n")
CLIENT_PORT = 40123
SERVER_PORT = 8080

# What the shipped modprobe.d example sets (userspace/system/modprobe.d).
EXAMPLE_EVENTS = "net_packet_http_request,net_packet_http_response,net_packet_http"
EXAMPLE_RING_EVENTS = "1024"
# The override documented in the udev rule's comment: root's alone.
OVERRIDE_RULE = ('KERNEL=="nethttp", SUBSYSTEM=="misc", OWNER="root", '
                 'GROUP="root", MODE="0600"\n')

KERNEL_TROUBLE = re.compile(
    r"WARNING:|BUG:|Oops|Call Trace|general protection|Kernel panic|"
    r"soft lockup|refcount_t:|list_(add|del) corruption")


def write_data(directory):
    os.makedirs(directory, exist_ok=True)
    for name, body in (("request.http", REQUEST), ("response.http", RESPONSE)):
        with open(os.path.join(directory, name), "wb") as f:
            f.write(body)


class Run(guestlog.Run):
    """The facts and files guest.sh recorded."""

    def text(self, name):
        """File NAME as text ("" when the guest sent none)."""
        return self.files.get(name, b"").decode("utf-8", "replace")


REQUEST_FIELDS = {"method": "GET", "protocol": "HTTP/1.1",
                  "host": "127.0.0.1:8080", "uri_path": "/pkg/check",
                  "uri_query": "from=dkms",
                  "headers": {"User-Agent": ["nethttp-pkg-test"],
                              "Accept": ["*/*"]},
                  "content_length": 0, "truncated": False, "anomalies": []}
RESPONSE_FIELDS = {"status": "200 OK", "status_code": 200,
                   "protocol": "HTTP/1.1",
                   "headers": {"Content-Type": ["text/plain"],
                               "Content-Length": ["3"]},
                   "content_length": 3, "truncated": False,
                   "anomalies": []}


def expected_lines(netns):
    """The four lines of one loopback exchange with every event enabled
    (each message once, where it leaves), as {line_key: the line's object
    with timestamp None}; the response answers the request."""
    lines = {}
    answer = dict(RESPONSE_FIELDS, request=paired_request(REQUEST_FIELDS))
    for kind, payload, fields, sport, dport in (
            ("request", REQUEST, REQUEST_FIELDS, CLIENT_PORT, SERVER_PORT),
            ("response", RESPONSE, answer, SERVER_PORT, CLIENT_PORT)):
        meta = metadata("127.0.0.1", "127.0.0.1", sport, dport,
                        IP_HEADER_LEN[4] + TCP_HEADER_LEN + len(payload),
                        "lo")
        add_lines(lines, message_lines(kind, fields, meta, "egress", netns,
                                       ALL_EVENTS))
    return lines


class Judge:
    def __init__(self):
        self.passed = self.failed = 0

    def case(self, name, what, reasons):
        if reasons:
            self.failed += 1
            print(f"FAIL {name}: {what}")
            for reason in reasons[:12]:
                print(f"    {reason}")
        else:
            self.passed += 1
            print(f"ok {name}: {what}")

    def equal(self, name, what, pairs):
        reasons = [f"{label}: {actual!r}, want {want!r}"
                   for label, actual, want in pairs if actual != want]
        self.case(name, what, reasons)


def judge(outdir, kver, version):
    run = Run(outdir)
    j = Judge()
    trouble = [line for line in run.console.splitlines()
               if KERNEL_TROUBLE.search(line)]
    reasons = [f"kernel: {line}" for line in trouble]
    if run.qemu_status != "0":
        reasons.append(f"qemu exit status {run.qemu_status or ''!r}, "
                       "want '0'")
    if not run.done:
        reasons.append("the guest never reported @@DONE")
    reasons += [f"guest: {msg}" for _, msg in run.problems]
    j.case("vm.boot", f"Debian's {kver} boots in QEMU, runs the checks, "
           "logs no kernel warning", reasons)
    j.equal("vm.kernel", "the VM runs the kernel DKMS built for",
            [("uname -r", run.fact("kernel"), kver)])
    j.equal("vm.depmod", "the host's depmod index (as DKMS left it) finds "
            "the DKMS module",
            [("modinfo -F filename nethttp", run.fact("modinfo_filename"),
              f"/lib/modules/{kver}/updates/dkms/nethttp.ko")])
    j.equal("vm.autoload", "systemd-modules-load loads it from the "
            "modules-load.d example with the modprobe.d example's options",
            [("systemd-udevd --daemon", run.fact("udevd_rc"), "0"),
             ("systemd-modules-load", run.fact("modules_load_rc"), "0"),
             ("its output", run.text("modules-load.log"),
              "Inserted module 'nethttp'\n"),
             ("udevadm settle", run.fact("settle_rc"), "0"),
             ("nethttp in /proc/modules", run.fact("loaded"), "1"),
             ("events", run.fact("param.events"), EXAMPLE_EVENTS),
             ("ring_events", run.fact("param.ring_events"),
              EXAMPLE_RING_EVENTS)])
    j.equal("vm.udev.default", "the packaged udev rule makes /dev/nethttp "
            "root:nethttp 0640",
            [("stat", run.fact("dev.default"), "640 root nethttp")])
    j.equal("vm.reader", "the packaged reader runs, reads and stops on "
            "SIGTERM",
            [("nethttp --version", run.fact("reader_version"),
              f"nethttp {version}"),
             ("opened /dev/nethttp", run.fact("reader_open_rc"), "0"),
             ("exit status", run.fact("reader_rc"), "0"),
             ("stderr", run.text("reader.err"), ""),
             ("server", run.fact("server_rc"), "0"),
             ("client", run.fact("client_rc"), "0")])
    judge_events(j, run)
    j.equal("vm.udev.override", "the override the rule documents, put in "
            "/etc/udev/rules.d, gives root:root 0600",
            [("override", run.text("override.rules"), OVERRIDE_RULE),
             ("udevadm control --reload", run.fact("reload_rc"), "0"),
             ("rmmod", run.fact("rmmod_rc"), "0"),
             ("device after rmmod", run.fact("dev.after_rmmod"), "absent"),
             ("modprobe", run.fact("modprobe_rc"), "0"),
             ("stat", run.fact("dev.override"), "600 root root")])
    j.equal("vm.udev.nogroup", "without the group nethttp (make install "
            "alone) udev skips the rule's GROUP=: /dev/nethttp is root:root "
            "0640",
            [("udevadm control --reload", run.fact("nogroup.reload_rc"), "0"),
             ("rmmod", run.fact("nogroup.rmmod_rc"), "0"),
             ("modprobe", run.fact("nogroup.modprobe_rc"), "0"),
             ("stat", run.fact("dev.nogroup"), "640 root root")])
    print(f"vm: {j.passed} passed, {j.failed} failed")
    return 1 if j.failed else 0


def judge_events(j, run):
    what = ("one loopback exchange gives exactly its 4 lines (2 events x "
            "request/response, each once where it leaves), every field "
            "exact")
    reasons = []
    m = re.fullmatch(r"net:\[(\d+)\]", run.fact("netns") or "")
    if not m:
        j.case("vm.event", what, [f"netns fact {run.fact('netns')!r}"])
        return
    if run.fact("tcp_timestamps") != "1":
        reasons.append("net.ipv4.tcp_timestamps is "
                       f"{run.fact('tcp_timestamps')!r}: packet_len assumes 1")
    start, end = int(run.fact("mark.start") or 0), int(run.fact("mark.end") or 0)
    want = expected_lines(int(m.group(1)))
    seen = set()
    for number, line in enumerate(run.text("reader.out").splitlines(), 1):
        try:
            obj = json.loads(line)
        except ValueError as e:
            reasons.append(f"line {number} is not JSON ({e}): {line[:200]}")
            continue
        key = line_key(obj)
        if key not in want:
            reasons.append(f"line {number} is none of the expected: "
                           f"{line[:400]}")
            continue
        if key in seen:
            reasons.append(f"line {number} repeats {key[0]}")
        seen.add(key)
        stamp = obj.get("timestamp")
        # the issue 14 keys are as the line has them, if well formed
        exp, shape = complete(dict(want[key], timestamp=stamp), obj)
        reasons += [f"line {number} ({key[0]}): {error}" for error in shape]
        if encode(exp) != line:
            reasons.append(f"line {number} ({key[0]}) differs:\n"
                           f"        got:  {line[:600]}\n"
                           f"        want: {encode(exp)[:600]}")
        if not isinstance(stamp, int) or not start <= stamp <= end:
            reasons.append(f"line {number} ({key[0]}): timestamp {stamp} "
                           f"outside the exchange [{start}, {end}]")
    for key in want:
        if key not in seen:
            reasons.append("missing: event %s %s netns %s ports %s->%s" % key)
    j.case("vm.event", what, reasons)


def main(argv):
    if len(argv) == 3 and argv[1] == "data":
        write_data(argv[2])
        return 0
    if len(argv) == 5 and argv[1] == "judge":
        return judge(argv[2], argv[3], argv[4])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
