// Boots the two-VM lab of inventories/lab.yml and keeps it up until `quit` or Ctrl-C.
//   node --import tsx lab/up.ts [--model e1000|virtio-net-pci|i82559er] [--base 22200]
// Commands on stdin: `unplug nic1` / `plug nic1` (both ends of that cable),
// `link lab1 nic1 off|on` (one end only), `ssh lab1 CMD…`, `quit`.
import { createInterface } from 'node:readline';
import { labPairSpecs, setCable, withLab, type NicModel, type Vm } from './vm.ts';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function handle(line: string, byName: Map<string, Vm>, a: Vm, b: Vm): Promise<boolean> {
  const [cmd, ...rest] = line.trim().split(/\s+/);
  if (cmd === 'quit' || cmd === 'exit') return false;
  if ((cmd === 'unplug' || cmd === 'plug') && rest[0]) {
    await setCable(a, b, rest[0], cmd === 'plug');
  } else if (cmd === 'link' && rest.length === 3 && byName.has(rest[0]!)) {
    await byName.get(rest[0]!)!.setLink(rest[1]!, rest[2] === 'on');
  } else if (cmd === 'ssh' && byName.has(rest[0] ?? '')) {
    const r = await byName.get(rest[0]!)!.exec(rest.slice(1).join(' '));
    process.stdout.write(r.stdout + r.stderr + `[exit ${r.exitCode}]\n`);
  } else if (cmd) {
    console.log('commands: unplug NIC | plug NIC | link VM NIC on|off | ssh VM CMD | quit');
  }
  return true;
}

const base = Number(flag('--base') ?? 22200);
const model = (flag('--model') ?? 'e1000') as NicModel;
await withLab(labPairSpecs(base, model), async ([a, b]) => {
  if (!a || !b) throw new Error('lab did not start');
  for (const vm of [a, b]) {
    console.log(`${vm.name}: ssh -i ${vm.keyPath} -o UserKnownHostsFile=${vm.knownHostsPath} ` +
      `-p ${vm.sshPort} root@127.0.0.1   (${vm.restored ? 'restored' : 'booted'} in ${(vm.bootMs / 1000).toFixed(1)} s, ` +
      `serial log ${vm.serialLogPath})`);
  }
  const byName = new Map([a, b].map((vm) => [vm.name, vm]));
  const rl = createInterface({ input: process.stdin, prompt: 'lab> ' });
  rl.prompt();
  for await (const line of rl) {
    try {
      if (!(await handle(line, byName, a, b))) break;
    } catch (err) {
      console.error(String(err));
    }
    rl.prompt();
  }
  rl.close();
  console.log('stopping the lab…');
});
