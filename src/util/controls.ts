/**
 * Control characters as visible escapes (`\n`, `\x1b`, `\u202e`): C0 and C1 controls, DEL,
 * line and paragraph separators, bidirectional embeddings, overrides and isolates. A key with a
 * newline then cannot start a line of its own (a GitHub workflow command such as `::error::`),
 * an ESC sequence cannot repaint the terminal, and a bidi override cannot reorder what is read.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeControls(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const named = NAMED[ch];
    if (named) return named;
    const code = ch.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// What JSON.stringify leaves raw although a terminal or a reader acts on it.
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Pretty JSON with every control character escaped (`\u009b`, `\u202e`): the same data. */
export function safeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(
    JSON_UNSAFE,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )}\n`;
}
