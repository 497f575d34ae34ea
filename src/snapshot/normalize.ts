/**
 * Normalization against an environment's own identity (SPEC §4): what makes a diff quiet on
 * the differences that are supposed to exist.
 */
import type { EnvironmentIdentity, FactValue } from './types.js';
import { hostPattern, parseBoolean, tokenPattern } from './values.js';

const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  http: '80',
  ws: '80',
  https: '443',
  wss: '443',
};

/** Compiled per identity once: normalization runs for every fact of every environment. */
interface Normalizer {
  readonly hosts: readonly (readonly [RegExp, string])[];
  readonly account?: RegExp;
  readonly aliases: readonly RegExp[];
}

const cache = new WeakMap<EnvironmentIdentity, Normalizer>();

function normalizerFor(identity: EnvironmentIdentity): Normalizer {
  let n = cache.get(identity);
  if (!n) {
    const hosts = Object.entries(identity.hosts)
      .filter(([, host]) => host.trim() !== '')
      .sort(([, x], [, y]) => y.length - x.length)
      .map(([name, host]) => [hostPattern(host.trim().toLowerCase()), `{host.${name}}`] as const);
    const aliases = [...identity.aliases]
      .filter((a) => a.trim() !== '')
      .sort((x, y) => y.length - x.length)
      .map((alias) => tokenPattern(alias));
    n = {
      hosts,
      aliases,
      ...(identity.accountId ? { account: tokenPattern(identity.accountId, 'g') } : {}),
    };
    cache.set(identity, n);
  }
  return n;
}

/** The normalized form of a value, as a string that compares and displays. */
export function normalizeValue(
  value: FactValue | undefined,
  identity: EnvironmentIdentity,
): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) {
    return value
      .map((v: unknown) => normalizeScalar(v, identity))
      .sort()
      .join(', ');
  }
  return normalizeScalar(value, identity);
}

function normalizeScalar(value: unknown, identity: EnvironmentIdentity): string {
  if (value === null || value === undefined) return 'null';
  const bool = parseBoolean(value);
  if (bool !== undefined) return String(bool);
  if (typeof value !== 'string') return String(value);
  let text = stripSecretSuffixes(canonicalizeUrls(value.trim()));
  const n = normalizerFor(identity);
  for (const [pattern, token] of n.hosts) text = outsidePlaceholders(text, pattern, token);
  if (n.account) text = outsidePlaceholders(text, n.account, '{account}');
  for (const pattern of n.aliases) text = outsidePlaceholders(text, pattern, '{env}');
  return stripContentHashes(text);
}

// The tokens normalization writes. Replacing inside them again (an alias `app` inside
// `{host.app}`) would make normalization change its own output.
const PLACEHOLDER = /(\{(?:host\.[^{}]*|env|account)\}|\[hash\])/;

function outsidePlaceholders(text: string, pattern: RegExp, replacement: string): string {
  return text
    .split(PLACEHOLDER)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(pattern, replacement)))
    .join('');
}

