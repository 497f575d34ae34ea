/**
 * Credentials recognised in the formats real services issue (SPEC §7a), by their value alone.
 *
 * A hand-kept table, one entry per format, rather than a detection library: secretlint's
 * recommended preset (the best-kept JavaScript one) found 29 of the 80 value-shaped formats of
 * test/fixtures/credentials/corpus.ts — it has no Stripe, Twilio, Mailgun, JWT, Azure, signed
 * URL, Basic/Bearer, hex or entropy rule, parses PEM bodies (a damaged or truncated key goes
 * unreported), and scans AWS key ids only when asked — while adding 80 kB to the bundle, an async API (so a
 * second, sync path for callers such as the test builders), and, from 13.x, Node ≥ 22.
 *
 * Every pattern runs in time linear in its input: each starts behind a negative look-behind of
 * its own first character class (so at most one attempt starts inside a run), has bounded
 * quantifiers before any literal that must follow, and ends in a greedy class or a look-ahead.
 * Values are searched, not matched whole: credentials sit inside JSON, headers and URLs.
 */
import { findUrls } from './values.js';

interface CredentialFormat {
  /** A stable name for reports and tests, e.g. `github-token`. */
  readonly id: string;
  readonly pattern: RegExp;
  /** A further check on a match, for shapes a regex cannot tell apart cheaply. */
  readonly accept?: (match: RegExpExecArray) => boolean;
}

// Look-arounds shared by the table: a token is not preceded or followed by more of itself.
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9])';
const re = (source: string, flags = ''): RegExp => new RegExp(source, flags);

