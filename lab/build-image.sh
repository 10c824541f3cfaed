#!/usr/bin/env bash
# Builds (or reuses) the Debian bookworm VM image for the tsprov lab.
#
# Usage (as root):  lab/build-image.sh            # prints IMAGE_DIR=<dir> on stdout
#                   lab/build-image.sh --force    # rebuild even if cached
# Env: LAB_CACHE (default <repo>/.lab-cache), LAB_APT_SOURCES (a sources file to use instead of
#      the Debian entries found in this machine's /etc/apt/sources.list*).
#
# Everything but the final IMAGE_DIR line goes to stderr, so callers can parse stdout.
set -euo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
REPO=$(dirname "$(dirname "$SELF")")
CACHE=${LAB_CACHE:-$REPO/.lab-cache}
SUITE=bookworm
# The VM's package set. isc-dhcp-client is here because ifupdown only Recommends a DHCP client
# and mmdebstrap installs no Recommends; bonds declared with `dhcp: true` need it. dbus: networkctl
# talks to systemd-networkd over the system bus (the networkd backend's scenarios; without it:
# "Failed to connect system bus"). netplan.io and network-manager: the netplan and nm backends'
# scenarios; installed but inert (see INERT_UNITS), so every other scenario sees the same host.
PACKAGES=(linux-image-amd64 systemd-sysv udev openssh-server ifupdown isc-dhcp-client iproute2
  ethtool net-tools iputils-ping sudo procps kmod dbus netplan.io network-manager)
# Modules the initramfs loads: just enough to mount the root disk. No NIC driver: nothing in the
# initramfs needs a network, and NIC names are given in the real root by lab-nic-names from each
# NIC's MAC (lab/guest/), never by which driver probed first (the build fails if one slips in).
INITRD_MODULES=(virtio_pci virtio_blk ext4)
GUEST=$REPO/lab/guest
MASKED_UNITS=(systemd-firstboot.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer
  e2scrub_reap.service fstrim.timer getty@tty1.service serial-getty@ttyS0.service
  getty-static.service)
# NetworkManager's postinst enables it (and, through Also=, its wait-online and dispatcher units):
# disabled here, so it neither starts at boot nor takes eth1/eth2 (its "Wired connection" DHCP
# profiles) nor delays network-online.target; a scenario starts it itself. Disabled rather than
# masked, so `systemctl start NetworkManager` works as on any host where it is installed but off.
# netplan needs nothing: with no /etc/netplan/*.yaml its systemd generator writes nothing.
INERT_UNITS=(NetworkManager.service NetworkManager-wait-online.service)
# Sparse: unused space costs nothing. ~0.85 GB is used with NetworkManager and netplan's python3.
IMAGE_SIZE=1536M

