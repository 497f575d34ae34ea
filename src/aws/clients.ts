/**
 * The one AWS client factory (SPEC §9): per-environment region and credentials (profile,
 * role, or the standard chain), endpoints from the SDK's own `AWS_ENDPOINT_URL[_<SERVICE>]`
 * variables, adaptive retries, a request timeout, and a concurrency limit per service.
 * SDK modules are imported on first use only.
 */
import type { SSMClientConfig } from '@aws-sdk/client-ssm';
import { ParityError } from '../errors.js';
import { Semaphore } from '../util/concurrency.js';
import type { AwsClientMap, AwsClients, AwsService, AwsSettings } from './types.js';

export interface AwsClientOptions {
  /** Requests in flight per service (SPEC §8: default 8). */
  readonly concurrency?: number | undefined;
  readonly maxAttempts?: number | undefined;
  readonly requestTimeoutMs?: number | undefined;
}

/**
 * What parity sets on every client. Typed from the SSM client's config: these fields are
 * shared by every SDK v3 client (a `tsc` error would show if one drifted).
 */
type ClientConfig = Pick<
  SSMClientConfig,
  'region' | 'credentials' | 'maxAttempts' | 'retryMode' | 'requestHandler'
>;

// Each service: how to build its client from the shared config. One line per service.
const factories: { [S in AwsService]: (config: ClientConfig) => Promise<AwsClientMap[S]> } = {
  ssm: async (config) => new (await loadSdk('ssm', () => import('./sdk/ssm.js'))).SSMClient(config),
  secretsmanager: async (config) =>
    new (
      await loadSdk('secretsmanager', () => import('./sdk/secrets-manager.js'))
    ).SecretsManagerClient(config),
  apprunner: async (config) =>
    new (await loadSdk('apprunner', () => import('./sdk/apprunner.js'))).AppRunnerClient(config),
  ecs: async (config) => new (await loadSdk('ecs', () => import('./sdk/ecs.js'))).ECSClient(config),
  cloudfront: async (config) =>
    new (await loadSdk('cloudfront', () => import('./sdk/cloudfront.js'))).CloudFrontClient(config),
  s3: async (config) => new (await loadSdk('s3', () => import('./sdk/s3.js'))).S3Client(config),
  rds: async (config) => new (await loadSdk('rds', () => import('./sdk/rds.js'))).RDSClient(config),
};

const sdkModules = new Map<AwsService, Promise<unknown>>();
let sdkQueue: Promise<unknown> = Promise.resolve();

/**
 * Loads a service's SDK module once per process, one module after another in the order asked
 * for. Loading is CPU work on the one thread: loaded in parallel, every module would be ready
 * only when all are, and the first request would wait for them all. In order, the first
 * source's request leaves as soon as its own client is ready, and the next module loads while
 * that request is on the wire (the engine starts the sources with the longest request chains
 * first).
 */
function loadSdk<T>(service: AwsService, load: () => Promise<T>): Promise<T> {
  let loaded = sdkModules.get(service) as Promise<T> | undefined;
  if (!loaded) {
    loaded = sdkQueue.then(load);
    sdkQueue = loaded.catch(() => undefined);
    sdkModules.set(service, loaded);
  }
  return loaded;
}

export function createAwsClients(
  settings: AwsSettings,
  options: AwsClientOptions = {},
): AwsClients {
  // Keyed by service, each entry with its own client type.
  const clients: { [S in AwsService]?: Promise<AwsClientMap[S]> } = {};
  const limits = new Map<AwsService, Semaphore>();
  const concurrency = options.concurrency ?? 8;
  let config: Promise<ClientConfig> | undefined;

  return {
    client<S extends AwsService>(service: S): Promise<AwsClientMap[S]> {
      // A view of the cache narrowed to S: TypeScript relates key and value types there, so
      // reads and writes need no cast.
      const cache: { [K in S]?: Promise<AwsClientMap[K]> } = clients;
      const existing = cache[service];
      if (existing) return existing;
      config ??= clientConfig(settings, options);
      const created = config.then((c) => factories[service](c));
      cache[service] = created;
      return created;
    },
    limit<T>(service: AwsService, task: () => Promise<T>): Promise<T> {
      let semaphore = limits.get(service);
      if (!semaphore) {
        semaphore = new Semaphore(concurrency);
        limits.set(service, semaphore);
      }
      return semaphore.run(task);
    },
  };
}

