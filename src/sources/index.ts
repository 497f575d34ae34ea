import { appRunnerSource } from './apprunner.js';
import { cloudFrontSource } from './cloudfront.js';
import { dotenvSource } from './dotenv.js';
import { ecsSource } from './ecs.js';
import { httpSource } from './http.js';
import { rdsSource } from './rds.js';
import { s3BundleSource } from './s3-bundle.js';
import { schemaSource } from './schema.js';
import { secretsManagerSource } from './secrets-manager.js';
import { sqlSource } from './sql.js';
import { ssmSource } from './ssm.js';
import type { SourceDefinition } from './types.js';

/**
 * The source registry: every source kind, registered here once (a new source is its module,
 * one line here, its page in docs/sources/ and its test in test/unit/sources/; the registry
 * test says which is missing). The config schema, `parity schema`, the docs and the engine
 * all read this list. Source modules import no SDK at load time.
 */
export const sourceDefinitions = [
  dotenvSource,
  ssmSource,
  secretsManagerSource,
  appRunnerSource,
  ecsSource,
  cloudFrontSource,
  s3BundleSource,
  rdsSource,
  sqlSource,
  schemaSource,
  httpSource,
] as const;

/** A tuple of definitions mapped to the tuple of their options schemas. */
type OptionsOf<T extends readonly unknown[]> = {
  readonly [K in keyof T]: T[K] extends SourceDefinition<infer S> ? S : never;
};

/** Each kind's options schema, as the tuple a zod discriminated union needs. */
export const sourceOptionSchemas = sourceDefinitions.map((d) => d.options) as unknown as OptionsOf<
  typeof sourceDefinitions
>;

const byType = new Map<string, SourceDefinition>(sourceDefinitions.map((d) => [d.type, d]));

export function getSourceDefinition(type: string): SourceDefinition | undefined {
  return byType.get(type);
}

/** Whether a source type is a probe (it connects where its options say; SPEC §7a). */
export function isProbe(type: string): boolean {
  return byType.get(type)?.probe === true;
}