// Braces may follow in the path: normalization's own `{env}` must not end the URL early (a
// trailing `/` before it would then be dropped on a second pass).
const URL_IN_TEXT =
  /\b([a-z][a-z0-9+.-]{1,15}):\/\/([^\s"'<>()`,{}|\\^/?#]*)([^\s"'<>()`,|\\^]*)/gi;

// Secrets Manager ends each secret's ARN in `-` and six random characters of its own
// (`…:secret:acme/production/stripe-Lm3WcR:secret_key::`): two environments' ARNs of the same
// secret differ there whatever else matches.
const SECRET_ARN_SUFFIX = /(:secret:[^:\s"']+)-[A-Za-z0-9]{6}(?=$|[:\s"'])/g;

/** Secrets Manager ARNs without their random suffix. */
function stripSecretSuffixes(text: string): string {
  return text.includes(':secret:') ? text.replace(SECRET_ARN_SUFFIX, '$1') : text;
}

/** Scheme and host lower-cased, default ports and a trailing `/` dropped. */
export function canonicalizeUrls(text: string): string {
  return text.replace(URL_IN_TEXT, (_match, scheme: string, authority: string, rest: string) => {
    const s = scheme.toLowerCase();
    const at = authority.lastIndexOf('@');
    const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
    let hostPort = (at >= 0 ? authority.slice(at + 1) : authority).toLowerCase();
    const defaultPort = DEFAULT_PORTS[s];
    if (defaultPort && hostPort.endsWith(`:${defaultPort}`)) {
      hostPort = hostPort.slice(0, -(defaultPort.length + 1));
    }
    return `${s}://${userinfo}${hostPort}${dropTrailingSlash(rest)}`;
  });
}

function dropTrailingSlash(rest: string): string {
  const cut = rest.search(/[?#]/);
  const path = cut >= 0 ? rest.slice(0, cut) : rest;
  const tail = cut >= 0 ? rest.slice(cut) : '';
  return path.replace(/\/+$/, '') + tail;
}

// `main.3f2a9c.js`, `index-DiwrgTda.js`, `chunk.5b1e2d7c9a.css`: a segment after `.` or `-`,
// right before an asset extension, that looks generated (hex with a digit, or 8+ characters
// mixing case or digits). `polyfills.js` and `app-shell.js` are left alone.
const HASHED_ASSET =
  /([.-])([A-Za-z0-9_]{6,32})((?:\.chunk)?\.(?:js|mjs|cjs|css|map|woff2?|ttf|eot|otf|svg|png|jpe?g|gif|webp|avif|ico|wasm|json|txt|html?)(?:\.map)?)(?![A-Za-z0-9])/g;

export function stripContentHashes(text: string): string {
  return text.replace(HASHED_ASSET, (match, sep: string, segment: string, ext: string) =>
    looksLikeHash(segment) ? `${sep}[hash]${ext}` : match,
  );
}

function looksLikeHash(segment: string): boolean {
  if (/^[0-9a-f]{6,}$/.test(segment) && /[0-9]/.test(segment)) return true;
  if (segment.length < 8) return false;
  return /[0-9]/.test(segment) || (/[a-z]/.test(segment) && /[A-Z]/.test(segment));
}

export interface EnvReference {
  readonly kind: 'alias' | 'host' | 'account';
  /** What was matched (an alias, a host name, an account id): identity data, never a secret. */
  readonly match: string;
  readonly environment: string;
}

/**
 * Names of `other` environments found in a value of `own`: their aliases (whole tokens),
 * hosts (whole host names, not e-mail domains) and account ids. Own hosts are masked first so
 * that `staging.tableicty.com` never reads as production's `tableicty.com`, and identity data
 * both environments share (the same account, the same alias) is not a reference.
 */
export function findEnvReferences(
  text: string,
  own: EnvironmentIdentity,
  others: readonly EnvironmentIdentity[],
): EnvReference[] {
  const mine = referencePatterns(own);
  let masked = text;
  for (const pattern of mine.mask) masked = masked.replace(pattern, ' ');
  const found: EnvReference[] = [];
  const seen = new Set<string>();
  const add = (ref: EnvReference): void => {
    const id = `${ref.environment}\u0000${ref.kind}\u0000${ref.match.toLowerCase()}`;
    if (!seen.has(id)) {
      seen.add(id);
      found.push(ref);
    }
  };
  for (const other of others) {
    if (other.name === own.name) continue;
    const theirs = referencePatterns(other);
    for (const [h, pattern] of theirs.hosts) {
      if (!mine.hostNames.has(h) && pattern.test(masked)) {
        add({ kind: 'host', match: h, environment: other.name });
      }
    }
    if (theirs.account && other.accountId !== own.accountId && theirs.account[1].test(masked)) {
      add({ kind: 'account', match: theirs.account[0], environment: other.name });
    }
    for (const [a, pattern] of theirs.aliases) {
      if (!mine.aliasNames.has(a.toLowerCase()) && pattern.test(masked)) {
        add({ kind: 'alias', match: a, environment: other.name });
      }
    }
  }
  return found;
}

interface ReferencePatterns {
  /** Own hosts, replaced before looking for others' (global: used with `replace`). */
  readonly mask: readonly RegExp[];
  readonly hostNames: ReadonlySet<string>;
  readonly aliasNames: ReadonlySet<string>;
  /** As found in others' values; not global, so `test` keeps no state between values. */
  readonly hosts: readonly (readonly [string, RegExp])[];
  readonly account?: readonly [string, RegExp];
  readonly aliases: readonly (readonly [string, RegExp])[];
}

const referenceCache = new WeakMap<EnvironmentIdentity, ReferencePatterns>();

/** An identity's patterns, compiled once: rules look for references in every value. */
function referencePatterns(identity: EnvironmentIdentity): ReferencePatterns {
  let patterns = referenceCache.get(identity);
  if (!patterns) {
    const hosts = Object.values(identity.hosts)
      .map((h) => h.trim())
      .filter((h) => h !== '');
    const aliases = identity.aliases.map((a) => a.trim()).filter((a) => a !== '');
    patterns = {
      mask: hosts.map((h) => hostPattern(h)),
      hostNames: new Set(Object.values(identity.hosts).map((h) => h.toLowerCase())),
      aliasNames: new Set(identity.aliases.map((a) => a.toLowerCase())),
      hosts: hosts.map((h) => [h.toLowerCase(), hostPattern(h.toLowerCase(), 'i')] as const),
      ...(identity.accountId
        ? { account: [identity.accountId, tokenPattern(identity.accountId, '')] as const }
        : {}),
      aliases: aliases.map((a) => [a, tokenPattern(a, 'i')] as const),
    };
    referenceCache.set(identity, patterns);
  }
  return patterns;
}
