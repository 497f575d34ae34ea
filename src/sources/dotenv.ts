/**
 * `dotenv`: one dotenv file, as the app's build or runtime reads it (dotenv syntax: quotes,
 * `export`, multiline values, `${VAR}` expansion from the same file only — never from parity's
 * own process environment, which may hold credentials).
 */
import { parse } from 'dotenv';
import { expand } from 'dotenv-expand';
import * as z from 'zod';
import { ParityError } from '../errors.js';
import type { RawFact } from '../snapshot/types.js';
import { readTextFile } from '../util/files.js';
import { defineSource } from './types.js';

const options = z.strictObject({
  type: z.literal('dotenv'),
  file: z.string().min(1).describe('Path of the dotenv file, relative to the config file.'),
  expand: z.boolean().default(true).describe('Expand ${VAR} references within the file.'),
});

export const dotenvSource = defineSource({
  type: 'dotenv',
  description: 'A dotenv file (e.g. frontend/.env.staging).',
  options,
  services: [],
  requestChain: 0, // a local file
  async load(opts, ctx) {
    const { text, displayPath } = await readTextFile(ctx.baseDir, opts.file, ctx.rootDir);
    const lines = scanDotenv(text, displayPath);
    const parsed = parse(text);
    const values = opts.expand ? expandAll(parsed) : parsed;
    const facts: RawFact[] = Object.keys(values)
      .sort()
      .map((key) => {
        const line = lines.get(key);
        return {
          path: key,
          value: values[key] ?? '',
          location: { file: displayPath, ...(line ? { line } : {}) },
        };
      });
    return { facts };
  },
});

/**
 * dotenv-expand's `${VAR}` expansion, in file order from the file's own values only. Called once
 * per value that holds a `$`: dotenv-expand copies every value seen so far for each value it
 * expands, which is quadratic over a whole file (20,000 keys took minutes).
 */
function expandAll(parsed: Readonly<Record<string, string>>): Record<string, string> {
  const running: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value.includes('$')) expand({ parsed: { [key]: value }, processEnv: running });
    else running[key] = value;
  }
  return running;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([\w.-]+)\s*(?:=|:\s)\s?(.*)$/;

/**
 * Finds each key's line (the last assignment wins, as in dotenv) and refuses lines that are
 * not assignments — dotenv itself silently skips them, which would hide a broken file.
 */
export function scanDotenv(text: string, displayPath: string): Map<string, number> {
  const lines = text.split(/\r?\n/);
  const found = new Map<string, number>();
  let openQuote: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (openQuote) {
      if (closesQuote(line, openQuote)) openQuote = undefined;
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const m = ASSIGNMENT.exec(line);
    if (!m?.[1]) {
      throw new ParityError('FILE_UNREADABLE', `${displayPath}:${i + 1}: not a KEY=value line`, {
        hint: 'Comment it out with # or fix the assignment.',
      });
    }
    found.set(m[1], i + 1);
    const value = (m[2] ?? '').trimStart();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && !closesQuote(value.slice(1), quote)) {
      openQuote = quote;
    }
  }
  if (openQuote) {
    throw new ParityError('FILE_UNREADABLE', `${displayPath}: unterminated ${openQuote} quote`);
  }
  return found;
}

function closesQuote(text: string, quote: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return true;
  }
  return false;
}
