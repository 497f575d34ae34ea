import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import type { ResolvedEnvironment, ResolvedSource } from '../../../src/config/resolve.js';
import { loadEnvironment } from '../../../src/engine/load-environment.js';
import { defineSource } from '../../../src/sources/types.js';

/** A source kind that records when it starts and yields one fact per option value. */
function kind(type: string, requestChain: number, started: string[], secretSlot = false) {
  return defineSource({
    type,
    description: type,
    options: z.looseObject({ type: z.string(), value: z.string().optional() }),
    services: [],
    requestChain,
    ...(secretSlot ? { secretSlots: { value: 'connection' as const } } : {}),
    load(options, ctx) {
      started.push(ctx.sourceName);
      return Promise.resolve({
        facts: [{ path: 'VALUE', value: options.value ?? ctx.sourceName }],
      });
    },
  });
}

function environment(sources: ResolvedSource[]): ResolvedEnvironment {
  return {
    identity: { name: 'staging', tier: 'nonproduction', aliases: ['staging'], hosts: {} },
    aws: {},
    allowHosts: [],
    sources,
    secrets: [],
  };
}

describe('loadEnvironment start order', () => {
  it('starts the sources with the longest request chains first, config order among equals', async () => {
    const started: string[] = [];
    const local = kind('local', 0, started);
    const paged = kind('paged', 4, started);
    const single = kind('single', 1, started);
    const source = (name: string, definition: typeof local): ResolvedSource => ({
      name,
      type: definition.type,
      definition,
      options: { type: definition.type },
      dependsOn: [],
    });
    const { snapshot } = await loadEnvironment(
      environment([
        source('env', local),
        source('web', single),
        source('params', paged),
        source('db', single),
      ]),
      { baseDir: '.' },
    );
    expect(started).toEqual(['params', 'web', 'db', 'env']);
    // The snapshot keeps config order whatever the start order.
    expect(snapshot.sources.map((s) => s.name)).toEqual(['env', 'web', 'params', 'db']);
  });

  it('a source started early still waits for the source it reads from', async () => {
    const started: string[] = [];
    const local = kind('local', 0, started);
    const probe = kind('probe', 1, started, true);
    const { snapshot } = await loadEnvironment(
      environment([
        {
          name: 'env',
          type: 'local',
          definition: local,
          options: { type: 'local', value: 'postgres://db' },
          dependsOn: [],
        },
        {
          name: 'plans',
          type: 'probe',
          definition: probe,
          options: { type: 'probe', value: '${env:VALUE}' },
          dependsOn: ['env'],
        },
      ]),
      { baseDir: '.' },
    );
    expect(started).toEqual(['env', 'plans']);
    const plans = snapshot.sources.find((s) => s.name === 'plans');
    expect(plans?.status).toBe('ok');
    expect(plans?.facts.map((f) => f.value)).toEqual(['postgres://db']);
  });

  it('refuses a secret placed anywhere but a whole connection or header value (SPEC §7a)', async () => {
    const local = kind('local', 0, []);
    const sink = kind('sink', 1, []);
    const { snapshot, secrets } = await loadEnvironment(
      environment([
        {
          name: 'env',
          type: 'local',
          definition: local,
          options: { type: 'local', value: 'postgres://app:s3cret-canary@db/app' },
          dependsOn: [],
        },
        {
          name: 'bucket',
          type: 'sink',
          definition: sink,
          options: { type: 'sink', value: 'prefix/${env:VALUE}' },
          dependsOn: ['env'],
        },
      ]),
      { baseDir: '.' },
    );
    const bucket = snapshot.sources.find((s) => s.name === 'bucket');
    expect(bucket?.status).toBe('error');
    expect(bucket?.error).toBe(
      '${env:VALUE} is a secret: it may only be the whole value of a database connection (sql, schema) or an http header',
    );
    expect(bucket?.facts).toEqual([]);
    expect(secrets).toContain('postgres://app:s3cret-canary@db/app');
  });
});
