# shellcheck shell=bash
# Reading a suite's count line, "<name>: N passed, N failed" (anything may
# follow, e.g. the time it took), for the runners that add counts up:
# tests/run, tests/debugkernel/run, tests/hostile/run, tests/pkg/run.

# count_line NAME FILE: prints "PASSED FAILED" from the last count line of
# NAME in FILE; false, printing nothing, when FILE has none. NAME is an
# extended regular expression (a plain name like hostile/debug is one).
count_line() {
	local line
	line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed" "$2" | tail -n 1)
	[ -n "$line" ] || return 1
	sed -E 's/^[^:]+: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/' <<<"$line"
}
