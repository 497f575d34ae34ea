/**
 * Resolving App Runner `RuntimeEnvironmentSecrets` and ECS `valueFrom` references, read-only,
 * against SSM and Secrets Manager, so that a reference to nothing (or to a JSON key the secret
 * lacks) is a `dangling-reference`. Values are only checked for existence, never kept.
 */
import { awsCall, describeAwsError } from '../aws/clients.js';
import { ParityError } from '../errors.js';
import type { AwsClients } from '../aws/types.js';
import type { FactLocation, Reference } from '../snapshot/types.js';

export interface SecretReference {
  /** The fact path holding the reference, e.g. `secret.DATABASE_URL`. */
  readonly at: string;
  /** As written: an SSM parameter ARN or name, or a Secrets Manager ARN (with `:jsonKey::`). */
  readonly target: string;
  readonly location?: FactLocation;
}

interface ParsedTarget {
  readonly service: 'ssm' | 'secretsmanager';
  /** Parameter name, or secret id (ARN without the JSON-key suffix, or name). */
  readonly id: string;
  readonly jsonKey?: string;
}

/** `arn:aws:ssm:…:parameter/a/b` → `/a/b`; `arn:aws:secretsmanager:…:secret:name-AbC123:key::` → id + key. */
export function parseTarget(target: string): ParsedTarget {
  const sm =
    /^(arn:aws[\w-]*:secretsmanager:[^:]*:[^:]*:secret:[^:]+)(?::([^:]*)(?::[^:]*(?::[^:]*)?)?)?$/.exec(
      target,
    );
  if (sm?.[1])
    return { service: 'secretsmanager', id: sm[1], ...(sm[2] ? { jsonKey: sm[2] } : {}) };
  const ssm = /^arn:aws[\w-]*:ssm:[^:]*:[^:]*:parameter(\/.+)$/.exec(target);
  if (ssm?.[1]) return { service: 'ssm', id: ssm[1] };
  return { service: 'ssm', id: target.startsWith('/') ? target : `/${target}` };
}

export async function resolveReferences(
  source: string,
  refs: readonly SecretReference[],
  aws: AwsClients,
): Promise<Reference[]> {
  return Promise.all(
    refs.map(async (ref): Promise<Reference> => {
      const resolved = await exists(parseTarget(ref.target), aws);
      return {
        source,
        at: ref.at,
        target: ref.target,
        resolved,
        ...(ref.location ? { location: ref.location } : {}),
      };
    }),
  );
}

async function exists(target: ParsedTarget, aws: AwsClients): Promise<boolean> {
  if (target.service === 'ssm') {
    const client = await aws.client('ssm');
    const { GetParametersCommand } = await import('../aws/sdk/ssm.js');
    const out = await awsCall(aws, 'ssm', `SSM parameter ${target.id}`, () =>
      client.send(new GetParametersCommand({ Names: [target.id], WithDecryption: false })),
    );
    return (out.Parameters ?? []).length > 0;
  }
  const client = await aws.client('secretsmanager');
  const { GetSecretValueCommand } = await import('../aws/sdk/secrets-manager.js');
  try {
    const out = await aws.limit('secretsmanager', () =>
      client.send(new GetSecretValueCommand({ SecretId: target.id })),
    );
    if (!target.jsonKey) return true;
    const parsed: unknown = JSON.parse(out.SecretString ?? 'null');
    return typeof parsed === 'object' && parsed !== null && target.jsonKey in parsed;
  } catch (error) {
    if (error instanceof Error && /ResourceNotFound/.test(error.name)) return false;
    if (error instanceof SyntaxError) return false;
    throw new ParityError('AWS_ERROR', describeAwsError(error, `secret ${target.id}`));
  }
}
