#!/bin/sh
# Re-captures expected.json for every case with the ansible-inventory on this machine (Debian
# bookworm's ansible-core 2.14). Only for maintainers: CI reads the committed captures and never
# needs Ansible. Usage: sh test/golden/ansible-inventory/capture.sh [case ...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
version=$(ansible-inventory --version | head -1)
cd "$here"
mkdir -p "$here/.home"
cases=${*:-$(ls -d */ | tr -d /)}
for c in $cases; do
  (
    cd "$c"
    set --
    while IFS= read -r a; do set -- "$@" -i "$a"; done < args
    # No ansible.cfg may change what is read: an empty one, and no environment overrides.
    : > "$here/.home/ansible.cfg"
    env -i PATH=/usr/bin:/bin HOME="$here/.home" ANSIBLE_CONFIG="$here/.home/ansible.cfg" ansible-inventory "$@" --list > expected.json
    shown=""
    for x in "$@"; do case $x in -i) shown="$shown -i";; *) shown="$shown '$x'";; esac; done
    cat > README.md <<MD
# $c

Captured with \`$version\` (Debian bookworm's ansible-core package) by ../capture.sh, in
this folder, with a clean environment and an empty ansible.cfg:

\`\`\`sh
: > /tmp/empty.cfg
env -i PATH=/usr/bin:/bin HOME=/tmp ANSIBLE_CONFIG=/tmp/empty.cfg ansible-inventory$shown --list > expected.json
\`\`\`

\`args\` holds the \`-i\` arguments, one per line; test/unit/inventory/golden-ansible.test.ts runs
\`tsprov inventory\` with the same ones and compares host by host.
MD
  )
done
rm -rf "$here/.home"
