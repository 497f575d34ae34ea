/**
 * Reading values: URLs, hosts and tokens inside strings. Shared by normalization and the
 * single-environment rules so that both see a value the same way.
 */

export interface FoundUrl {
  /** The URL text as written. */
  readonly text: string;
  readonly index: number;
  /** Lower-case scheme without `:`. */
  readonly scheme: string;
  /** Lower-case host name without brackets; empty when unparsable. */
  readonly host: string;
  /** `scheme://host[:port]`, canonical. */
  readonly origin: string;
  readonly hasPassword: boolean;
}

// A scheme, `://`, then everything up to a character that cannot be part of a URL in a
// config value or a JS bundle (quotes, whitespace, brackets, commas and backticks).
const URL_PATTERN = /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s"'<>()`,{}|\\^]+/gi;

export function findUrls(text: string, distinct = false): FoundUrl[] {
  const found: FoundUrl[] = [];
  const seen = new Set<string>();
  // exec with lastIndex rather than matchAll: bundles hold hundreds of thousands of URLs.
  const pattern = new RegExp(URL_PATTERN.source, 'gi');
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const whole = match[0];
    if (distinct) {
      if (seen.has(whole)) continue;
      seen.add(whole);
    }
    const raw = /[.;:!?]$/.test(whole) ? whole.replace(/[.;:!?]+$/, '') : whole;
    const parsed = parseUrl(raw);
    const scheme = raw.slice(0, raw.indexOf(':')).toLowerCase();
    const host = parsed ? stripBrackets(parsed.hostname.toLowerCase()) : '';
    const port = parsed?.port ? `:${parsed.port}` : '';
    found.push({
      text: raw,
      index: match.index,
      scheme,
      host,
      origin: host ? `${scheme}://${host.includes(':') ? `[${host}]` : host}${port}` : raw,
      hasPassword: Boolean(parsed?.password),
    });
  }
  return found;
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function isLoopbackHost(host: string): boolean {
  const h = stripBrackets(host.toLowerCase());
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/.test(h) ||
    h === '0.0.0.0' ||
    h === '::1' ||
    h === '0:0:0:0:0:0:0:1'
  );
}

/** Escapes a literal for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A whole-token pattern: the word bounded by non-alphanumeric characters (SPEC §4), so `prod`
 * matches `tableicty-prod-db` and `settings_prod` but not `products`.
 */
export function tokenPattern(word: string, flags = 'gi'): RegExp {
  return new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(word)}(?![A-Za-z0-9])`, flags);
}

/**
 * A whole host-name pattern: the host bounded by characters that cannot continue a host name,
 * and not preceded by `@` (an e-mail address's domain is not a host reference), so
 * `staging.tableicty.com` does not contain `tableicty.com`.
 */
export function hostPattern(host: string, flags = 'gi'): RegExp {
  return new RegExp(
    `(?<![A-Za-z0-9.@-])${escapeRegExp(host)}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`,
    flags,
  );
}

const TRUE_SPELLINGS: ReadonlySet<string> = new Set(['true', 'yes', 'on', '1']);
const FALSE_SPELLINGS: ReadonlySet<string> = new Set(['false', 'no', 'off', '0']);

/** `true`/`false` for the usual spellings of a boolean, else undefined. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (TRUE_SPELLINGS.has(v)) return true;
  if (FALSE_SPELLINGS.has(v)) return false;
  return undefined;
}

/** The last segment of a fact path: `container.web.env.DEBUG` → `DEBUG`, `stripe/SECRET_KEY` → `SECRET_KEY`. */
export function leafName(path: string): string {
  const parts = path.split(/[./]/);
  return parts[parts.length - 1] ?? path;
}

/** Every string inside a value (lists flattened); numbers and booleans as strings. */
export function valueStrings(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v: unknown) => valueStrings(v));
  return [String(value)];
}

// Unrendered templates: `${NAME}` (shell, envsubst, Terraform), `{{ NAME }}` (mustache, Jinja,
// Helm, Go templates), `#{NAME}` (Octopus), `%NAME%` as a whole value (Windows-style templates).
const TEMPLATE =
  /\$\{\s*[A-Za-z_][\w.:-]*\s*\}|\{\{[^{}]{1,200}\}\}|#\{[A-Za-z_][\w.]*\}|^%[A-Za-z_]\w*%$/;
// Stand-ins a person left for someone else to fill in, as the whole value.
const STAND_IN =
  /^(?:<[^<>]{1,80}>|change[-_. ]?me|replace[-_. ]?me|replace[-_. ]?this|todo|tbd|fixme|placeholder|your[-_. ].{1,60}|(?:x{3,}[-_.]?)+|\*{3,})$/i;

// …or inside one: `https://<your-domain>`, `postgres://user:<password-here>@host/db`.
const STAND_IN_INSIDE =
  /<(?:your|insert|replace|enter|put|add|fill)\b[^<>]{0,60}>|<[^<>]{1,60}[-_ ]here>/i;

export type PlaceholderKind = 'template' | 'stand-in';

/**
 * What kind of placeholder a string value is (SPEC §11): an unrendered template expression
 * anywhere in it, or a stand-in as the whole value; undefined for a real value.
 */
export function placeholderKind(text: string): PlaceholderKind | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (TEMPLATE.test(t)) return 'template';
  return STAND_IN.test(t) || STAND_IN_INSIDE.test(t) ? 'stand-in' : undefined;
}

/** The template expressions of a value (`${JWT_SECRET}`, `{{SECRETS_ARN}}`), first ones first. */
export function templateExpressions(text: string): string[] {
  const global = new RegExp(TEMPLATE.source, 'g');
  return [...new Set(text.match(global) ?? [])];
}
