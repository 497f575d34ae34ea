import { appRunnerSource } from './apprunner.js';
import { cloudFrontSource } from './cloudfront.js';
import { dotenvSource } from './dotenv.js';
import { ecsSource } from './ecs.js';
import { httpSource } from './http.js';
import { rdsSource } from './rds.js';
import { s3BundleSource } from './s3-bundle.js';
import { secretsManagerSource } from './secrets-manager.js';
import { sqlSource } from './sql.js';
import { ssmSource } from './ssm.js';
import type { SourceDefinition } from './types.js';

/**
 * The source registry: every source kind, registered here once. The config schema, `parity
 * schema` and the engine all read this list. Source modules import no SDK at load time.
 */
const sourceDefinitions = [
  dotenvSource,
  ssmSource,
  secretsManagerSource,
  appRunnerSource,
  ecsSource,
  cloudFrontSource,
  s3BundleSource,
  rdsSource,
  sqlSource,
  httpSource,
] as const;

/** Each kind's options schema, as the tuple a zod discriminated union needs. */
export const sourceOptionSchemas = [
  dotenvSource.options,
  ssmSource.options,
  secretsManagerSource.options,
  appRunnerSource.options,
  ecsSource.options,
  cloudFrontSource.options,
  s3BundleSource.options,
  rdsSource.options,
  sqlSource.options,
  httpSource.options,
] as const;

const byType = new Map<string, SourceDefinition>(sourceDefinitions.map((d) => [d.type, d]));

export function getSourceDefinition(type: string): SourceDefinition | undefined {
  return byType.get(type);
}
