#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turns kunit.py's JSON results and the raw kernel log into the suite's
count line, "kunit: N passed, N failed".

Every KUnit test case counts once (each parameter of a parameterised case
separately). Skipped cases count as failed: these suites never skip, so a
skip means something they need was missing. KASAN and UBSAN reports (and
other kernel BUG/WARNING reports) in the log fail the run even when KUnit
did not pin them on a test case.

Usage: count.py RESULTS.json TEST.log KUNIT_PY_EXIT_STATUS
"""
import json
import re
import sys

REPORT = re.compile(r'BUG: KASAN:|UBSAN:|BUG:|WARNING:|Kernel panic|'
                    r'general protection fault|Oops')


def test_cases(group):
    for case in group.get('test_cases', []):
        yield group['name'], case
    for sub in group.get('sub_groups', []):
        yield from test_cases(sub)


def main():
    results_path, log_path, kunit_status = sys.argv[1], sys.argv[2], int(sys.argv[3])
    passed = failed = 0
    problems = []

    try:
        with open(results_path) as f:
            results = json.load(f)
    except (OSError, ValueError) as e:
        results = None
        problems.append(f'no results from kunit.py ({e})')

    if results is not None:
        for suite, case in test_cases(results):
            if case['status'] == 'PASS':
                passed += 1
            else:
                failed += 1
                problems.append(f'{suite}.{case["name"]}: {case["status"]}')
        if passed + failed == 0:
            problems.append('kunit.py ran no test case')

    reports = []
    try:
        with open(log_path, errors='replace') as f:
            reports = [line.rstrip() for line in f if REPORT.search(line)]
    except OSError as e:
        problems.append(f'no kernel log ({e})')
    if reports:
        problems.append(f'{len(reports)} kernel report line(s) in {log_path}:')
        problems.extend('  ' + line for line in reports[:20])

    if kunit_status != 0:
        problems.append(f'kunit.py exited {kunit_status}')

    # A problem that no failed test case accounts for is one failure more.
    if problems and failed == 0:
        failed = 1
    for problem in problems:
        print(f'kunit: {problem}')
    print(f'kunit: {passed} passed, {failed} failed')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
