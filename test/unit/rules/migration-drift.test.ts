import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/migration-drift.js';
import { render } from '../../../src/report/render.js';
import {
  auditOf,
  identity,
  pairContext,
  PRODUCTION,
  snapshot,
  STAGING,
} from '../../support/world.js';
import type { SourceSpec } from '../../support/world.js';

const SCHEMA = { types: { db: 'schema' } };

/** A schema source's migration facts for these ids (django's `<app>.<name>`). */
function applied(ids: readonly string[], tool = 'django'): SourceSpec {
  return {
    ...Object.fromEntries(ids.map((id) => [`migrations.${tool}.${id}`, true])),
    ...(ids.length > 0 ? { [`migrations.${tool}.latest`]: ids.at(-1) ?? '' } : {}),
  };
}

const HISTORY = ['core.0040_plans', 'core.0041_prices', 'core.0042_add_tenant'];

describe('migration-drift', () => {
  it('says staging is behind (error) and ahead (warning), one finding per migration', () => {
    const found = rule.check(
      pairContext(
        snapshot(STAGING, { db: applied([...HISTORY.slice(0, 2), 'core.0043_invoices']) }, SCHEMA),
        snapshot(PRODUCTION, { db: applied(HISTORY) }, SCHEMA),
      ),
    );
    expect(found.map((f) => [f.key, f.messageId, f.severity ?? 'error'])).toEqual([
      ['db:migrations.django.core.0042_add_tenant', 'behind', 'error'],
      ['db:migrations.django.core.0043_invoices', 'ahead', 'warning'],
    ]);
  });

  it('renders the messages SPEC §12 gives, and reports latest no more', () => {
    const view = render(
      auditOf([
        snapshot(STAGING, { db: applied(HISTORY.slice(0, 2)) }, SCHEMA),
        snapshot(PRODUCTION, { db: applied(HISTORY) }, SCHEMA),
      ]),
    );
    expect(view.findings.map((f) => `${f.severity} ${f.rule} ${f.key}: ${f.message}`)).toEqual([
      'error migration-drift db:migrations.django.core.0042_add_tenant: staging is behind production: django migration core.0042_add_tenant not applied',
    ]);
  });

  it('measures against the production-tier side whichever order the pair is named in', () => {
    const found = rule.check(
      pairContext(
        snapshot(PRODUCTION, { db: applied(HISTORY) }, SCHEMA),
        snapshot(STAGING, { db: applied(HISTORY.slice(0, 2)) }, SCHEMA),
      ),
    );
    expect(found.map((f) => [f.messageId, f.data.env, f.data.reference])).toEqual([
      ['behind', 'staging', 'production'],
    ]);
    // Neither is production: the last named is the reference.
    const dev = rule.check(
      pairContext(
        snapshot(identity('dev'), { db: applied(HISTORY) }, SCHEMA),
        snapshot(STAGING, { db: applied(HISTORY.slice(0, 2)) }, SCHEMA),
      ),
    );
    expect(dev.map((f) => [f.messageId, f.data.env, f.data.reference])).toEqual([
      ['ahead', 'dev', 'staging'],
    ]);
  });

  it('reports a tool with no migrations on one side once', () => {
    const found = rule.check(
      pairContext(
        snapshot(STAGING, { db: { tables: 0 } }, SCHEMA),
        snapshot(PRODUCTION, { db: applied(HISTORY) }, SCHEMA),
      ),
    );
    expect(found.map((f) => [f.key, f.messageId, f.data])).toEqual([
      [
        'db:migrations.django',
        'none',
        { tool: 'django', present: 'production', absent: 'staging', count: 3 },
      ],
    ]);
  });

  it('reports two alembic revisions as one finding on latest', () => {
    const found = rule.check(
      pairContext(
        snapshot(STAGING, { db: { 'migrations.alembic.latest': '3f2a9c1d' } }, SCHEMA),
        snapshot(PRODUCTION, { db: { 'migrations.alembic.latest': '9b7e1d20' } }, SCHEMA),
      ),
    );
    expect(found.map((f) => [f.key, f.messageId, f.data.revisionA, f.data.revisionB])).toEqual([
      ['db:migrations.alembic.latest', 'revision', '3f2a9c1d', '9b7e1d20'],
    ]);
  });

  it('stays quiet on the same migrations applied in both', () => {
    const report = auditOf([
      snapshot(STAGING, { db: applied(HISTORY) }, SCHEMA),
      snapshot(PRODUCTION, { db: applied(HISTORY) }, SCHEMA),
    ]);
    expect(report.findings).toEqual([]);
  });
});
