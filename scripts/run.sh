#!/usr/bin/env bash
# The main job: deploy the core on the bundled orchestrator, attach simulated UEs, place a call,
# print a summary. Today it deploys the EPC (deploy/core.yaml), attaches two UEs through an eNB on
# the ran network, pings the data network from them through SGW and PGW, detaches them, checks the
# codecs against captures of a real core, and says plainly what is not built yet.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "make run needs root: the orchestrator makes network namespaces, bridges and nftables rules and runs crun (sudo make run)" >&2
  exit 1
fi

# The same flags as the images' builds (vcore image build), so the two share one release build.
swift build -c release -Xswiftc -static-stdlib --product vcore
swift build -c release -Xswiftc -static-stdlib --product sctp-relay
bin="$(swift build -c release -Xswiftc -static-stdlib --show-bin-path)"
vcore="$bin/vcore"

echo
echo "== Images of this tree's network functions (rebuilt when their executables changed)"
"$vcore" image build testworkload hss mme sgw pgw
# A deployment left running from an earlier tree would keep its pods on the old images.
"$vcore" down >/dev/null 2>&1 || true
echo
echo "== Deploying deploy/core.yaml on the bundled orchestrator"
"$vcore" up -f deploy/core.yaml
echo
"$vcore" get pods -n vcore -o wide
"$vcore" get network-attachment-definitions -n vcore
echo
echo "== Two UEs attach through a test eNB on ran (10.10.0.5), ping the data network (10.46.0.5) through"
echo "   SGW and PGW from their own addresses, and detach (scripts/enb-data-session.sh)"
# The seeded subscribers 001010000000001 and ...02 (core.yaml's hss ConfigMap).
session=$(scripts/enb-data-session.sh --relay-bin "$bin/sctp-relay" --ues 2) && session_status=0 || session_status=$?
python3 - "$session" <<'PY'
import json, sys
for line in sys.argv[1].splitlines():
    try:
        step = json.loads(line)
    except ValueError:
        print('  ' + line)
        continue
    print('  %-4s %-34s %s' % ('ok' if step['ok'] else 'FAIL', step['step'], step['detail']))
PY
echo
"$vcore" get pods -n vcore
echo
echo "== The codecs against captures of a real core (Open5GS, PyHSS) with vcore decode"
reference=../shared/pcaps/reference
if [ -d "$reference" ]; then
  "$vcore" decode "$reference"/*.pcap* --subscriber 901707364000060:465B5CE8B199B49FAA5F0A2EE238A6BC:E8ED289DEBA952E4283B54E88E6183CA \
    | grep -E "messages,|security|REFUSED|FAILED" || true
else
  echo "(no reference captures at $reference: try 'vcore decode FILE.pcap' on a capture of your own)"
fi

cat <<'TXT'

== What runs today
  - the orchestrator (vcore server, started by `vcore up`), the namespace, the ran and sgi
    networks, the HSS (S6a on hss:3868, provisioning on hss:8082: `vcore subscriber --help`; ten
    test subscribers seeded), the MME (S1-MME on ran at 10.10.0.2:36412), the SGW (S11, S5/S8,
    S1-U on ran), the PGW (S5/S8, SGi TUN with the UE pools 10.45.0.0/16 internet and
    10.47.0.0/16 ims, 10.46.0.4 on sgi) and the data-network host on sgi (10.46.0.5);
  - attach, default bearer, user data through S1-U/S5/SGi, detach — above, with the pycrate test
    eNB (the simulator ransim is not built yet);
  - the codecs and the 3GPP security suite (above), the SCTP transport.

NOT BUILT YET — `make run` will do these once they land:
  - ransim: simulated eNBs and UEs in pods, many at once                (next)
  - PCRF, P-CSCF, S-CSCF: IMS registration and a VoLTE call            (IMS issues)
  - scaling a network function live                                    (later)

The deployment keeps running: `vcore get pods -n vcore`, `vcore logs -n vcore POD`,
`vcore capture sgi -o sgi.pcap`; `vcore down` removes all of it.
TXT
exit "$session_status"
