/**
 * A user-supplied path as it may go into a message: unchanged when plain, JSON-quoted when it
 * holds a control byte (newline, ESC, …) or a Unicode line break. Printed raw, such a path could
 * forge extra message lines or drive the terminal; quoted, it reads as one visibly odd name.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

// JSON.stringify leaves DEL, C1 controls and U+2028/9 raw: escape them by hand, as \uXXXX.
const hex = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

export function showPath(path: string): string {
  return UNSAFE.test(path) ? JSON.stringify(path).replace(UNSAFE_ALL, hex) : path;
}

/** Any text for a message with its control bytes escaped (\u001b), as JSON would write them. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE_ALL, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : hex(c)));
}

/**
 * Text from a host (a message, stderr, file content) as it may go to a terminal or a log: tabs
 * and line breaks kept, every other control byte escaped. A host must not be able to clear the
 * operator's screen or retitle the terminal by what it prints or stores. One-line fields (a
 * host's message in a header) use escapeControls instead, so they cannot forge extra lines.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE_ALL, (c) => (c === '\n' || c === '\t' ? c : c === '\r' ? '\\r' : hex(c)));
}
