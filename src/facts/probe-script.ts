/**
 * The fact probe: one POSIX sh script, run in ONE exec, that prints every fact tsprov needs.
 *
 * Rules it keeps (tested): runs under dash and busybox sh; no bash-isms, no Python; read-only —
 * it creates no file, not even a temp file (pipes and command substitution only); every command
 * is guarded, stderr is discarded (except for mii-tool/ethtool, whose error text IS the fact);
 * it always exits 0. A missing tool or file is reported as data.
 *
 * Wire format (protocol PROBE_VERSION = 2):
 *   @@tsprov@@ probe 2 <enc> <nonce>            in clear, the first line; enc: b64 | hex | raw
 *   <the body, encoded as a whole by ONE base64 (or od) process>
 * The decoded body, one marker per line, the marker being `@@tsprov@@-<nonce>`:
 *   <marker> begin <section> raw <arg...>       or `- <arg>` for an absent/unreadable file
 *   <payload lines>                             the producer's stdout, as it is
 *   <marker> end <section> <rc>                 rc: exit status, or "absent"/"unreadable"
 *   <marker> done
 * The payload is every line between begin and end joined with "\n" (the script prints one extra
 * newline before each end marker, so content without a final newline still ends its own line).
 * Payloads are not encoded one by one: under emulation or on a busy host every process costs
 * tens of milliseconds, and protocol 1's encoder per section made up most of the probe's time
 * (5.4 s → about 1.5 s on a TCG guest). The nonce, random per controller process, keeps a file
 * that contains a marker-like line from faking a section: it cannot know the nonce in advance.
 * The parser still reads protocol 1 (per-section b64/hex) for captured fixtures.
 */
import { randomBytes } from 'node:crypto';
import type { ShellText } from '../core/quote.ts';

export const PROBE_VERSION = 2;
export const PROBE_MARKER = '@@tsprov@@';
/** Hex only, so it is shell-safe inside the constant script. */
export const PROBE_NONCE: ShellText = /* sh-safe: 16 hex digits from randomBytes */ randomBytes(8).toString('hex');

/** Packages asked of dpkg-query (Debian names) and rpm (RHEL names). */
const DPKG_PACKAGES = 'ifenslave ifupdown ifupdown2 netplan.io systemd network-manager iproute2 ethtool net-tools';
const RPM_PACKAGES = 'NetworkManager systemd systemd-networkd network-scripts iproute ethtool net-tools';

