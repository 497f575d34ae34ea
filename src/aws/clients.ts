/**
 * The one AWS client factory (SPEC §9): per-environment region and credentials (profile,
 * role, or the standard chain), endpoints from the SDK's own `AWS_ENDPOINT_URL[_<SERVICE>]`
 * variables, adaptive retries, a request timeout, and a concurrency limit per service.
 * SDK modules are imported on first use only.
 */
import { ParityError } from '../errors.js';
import { Semaphore } from '../util/concurrency.js';
import type { AwsClientMap, AwsClients, AwsService, AwsSettings } from './types.js';

export interface AwsClientOptions {
  /** Requests in flight per service (SPEC §8: default 8). */
  readonly concurrency?: number | undefined;
  readonly maxAttempts?: number | undefined;
  readonly requestTimeoutMs?: number | undefined;
}

type ClientConfig = Record<string, unknown>;

// Each service: how to build its client from the shared config. One line per service.
const factories: { [S in AwsService]: (config: ClientConfig) => Promise<AwsClientMap[S]> } = {
  ssm: async (config) => new (await import('@aws-sdk/client-ssm')).SSMClient(config),
  secretsmanager: async (config) =>
    new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient(config),
  apprunner: async (config) =>
    new (await import('@aws-sdk/client-apprunner')).AppRunnerClient(config),
  ecs: async (config) => new (await import('@aws-sdk/client-ecs')).ECSClient(config),
  cloudfront: async (config) =>
    new (await import('@aws-sdk/client-cloudfront')).CloudFrontClient(config),
  s3: async (config) => new (await import('@aws-sdk/client-s3')).S3Client(config),
  rds: async (config) => new (await import('@aws-sdk/client-rds')).RDSClient(config),
};

export function createAwsClients(
  settings: AwsSettings,
  options: AwsClientOptions = {},
): AwsClients {
  const clients = new Map<AwsService, Promise<unknown>>();
  const limits = new Map<AwsService, Semaphore>();
  const concurrency = options.concurrency ?? 8;
  let config: Promise<ClientConfig> | undefined;

  return {
    client<S extends AwsService>(service: S): Promise<AwsClientMap[S]> {
      let client = clients.get(service) as Promise<AwsClientMap[S]> | undefined;
      if (!client) {
        config ??= clientConfig(settings, options);
        client = config.then((c) => factories[service](c));
        clients.set(service, client);
      }
      return client;
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
    const { fromTemporaryCredentials, fromIni } = await import('@aws-sdk/credential-providers');
    config.credentials = fromTemporaryCredentials({
      params: { RoleArn: settings.roleArn, RoleSessionName: 'parity' },
      ...(settings.profile ? { masterCredentials: fromIni({ profile: settings.profile }) } : {}),
      ...(region ? { clientConfig: { region } } : {}),
    });
  } else if (settings.profile) {
    const { fromIni } = await import('@aws-sdk/credential-providers');
    config.credentials = fromIni({ profile: settings.profile });
  }
  return config;
}

function positiveInt(text: string | undefined): number | undefined {
  const n = Number(text);
  return text && Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * An SDK error as one line free of secrets, naming what was being read. AWS error messages
 * name principals and resources, never parameter values, but only the pieces below are kept.
 */
export function describeAwsError(error: unknown, what: string): string {
  const name = errorName(error);
  const message = error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : '';
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(name)) {
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
    return `no AWS credentials for ${what} (${message || name})`;
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/i.test(name)) {
    return `AWS kept throttling ${what} after retries (${name})`;
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH/.test(`${code} ${message}`)) {
    const host = /(?:connect \w+|getaddrinfo \w+) ([^\s]+)/.exec(message)?.[1];
    return `cannot reach AWS for ${what}${host ? ` (${host})` : ''}: ${code || 'network error'}`;
  }
  if (/TimeoutError|RequestTimeout|ETIMEDOUT/i.test(`${name} ${code}`)) {
    return `AWS did not answer in time for ${what} (${name})`;
  }
  if (/ResourceNotFound|NotFound|NoSuch/i.test(name)) {
    return `${what}: not found (${name})`;
  }
  return `${what}: ${name}${message && message !== name ? `: ${message}` : ''}`;
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  return 'Error';
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
