#!/usr/bin/env bash
# Installs the Debian packages tsprov's tests and lab need (as root). Idempotent and quiet:
# it only calls apt-get when something is missing.
set -euo pipefail
pkgs=(openssh-server openssh-client sudo iproute2 util-linux procps kmod busybox strace
      qemu-system-x86 qemu-utils mmdebstrap apt-utils e2fsprogs
      python3-prometheus-client   # the reference parser of the Prometheus text format (drift tests)
      time)                       # GNU /usr/bin/time: CPU and peak RSS of each process npm run bench measures
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "install-deps: need root to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
