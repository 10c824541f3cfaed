/**
 * Python's shlex.split(line, comments=True) in POSIX mode, as Ansible's INI plugin splits a host
 * line, but keeping where each token starts and where the value after its first `=` starts, so
 * an error in `web1 ansible_port=x` points at the `x`. Pure.
 */

export interface Token {
  text: string;
  /** Offset (in the line) of the token's first character. */
  start: number;
  /** Offset of the first character after the token's first `=`, if it has one. */
  valueStart?: number;
}

export type Split = { ok: true; tokens: Token[] } | { ok: false; message: string; at: number };

const WS = ' \t\r\n';

/** `comments: false` is shlex.split's default (`#` is text); Ansible's INI plugin turns comments on. */
export function shlexSplit(line: string, opts: { comments?: boolean } = {}): Split {
  const comments = opts.comments !== false;
  const tokens: Token[] = [];
  let cur: Token | undefined;
  let quoted = false;
  const put = (c: string, at: number): void => {
    if (c === '=' && cur!.valueStart === undefined) cur!.valueStart = at + 1;
    cur!.text += c;
  };
  const emit = (): void => {
    if (cur && (cur.text !== '' || quoted)) tokens.push(cur);
    cur = undefined;
    quoted = false;
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (!cur) {
      if (WS.includes(c)) {
        i++;
        continue;
      }
      if (c === '#' && comments) break;
      cur = { text: '', start: i };
    }
    if (WS.includes(c)) {
      emit();
      i++;
    } else if (c === '#' && comments) {
      // shlex starts a comment at `#` even inside a word: `a=b#c` is `a=b`.
      break;
    } else if (c === '\\') {
      if (i + 1 >= line.length) return { ok: false, message: 'No escaped character', at: i };
      put(line[i + 1]!, i + 1);
      i += 2;
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) return { ok: false, message: 'No closing quotation', at: i };
      for (let j = i + 1; j < close; j++) put(line[j]!, j);
      quoted = true;
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        // Inside double quotes a backslash escapes only `"` and itself.
        if (line[j] === '\\' && (line[j + 1] === '"' || line[j + 1] === '\\')) j++;
        put(line[j]!, j);
      }
      if (j >= line.length) return { ok: false, message: 'No closing quotation', at: i };
      quoted = true;
      i = j + 1;
    } else {
      put(c, i);
      i++;
    }
  }
  emit();
  return { ok: true, tokens };
}
