#!/usr/bin/env bash
# The main job: deploy the core on the bundled orchestrator, attach simulated UEs, place a call,
# print a summary. Today it deploys what exists of the core (deploy/core.yaml), shows it running,
# checks the codecs against captures of a real core, and says plainly what is not built yet.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "make run needs root: the orchestrator makes network namespaces, bridges and nftables rules and runs crun (sudo make run)" >&2
  exit 1
fi

# The same flags as the images' builds (vcore image build), so the two share one release build.
swift build -c release -Xswiftc -static-stdlib --product vcore
vcore="$(swift build -c release -Xswiftc -static-stdlib --show-bin-path)/vcore"

echo
echo "== Deploying deploy/core.yaml on the bundled orchestrator (images are built on first use)"
"$vcore" up -f deploy/core.yaml
echo
"$vcore" get pods -n vcore -o wide
"$vcore" get network-attachment-definitions -n vcore
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
    networks, the HSS (S6a on hss:3868, provisioning on hss:8082: `vcore subscriber --help`),
    the MME (S1-MME on ran at 10.10.0.2:36412, S6a open to the HSS) and the data-network host
    on sgi (10.46.0.5);
  - the codecs and the 3GPP security suite (above), the SCTP transport.

NOT BUILT YET — `make run` will do these once they land:
  - SGW and PGW as pods: sessions and the user plane (their logic and
    forwarding loops are built and tested; the processes are next)     (issue #7)
  - attach simulated UEs, ping through the core, place a VoLTE call    (ransim, IMS: later issues)

The deployment keeps running: `vcore get pods -n vcore`, `vcore logs -n vcore POD`,
`vcore capture sgi -o sgi.pcap`; `vcore down` removes all of it.
TXT
