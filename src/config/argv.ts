/**
 * Shell-like word splitting for the `command` module, as Python's shlex.split (POSIX mode) and
 * Ansible's `command` do it: whitespace separates words, '…' is literal, "…" honours \" and \\,
 * a backslash outside quotes takes the next character literally. Nothing else is special: no
 * pipes, redirections, `$(…)`, globs or `$VAR`, because no shell ever sees the words unquoted.
 *
 * It runs BEFORE substitution, and a `{{ … }}` is copied whole into the word it stands in, so a
 * substituted value is always exactly one word, whatever spaces, quotes or `;` it holds.
 */
export class SplitError extends Error {
  override name = 'SplitError';
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const SPACE = /[ \t\r\n]/;

export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const template = (): boolean => {
    if (!text.startsWith('{{', i)) return false;
    const end = text.indexOf('}}', i + 2);
    if (end < 0) return false;
    word += text.slice(i, end + 2);
    i = end + 2;
    return true;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (SPACE.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (template()) continue;
    if (c === '\\') {
      if (i + 1 >= text.length) throw new SplitError(`a trailing backslash escapes nothing (at character ${i + 1})`, i);
      word += text[i + 1];
      i += 2;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new SplitError(`unbalanced ' quote (opened at character ${i + 1})`, i);
      word += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const open = i++;
      while (true) {
        if (i >= text.length) throw new SplitError(`unbalanced " quote (opened at character ${open + 1})`, open);
        if (template()) continue;
        const d = text[i]!;
        if (d === '"') break;
        if (d === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      i++;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
