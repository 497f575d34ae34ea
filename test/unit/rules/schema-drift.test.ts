import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/schema-drift.js';
import { render } from '../../../src/report/render.js';
import {
  auditOf,
  pairContext,
  PRODUCTION,
  settings,
  snapshot,
  STAGING,
} from '../../support/world.js';
import type { SourceSpec } from '../../support/world.js';

const SCHEMA = { types: { db: 'schema' } };

/** A database with core_user and plans, as a schema source reports it. */
const base: SourceSpec = {
  tables: 2,
  'table.core_user': true,
  'table.core_user.column.id': 'bigint not null',
  'table.core_user.column.email': 'character varying(254) not null',
  'table.core_user.constraint.core_user_pkey': 'PRIMARY KEY (id)',
  'table.plans': true,
  'table.plans.column.id': 'integer not null',
  'table.plans.column.price_cents': 'integer not null',
  'table.plans.constraint.plans_pkey': 'PRIMARY KEY (id)',
};

/** The schema without one table and everything of it. */
const withoutTable = (spec: SourceSpec, table: string): SourceSpec =>
  Object.fromEntries(
    Object.entries(spec).filter(
      ([path]) => path !== `table.${table}` && !path.startsWith(`table.${table}.`),
    ),
  );

const pairOf = (staging: SourceSpec, production: SourceSpec, s = settings()) =>
  pairContext(
    snapshot(STAGING, { db: staging }, SCHEMA),
    snapshot(PRODUCTION, { db: production }, SCHEMA),
    s,
  );

describe('schema-drift', () => {
  it('finds a table missing in staging once, not once per column, index and constraint', () => {
    const production = {
      ...base,
      tables: 3,
      'table.core_tenant': true,
      'table.core_tenant.column.id': 'bigint not null',
      'table.core_tenant.column.slug': 'character varying(64) not null',
      'table.core_tenant.index.core_tenant_slug_idx': 'btree (slug)',
      'table.core_tenant.constraint.core_tenant_pkey': 'PRIMARY KEY (id)',
    };
    const found = rule.check(pairOf(base, production));
    expect(found.map((f) => [f.key, f.messageId, f.data])).toEqual([
      [
        'db:table.core_tenant',
        'table',
        { table: 'core_tenant', present: 'production', absent: 'staging' },
      ],
    ]);
  });

  it('finds a missing column (with the index on it folded in), a missing index, an extra table and a changed column', () => {
    const staging = {
      ...base,
      tables: 3,
      'table.plans.column.price_cents': 'integer',
      'table.legacy_import': true,
      'table.legacy_import.column.id': 'integer',
    };
    const production = {
      ...base,
      'table.core_user.column.tenant_id': 'bigint',
      'table.core_user.index.core_user_tenant_id_idx': 'btree (tenant_id)',
      'table.core_user.constraint.core_user_tenant_fk':
        'FOREIGN KEY (tenant_id) REFERENCES core_tenant(id)',
      'table.plans.index.plans_price_idx': 'btree (price_cents)',
    };
    const found = rule.check(pairOf(staging, production));
    expect(found.map((f) => `${f.key} ${f.messageId}`)).toEqual([
      'db:table.core_user.column.tenant_id only',
      'db:table.legacy_import table',
      'db:table.plans.column.price_cents changed',
      'db:table.plans.index.plans_price_idx only',
    ]);
    const changed = found.find((f) => f.messageId === 'changed');
    expect(changed?.values).toEqual({
      staging: 'integer',
      production: 'integer not null',
    });
  });

  it('is the only finding for schema facts in the whole audit, with its message', () => {
    const full = auditOf([
      snapshot(STAGING, { db: withoutTable(base, 'core_user') }, SCHEMA),
      snapshot(PRODUCTION, { db: base }, SCHEMA),
    ]);
    const view = render(full);
    expect(view.findings.map((f) => `${f.rule} ${f.key} ${f.message}`)).toEqual([
      'schema-drift db:table.core_user table core_user exists in production only, not in staging',
    ]);
  });

  it('stays quiet on identical schemas and on a column declared in compare.differ', () => {
    expect(rule.check(pairOf(base, base))).toEqual([]);
    const staging = { ...base, 'table.plans.column.price_cents': 'bigint not null' };
    expect(
      rule.check(
        pairOf(staging, base, settings({ differ: ['db:table.plans.column.price_cents'] })),
      ),
    ).toEqual([]);
  });
});
