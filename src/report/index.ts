/**
 * The formatter registry. Each formatter module is imported only when its format is asked
 * for, so a text report never loads the HTML or SARIF code.
 */
import { FORMATS } from './types.js';
import type { Format, Formatter } from './types.js';

// Complete: a format without a formatter fails `tsc`.
const loaders: Record<Format, () => Promise<Formatter>> = {
  text: async () => (await import('./text.js')).textFormatter,
  json: async () => (await import('./json.js')).jsonFormatter,
  markdown: async () => (await import('./markdown.js')).markdownFormatter,
  sarif: async () => (await import('./sarif.js')).sarifFormatter,
  html: async () => (await import('./html.js')).htmlFormatter,
};

export function listFormats(): Format[] {
  return [...FORMATS];
}

export async function getFormatter(format: Format): Promise<Formatter> {
  return loaders[format]();
}
