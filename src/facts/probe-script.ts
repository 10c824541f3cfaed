/**
 * The fact probe: one POSIX sh script, run in ONE exec, that prints every fact tsprov needs.
 *
 * Rules it keeps (tested): runs under dash and busybox sh; no bash-isms, no Python; read-only —
 * it creates no file, not even a temp file (pipes and command substitution only); every command
 * is guarded, stderr is discarded (except for mii-tool/ethtool, whose error text IS the fact);
 * it always exits 0. A missing tool or file is reported as data.
 *
 * Wire format (protocol PROBE_VERSION), one marker per line:
 *   @@tsprov@@ probe <version>
 *   @@tsprov@@ begin <section> <enc> <arg...>   enc: b64 (base64) | hex (od -tx1) | raw | -
 *   <payload lines>                             the producer's stdout, encoded
 *   @@tsprov@@ end <section> <rc>               rc: exit status, or "absent"/"unreadable"
 *   @@tsprov@@ done
 * The payload is every line between begin and end joined with "\n" (the script prints one extra
 * newline before each end marker, so content without a final newline still ends its own line).
 * Encoding every payload makes markers unambiguous whatever a config file contains; raw is a last
 * resort when neither base64 nor od exists.
 */
import type { ShellText } from '../core/quote.ts';

export const PROBE_VERSION = 1;
export const PROBE_MARKER = '@@tsprov@@';

/** Packages asked of dpkg-query (Debian names) and rpm (RHEL names). */
const DPKG_PACKAGES = 'ifenslave ifupdown ifupdown2 netplan.io systemd network-manager iproute2 ethtool net-tools';
const RPM_PACKAGES = 'NetworkManager systemd systemd-networkd network-scripts iproute ethtool net-tools';

