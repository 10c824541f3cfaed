import { shq, type ShellText } from '../../core/quote.ts';

const SAFE_BYTE = /[A-Za-z0-9_./:@+,=-]/;

/**
 * Progress-line fields are space-separated, so a path with spaces or newlines is percent-encoded
 * (UTF-8 bytes as %XX). Encoding happens here, at generation time: the shell only prints tokens.
 */
export function encodeField(value: string): string {
  if (value === '') return '%';
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && SAFE_BYTE.test(ch) ? ch : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export function decodeField(field: string): string {
  if (field === '%') return '';
  const bytes: number[] = [];
  for (let i = 0; i < field.length; i++) {
    const hex = field[i] === '%' ? field.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(field[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A shell word that prints as one encoded progress field. */
export function field(value: string): ShellText {
  return shq(encodeField(value));
}

const DELIM = 'TSPROV_B64_END';

/**
 * Shell lines that write `content` byte-exact to the file named by the shell word `dest`. Base64
 * lines only hold [A-Za-z0-9+/=], so the quoted delimiter can never occur inside, and the quoted
 * delimiter means the shell expands nothing.
 */
export function base64ToFile(dest: ShellText, content: string | Buffer): ShellText {
  const b64 = Buffer.from(content).toString('base64');
  const lines = b64.match(/.{1,76}/g) ?? [];
  return [`base64 -d > ${dest} <<'${DELIM}'`, .../* sh-safe: base64 lines hold only [A-Za-z0-9+/=], inside a quoted heredoc */ lines, DELIM].join('\n');
}

/**
 * Lines that write a script the host runs later (restore.sh, rollback.sh). The bytes travel like
 * any file content, but unlike file content they are shell text, so the parameter says so and
 * lint:commands checks how the script was built.
 */
export function scriptToFile(dest: ShellText, script: ShellText): ShellText {
  return base64ToFile(dest, script);
}