async function clientConfig(
  settings: AwsSettings,
  options: AwsClientOptions,
): Promise<ClientConfig> {
  // The SDK warns on stderr about Node 20's end of life; parity's stderr is its own.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const env = process.env;
  const region = settings.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const maxAttempts = options.maxAttempts ?? positiveInt(env.PARITY_AWS_MAX_ATTEMPTS) ?? 5;
  const requestTimeout =
    options.requestTimeoutMs ?? positiveInt(env.PARITY_AWS_TIMEOUT_MS) ?? 15_000;
  const config: ClientConfig = {
    maxAttempts,
    retryMode: 'adaptive',
    // Without throwOnRequestTimeout the SDK only logs a warning (to the console) and waits on.
    requestHandler: {
      requestTimeout,
      connectionTimeout: Math.min(requestTimeout, 5_000),
      throwOnRequestTimeout: true,
    },
    ...(region ? { region } : {}),
  };
  if (settings.roleArn) {
    const { fromTemporaryCredentials, fromIni } = await import('./sdk/credentials.js');
    config.credentials = fromTemporaryCredentials({
      params: { RoleArn: settings.roleArn, RoleSessionName: 'parity' },
      ...(settings.profile ? { masterCredentials: fromIni({ profile: settings.profile }) } : {}),
      ...(region ? { clientConfig: { region } } : {}),
    });
  } else if (settings.profile) {
    const { fromIni } = await import('./sdk/credentials.js');
    config.credentials = fromIni({ profile: settings.profile });
  }
  return config;
}

function positiveInt(text: string | undefined): number | undefined {
  const n = Number(text);
  return text && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The longest AWS message kept in a fallback line: a report line, not a dump. */
const MAX_MESSAGE = 200;

/**
 * An SDK error as one line free of secrets, naming what was being read. AWS error messages
 * name principals and resources, never parameter values; even so only the error's name is
 * kept for the known cases, and its first line (capped) for the rest.
 */
export function describeAwsError(error: unknown, what: string): string {
  const name = errorName(error);
  const message = firstLine(error);
  const code = errorCode(error);
  if (isAccessDenied(error)) {
    return `access denied reading ${what} (${name})`;
  }
  if (/ExpiredToken|TokenRefreshRequired|RequestExpired/i.test(name)) {
    return `AWS credentials expired reading ${what} (${name}) — refresh your session`;
  }
  if (
    /UnrecognizedClient|InvalidClientTokenId|InvalidSignature|SignatureDoesNotMatch/i.test(name)
  ) {
    return `AWS rejected the credentials reading ${what} (${name})`;
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    // The provider's message names the profile it tried ("profile: [x]"), never a key.
    return `no AWS credentials for ${what} (${message || name})`;
  }
  if (/^Region is missing/i.test(message)) {
    return `no AWS region for ${what}: set aws.region in parity.yaml or AWS_REGION`;
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/i.test(name)) {
    return `AWS kept throttling ${what} after retries (${name})`;
  }
  const network = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b/.exec(
    `${code} ${message}`,
  )?.[1];
  if (network) {
    const host = unreachableHost(error);
    return `cannot reach AWS for ${what}${host ? ` (${host})` : ''}: ${network}`;
  }
  if (/TimeoutError|RequestTimeout|ETIMEDOUT/i.test(`${name} ${code}`)) {
    return `AWS did not answer in time for ${what} (${name})`;
  }
  if (/ResourceNotFound|NotFound|NoSuch/i.test(name)) {
    return `${what}: not found (${name})`;
  }
  const detail = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
  return `${what}: ${name}${detail && detail !== name ? `: ${detail}` : ''}`;
}

/** A denial by IAM (or an SCP): the caller lacks a permission, retrying will not help. */
export function isAccessDenied(error: unknown): boolean {
  return /AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(errorName(error));
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  return 'Error';
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n', 1)[0] ?? '').trim() : '';
}

/** Node's network errors carry `code`; with several addresses it is an AggregateError's. */
function errorCode(error: unknown): string {
  if (!(error instanceof Error)) return '';
  if ('code' in error && typeof error.code === 'string') return error.code;
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  return '';
}

/** `connect ECONNREFUSED 127.0.0.1:9` → `127.0.0.1:9`, `getaddrinfo ENOTFOUND h` → `h`. */
function unreachableHost(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const host = /(?:connect|getaddrinfo) [A-Z_]+ (\S+)/.exec(error.message)?.[1];
  if (host) return host;
  return error instanceof AggregateError ? unreachableHost(error.errors[0]) : undefined;
}

/** Runs one AWS request under the service's limit; an SDK error becomes a one-line ParityError. */
export async function awsCall<T>(
  aws: AwsClients,
  service: AwsService,
  what: string,
  request: () => Promise<T>,
): Promise<T> {
  try {
    return await aws.limit(service, request);
  } catch (error) {
    throw new ParityError('AWS_ERROR', describeAwsError(error, what));
  }
}
