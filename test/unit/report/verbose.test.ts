import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent } from '../../../src/core/events.ts';
import { verboseLines, verboseView } from '../../../src/report/verbose.ts';
import { taskTrace } from '../../../src/engine/verbose-events.ts';
import { traceExec } from '../../../src/transport/exec-trace.ts';
import { buildProgram } from '../../../src/cli/main.ts';
import { ExitCode } from '../../../src/core/exit-codes.ts';

const connection: RunEvent = {
  kind: 'connection', host: 'h1', where: 'ssh ops@198.18.0.2:22 (become)', transport: 'ssh', user: 'ops', address: '198.18.0.2', port: 22,
  jumps: [], identityFiles: ['/k/id_ed25519'], agent: false, passphraseFrom: 'TSPROV_SSH_PASSPHRASE', hostKeyPolicy: 'strict',
  knownHosts: ['/k/known_hosts'], become: { method: 'sudo', user: 'root', passwordFrom: 'PW' },
};
const exec = (command: string): RunEvent => ({ kind: 'remote-exec', host: 'h1', where: 'ssh', command, become: true, stdinBytes: 12, durationMs: 7.4, exitCode: 1 });
const result: RunEvent = {
  kind: 'task-result', host: 'h1',
  task: { task: 'app', module: 'template', status: 'changed', changes: [{ kind: 'file', target: '/etc/app.conf', reason: 'content differs', detail: 'update: 4 bytes → 9 bytes' }] },
};
const args: RunEvent = { kind: 'task-args', host: 'h1', task: 'app', module: 'template', args: { dest: '/etc/app.conf' } };
const debug: RunEvent = { kind: 'transport-debug', host: 'h1', where: 'ssh ops@198.18.0.2:22', message: 'Client: Trying publickey\u001b[2J' };
const ALL = [connection, exec('sh -s'), result, args, debug];

