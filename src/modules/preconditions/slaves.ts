import type { Bond } from '../../config/bond-model.ts';
import type { HostFacts, NicFacts } from '../../facts/types.ts';
import type { Precondition } from './types.ts';

function available(facts: HostFacts, bonds: Bond[]): string {
  const bondNames = new Set(bonds.map((b) => b.name));
  const names = facts.nics.filter((n) => n.kind !== 'loopback' && !bondNames.has(n.name)).map((n) => n.name);
  return names.length ? names.join(', ') : '(none)';
}

/** Every declared slave exists, and is free or already enslaved to its own bond. */
export function checkSlaves(facts: HostFacts, bonds: Bond[]): Precondition[] {
  const out: Precondition[] = [];
  for (const bond of bonds) {
    for (const slave of bond.slaves) {
      const nic = facts.nics.find((n) => n.name === slave);
      if (!nic) {
        out.push({
          id: `slave.exists:${slave}`,
          verdict: 'fail',
          message: `${bond.name}: slave ${slave} does not exist on this host`,
          evidence: `/sys/class/net has: ${available(facts, bonds)}`,
          fix: `fix the slave list of ${bond.name} (interface names as shown by \`ip link\`)`,
        });
        continue;
      }
      out.push({ id: `slave.exists:${slave}`, verdict: 'ok', message: `${bond.name}: slave ${slave} exists`, evidence: describe(nic) });
      out.push(checkMaster(bond, nic));
      out.push(checkLinkDetection(bond, nic));
    }
  }
  return out;
}

function describe(n: NicFacts): string {
  return `${n.name}: ${n.kind}, driver ${n.driver ?? 'unknown'}, mac ${n.mac ?? '?'}, operstate ${n.operstate}`;
}

function checkMaster(bond: Bond, nic: NicFacts): Precondition {
  const id = `slave.free:${nic.name}`;
  if (nic.master === null) return { id, verdict: 'ok', message: `${nic.name} is not enslaved`, evidence: `/sys/class/net/${nic.name}/master absent` };
  if (nic.master === bond.name) {
    return { id, verdict: 'ok', message: `${nic.name} is already a slave of ${bond.name} (converged)`, evidence: `/sys/class/net/${nic.name}/master -> ${nic.master}` };
  }
  return {
    id,
    verdict: 'fail',
    message: `${nic.name} is already enslaved to ${nic.master}, not ${bond.name}`,
    evidence: `/sys/class/net/${nic.name}/master -> ${nic.master}`,
    fix: `release ${nic.name} from ${nic.master} first (remove it from that ${nic.master} configuration), or pick another slave`,
  };
}

/** bonding's miimon needs a readable link state: carrier, or mii-tool/ethtool answering. */
function checkLinkDetection(bond: Bond, nic: NicFacts): Precondition {
  const id = `link.detect:${nic.name}`;
  const sources = [
    nic.carrier !== null ? `carrier=${nic.carrier ? 1 : 0}` : null,
    nic.miiTool.link !== null ? `mii-tool: ${nic.miiTool.detail}` : null,
    nic.ethtool.link !== null ? `ethtool: link detected ${nic.ethtool.link ? 'yes' : 'no'}` : null,
  ].filter((s): s is string => s !== null);
  const evidence = sources.length ? sources.join('; ') : `carrier unreadable (operstate ${nic.operstate}); mii-tool: ${nic.miiTool.detail}; ethtool: ${nic.ethtool.detail}`;
  const linkUp = nic.carrier === true || nic.miiTool.link === true || nic.ethtool.link === true;
  const linkDown = nic.carrier === false || nic.miiTool.link === false;
  if (linkUp) return { id, verdict: 'ok', message: `${nic.name}: link state readable, link up`, evidence };
  if (linkDown) {
    return {
      id,
      verdict: 'warn',
      message: `${nic.name}: no link now; ${bond.name} will start degraded on this slave`,
      evidence,
      fix: `check the cable/switch port of ${nic.name}`,
    };
  }
  return {
    id,
    verdict: 'warn',
    message: `${nic.name}: link state cannot be read while the interface is down; miimon will use carrier once enslaved`,
    evidence,
    fix: 'nothing to do if the driver reports carrier (most do); verify after apply',
  };
}

/** A bond without miimon or arp_interval never notices a dead slave. */
export function checkLinkMonitoring(bonds: Bond[]): Precondition[] {
  return bonds.map((b) => {
    const id = `bond.link-monitor:${b.name}`;
    const mii = b.options.miimon ?? 0;
    const arp = b.options.arp_interval ?? 0;
    if (mii > 0 || arp > 0) {
      return { id, verdict: 'ok', message: `${b.name}: link monitoring configured`, evidence: mii > 0 ? `miimon=${mii}` : `arp_interval=${arp}` };
    }
    return {
      id,
      verdict: 'warn',
      message: `${b.name}: neither miimon nor arp_interval is declared: unless the kernel defaults one, a failed slave is not detected`,
      evidence: `declared options: ${Object.keys(b.options).join(', ') || '(none)'}`,
      fix: `set options.miimon: 100 on ${b.name}`,
    };
  });
}