const CREDENTIAL_FORMATS: readonly CredentialFormat[] = [
  // --- Cloud providers
  // Long-term (AKIA) and temporary (ASIA) access key ids; ABIA/ACCA are the STS/China forms.
  // Identifiers of roles and users (AROA, AIDA) name a principal and are not secrets.
  {
    id: 'aws-access-key-id',
    pattern: re(`(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}${E}`),
  },
  { id: 'google-api-key', pattern: re(`${B}AIza[A-Za-z0-9_-]{35}${E}`) },
  { id: 'google-oauth-client-secret', pattern: re(`${B}GOCSPX-[A-Za-z0-9_-]{28}${E}`) },
  { id: 'google-oauth-access-token', pattern: re(`${B}ya29\\.[A-Za-z0-9_-]{20,}`) },
  { id: 'gcp-service-account', pattern: /"type"\s{0,4}:\s{0,4}"service_account"/ },
  {
    id: 'azure-connection-string-key',
    pattern:
      /(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey|SharedAccessSignature)\s{0,4}=\s{0,4}[^;\s"']{8,}/i,
  },
  // Entra ID (Azure AD) client secrets: three characters, a digit, `Q~`, then 31 to 34.
  {
    id: 'azure-ad-client-secret',
    pattern: re(
      `(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`,
    ),
  },
  { id: 'digitalocean-token', pattern: re(`${B}do[opr]_v1_[a-f0-9]{64}${E}`) },
  // --- Source hosting, registries, CI
  { id: 'github-token', pattern: re(`${B}gh[pousr]_[A-Za-z0-9]{36,251}${E}`) },
  { id: 'github-fine-grained-pat', pattern: re(`${B}github_pat_[A-Za-z0-9_]{50,251}${E}`) },
  {
    id: 'gitlab-token',
    pattern: re(`${B}gl(?:pat|dt|rt|ptt|soat|cbt|ft|imt|agent)-[A-Za-z0-9_-]{20,}`),
  },
  { id: 'npm-token', pattern: re(`${B}npm_[A-Za-z0-9]{36}${E}`) },
  { id: 'pypi-token', pattern: re(`${B}pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}`) },
  { id: 'docker-hub-pat', pattern: re(`${B}dckr_pat_[A-Za-z0-9_-]{27,}`) },
  { id: 'huggingface-token', pattern: re(`${B}hf_[A-Za-z]{34}${E}`) },
  { id: 'vault-token', pattern: re(`${B}hv[sbr]\\.[A-Za-z0-9_-]{24,}`) },
  { id: 'atlassian-api-token', pattern: re(`${B}ATATT3[A-Za-z0-9_=-]{100,}`) },
  { id: 'postman-api-key', pattern: re(`${B}PMAK-[a-f0-9]{24}-[a-f0-9]{34}${E}`) },
  // --- Chat and messaging
  { id: 'slack-token', pattern: re(`${B}xox[abposre]-[A-Za-z0-9-]{10,250}`) },
  { id: 'slack-app-token', pattern: re(`${B}xapp-[0-9]-[A-Za-z0-9-]{10,250}`) },
  {
    id: 'slack-webhook-url',
    pattern: /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/,
  },
  {
    id: 'discord-webhook-url',
    pattern:
      /https?:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/[0-9]{17,20}\/[A-Za-z0-9_-]{60,}/,
  },
  // A bot token: the bot's id in base64 (`M`, `N` or `O` first), a timestamp, an HMAC.
  {
    id: 'discord-bot-token',
    pattern: re(`${B}[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}${E}`),
  },
  { id: 'telegram-bot-token', pattern: re(`(?<![A-Za-z0-9])[0-9]{8,10}:AA[A-Za-z0-9_-]{33}${E}`) },
  // Twilio API key SIDs; auth tokens are 32 hex (long-hex below). Account SIDs (`AC…`) name
  // the account, like an AWS account id, and are not secrets.
  { id: 'twilio-api-key', pattern: re(`(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}${E}`) },
  { id: 'sendgrid-api-key', pattern: re(`${B}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${E}`) },
  { id: 'mailgun-api-key', pattern: re(`${B}key-[0-9a-f]{32}${E}`) },
  // --- Payments and commerce
  // Stripe's prefixes are unambiguous: whatever follows, even a truncated key, is one.
  { id: 'stripe-secret-key', pattern: re(`${B}[sr]k_(?:live|test)_[A-Za-z0-9]`) },
  // Any other `sk_`/`rk_` token (Stripe-like vendors copy the shape), and a value that starts
  // with one, as SPEC §3 lists them.
  { id: 'sk-rk-token', pattern: re(`${B}[sr]k_[A-Za-z0-9_]{16,}|^[sr]k_[A-Za-z0-9]`) },
  { id: 'stripe-webhook-secret', pattern: re(`${B}whsec_[A-Za-z0-9+/=]`) },
  { id: 'shopify-token', pattern: re(`${B}shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}${E}`) },
  { id: 'square-access-token', pattern: re(`${B}EAAA[A-Za-z0-9_-]{60}${E}`) },
  { id: 'square-token', pattern: re(`${B}sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}${E}`) },
  // --- AI and SaaS
  {
    id: 'anthropic-api-key',
    pattern: re(`${B}sk-ant-(?:api|admin|sid)[0-9]{2}-[A-Za-z0-9_-]{20,}`),
  },
  { id: 'openai-project-key', pattern: re(`${B}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}`) },
  // Legacy OpenAI keys (and vendors that copied `sk-`): a long letters-and-digits run.
  { id: 'openai-api-key', pattern: re(`${B}sk-[A-Za-z0-9]{32,}${E}`) },
  { id: 'linear-api-key', pattern: re(`${B}lin_api_[A-Za-z0-9]{40}${E}`) },
  { id: 'sentry-token', pattern: re(`${B}sntry[su]_[A-Za-z0-9_=+/-]{40,}`) },
  { id: 'databricks-token', pattern: re(`${B}dapi[a-f0-9]{32}(?:-[0-9])?${E}`) },
  {
    id: 'grafana-token',
    pattern: re(`${B}(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/=]{32,})`),
  },
  { id: 'newrelic-key', pattern: re(`${B}NR(?:AK|II|JS|RA|RI)-[A-Z0-9]{27}${E}`) },
  {
    id: 'firebase-cloud-messaging-key',
    pattern: re(`${B}AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,}`),
  },
  // --- Private keys and signed tokens
  // PEM (RSA, EC, DSA, PKCS#8, encrypted, OpenSSH) and OpenPGP armour, also JSON-escaped.
  { id: 'private-key-block', pattern: /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----/ },
  { id: 'putty-private-key', pattern: /PuTTY-User-Key-File-[0-9]+:/ },
  { id: 'age-secret-key', pattern: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/ },
  // A JWT (or JWS): base64url JSON header and payload; the signature may be empty.
  { id: 'jwt', pattern: re(`${B}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*`) },
  // --- Password hashes (a probe row or a secret's field): they can be cracked offline.
  // Django's `<algorithm>$<iterations or params>$<salt>$<hash>`, modular-crypt `$id$…$…`
  // (bcrypt `$2b$`, sha-crypt `$5$`/`$6$`, yescrypt `$y$`, argon2), PostgreSQL's SCRAM and md5.
  {
    id: 'django-password-hash',
    pattern:
      /(?<![A-Za-z0-9_])(?:pbkdf2_sha(?:1|256)|argon2|bcrypt(?:_sha256)?|scrypt)\$[^$\s]{1,80}\$[^$\s]{4,}/,
  },
  {
    id: 'modular-crypt-hash',
    pattern:
      /(?<![A-Za-z0-9$])\$(?:1|2[abxy]?|5|6|y|gy|argon2id|argon2i|argon2d|scrypt)\$[^\s$]{1,80}\$[^\s]{8,}/,
  },
  {
    id: 'postgres-scram-verifier',
    pattern: /SCRAM-SHA-256\$\d{1,7}:[A-Za-z0-9+/=]{8,}\$[A-Za-z0-9+/=:]{16,}/,
  },
  { id: 'postgres-md5-password', pattern: /(?<![A-Za-z0-9])md5[a-f0-9]{32}(?![A-Za-z0-9])/ },
  // --- Authorization header values
  {
    id: 'basic-auth',
    pattern: /(?<![A-Za-z0-9])Basic\s{1,4}([A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])/gi,
    // `Basic` is an English word: only base64 of `user:password` counts.
    accept: (m) =>
      Buffer.from(m[1] ?? '', 'base64')
        .toString('latin1')
        .includes(':'),
  },
  { id: 'bearer-token', pattern: /(?<![A-Za-z0-9])Bearer\s{1,4}[A-Za-z0-9._~+/-]{16,}/i },
];

// Inner keys that, assigned a value inside a value (JSON, YAML, INI, a query string, an ADO.NET
// connection string), make that value a credential: `"password": "…"`, `Pwd=…;`, `token=…`.
// The name must END at the assignment, so `tokenizer`, `max_tokens` and `secretName` do not
// count; any prefix does (`db_password`, `clientSecret`).
const INNER_ASSIGNMENT =
  /(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|authorization)["']?\s{0,4}[:=]\s{0,4}["']?([^\s"'&,;}]*)/gi;