export const PROBE_SCRIPT: ShellText = `# tsprov fact probe, protocol ${PROBE_VERSION}. Read-only: writes nothing but stdout.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
LC_ALL=C
export PATH LC_ALL
# The encoder as a plain command, not a shell function: the pipeline's last element then is that
# program itself, one process (a function there costs a subshell and a process more).
if command -v base64 >/dev/null 2>&1; then E=b64 ENC=base64
elif command -v od >/dev/null 2>&1; then E=hex ENC='od -An -v -tx1'
else E=raw ENC=cat
fi
echo "${PROBE_MARKER} probe ${PROBE_VERSION} $E ${PROBE_NONCE}"
M='${PROBE_MARKER}-${PROBE_NONCE}'
_wd=$PWD
_nl='
'
{
tsp_has() { command -v "$1" >/dev/null 2>&1; }
# tsp_emit NAME ARG ERR CMD...: CMD's output as a section; ERR=keep merges stderr into it.
# CMD runs in this shell, not a subshell: a shell function (every file, the status and NIC
# sections) then costs no process, where a subshell forked one per section. So the functions
# run here keep to their own variable names (never _tsp_*), and none of them exits.
tsp_emit() {
  _tsp_n=$1; _tsp_a=$2; _tsp_x=$3; shift 3
  echo "$M begin $_tsp_n raw $_tsp_a"
  if [ "$_tsp_x" = keep ]; then { "$@"; } 2>&1; else { "$@"; } 2>/dev/null; fi
  _tsp_rc=$?
  echo
  echo "$M end $_tsp_n $_tsp_rc"
}
tsp_run() { _n=$1; _a=$2; shift 2; tsp_emit "$_n" "$_a" drop "$@"; }
tsp_file() {
  # A newline in a file name would break the line-based wire format: such files are skipped.
  case $2 in *'
'*) return 0 ;; esac
  if [ ! -e "$2" ]; then echo "$M begin $1 - $2"; echo "$M end $1 absent"
  elif [ ! -r "$2" ]; then echo "$M begin $1 - $2"; echo "$M end $1 unreadable"
  else tsp_run "$1" "$2" tsp_cat "$2"
  fi
}
# The shell's own read instead of one cat process per file (config files are small text; a
# final line without a newline is kept as it is).
tsp_cat() {
  _l=
  while IFS= read -r _l; do printf '%s\n' "$_l"; _l=; done <"$1"
  [ -z "$_l" ] || printf '%s' "$_l"
}
tsp_files() { for f in "$@"; do [ -f "$f" ] && tsp_file file "$f"; done; }
# tsp_yn KEY CMD...: "KEY=yes" or "KEY=no", without a subshell per flag.
tsp_yn() { _k=$1; shift; if "$@"; then echo "$_k=yes"; else echo "$_k=no"; fi; }

# What uname -r prints, without a process for it.
r=; read -r r 2>/dev/null </proc/sys/kernel/osrelease || r=$(uname -r 2>/dev/null)
tsp_uname() { [ -n "$r" ] && echo "$r"; }
tsp_run uname - tsp_uname

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
  tsp_yn bonding_loaded [ -d /sys/module/bonding ]
  tsp_yn modutils [ -d /etc/modutils ]
  p1=; read -r p1 2>/dev/null </proc/1/comm; echo "pid1=$p1"
  tsp_yn run_systemd [ -d /run/systemd/system ]
  for c in ifenslave ifup ip mii-tool ethtool update-modules systemd-run apt-get dnf modprobe modinfo dpkg-query rpm base64 od networkctl netplan nmcli; do
    tsp_yn "cmd $c" tsp_has "$c"
  done
  w=/etc/systemd/system/multi-user.target.wants
  for u in NetworkManager systemd-networkd networking network; do
    tsp_yn "unit_enabled $u" [ -e "$w/$u.service" ]
  done
  tsp_yn nm_running [ -d /run/NetworkManager ]
  tsp_yn networkd_running [ -e /run/systemd/netif/state ]
  echo "encoding=$E"
}
tsp_run status - tsp_status

# tsp_link LINK NIC KEY: where a sysfs link points, by cd -P and back: neither a readlink
# process nor a subshell per NIC. Nothing after it depends on the directory it returns to.
tsp_link() {
  cd -P -- "$1" 2>/dev/null && echo "attr $2 $3 $PWD"
  cd -- "$_wd" 2>/dev/null || cd /
}
tsp_nics() {
  for d in /sys/class/net/*; do
    # Interfaces are directories; the bonding driver adds the file bonding_masters here.
    [ -d "$d" ] || continue
    n=\${d##*/}
    echo "nic $n"
    for k in address operstate carrier speed duplex mtu type; do
      v=; read -r v 2>/dev/null <"$d/$k"; echo "attr $n $k $v"
    done
    [ -L "$d/master" ] && tsp_link "$d/master" "$n" master
    [ -L "$d/device/driver" ] && tsp_link "$d/device/driver" "$n" driver
    [ -e "$d/device" ] && echo "attr $n device yes"
    [ -d "$d/bonding" ] && echo "attr $n bonding yes"
    [ -d "$d/bridge" ] && echo "attr $n bridge yes"
    if [ -r "$d/uevent" ]; then
      while read -r l; do
        case $l in DEVTYPE=*) echo "attr $n devtype \${l#DEVTYPE=}" ;; esac
      done <"$d/uevent"
    fi
  done
  return 0
}
tsp_run nics - tsp_nics
tsp_has ip && tsp_run iplink - ip -o -d link show
tsp_has ip && tsp_run ipaddr - ip -o addr show
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
# netplan and networkd also read these, a same-named file masking by directory precedence
# (netplan's generated /run/systemd/network/10-netplan-* sorts before tsprov's 10-tsprov-*).
tsp_files /run/netplan/*.yaml /lib/netplan/*.yaml /run/systemd/network/* /usr/local/lib/systemd/network/* /usr/lib/systemd/network/*
tsp_files /etc/sysconfig/network-scripts/ifcfg-*
for d in /run/modprobe.d /usr/local/lib/modprobe.d /lib/modprobe.d /usr/lib/modprobe.d; do
  # With a merged /usr, /lib/modprobe.d IS /usr/lib/modprobe.d: read it once.
  [ "$d" = /usr/lib/modprobe.d ] && [ /lib/modprobe.d -ef /usr/lib/modprobe.d ] && continue
  tsp_files "$d"/*.conf "$d"/*.alias
done
# NetworkManager keyfiles may hold Wi-Fi or VPN secrets: only bond-related ones are read. One
# grep names them all (one per keyfile was a process each); names holding a newline are left
# out, so its one name per line is unambiguous (tsp_file would skip them anyway).
tsp_nm() {
  set --
  for f in /etc/NetworkManager/system-connections/*; do
    [ -f "$f" ] || continue
    case $f in *"$_nl"*) continue ;; esac
    set -- "$@" "$f"
  done
  [ $# -gt 0 ] || return 0
  _b=$(grep -lE '^(type=bond|master=|controller=|slave-type=bond|port-type=bond)' -- "$@" 2>/dev/null)
  for f in "$@"; do
    case \${f##*/} in tsprov-*) tsp_file file "$f"; continue ;; esac
    case "$_nl$_b$_nl" in *"$_nl$f$_nl"*) tsp_file file "$f" ;; esac
  done
}
tsp_nm
# Which NIC every other keyfile binds, without reading the rest of it (secrets): two backends
# configuring the same NIC is a precondition failure.
[ -d /etc/NetworkManager/system-connections ] && tsp_run nmiface - grep -sH -e '^interface-name=' -- /etc/NetworkManager/system-connections/*
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
} | $ENC
exit 0
`;
