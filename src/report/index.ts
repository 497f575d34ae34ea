/**
 * The formatter registry. Each formatter module is imported only when its format is asked
 * for, so a text report never loads the HTML or SARIF code.
 */
import type { Format, Formatter } from './types.js';

const loaders: Partial<Record<Format, () => Promise<Formatter>>> = {
  text: async () => (await import('./text.js')).textFormatter,
  json: async () => (await import('./json.js')).jsonFormatter,
  markdown: async () => (await import('./markdown.js')).markdownFormatter,
  sarif: async () => (await import('./sarif.js')).sarifFormatter,
  html: async () => (await import('./html.js')).htmlFormatter,
};

export function listFormats(): Format[] {
  return Object.keys(loaders).filter((f): f is Format => f in loaders);
}

export async function getFormatter(format: Format): Promise<Formatter> {
  const load = loaders[format];
  if (!load) throw new Error(`no formatter for ${format}`);
  return load();
}
