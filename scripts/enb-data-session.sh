#!/usr/bin/env bash
# A test eNB on the core's ran network: a network namespace with a veth on the ran bridge, sctp-relay
# there carrying S1AP to the MME over SCTP (usrsctp where the kernel has no SCTP), and the pycrate eNB
# driver attaching UEs, pinging through the core from the UEs' addresses inside GTP-U, and
# detaching. Prints the driver's JSON steps; exits with its status. Everything it makes goes away
# at exit. Until ransim lands, this is how UEs reach the core (make run and CoreDeploymentTests).
#
#   scripts/enb-data-session.sh --relay-bin PATH [--ues 2] [--imsi 001010000000001] [--k HEX --opc HEX]
#       [--bridge vran0] [--address 10.10.0.5/24] [--mme 10.10.0.2:36412] [--ping 10.46.0.5] [--name vcore-enb]
#       [--unreachable ADDRESS]   an address off SGi (a pod's) the UEs must get ICMP unreachable for
set -euo pipefail
cd "$(dirname "$0")/.."

relay_bin="" ues=2 imsi=001010000000001
k=465B5CE8B199B49FAA5F0A2EE238A6BC opc=E8ED289DEBA952E4283B54E88E6183CA
bridge=vran0 address=10.10.0.5/24 mme=10.10.0.2:36412 ping=10.46.0.5 name=vcore-enb python=python3 unreachable=""
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || { echo "enb-data-session: $1 needs a value" >&2; exit 2; }
  case "$1" in
    --relay-bin) relay_bin=$2 ;; --ues) ues=$2 ;; --imsi) imsi=$2 ;; --k) k=$2 ;; --opc) opc=$2 ;;
    --bridge) bridge=$2 ;; --address) address=$2 ;; --mme) mme=$2 ;; --ping) ping=$2 ;; --name) name=$2 ;;
    --python) python=$2 ;; --unreachable) unreachable=$2 ;;
    *) echo "enb-data-session: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
[ -x "$relay_bin" ] || { echo "enb-data-session: --relay-bin: no sctp-relay at \"$relay_bin\"" >&2; exit 2; }
[ -d "/sys/class/net/$bridge" ] || { echo "enb-data-session: --bridge: $bridge does not exist (is the core up?)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "enb-data-session: needs root (network namespaces)" >&2; exit 2; }

host_end="${name:0:10}-br"
relay_pid="" driver_pid="" relay_out=$(mktemp)
cleanup() {
  set +e  # every step runs, whatever the one before it returned
  for pid in $driver_pid $relay_pid; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  ip link del "$host_end" 2>/dev/null
  ip netns del "$name" 2>/dev/null
  rm -f "$relay_out"
}
trap cleanup EXIT
trap 'exit 143' INT TERM  # through the EXIT trap

# A namespace of this name left by a run that was killed before its cleanup.
if [ -e "/run/netns/$name" ]; then
  for pid in $(ip netns pids "$name"); do kill "$pid" 2>/dev/null; done
  ip netns del "$name"
fi
ip link del "$host_end" 2>/dev/null || true

ip netns add "$name"
ip link add "$host_end" type veth peer name eth0 netns "$name"
ip link set "$host_end" master "$bridge" up
ip -n "$name" link set lo up
ip -n "$name" address add "$address" dev eth0
ip -n "$name" link set eth0 up

# usrsctp in raw mode needs only CAP_NET_RAW, which root has in the namespace.
ip netns exec "$name" "$relay_bin" --listen 127.0.0.1:0 --connect "$mme" --local "${address%/*}" --backend usrsctp-raw \
  >"$relay_out" 2>/dev/null &
relay_pid=$!
port=""
for _ in $(seq 1 200); do
  port=$(sed -n 's/^sctp-relay listening 127.0.0.1:\([0-9]*\).*/\1/p' "$relay_out")
  [ -n "$port" ] && break
  kill -0 "$relay_pid" 2>/dev/null || { echo "enb-data-session: sctp-relay exited" >&2; exit 1; }
  sleep 0.05
done
[ -n "$port" ] || { echo "enb-data-session: sctp-relay did not start listening" >&2; exit 1; }

# In the background and waited for, so that a signal runs the cleanup at once.
ip netns exec "$name" "$python" Tests/MMEProcessTests/enb/enb_driver.py --scenario data --relay "127.0.0.1:$port" \
  --enb-address "${address%/*}" --ping "$ping" --ues "$ues" --imsi "$imsi" --k "$k" --opc "$opc" --timeout 20 \
  ${unreachable:+--unreachable "$unreachable"} &
driver_pid=$!
wait "$driver_pid"