log() { printf '[lab-image] %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---- mmdebstrap hooks (run by mmdebstrap with the chroot directory as $1) ----------------------
hook_essential() {
  local root=$1
  # Written before the kernel package runs update-initramfs, so the initrd is built once, small.
  mkdir -p "$root/etc/initramfs-tools/conf.d" "$root/etc/initramfs-tools/hooks"
  echo 'MODULES=list' > "$root/etc/initramfs-tools/conf.d/lab-modules.conf"
  {
    echo '#!/bin/sh'
    echo 'case "$1" in prereqs) echo ""; exit 0;; esac'
    echo '. /usr/share/initramfs-tools/hook-functions'
    for m in "${INITRD_MODULES[@]}"; do echo "force_load $m"; done
  } > "$root/etc/initramfs-tools/hooks/lab-modules"
  chmod 755 "$root/etc/initramfs-tools/hooks/lab-modules"
}

hook_customize() {
  local root=$1
  # ifenslave goes into a local repo only: tests install it offline, the image does not have it.
  mkdir -p "$root/srv/localrepo"
  (cd "$root/srv/localrepo" && APT_CONFIG="$MMDEBSTRAP_APT_CONFIG" apt-get download -q ifenslave >&2)
  (cd "$root/srv/localrepo" && apt-ftparchive packages . > Packages && apt-ftparchive release . > Release)
  rm -f "$root/etc/apt/sources.list" "$root"/etc/apt/sources.list.d/*
  echo 'deb [trusted=yes] file:/srv/localrepo ./' > "$root/etc/apt/sources.list"
  find "$root/var/lib/apt/lists" -maxdepth 1 -type f ! -name lock -delete
  chroot "$root" apt-get update -q >&2

  echo lab > "$root/etc/hostname"
  printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
  rm -f "$root/etc/resolv.conf"
  echo '/dev/vda / ext4 rw,errors=remount-ro 0 1' > "$root/etc/fstab"
  # Empty machine-id: every VM gets its own at boot (firstboot is masked so nothing prompts).
  : > "$root/etc/machine-id"
  rm -f "$root/var/lib/dbus/machine-id"
  cat > "$root/etc/network/interfaces" <<'IFACES'
# Management NIC only; bond NICs are left to the tests. Static, on qemu user-net's fixed
# 10.0.2.0/24 and WITHOUT a default route: SSH replies go to 10.0.2.2 on-link, and a bond's
# `gateway` (the seed's host has one) can then become the default route.
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback

auto eth0
iface eth0 inet static
    address 10.0.2.15/24
IFACES
  mkdir -p "$root/etc/systemd/journald.conf.d"
  printf '[Journal]\nStorage=volatile\n' > "$root/etc/systemd/journald.conf.d/lab-volatile.conf"
  systemctl --root="$root" mask "${MASKED_UNITS[@]}" >&2
  systemctl --root="$root" disable "${INERT_UNITS[@]}" >&2
  # The dispatcher is only ever started by a running NetworkManager (D-Bus activation through
  # this alias, which disabling NetworkManager.service removed through its Also=): back as
  # Debian has it, so a started NetworkManager runs its dispatcher scripts as on a real host.
  systemctl --root="$root" enable NetworkManager-dispatcher.service >&2

  install -m 755 "$GUEST/lab-nic-names" "$GUEST/lab-net-report" "$root/usr/local/sbin/"
  install -m 644 "$GUEST/lab-nic-names.service" "$GUEST/lab-net-report.service" "$root/etc/systemd/system/"
  systemctl --root="$root" enable lab-nic-names.service lab-net-report.service >&2
  local nic_modules
  nic_modules=$(chroot "$root" sh -c 'lsinitramfs /boot/initrd.img-*' | grep -E '/drivers/net/.*\.ko' || true)
  if [[ -n $nic_modules ]]; then
    log "the initramfs holds NIC drivers, so names would again depend on probe order:"; log "$nic_modules"; exit 1
  fi

  rm -f "$root"/etc/ssh/ssh_host_*
  install -m 600 "$LAB_BUILD_DIR/ssh_host_ed25519_key" "$root/etc/ssh/ssh_host_ed25519_key"
  install -m 644 "$LAB_BUILD_DIR/ssh_host_ed25519_key.pub" "$root/etc/ssh/ssh_host_ed25519_key.pub"
  printf 'HostKey /etc/ssh/ssh_host_ed25519_key\nPasswordAuthentication no\nUseDNS no\n' \
    > "$root/etc/ssh/sshd_config.d/lab.conf"
  # pam_motd runs /etc/update-motd.d on every SSH session, shown or not: 0.3 s of emulated CPU
  # of the 0.9 s a connection costs under TCG. Nothing in the lab reads a motd.
  sed -i 's/^session[[:space:]].*pam_motd\.so/# lab: &/' "$root/etc/pam.d/sshd"
  install -d -m 700 "$root/root/.ssh"
  install -m 600 "$LAB_BUILD_DIR/authorized_keys" "$root/root/.ssh/authorized_keys"
}

# ---- the Debian mirror this machine uses -------------------------------------------------------
# Prints one-line "deb URI SUITE main" entries for the Debian suites in the host's apt sources
# (one-line and deb822 formats), so the build uses whatever mirror/proxy the machine is set up for.
host_debian_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    awk -v s="$SUITE" '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
      if ($(i+1) ~ "^" s "(-updates|-security)?$") print "deb", $i, $(i+1), "main" }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk -v s="$SUITE" 'function flush() { if (types ~ /(^| )deb( |$)/) { n = split(uris, u, " ");
        m = split(suites, x, " "); for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
          if (x[j] ~ "^" s "(-updates|-security)?$") print "deb", u[i], x[j], "main" }
        types = uris = suites = "" }
      /^[ \t]*$/ { flush(); next } /^#/ { next }
      /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 } /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
      /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 } END { flush() }' "$f"
  done
}

# ---- main ---------------------------------------------------------------------------------------
build() {
  local dir=$1 tmp=$2 t0 t rootdir sources
  t0=$(now)
  mkdir -p "$tmp"
  export LAB_BUILD_DIR=$tmp
  ssh-keygen -q -t ed25519 -N '' -C lab-host-key -f "$tmp/ssh_host_ed25519_key"
  cp "$CACHE/id_ed25519.pub" "$tmp/authorized_keys"
  sources=$tmp/sources.list
  if [[ -n ${LAB_APT_SOURCES:-} ]]; then cp "$LAB_APT_SOURCES" "$sources"; else host_debian_sources | sort -u > "$sources"; fi
  [[ -s $sources ]] || { log "no Debian $SUITE apt source found in /etc/apt/sources.list*"; exit 1; }
  rootdir=$tmp/root
  t=$(now)
  local include; include=$(IFS=,; echo "${PACKAGES[*]}")
  mmdebstrap --variant=minbase --include="$include" --skip=cleanup/apt/lists \
    --essential-hook="\"$SELF\" __hook-essential \"\$1\"" \
    --customize-hook="\"$SELF\" __hook-customize \"\$1\"" \
    "$SUITE" "$rootdir" "$sources" > "$tmp/mmdebstrap.log" 2>&1 \
    || { mkdir -p "$CACHE/logs"; cp "$tmp/mmdebstrap.log" "$CACHE/logs/mmdebstrap-failed.log"
         tail -n 40 "$tmp/mmdebstrap.log" >&2; log "mmdebstrap failed (log: $CACHE/logs/mmdebstrap-failed.log)"; exit 1; }
  log "mmdebstrap: $(elapsed "$t") s"
  t=$(now)
  cp -L "$rootdir/vmlinuz" "$tmp/vmlinuz"
  cp -L "$rootdir/initrd.img" "$tmp/initrd.img"
  rm -f "$tmp/rootfs.raw"
  truncate -s "$IMAGE_SIZE" "$tmp/rootfs.raw"
  mke2fs -q -t ext4 -L labroot -d "$rootdir" "$tmp/rootfs.raw"
  log "mke2fs + kernel extraction: $(elapsed "$t") s"
  rm -rf --one-file-system "$rootdir" "$tmp/ssh_host_ed25519_key" "$tmp/sources.list"
  date -u +%FT%TZ > "$tmp/READY"
  rm -rf "$dir"
  mv "$tmp" "$dir"
  # Older recipes' images are dead weight (~700 MB each); a VM still running from one keeps its
  # open file until it stops.
  find "$CACHE/images" -mindepth 1 -maxdepth 1 -type d ! -name "$(basename "$dir")" ! -name '.build-*' \
    -exec rm -rf {} + -exec echo "[lab-image] pruned old image {}" \; >&2
  log "image built in $(elapsed "$t0") s: $dir ($(du -sh "$dir/rootfs.raw" | cut -f1) used of $IMAGE_SIZE)"
}

main() {
  local force=0
  [[ ${1:-} == --force ]] && force=1
  [[ $(id -u) -eq 0 ]] || { log "must run as root (mmdebstrap root mode, chroot)"; exit 1; }
  local hash dir tmp t0
  t0=$(now)
  hash=$( { cat "$SELF" "$GUEST"/*; printf '%s\n' "${PACKAGES[@]}"; } | sha256sum | cut -c1-16)
  dir=$CACHE/images/$hash
  mkdir -p "$CACHE/images"
  # One builder at a time (VMs started in parallel all call this): a second caller waits, then
  # reuses the key and the fresh image. The key is made under the lock too, or two callers race.
  exec 9> "$CACHE/images/.lock"
  flock 9
  if [[ ! -f $CACHE/id_ed25519 ]]; then
    ssh-keygen -q -t ed25519 -N '' -C tsprov-lab -f "$CACHE/id_ed25519" </dev/null
    log "generated lab SSH key $CACHE/id_ed25519"
  fi
  chmod 600 "$CACHE/id_ed25519"
  if [[ $force -eq 0 && -f $dir/READY ]] && cmp -s "$dir/authorized_keys" "$CACHE/id_ed25519.pub"; then
    log "reusing cached image $dir ($(elapsed "$t0") s)"
  else
    log "building image $hash (recipe changed, key changed, --force, or first run)"
    tmp=$CACHE/images/.build-$hash-$$
    # --one-file-system: never descend into mounts mmdebstrap might leave behind after a failure.
    trap 'rm -rf --one-file-system "$tmp"' EXIT
    build "$dir" "$tmp"
    trap - EXIT
  fi
  echo "IMAGE_DIR=$dir"
}

case "${1:-}" in
  __hook-essential) hook_essential "$2" ;;
  __hook-customize) hook_customize "$2" ;;
  *) main "$@" ;;
esac
