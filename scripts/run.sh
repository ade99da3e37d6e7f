#!/usr/bin/env bash
# The main job: deploy the core, attach simulated UEs, place a call, print a summary.
# Today only the codecs exist, so it shows what they do and says plainly what is not built yet.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product vcore
vcore=$(swift build --show-bin-path)/vcore
reference=../shared/pcaps/reference

cat <<'TXT'
VCore — what runs today
  The codecs: GTPv2-C, GTP-U and Diameter (S6a, Cx, Gx, Rx), checked below against captures of a
  real core with `vcore decode`.

TXT
if [ -d "$reference" ]; then
  "$vcore" decode "$reference"/*.pcap*
else
  echo "(no reference captures at $reference: try 'vcore decode FILE.pcap' on a capture of your own)"
fi

cat <<'TXT'

NOT BUILT YET — `make run` will do these once they land:
  - deploy the core from deploy/core.yaml on the bundled orchestrator   (issue #5)
  - HSS and MME: subscribers, authentication, attach over S6a/S1-MME    (#3 S1AP/NAS, #4 SCTP, #6)
  - SGW and PGW: sessions and the user plane                          (#7)
  - attach simulated UEs, ping through the core, place a VoLTE call    (ransim, IMS: later issues)
TXT
