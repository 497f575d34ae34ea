/**
 * Which facts are sensitive (never displayed) and which of those are credentials (SPEC §3).
 */
import type { FactValue } from './types.js';
import { findUrls, valueStrings } from './values.js';

export const SENSITIVE_KEY =
  /SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|_KEY$|DSN|DATABASE_URL|CREDENTIAL|CONNECTION/i;

// Known credential shapes: Stripe secret/restricted keys and webhook secrets, AWS access key
// ids, GitHub tokens, Slack tokens, private key blocks, JWTs.
const CREDENTIAL_PREFIX =
  /^(?:sk_(?:live|test)_|rk_(?:live|test)_|sk_|rk_|whsec_|AKIA[0-9A-Z]{12}|ASIA[0-9A-Z]{12}|ghp_|gho_|ghs_|ghu_|github_pat_|xox[abposr]-|glpat-|-----BEGIN [A-Z ]*PRIVATE KEY-----)/;
const JWT = /^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/;
// Public identifiers that look random but are not secrets (Stripe object ids, publishable keys).
const PUBLIC_ID =
  /^(?:pk_(?:live|test)_|price_|prod_|plan_|cus_|sub_|acct_|evt_|pi_|cs_|si_|seti_|txn_|ch_|in_|re_|po_)/;
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
  const keySensitive = SENSITIVE_KEY.test(path);
  const credentialValue = strings.some(looksLikeCredential);
  const connection = strings.some(isConnectionString);
  const sensitive = sourceSaysSensitive || keySensitive || credentialValue || connection;
  // A sensitive key holding a short or purely numeric value (CONNECTION_TIMEOUT=30) is not a
  // credential: calling it one would make identical timeouts a `shared-secret`.
  const substantial = strings.some((s) => s.trim().length >= 8 && !/^[\d.\s]+$/.test(s.trim()));
  const credential = credentialValue || (keySensitive && substantial);
  return { sensitive, credential };
}

export function looksLikeCredential(text: string): boolean {
  const s = text.trim();
  if (s === '') return false;
  if (CREDENTIAL_PREFIX.test(s) || JWT.test(s)) return true;
  if (findUrls(s).some((u) => u.hasPassword)) return true;
  return isHighEntropyToken(s);
}

function isConnectionString(text: string): boolean {
  return findUrls(text).some((u) => CONNECTION_SCHEMES.has(u.scheme));
}

/** 20+ characters of base64/hex-like text mixing cases and digits with high entropy. */
export function isHighEntropyToken(s: string): boolean {
  if (s.length < 20 || s.length > 4096) return false;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(s)) return false;
  if (PUBLIC_ID.test(s)) return false;
  if (!(/[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s))) return false;
  return shannonEntropy(s) >= 3.5;
}

function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
