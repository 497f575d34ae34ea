/**
 * What the `s3-bundle` source finds in one object: pure, so that it runs the same on the main
 * thread and in the scan workers (./worker.ts).
 */
import { createContext, Script } from 'node:vm';
import type { Context } from 'node:vm';
import { RE2JS, RE2JSException } from 're2js';
import { ParityError } from '../../errors.js';
import { findUrls } from '../../snapshot/values.js';

/** A named pattern as written in the config (`scan:`), compiled where it runs. */
export type NamedPattern = readonly [name: string, source: string];

export interface ObjectScan {
  /** Binary content (a NUL byte): nothing was scanned. */
  readonly binary: boolean;
  /** Distinct origins (`https://api.example.com`) of absolute URLs. */
  readonly origins: readonly string[];
  /** Distinct matches of each named pattern, in the patterns' order. */
  readonly scans: readonly (readonly string[])[];
  /** Distinct Stripe keys (`pk_…`, `sk_…`, `rk_…`). */
  readonly stripeKeys: readonly string[];
}

// parity's own patterns: native RegExp, written to match in linear time.
const STRIPE_KEY = /\b[psr]k_(?:test|live)_[A-Za-z0-9]{8,}/g;

/**
 * Text of an object, or undefined for binary content. Only a NUL byte means binary: invalid
 * UTF-8 (one Latin-1 byte in a minified bundle) is decoded leniently, so that the rest of the
 * object is still scanned rather than silently skipped.
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  return new TextDecoder('utf-8').decode(bytes);
}

/** What one object holds; binary content holds nothing. */
export function scanBytes(bytes: Uint8Array, patterns: UserPatterns): ObjectScan {
  const text = decodeText(bytes);
  if (text === undefined) return { binary: true, origins: [], scans: [], stripeKeys: [] };
  const origins = new Set<string>();
  // Parse each distinct URL once: bundles repeat the same few URLs thousands of times.
  for (const url of findUrls(text, true)) if (url.host) origins.add(url.origin);
  return {
    binary: false,
    origins: [...origins],
    scans: patterns.matchAll(text),
    stripeKeys: [...new Set(text.match(STRIPE_KEY) ?? [])],
  };
}

/**
 * Compiles one `scan:` pattern, written in JavaScript syntax, for RE2 (the re2js port): the
 * config may come from a pull request (SPEC §7a), and RE2 searches in time linear in the text
 * where a backtracking engine takes exponential time on `(a+)+$`. What RE2 cannot run in linear
 * time — lookaround, backreferences — is a config error rather than a silent fallback.
 */
export function compilePattern(name: string, source: string): RE2JS {
  try {
    new RegExp(source);
  } catch (error) {
    throw new ParityError(
      'CONFIG_INVALID',
      `scan.${name}: invalid regular expression (${error instanceof Error ? error.message : 'syntax'})`,
    );
  }
  // re2js would turn these into letters (`\k<n>` → `k<n>`): refused before it can.
  const reference = backreference(source);
  if (reference) throw unsupported(name, `${reference} is a backreference`);
  try {
    return RE2JS.compile(RE2JS.translateRegExp(source));
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    throw unsupported(name, error.message.replace(/^error parsing regexp: /, ''));
  }
}

function unsupported(name: string, detail: string): ParityError {
  return new ParityError(
    'CONFIG_INVALID',
    `scan.${name}: lookaround and backreferences are not supported (scan patterns run on RE2, in linear time): ${detail.replace(/\s+/g, ' ')}`,
  );
}

/** `\1`…`\9`, or `\k` in a pattern with named groups (elsewhere `\k<n>` means `k<n>`). */
function backreference(source: string): string | undefined {
  const named = new RegExp(`(?:${source})|`).exec('')?.groups !== undefined;
  for (let i = 0; i < source.length - 1; i++) {
    if (source[i] !== '\\') continue;
    const next = source[i + 1] ?? '';
    if ((next >= '1' && next <= '9') || (named && next === 'k')) return `\\${next}`;
    i++; // the escaped character
  }
  return undefined;
}

/**
 * The time user patterns may take, per scanning thread: 5 s, plus 5 µs for each character and
 * pattern scanned — 25 to 50 times what ordinary patterns took on the CI machine's kind (0.1 to
 * 0.2 µs), so the limit stays linear in the input and only a pathological pattern meets it.
 * RE2 makes each search linear, but collecting every match is one search per match, and with
 * `a*b|a` each search runs on to the end of the text (quadratic in all); a pattern of thousands
 * of instructions is slow on every character. Running past the limit stops the search and is a
 * source error.
 */
const PATTERN_BUDGET_BASE_MS = 5_000;
const PATTERN_BUDGET_MS_PER_CHAR = 0.005;

/** The `scan:` patterns of one source, compiled, with the time they may still take. */
export class UserPatterns {
  private readonly compiled: readonly { readonly name: string; readonly re: RE2JS }[];
  private remainingMs = PATTERN_BUDGET_BASE_MS;

  constructor(patterns: readonly NamedPattern[]) {
    this.compiled = patterns.map(([name, source]) => ({ name, re: compilePattern(name, source) }));
  }

  /** Distinct matches of each pattern (as `text.match(/…/g)` finds them), in order. */
  matchAll(text: string): string[][] {
    if (this.compiled.length === 0) return [];
    this.remainingMs += text.length * this.compiled.length * PATTERN_BUDGET_MS_PER_CHAR;
    const out: string[][] = [];
    let current = '';
    const started = performance.now();
    const finished = withinMs(this.remainingMs, () => {
      for (const { name, re } of this.compiled) {
        current = name;
        const found = new Set<string>();
        // The DFA answers "no match" several times faster than a search for positions.
        if (re.test(text)) {
          const matcher = re.matcher(text);
          // After an empty match find() moves on by one character, as String.prototype.match.
          while (matcher.find()) found.add(matcher.group() ?? '');
        }
        out.push([...found]);
      }
    });
    this.remainingMs -= performance.now() - started;
    if (!finished) {
      throw new ParityError(
        'SOURCE_FAILED',
        `scan.${current}: the pattern ran past the scan's time limit and was stopped; simplify it`,
      );
    }
    return out;
  }
}

// A job run through vm with a timeout is interrupted by V8 wherever it is, even deep in a
// search (plain JavaScript cannot stop a synchronous loop from outside). Made on first use: most
// runs scan nothing.
let guard:
  | { readonly sandbox: { job: () => void }; readonly context: Context; readonly script: Script }
  | undefined;

/** Runs `job`; false when it was stopped after `ms`. */
function withinMs(ms: number, job: () => void): boolean {
  if (!guard) {
    const sandbox = { job: () => undefined };
    guard = { sandbox, context: createContext(sandbox), script: new Script('job()') };
  }
  const { sandbox, context, script } = guard;
  sandbox.job = job;
  try {
    script.runInContext(context, { timeout: Math.max(1, Math.ceil(ms)) });
    return true;
  } catch (error) {
    // Made in the vm context's realm: not an instance of this realm's Error.
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
    if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return false;
    throw error;
  } finally {
    sandbox.job = () => undefined;
  }
}

/** Compiles the config's patterns (validated when the source starts, so they compile). */
export function compilePatterns(patterns: readonly NamedPattern[]): UserPatterns {
  return new UserPatterns(patterns);
}
