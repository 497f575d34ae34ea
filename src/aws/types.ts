import type { AppRunnerClient } from '@aws-sdk/client-apprunner';
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';

/** Per-environment AWS settings from `environments.<name>.aws` (SPEC §2). */
export interface AwsSettings {
  readonly region?: string;
  readonly profile?: string;
  readonly roleArn?: string;
  readonly accountId?: string;
}

/**
 * The AWS services parity talks to, mapped to their SDK v3 client types. Only types are
 * imported here: the client modules themselves are loaded lazily by `clients.ts`, so a run that
 * needs no AWS source loads no SDK module (SPEC §8).
 */
export interface AwsClientMap {
  ssm: SSMClient;
  secretsmanager: SecretsManagerClient;
  apprunner: AppRunnerClient;
  ecs: ECSClient;
  cloudfront: CloudFrontClient;
  s3: S3Client;
  rds: RDSClient;
}

export type AwsService = keyof AwsClientMap;

/** One environment's clients, created on first use, with per-service concurrency limits. */
export interface AwsClients {
  client<S extends AwsService>(service: S): Promise<AwsClientMap[S]>;
  /** Runs `task` under the service's concurrency limit (SPEC §8: default 8 per service). */
  limit<T>(service: AwsService, task: () => Promise<T>): Promise<T>;
}