// What an assignment may hold and still be harmless: nothing, a boolean, a placeholder, a mask,
// a small number (`"token": 0`).
const TRIVIAL_ASSIGNED =
  /^(?:|null|nil|none|true|false|undefined|[0-9]{1,3}|\*+|x+|<[^>]*>|\$\{.*|\{\{.*|%\(.*)$/i;

// Query (and fragment) parameters of a URL that carry a credential: tokens, keys, signatures
// (S3 presigned, CloudFront, Azure SAS, GCS), passwords.
const SENSITIVE_PARAMS: ReadonlySet<string> = new Set([
  'key',
  'sig',
  'signature',
  'auth',
  'pass',
  'apikey',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'x-goog-credential',
  'x-goog-security-token',
]);
const SENSITIVE_PARAM_SUFFIX =
  /(?:^|[_-])(?:token|secret|password|passwd|pwd|signature|sig|api_?key|apikey|access_?key|credential)$/i;

// Hex of 32+ characters in one case: HMAC secrets, API keys (Twilio, Datadog, Mailgun), old
// GitHub tokens. Mixed-case runs (`AC` + hex) are ids or base64, handled elsewhere.
const LONG_HEX = /(?<![A-Za-z0-9])(?:[0-9a-f]{32,}|[0-9A-F]{32,})(?![A-Za-z0-9])/g;
// A digest written as one (`sha256:…`, an image `@sha256:…`) names content, it is no secret.
const DIGEST_PREFIX = /(?:sha1|sha224|sha256|sha384|sha512|md5)[:=-]$/i;

// Candidates for the entropy check: runs of base64/base64url characters.
const TOKEN_RUN = /[A-Za-z0-9+/=_-]{20,}/g;
// Public identifiers that look random but are not secrets: Stripe object ids and publishable
// keys (public by design, they ship in every checkout page), Twilio account, messaging
// service, phone number and Verify service SIDs (names of resources, like an AWS account id).
const PUBLIC_ID =
  /^(?:pk_(?:live|test)_|price_|prod_|plan_|cus_|sub_|acct_|evt_|pi_|cs_|si_|seti_|txn_|ch_|in_|re_|po_|(?:AC|MG|PN|VA)[0-9a-f]{32}$)/;

/** A value that is a public identifier as a whole (a Stripe publishable key, an object id). */
export function isPublicIdentifier(text: string): boolean {
  return PUBLIC_ID.test(text.trim());
}

/** The union of the formats without an `accept` check, by case sensitivity. */
function union(caseInsensitive: boolean): RegExp {
  const parts = CREDENTIAL_FORMATS.filter(
    (f) => !f.accept && f.pattern.flags.includes('i') === caseInsensitive,
  ).map((f) => `(?:${f.pattern.source})`);
  return new RegExp(parts.join('|') || '(?!)', caseInsensitive ? 'i' : '');
}
const ANY_PLAIN = union(false);
const ANY_ICASE = union(true);

export interface FindOptions {
  /**
   * The key names a content hash (`BUILD_COMMIT`, `build.commit`, `IMAGE_DIGEST`, `ETAG`): a
   * value that is nothing but hex is then a commit or digest, not a secret.
   */
  readonly digestKey?: boolean;
}

/** The id of the first credential format found in `text`, else undefined. */
export function findCredential(text: string, options: FindOptions = {}): string | undefined {
  const s = text.trim();
  // Shorter than any format (`whsec_` and one character); and below 20 characters every format
  // has a `_`, `=`, `:`, `@`, `~` or a space (most values of a config are such words).
  if (s.length < 7 || (s.length < 20 && !/[_=:@~\s]/.test(s))) return undefined;
  // Nearly every value matches no format: one pass of the union says so (8 times faster than
  // one pass per format); only then is the format named.
  if (ANY_PLAIN.test(s) || ANY_ICASE.test(s)) {
    const format = CREDENTIAL_FORMATS.find((f) => !f.accept && f.pattern.test(s));
    if (format) return format.id;
  }
  for (const format of CREDENTIAL_FORMATS) {
    if (!format.accept) continue;
    // The `g` patterns are shared: each search starts them afresh (no call is reentrant).
    const pattern = format.pattern;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(s); m; m = pattern.exec(s)) if (format.accept(m)) return format.id;
  }
  const urls = findUrls(s);
  for (const url of urls) {
    if (url.hasPassword) return 'url-password';
    if (hasSensitiveParameter(url.text)) return 'url-credential-parameter';
  }
  if (hasSensitiveAssignment(s)) return 'assigned-secret';
  if (
    !(options.digestKey && /^(?:(?:sha1|sha256|sha512)[:=-])?[0-9a-fA-F]+$/.test(s)) &&
    hasLongHex(s)
  ) {
    return 'long-hex';
  }
  // URL paths and hosts are names, not keys: the entropy check reads the text around URLs only
  // (credentials inside URLs are the query parameters and formats above).
  let rest = s;
  for (let i = urls.length - 1; i >= 0; i--) {
    const url = urls[i];
    if (url) rest = `${rest.slice(0, url.index)} ${rest.slice(url.index + url.text.length)}`;
  }
  const runs = TOKEN_RUN;
  runs.lastIndex = 0;
  for (let m = runs.exec(rest); m; m = runs.exec(rest)) {
    if (isHighEntropyToken(m[0])) return 'high-entropy';
  }
  return undefined;
}

function hasSensitiveParameter(url: string): boolean {
  const start = url.search(/[?#]/);
  if (start < 0) return false;
  for (const pair of url.slice(start + 1).split(/[&;#?]/)) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) continue;
    const name = safeDecode(pair.slice(0, eq)).toLowerCase();
    if (SENSITIVE_PARAMS.has(name) || SENSITIVE_PARAM_SUFFIX.test(name)) return true;
  }
  return false;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function hasSensitiveAssignment(text: string): boolean {
  const pattern = INNER_ASSIGNMENT;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (!TRIVIAL_ASSIGNED.test(m[1] ?? '')) return true;
  }
  return false;
}

function hasLongHex(text: string): boolean {
  const pattern = LONG_HEX;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (!DIGEST_PREFIX.test(text.slice(Math.max(0, m.index - 7), m.index))) return true;
  }
  return false;
}

/**
 * 20+ characters of base64/base64url mixing lower case, upper case and (below 32 characters)
 * digits with high entropy, that do not read as words. Random tokens have short case runs and few vowels;
 * identifiers (`featureFlagCheckoutV2Enabled`, `AppRunnerECRAccessRole2024`) have long runs
 * and an English share of vowels. Over 20,000 random tokens of each length, the word test
 * lets through fewer than 0.6% at 20–24 characters and 0.3% from 32 on.
 */
function isHighEntropyToken(s: string): boolean {
  if (s.length < 20 || s.length > 4096) return false;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(s)) return false;
  if (PUBLIC_ID.test(s)) return false;
  // Mixed case, and digits unless long: 1 in 30 random 20-character tokens has no digit, but
  // hardly a random 32-character one lacks both, and an AWS secret key may have none.
  if (!(/[a-z]/.test(s) && /[A-Z]/.test(s))) return false;
  if (!/[0-9]/.test(s) && s.length < 32) return false;
  if (shannonEntropy(s) < 3.5) return false;
  return !readsAsWords(s);
}

function readsAsWords(s: string): boolean {
  let runs = 0;
  let length = 0;
  const pattern = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g;
  for (let m = pattern.exec(s); m; m = pattern.exec(s)) {
    runs++;
    length += m[0].length;
  }
  const letters = s.match(/[A-Za-z]/g)?.length ?? 0;
  const vowels = s.match(/[aeiouAEIOU]/g)?.length ?? 0;
  return runs > 0 && length / runs >= 3 && letters > 0 && vowels / letters >= 0.3;
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