export const PROBE_SCRIPT: ShellText = `# tsprov fact probe, protocol ${PROBE_VERSION}. Read-only: writes nothing but stdout.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
LC_ALL=C
export PATH LC_ALL
M='${PROBE_MARKER}'
echo "$M probe ${PROBE_VERSION}"
if command -v base64 >/dev/null 2>&1; then E=b64
elif command -v od >/dev/null 2>&1; then E=hex
else E=raw
fi
tsp_enc() {
  case $E in
    b64) base64 ;;
    hex) od -An -v -tx1 ;;
    *) cat ;;
  esac
}
tsp_has() { command -v "$1" >/dev/null 2>&1; }
# tsp_emit NAME ARG ERR CMD...: CMD's output encoded; ERR=keep merges stderr into it.
# The fd 3/4 dance keeps CMD's exit status across the pipe without pipefail or a temp file.
tsp_emit() {
  n=$1; a=$2; x=$3; shift 3
  echo "$M begin $n $E $a"
  { rc=$( { { if [ "$x" = keep ]; then "$@" 2>&1; else "$@" 2>/dev/null; fi 3>&- 4>&-; echo $? >&3; } | tsp_enc >&4; } 3>&1 ); } 4>&1
  echo
  echo "$M end $n $rc"
}
tsp_run() { n=$1; a=$2; shift 2; tsp_emit "$n" "$a" drop "$@"; }
tsp_file() {
  # A newline in a file name would break the line-based wire format: such files are skipped.
  case $2 in *'
'*) return 0 ;; esac
  if [ ! -e "$2" ]; then echo "$M begin $1 - $2"; echo "$M end $1 absent"
  elif [ ! -r "$2" ]; then echo "$M begin $1 - $2"; echo "$M end $1 unreadable"
  else tsp_run "$1" "$2" cat -- "$2"
  fi
}
tsp_files() { for f in "$@"; do [ -f "$f" ] && tsp_file file "$f"; done; }
tsp_yn() { if "$@"; then echo yes; else echo no; fi; }

r=$(uname -r 2>/dev/null)
tsp_run uname - uname -r

K='^(# )?CONFIG_(BONDING|MII)[= ]'
tsp_zgrep() { if tsp_has zcat; then zcat /proc/config.gz; else gzip -dc /proc/config.gz; fi | grep -E "$K"; }
if [ -n "$r" ] && [ -r "/boot/config-$r" ]; then
  tsp_run kconfig "boot-config /boot/config-$r" grep -E "$K" "/boot/config-$r"
elif [ -r /proc/config.gz ]; then
  tsp_run kconfig "proc-config.gz /proc/config.gz" tsp_zgrep
elif [ -n "$r" ] && [ -r "/lib/modules/$r/modules.builtin" ]; then
  tsp_run kconfig "modules.builtin /lib/modules/$r/modules.builtin" grep -E '/(bonding|mii)[.]ko' "/lib/modules/$r/modules.builtin"
else
  echo "$M begin kconfig - none"; echo "$M end kconfig absent"
fi
if [ -n "$r" ] && [ -r "/lib/modules/$r/modules.builtin" ]; then
  tsp_run builtin "/lib/modules/$r/modules.builtin" grep -E '/bonding[.]ko' "/lib/modules/$r/modules.builtin"
fi
if tsp_has modinfo; then
  tsp_run modinfo bonding modinfo -F filename bonding
elif [ -n "$r" ] && [ -d "/lib/modules/$r" ]; then
  tsp_run modfind "/lib/modules/$r" find "/lib/modules/$r" -name 'bonding.ko*'
fi

tsp_status() {
  echo "bonding_loaded=$(tsp_yn [ -d /sys/module/bonding ])"
  echo "modutils=$(tsp_yn [ -d /etc/modutils ])"
  p1=; read -r p1 2>/dev/null </proc/1/comm; echo "pid1=$p1"
  echo "run_systemd=$(tsp_yn [ -d /run/systemd/system ])"
  for c in ifenslave ifup ip mii-tool ethtool update-modules systemd-run apt-get dnf modprobe modinfo dpkg-query rpm base64 od; do
    echo "cmd $c=$(tsp_yn tsp_has "$c")"
  done
  w=/etc/systemd/system/multi-user.target.wants
  for u in NetworkManager systemd-networkd networking network; do
    echo "unit_enabled $u=$(tsp_yn [ -e "$w/$u.service" ])"
  done
  echo "nm_running=$(tsp_yn [ -d /run/NetworkManager ])"
  echo "networkd_running=$(tsp_yn [ -e /run/systemd/netif/state ])"
  echo "encoding=$E"
}
tsp_run status - tsp_status

tsp_nics() {
  for d in /sys/class/net/*; do
    # Interfaces are directories; the bonding driver adds the file bonding_masters here.
    [ -d "$d" ] || continue
    n=\${d##*/}
    echo "nic $n"
    for k in address operstate carrier speed duplex mtu type; do
      v=; read -r v 2>/dev/null <"$d/$k"; echo "attr $n $k $v"
    done
    [ -L "$d/master" ] && echo "attr $n master $(readlink "$d/master" 2>/dev/null)"
    [ -L "$d/device/driver" ] && echo "attr $n driver $(readlink "$d/device/driver" 2>/dev/null)"
    [ -e "$d/device" ] && echo "attr $n device yes"
    [ -d "$d/bonding" ] && echo "attr $n bonding yes"
    [ -d "$d/bridge" ] && echo "attr $n bridge yes"
    if [ -r "$d/uevent" ]; then
      while read -r l; do
        case $l in DEVTYPE=*) echo "attr $n devtype \${l#DEVTYPE=}" ;; esac
      done <"$d/uevent"
    fi
  done
}
tsp_run nics - tsp_nics
tsp_has ip && tsp_run iplink - ip -o -d link show
for d in /sys/class/net/*; do
  n=\${d##*/}
  # Only hardware NICs: tools cannot say more than carrier about veth/bond/bridge, and a
  # container host may have hundreds of those.
  [ -e "$d/device" ] || continue
  # Linux allows a NIC named "-a", and ethtool parses its own argv (no "--" promised): skip such a NIC.
  case $n in -*) continue ;; esac
  tsp_has mii-tool && tsp_emit miitool "$n" keep mii-tool "$n"
  tsp_has ethtool && tsp_emit ethtool "$n" keep ethtool "$n"
done
for f in /proc/net/bonding/*; do [ -f "$f" ] && tsp_file bonding "$f"; done

if [ -e /etc/os-release ]; then tsp_file osrelease /etc/os-release; else tsp_file osrelease /usr/lib/os-release; fi
tsp_has dpkg-query && tsp_run dpkg - dpkg-query -W -f '\${Package}\\t\${Status}\\t\${Version}\\n' -- ${DPKG_PACKAGES}
tsp_has rpm && tsp_run rpm - rpm -q --qf '%{NAME}\\t%{VERSION}-%{RELEASE}\\n' -- ${RPM_PACKAGES}

for f in /etc/network/interfaces /etc/modules /etc/modutils/aliases /etc/modutils/actions; do tsp_file file "$f"; done
tsp_files /etc/network/interfaces.d/* /etc/modprobe.d/* /etc/netplan/*.yaml /etc/systemd/network/*
tsp_files /etc/sysconfig/network-scripts/ifcfg-*
for d in /run/modprobe.d /usr/local/lib/modprobe.d /lib/modprobe.d /usr/lib/modprobe.d; do
  tsp_files "$d"/*.conf "$d"/*.alias
done
# NetworkManager keyfiles may hold Wi-Fi or VPN secrets: only bond-related ones are read.
for f in /etc/NetworkManager/system-connections/*; do
  [ -f "$f" ] || continue
  case \${f##*/} in tsprov-*) tsp_file file "$f"; continue ;; esac
  grep -qE '^(type=bond|master=|controller=|slave-type=bond|port-type=bond)' "$f" 2>/dev/null && tsp_file file "$f"
done
tsp_file cmdline /proc/cmdline

tsp_mgmt() {
  s=\${SSH_CONNECTION:-}
  p=$PPID; i=0
  # sudo resets the environment: the SSH session's variables live on in an ancestor.
  while [ -z "$s" ] && [ "$i" -lt 5 ] && [ -r "/proc/$p/environ" ]; do
    s=$(tr '\\000' '\\n' <"/proc/$p/environ" 2>/dev/null | sed -n 's/^SSH_CONNECTION=//p')
    q=
    while read -r k v; do [ "$k" = PPid: ] && q=$v; done <"/proc/$p/status"
    [ -n "$q" ] && [ "$q" != 0 ] || break
    p=$q; i=$((i + 1))
  done
  echo "ssh_connection=$s"
  set -- $s
  case \${1:-} in ''|*[!0-9A-Fa-f.:]*) return 0 ;; esac
  tsp_has ip && ip route get "$1" 2>/dev/null
  return 0
}
tsp_run mgmt - tsp_mgmt
echo "$M done"
exit 0
`;
