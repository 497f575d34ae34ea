/** A source context for unit tests of sources in export or dir mode: no AWS is called. */
import { fileURLToPath } from 'node:url';
import { createAwsClients } from '../../src/aws/clients.js';
import type { SourceContext } from '../../src/sources/types.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function exportContext(baseDir: string = FIXTURES): SourceContext {
  return {
    environment: { name: 'staging', tier: 'nonproduction', aliases: ['staging'], hosts: {} },
    sourceName: 'src',
    baseDir,
    rootDir: baseDir,
    aws: createAwsClients({ region: 'us-east-1' }, { maxAttempts: 1 }),
    signal: new AbortController().signal,
    allowHosts: [],
    probeHosts: () => Promise.resolve(new Set<string>()),
    sourceFacts: () => undefined,
  };
}

/** path → value of a source's facts. */
export const values = (
  facts: readonly { path: string; value: unknown }[],
): Record<string, unknown> => Object.fromEntries(facts.map((f) => [f.path, f.value]));
