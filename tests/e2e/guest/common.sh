# Shared by the guest scripts (busybox sh): the second network namespace.

# busybox runs its own applets before anything on PATH; its ip cannot
# create veth pairs.
IP=/usr/sbin/ip
PEER_PID=

in_ns() {
	local ns="$1"
	shift
	if [ "$ns" = peer ]; then
		nsenter -t "$PEER_PID" -n "$@"
	else
		"$@"
	fi
}

# Creates the "peer" namespace, held by a sleeper, joined to this one by
# veth0 (10.99.0.1/24, here) and veth1 (10.99.0.2/24, there). Says what
# failed on stderr.
setup_peer() {
	local i=0
	unshare -n sleep 100000 &
	PEER_PID=$!
	while [ "$(readlink /proc/$PEER_PID/ns/net)" = "$(readlink /proc/self/ns/net)" ] &&
	      [ "$i" -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	insmod /e2e/veth.ko &&
		$IP link add veth0 type veth peer name veth1 &&
		$IP link set veth1 netns "$PEER_PID" &&
		$IP addr add 10.99.0.1/24 dev veth0 &&
		$IP link set veth0 up &&
		in_ns peer $IP addr add 10.99.0.2/24 dev veth1 &&
		in_ns peer $IP link set veth1 up &&
		in_ns peer $IP link set lo up &&
		ping -c 1 -W 5 10.99.0.2 >/dev/null
}
