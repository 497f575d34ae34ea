/**
 * The parity.yaml schema (SPEC §2), strict: unknown keys are errors. Types come from `z.infer`;
 * `parity schema` prints the JSON Schema generated from these definitions.
 */
import * as z from 'zod';
import { rules } from '../rules/index.js';
import { sourceOptionSchemas } from '../sources/index.js';
import { TIERS } from '../snapshot/types.js';

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a name of letters, digits, `-`, `_` or `.`');

const tierSchema = z.enum(TIERS);

const awsSchema = z.strictObject({
  region: z.string().min(1).optional(),
  profile: z.string().min(1).optional(),
  roleArn: z.string().min(1).optional(),
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'expected a 12-digit AWS account id')
    .optional(),
});

const environmentSchema = z.strictObject({
  tier: tierSchema
    .optional()
    .describe(
      'Defaults from the name: prod/production/live → production, local/dev/development → local.',
    ),
  aliases: z
    .array(z.string().min(1))
    .optional()
    .describe('Words naming this environment inside values (default: [<name>]).'),
  hosts: z
    .record(z.string(), z.string().min(1))
    .optional()
    .describe('Logical host name → this environment’s host.'),
  allowHosts: z
    .array(z.string().min(1))
    .optional()
    .describe('Extra hosts http probes may reach (SPEC §7.4).'),
  deploysFrom: z
    .string()
    .regex(/^(?!-)[\w./-]+$/, 'expected a branch name')
    .optional()
    .describe(
      'The branch this environment deploys from: a bundle build behind it is undeployed-commits (SPEC §14).',
    ),
  aws: awsSchema.optional(),
  vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  sources: z
    .record(name, z.record(z.string(), z.unknown()))
    .optional()
    .describe('Per-environment source overrides, merged over the shared declarations.'),
});

const sourceSchema = z.discriminatedUnion('type', sourceOptionSchemas);

const severityOrOff = z.enum(['off', 'info', 'warning', 'error']);
const ruleIds = rules.map((r) => r.id);

const dateString = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
);

const ignoreSchema = z.strictObject({
  key: z.string().min(1).describe('A key glob, e.g. "params:LEGACY_*".'),
  rule: z.string().min(1).optional(),
  env: z.string().min(1).optional(),
  reason: z.string().trim().min(1, 'an ignore needs a reason'),
  expires: dateString.optional(),
});

const compareSchema = z.strictObject({
  differ: z.array(z.string().min(1)).default([]),
  equal: z.array(z.string().min(1)).default([]),
  sharedSecretsAllowed: z.array(z.string().min(1)).default([]),
  staleAfterDays: z.number().min(0).default(30),
});

/** The compare settings of a config that says nothing: declared once, by the schema's defaults. */
export const COMPARE_DEFAULTS: Readonly<z.output<typeof compareSchema>> = compareSchema.parse({});

export const configSchema = z.strictObject({
  version: z.literal(1),
  project: z.string().optional(),
  store: z
    .string()
    .min(1)
    .optional()
    .describe(
      'The snapshot store (SPEC §15): a directory or s3://bucket/prefix; `--store` overrides it.',
    ),
  environments: z
    .record(name, environmentSchema)
    .refine((envs) => Object.keys(envs).length > 0, 'declare at least one environment'),
  sources: z.record(name, sourceSchema),
  compare: compareSchema.prefault({}),
  rules: z
    .record(z.string(), severityOrOff)
    .superRefine((value, ctx) => {
      for (const id of Object.keys(value)) {
        if (!ruleIds.includes(id)) {
          ctx.addIssue({
            code: 'custom',
            path: [id],
            message: `unknown rule "${id}" (see parity rules)`,
          });
        }
      }
    })
    .default({}),
  ignore: z.array(ignoreSchema).default([]),
});

export type ParsedConfig = z.output<typeof configSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;

export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
}
