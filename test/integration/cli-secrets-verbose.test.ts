import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { assertHarnessAvailable, skipUnlessCi } from '../harness/availability.ts';
import { mustRun } from '../harness/proc.ts';
import { startTestHost, type TestHost } from '../harness/test-host.ts';
import { tsprov, type CliResult } from './support/fleet.ts';

/*
 * Issue 11: "A run with a sudo password, a key passphrase and a secret var, at every verbosity
 * and in every report format: none of them appears in any output, file or error."
 * A real sshd test host whose test user needs its sudo password; the login key is an encrypted
 * copy of the harness key (ssh-keygen -p -N); two secret vars (one secret by its name, one by
 * `secret_vars`) go into a template and a command. check and a real apply (sudo with the
 * password, over stdin), at -v0 … -vvvv, with the text output in plain, quiet and live views
 * and the JSON and Markdown reports to files and to stdout, facts in text and JSON, and the
 * failure paths (wrong sudo password, wrong passphrase). Every stdout, stderr and every file
 * left under the run's HOME, TMPDIR and report directory is searched for every secret.
 */
const tag = randomBytes(4).toString('hex');
const PASSPHRASE = `Key-Passphr4se-${tag}`;
const DB_PASSWORD = `Db-Pa55word-${tag}`;
const VAULT_BLOB = `V4ult-Bl0b-${tag}`;
const WRONG_SUDO = `Wr0ng-Sud0-${tag}`;
const WRONG_PASSPHRASE = `Wr0ng-Passphr4se-${tag}`;
const LEVELS = ['', '-v', '-vv', '-vvv', '-vvvv'] as const;
const CONF = '/etc/tsprov-app.conf';
const OLD_CONF = 'password=old-value-0\nround=0\n';

