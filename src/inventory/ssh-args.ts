/**
 * `ansible_ssh_args` / `_common_args` / `_extra_args` read the way Ansible hands them to ssh:
 * shell-word split (Python's shlex.split, POSIX mode: no comments), then ssh's own getopt.
 * Pure: text in, options (in order) and complaints out; what the options mean is ssh-args-map's job.
 */

/** One ssh option as ssh would see it: `-o Key=Value`, `-p 22` is `{ key: 'port', ... }`. */
export interface SshArg {
  /** Lower-case ssh_config keyword (`port`, `proxyjump`), or the flag itself (`-C`) when it has none. */
  key: string;
  value: string;
  /** How it was written, for messages: `-o ControlPersist=60s`, `-p 2222`, `-C`. */
  written: string;
}

export interface ParsedSshArgs {
  args: SshArg[];
  /** Words ssh would reject or read as something else; each message names the word. */
  problems: string[];
}

/** POSIX shell words; `undefined` for an unterminated quote (ssh would never have run). */
export function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      cur += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        const d = text[i]!;
        if (d === '"') break;
        // Inside double quotes a backslash escapes only these, as in sh.
        if (d === '\\' && i + 1 < text.length && '\\"$`\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== '\n') cur += text[i + 1];
          i += 2;
        } else {
          cur += d;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === '\\') {
      if (i + 1 < text.length && text[i + 1] !== '\n') cur += text[i + 1];
      inWord = true;
      i += 2;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      i++;
    } else {
      cur += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** ssh(1) flags that take an argument, and the ssh_config keyword each one sets. */
const WITH_ARG: Record<string, string> = {
  b: 'bindaddress', c: 'ciphers', D: 'dynamicforward', E: '-E', e: 'escapechar', F: '-F',
  I: 'pkcs11provider', i: 'identityfile', J: 'proxyjump', L: 'localforward', l: 'user',
  m: 'macs', O: '-O', o: '-o', P: 'tag', p: 'port', Q: '-Q', R: 'remoteforward', S: 'controlpath',
  W: '-W', w: 'tunneldevice', B: 'bindinterface',
};
/** ssh(1) flags without an argument (any of them may be clustered: `-4Cq`). */
const NO_ARG = new Set('46AaCfGgKkMNnqsTtVvXxYy');

/** `Key=Value`, `Key Value` or `Key = Value` (ssh_config's own syntax) → lower-case key and value. */
function splitOption(text: string): { key: string; value: string } | undefined {
  const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(text);
  if (!m) return undefined;
  const value = m[2]!.replace(/^"(.*)"$/, '$1');
  return value === '' ? undefined : { key: m[1]!.toLowerCase(), value };
}

export function parseSshArgs(text: string): ParsedSshArgs {
  const words = shellWords(text.trim());
  if (!words) return { args: [], problems: ['has an unterminated quote; none of its options are used'] };
  const args: SshArg[] = [];
  const problems: string[] = [];
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!.trim();
    if (word === '') continue;
    if (!word.startsWith('-') || word === '-') {
      problems.push(`${JSON.stringify(word)} is not an ssh option (ssh would take it as the destination); ignored`);
      continue;
    }
    for (let i = 1; i < word.length; i++) {
      const flag = word[i]!;
      if (NO_ARG.has(flag)) {
        args.push({ key: `-${flag}`, value: '', written: `-${flag}` });
        continue;
      }
      const key = WITH_ARG[flag];
      if (key === undefined) {
        problems.push(`-${flag} is not an ssh option; ignored`);
        break;
      }
      const attached = word.slice(i + 1);
      const value = attached !== '' ? attached : words[++w];
      if (value === undefined) {
        problems.push(`-${flag} needs a value; ignored`);
        break;
      }
      if (key === '-o') {
        const opt = splitOption(value);
        if (opt) args.push({ ...opt, written: `-o ${value}` });
        else problems.push(`-o ${value} is not Key=Value (write -o ${value}=VALUE or -o '${value} VALUE'); ignored`);
      } else {
        args.push({ key, value, written: `-${flag} ${value}` });
      }
      break;
    }
  }
  return { args, problems };
}