describe('verbose lines: each level adds exactly its own events', () => {
  it('level 0 shows nothing, 1 task results, 2 args and connection, 3 exec, 4 debug', () => {
    const count = (level: number): number => ALL.flatMap((e) => verboseLines(e, level)).length;
    assert.deepEqual([0, 1, 2, 3, 4].map(count), [0, 2, 4, 5, 6]);
  });

  it('formats each kind on one line, control bytes escaped', () => {
    assert.deepEqual(verboseLines(result, 1), ['[h1] TASK app (template): changed', '[h1]     file /etc/app.conf: update: 4 bytes → 9 bytes (content differs)']);
    assert.equal(verboseLines(args, 2)[0], '[h1] ARGS app (template): {"dest":"/etc/app.conf"}');
    assert.equal(
      verboseLines(connection, 2)[0],
      '[h1] CONNECTION ssh ops@198.18.0.2:22 · keys /k/id_ed25519 (passphrase, if encrypted, from $TSPROV_SSH_PASSPHRASE) · agent no · host key strict against /k/known_hosts · become sudo to root (password from $PW)',
    );
    assert.equal(verboseLines(exec('sh -s'), 3)[0], '[h1] EXEC (become) sh -s · stdin 12 bytes → exit 1 in 7 ms');
    assert.equal(verboseLines(debug, 4)[0], '[h1] DEBUG ssh ops@198.18.0.2:22: Client: Trying publickey\\u001b[2J');
  });

  it('cuts a long command at -vvv, shows it whole at -vvvv, newlines escaped', () => {
    const long = `sh -c 'x\n${'y'.repeat(400)}'`;
    const three = verboseLines(exec(long), 3)[0]!;
    assert.match(three, /^\[h1\] EXEC \(become\) sh -c 'x\\ny{230}… \(411 chars; -vvvv shows all\) · stdin/);
    assert.ok(verboseLines(exec(long), 4)[0]!.includes(`${'y'.repeat(400)}'`));
  });

  it('verboseView writes nothing at level 0', () => {
    const lines: string[] = [];
    for (const e of ALL) verboseView(0, (l) => lines.push(l))(e);
    assert.deepEqual(lines, []);
  });
});

describe('taskTrace: -v shows sizes and attributes, never content', () => {
  it('a sensitive file and a sensitive command', () => {
    const t = taskTrace({
      task: 't', module: 'copy', status: 'changed', notes: [], reload: [], reloadNeedsDown: [], verify: [],
      changes: [
        { kind: 'file', target: '/etc/s', before: 'old-Secret', after: 'new-Secret!', mode: '0600', reason: 'differs', sensitive: true },
        { kind: 'command', target: 'echo new-Secret', argv: ['echo', 'new-Secret'], before: null, after: null, reason: 'always runs', sensitive: true },
      ],
    });
    assert.deepEqual(t.changes, [
      { kind: 'file', target: '/etc/s', reason: 'differs', detail: 'update: 10 bytes → 11 bytes, mode 0600, content hidden: sensitive' },
      { kind: 'command', target: '********', reason: 'always runs' },
    ]);
    assert.ok(!JSON.stringify(t).includes('Secret'));
  });
});

describe('traceExec reports the end of an exec, failed or not', () => {
  it('exit code, duration and stdin size; a rejected exec with its error', async () => {
    const seen: unknown[] = [];
    const r = await traceExec(Promise.resolve({ exitCode: 3, stdout: 'o', stderr: '', durationMs: 5 }), (t) => seen.push(t), { where: 'w', command: 'c', become: false, stdin: 'héllo' });
    assert.equal(r.exitCode, 3);
    await assert.rejects(traceExec(Promise.reject(new Error('lost')), (t) => seen.push(t), { where: 'w', command: 'c', become: true, stdin: undefined }), /lost/);
    assert.deepEqual(seen[0], { kind: 'remote-exec', where: 'w', command: 'c', become: false, stdinBytes: 6, durationMs: 5, exitCode: 3 });
    assert.equal((seen[1] as { error: string }).error, 'lost');
    assert.equal((seen[1] as { stdinBytes: number }).stdinBytes, 0);
  });
});

describe('-v, --verbose is counted on every command that contacts hosts', () => {
  const parse = async (argv: string[]): Promise<number | undefined> => {
    let got: number | undefined;
    const ctx = { out: () => {}, err: () => {}, exitCode: ExitCode.ok };
    const program = buildProgram(ctx);
    const cmd = program.commands.find((c) => c.name() === argv[0])!;
    cmd.action((...a: unknown[]) => { got = (a.at(-2) as { verbose: number }).verbose; });
    await program.parseAsync(argv, { from: 'user' });
    return got;
  };
  for (const name of ['run', 'check', 'facts', 'verify', 'rollback']) {
    it(name, async () => {
      const pos = ['run', 'check'].includes(name) ? ['p.yml'] : [];
      assert.equal(await parse([name, ...pos, '-i', 'x']), 0);
      assert.equal(await parse([name, ...pos, '-v']), 1);
      assert.equal(await parse([name, ...pos, '-vvv']), 3);
      assert.equal(await parse([name, ...pos, '-v', '--verbose', '-vv']), 4);
      assert.equal(await parse([name, ...pos, '-vvvvvvv']), 4, 'more than four counts as four');
    });
  }
});

describe('a sensitive update still shows a (hidden) hunk in the diff', () => {
  it('old and new sides are both masked, and differ', async () => {
    const { fileDiff } = await import('../../../src/report/diff.ts');
    const d = fileDiff('h1', { kind: 'file', target: '/etc/app.conf', before: 'password=old-Secret\n', after: 'password=new-Secret\n', reason: 'differs', sensitive: true });
    assert.match(d, /^-\*{8} \(old content hidden: marked sensitive\)\n\+\*{8} \(content hidden: marked sensitive\)$/m);
    assert.ok(!d.includes('Secret'));
  });
});
