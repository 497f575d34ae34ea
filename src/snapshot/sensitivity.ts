/**
 * Which facts are sensitive (never displayed) and which of those are credentials (SPEC §3,
 * §7a "Credentials are recognised in their real formats"). The rule of thumb: a value that is
 * not sure to be harmless is redacted.
 */
import { findCredential, isPublicIdentifier } from './credentials.js';
import type { FactValue } from './types.js';
import { findUrls, placeholderKind, valueStrings } from './values.js';

/** SPEC §3's key pattern, matched anywhere in the fact path. */
const SENSITIVE_KEY =
  /SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|_KEY$|DSN|DATABASE_URL|CREDENTIAL|CONNECTION/i;

// Words that begin or end with `pass`, `auth` or `keys` without being about secrets.
const NOT_PASS: ReadonlySet<string> = new Set([
  'bypass',
  'compass',
  'overpass',
  'underpass',
  'surpass',
  'trespass',
]);
const NOT_AUTH = /^(?:author|authors|authored|authoring|authorship|authority|authorities)$/;
const NOT_KEYS: ReadonlySet<string> = new Set(['hotkeys', 'monkeys', 'turkeys', 'donkeys']);

// Words that name a content hash: with one of them, a value of nothing but hex is a commit id
// or a digest (`BUILD_COMMIT`, s3-bundle's `build.commit`, `IMAGE_DIGEST`, `ASSET_ETAG`).
const DIGEST_WORDS: ReadonlySet<string> = new Set([
  'commit',
  'sha',
  'revision',
  'rev',
  'digest',
  'checksum',
  'etag',
  'hash',
  'integrity',
  'fingerprint',
]);

const CONNECTION_SCHEMES: ReadonlySet<string> = new Set([
  'postgres',
  'postgresql',
  'mysql',
  'mariadb',
  'mongodb',
  'mongodb+srv',
  'redis',
  'rediss',
  'amqp',
  'amqps',
  'mssql',
  'sqlserver',
  'jdbc',
]);

export interface Sensitivity {
  readonly sensitive: boolean;
  readonly credential: boolean;
}

/**
 * @param path the fact's path inside its source
 * @param sourceSaysSensitive the source knows it is secret (SecureString, Secrets Manager, ...)
 */
export function classify(
  path: string,
  value: FactValue,
  sourceSaysSensitive: boolean,
): Sensitivity {
  const strings = valueStrings(value);
  const { match, digestKey } = keyInfo(path);
  const keySensitive = match !== undefined;
  const credentialValue = strings.some((s) => findCredential(s, { digestKey }) !== undefined);
  const connection = strings.some(isConnectionString);
  const sensitive = sourceSaysSensitive || keySensitive || credentialValue || connection;
  // A sensitive key holding a short or purely numeric value (CONNECTION_TIMEOUT=30) is not a
  // credential: calling it one would make identical timeouts a `shared-secret`.
  const substantial = strings.some((s) => s.trim().length >= 8 && !/^[\d.\s]+$/.test(s.trim()));
  // SPEC §7a's further names also name settings whose values are places: a URL without
  // credentials or a host name under AUTH_DOMAIN or OAUTH_CALLBACK_URL is kept from display but
  // is no credential, or the same callback in both environments would be a `shared-secret`.
  const locators = match === 'word' && strings.length > 0 && strings.every(isLocator);
  // A placeholder (`changeme`, `${JWT_SECRET}`) is no credential: the same one in both
  // environments is `placeholder-value`, not a `shared-secret`.
  const placeholder = strings.length > 0 && strings.every((s) => placeholderKind(s) !== undefined);
  // A publishable key under `…_KEY` is kept from display by SPEC §3's key rule, but it is public
  // by design (it ships in every checkout page): the same one in both environments is no leak.
  const publicId = strings.length > 0 && strings.every(isPublicIdentifier);
  const credential =
    !placeholder && !publicId && (credentialValue || (keySensitive && substantial && !locators));
  return { sensitive, credential };
}

// Key names: SPEC §3's pattern over the path as written and with camelCase and kebab-case
// spelled as snake_case (`secretKey`, `stripe-key` end in `_KEY` too), and SPEC §7a's further
// names as whole words, so that `PASSENGER_COUNT`, `BYPASS`, `AUTHOR` and `KEYSPACE` stay harmless.

interface KeyInfo {
  readonly match: 'spec' | 'named' | 'word' | undefined;
  readonly digestKey: boolean;
}

// Each environment repeats the same paths: what a path says is worked out once (a bounded
// cache: a 200,000-key audit must not keep 200,000 entries).
const keyCache = new Map<string, KeyInfo>();

function keyInfo(path: string): KeyInfo {
  const cached = keyCache.get(path);
  if (cached) return cached;
  const words = keyWords(path);
  const info = { match: keyMatch(path, words), digestKey: words.some((w) => DIGEST_WORDS.has(w)) };
  if (keyCache.size >= 10_000) keyCache.clear();
  keyCache.set(path, info);
  return info;
}

/**
 * How a key is sensitive: by SPEC §3's pattern, by naming an API key or a webhook (whose URL
 * is the secret), or by one of the further words.
 */
function keyMatch(path: string, words: readonly string[]): KeyInfo['match'] {
  if (SENSITIVE_KEY.test(path)) return 'spec';
  const snake = path.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_');
  if (SENSITIVE_KEY.test(snake)) return 'spec';
  // What a key calls public is public by design: Stripe publishable keys (s3-bundle's
  // `stripe.publishableKeys`), JWKS `PUBLIC_KEYS`. SPEC §3's own pattern still applies above.
  if (words.some((w) => w === 'publishable' || w === 'public')) return undefined;
  const squashed = path.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (squashed.includes('apikey') || squashed.includes('webhook')) return 'named';
  return words.some(isSensitiveWord) ? 'word' : undefined;
}

/** A whole value that is a URL or a host name (credentials in it are found before this). */
function isLocator(text: string): boolean {
  const t = text.trim();
  return (
    /^[a-z][a-z0-9+.-]{1,15}:\/\/\S+$/i.test(t) ||
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::[0-9]{1,5})?$/i.test(t)
  );
}

function isSensitiveWord(w: string): boolean {
  if (w === 'pwd' || w.endsWith('pwd') || w === 'signing') return true;
  if (w === 'pass' || /^pass(?:wd|words?|phrase|code|key)$/.test(w)) return true;
  if (w.endsWith('pass') && !NOT_PASS.has(w)) return true;
  if (w.endsWith('auth') || (w.startsWith('auth') && !NOT_AUTH.test(w))) return true;
  if (w.endsWith('keys') && !NOT_KEYS.has(w)) return true;
  if (w === 'salts' || w.endsWith('salt')) return true;
  // `seed` (WALLET_SEED, RNG_SEED) but not `seeds`: Cassandra's seeds are host names.
  return w.endsWith('seed');
}

/** The lower-case words of a path: split on punctuation and camelCase, digits apart. */
function keyWords(path: string): string[] {
  return (path.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? []).map((w) => w.toLowerCase());
}

function isConnectionString(text: string): boolean {
  return text.includes('://') && findUrls(text).some((u) => CONNECTION_SCHEMES.has(u.scheme));
}
