#!/usr/bin/env bash
# Installs the system and Python packages VCore builds and tests with, when they are missing.
# Debian 12 with Swift on the PATH is assumed; runs apt-get through sudo when not root.
set -euo pipefail

packages=(pkg-config libssl-dev libpcap-dev libsctp-dev libusrsctp-dev libsqlite3-dev tshark python3-pip containernetworking-plugins nftables conntrack iproute2 ethtool crun curl util-linux freediameter)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! python3 -c "import pycrate_asn1rt, pycrate_mobile, kubernetes, cryptography" 2>/dev/null; then
  echo "setup: installing pycrate, cryptography (AES for the test UE's Milenage) and the kubernetes client from PyPI"
  python3 -m pip install --quiet pycrate cryptography kubernetes 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages pycrate cryptography kubernetes
fi

command -v swift >/dev/null || { echo "setup: swift is not on the PATH (VCore needs Swift 6)" >&2; exit 1; }