describe('secrets never shown at any verbosity, in any report, on a real sshd host with sudo password and encrypted key', { skip: skipUnlessCi() }, () => {
  let host: TestHost;
  let dir: string;
  let out: string;
  let inv: string;
  let book: string;
  let sudoPassword: string;
  const outputs: Array<[string, string]> = [];
  const secrets = (): string[] => [sudoPassword, PASSPHRASE, DB_PASSWORD, VAULT_BLOB, WRONG_SUDO, WRONG_PASSPHRASE];

  const env = (over: Record<string, string> = {}): Record<string, string> => ({
    HOME: join(out, 'home'), TMPDIR: join(out, 'tmp'), SSH_AUTH_SOCK: '',
    TSPROV_SSH_PASSPHRASE: PASSPHRASE, TSPROV_TEST_SUDO_PW: sudoPassword, ...over,
  });
  const cli = async (what: string, args: string[], over: Record<string, string> = {}): Promise<CliResult> => {
    const r = await tsprov(args, env(over));
    outputs.push([`${what} stdout`, r.out], [`${what} stderr`, r.err]);
    return r;
  };
  const report = (name: string): string => join(out, 'reports', name);

  before(async () => {
    assertHarnessAvailable();
    host = await startTestHost({ sudo: 'password', files: { [CONF]: OLD_CONF } });
    sudoPassword = host.sudoPassword;
    dir = mkdtempSync(join(tmpdir(), 'tsprov-secrets-v-'));
    out = join(dir, 'out');
    for (const d of ['home', 'tmp', 'reports']) mkdirSync(join(out, d), { recursive: true });
    const input = join(dir, 'in');
    mkdirSync(input);
    // The harness key, re-encrypted with a passphrase: same public half, so sshd accepts it.
    const key = join(input, 'id_encrypted');
    copyFileSync(host.clientKeyPath, key);
    chmodSync(key, 0o600);
    // 4 KDF rounds instead of 16: still bcrypt-pbkdf, a quarter of the ~0.5 s each CLI run pays.
    await mustRun('ssh-keygen', ['-q', '-p', '-a', '4', '-P', '', '-N', PASSPHRASE, '-f', key]);
    assert.match(readFileSync(key, 'utf8'), /BEGIN OPENSSH PRIVATE KEY/);
    inv = join(input, 'inventory.yml');
    writeFileSync(inv, stringify({
      all: {
        vars: { secret_vars: ['vault_blob'] },
        hosts: {
          h1: {
            address: host.address, port: host.port, user: host.testUser, identity_file: key, known_hosts_file: host.knownHostsPath,
            become: true, become_password_env: 'TSPROV_TEST_SUDO_PW', db_password: DB_PASSWORD, vault_blob: VAULT_BLOB,
          },
        },
      },
    }));
    book = join(input, 'play.yml');
    writeFileSync(book, [
      '- hosts: all',
      '  tasks:',
      '    - name: app config',
      '      template:',
      `        dest: ${CONF}`,
      '        template: "password={{ db_password }}\\nround=1\\n"',
      '        mode: "0600"',
      '    - name: use the blob',
      '      command:',
      '        cmd: "test -n {{ vault_blob }}"',
      '',
    ].join('\n'));
  });
  after(async () => {
    await host?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('check at every verbosity: plain text and reports to files, JSON and Markdown to stdout, live view', async () => {
    for (const [i, v] of LEVELS.entries()) {
      const flags = v ? [v] : [];
      const r = await cli(`check ${v || '-v0'}`, ['check', book, '-i', inv, ...flags, '-o', 'plain', '--report-json', report(`check${i}.json`), '--report-md', report(`check${i}.md`)]);
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.out, /^ *-\*{8} \(old content hidden: marked sensitive\)\n *\+\*{8} \(content hidden: marked sensitive\)$/m, 'the diff hides the templated secret');
      assert.equal(JSON.parse(readFileSync(report(`check${i}.json`), 'utf8')).hosts[0].tasks[0].changes[0].after, '********');
      // Verbose lines are on stderr, at their level only.
      assert.equal(/^\[h1\] TASK app config \(template\): changed$/m.test(r.err), i >= 1, `-v task result at ${v}:\n${r.err}`);
      assert.equal(/^\[h1\] CONNECTION ssh tsprovtest@.* become sudo to root \(password from \$\*{8}\)$/m.test(r.err), i >= 2, `-vv connection at ${v}:\n${r.err}`);
      assert.equal(/^\[h1\] ARGS use the blob \(command\): \{"cmd":\["test","-n","\*{8}"\]\}$/m.test(r.err), i >= 2, `-vv args at ${v}:\n${r.err}`);
      assert.equal(/^\[h1\] EXEC \(become\) sudo -S -p .* → exit 0 in \d+ ms$/m.test(r.err), i >= 3, `-vvv exec at ${v}:\n${r.err}`);
      assert.equal(/^\[h1\] DEBUG ssh tsprovtest@/m.test(r.err), i >= 4, `-vvvv debug at ${v}:\n${r.err}`);
      assert.ok(!/^\[h1\] /m.test(r.out), 'no verbose line on stdout');

      const json = await cli(`check json- ${v}`, ['check', book, '-i', inv, ...flags, '-o', 'quiet', '--report-json', '-']);
      assert.equal(json.code, 2, json.err);
      const body = JSON.parse(json.out); // stdout is the report alone
      assert.equal(body.schema, 'tsprov.report/v1');
      assert.equal(body.hosts[0].status, 'changed');
      const md = await cli(`check md- ${v}`, ['check', book, '-i', inv, ...flags, '-o', 'quiet', '--report-md', '-']);
      assert.equal(md.code, 2, md.err);
      assert.match(md.out, /app config/);
    }
    const live = await cli('check live -vvvv', ['check', book, '-i', inv, '-vvvv', '-o', 'live']);
    assert.equal(live.code, 2, live.err);
    assert.equal(await cat(host, CONF), OLD_CONF, 'check mode changed nothing');
  });

  it('a real apply at every verbosity (sudo password over stdin), with both reports', async () => {
    for (const [i, v] of LEVELS.entries()) {
      await host.execInHost(`printf '%s' '${OLD_CONF.replace(/\n/g, '\\n')}' > ${CONF}`);
      const r = await cli(`run ${v || '-v0'}`, ['run', book, '-i', inv, ...(v ? [v] : []), '-o', 'plain', '--report-json', report(`run${i}.json`), '--report-md', report(`run${i}.md`)]);
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.out, /h1\s+: ok=.*status=changed/);
      assert.equal(/^\[h1\] EXEC \(become\) sudo -S -p .*\\nsh -s' · stdin \d+ bytes → exit 0/m.test(r.err), i >= 3, `-vvv shows the apply exec at ${v}:\n${r.err}`);
    }
    // The secret really went to the host: what the outputs hide was used.
    assert.equal(await cat(host, CONF), `password=${DB_PASSWORD}\nround=1\n`);
    assert.equal((await host.execInHost(`stat -c %a ${CONF}`)).stdout.trim(), '600');
  });

  it('facts at every verbosity, text and JSON', async () => {
    for (const v of LEVELS) {
      const flags = v ? [v] : [];
      for (const json of [[], ['--json']]) {
        const r = await cli(`facts ${json.join('')} ${v}`, ['facts', '-i', inv, ...flags, ...json]);
        assert.equal(r.code, 0, r.out + r.err);
        if (json.length) assert.equal(JSON.parse(r.out).hosts.h1.status, 'ok');
      }
    }
  });

  it('failure paths: a wrong sudo password fails the host, a wrong passphrase makes it unreachable — at every verbosity', async () => {
    for (const v of LEVELS) {
      const flags = v ? [v] : [];
      const sudo = await cli(`check wrong sudo ${v}`, ['check', book, '-i', inv, ...flags, '--report-json', report('wrong-sudo.json'), '--report-md', report('wrong-sudo.md')], { TSPROV_TEST_SUDO_PW: WRONG_SUDO });
      assert.equal(sudo.code, 3, sudo.out + sudo.err);
      assert.match(sudo.out, /== h1: failed — no facts: fact probe exited 1: .*incorrect password attempt/);
      const key = await cli(`check wrong passphrase ${v}`, ['check', book, '-i', inv, ...flags, '--report-json', report('wrong-key.json')], { TSPROV_SSH_PASSPHRASE: WRONG_PASSPHRASE });
      assert.equal(key.code, 4, key.out + key.err);
      assert.match(key.out, /wrong passphrase for identity file/);
      outputs.push(['wrong sudo json', readFileSync(report('wrong-sudo.json'), 'utf8')], ['wrong key json', readFileSync(report('wrong-key.json'), 'utf8')]);
    }
    const run = await cli('run wrong sudo -vvvv', ['run', book, '-i', inv, '-vvvv', '--report-json', report('run-wrong-sudo.json')], { TSPROV_TEST_SUDO_PW: WRONG_SUDO });
    assert.equal(run.code, 3, run.out + run.err);
    const factsSudo = await cli('facts wrong sudo -vvvv', ['facts', '-i', inv, '-vvvv'], { TSPROV_TEST_SUDO_PW: WRONG_SUDO });
    assert.equal(factsSudo.code, 3, factsSudo.out + factsSudo.err);
    assert.match(factsSudo.out, /== h1: failed/);
    const facts = await cli('facts wrong passphrase -vvvv', ['facts', '-i', inv, '-vvvv', '--json'], { TSPROV_SSH_PASSPHRASE: WRONG_PASSPHRASE });
    assert.equal(facts.code, 4, facts.out + facts.err);
  });

  it('none of the outputs, and no file the runs left on the controller, holds a secret', () => {
    // check 5×3+1 runs, run 5, facts 5×2, failures 5×2 runs + 5×2 reports, then 3 runs: ×2 for stdout and stderr.
    assert.equal(outputs.length, 2 * (16 + 5 + 10 + 10 + 3) + 10, 'every run was recorded');
    for (const [where, text] of outputs) for (const s of secrets()) assert.ok(!text.includes(s), `${where} shows a secret (${s.slice(0, 4)}…):\n${text}`);
    const files = walk(out);
    assert.ok(files.filter((f) => f.startsWith(join(out, 'reports'))).length >= LEVELS.length * 4, 'the reports were written');
    for (const f of files) {
      const text = readFileSync(f, 'latin1');
      for (const s of secrets()) assert.ok(!text.includes(s), `${f} holds a secret (${s.slice(0, 4)}…)`);
    }
  });
});

async function cat(h: TestHost, path: string): Promise<string> {
  return (await h.execInHost(`cat ${path}`)).stdout;
}

function walk(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const p = join(root, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
