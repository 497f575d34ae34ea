/**
 * Properties checked on many generated inputs (fast-check): normalization is idempotent and
 * never throws; diff(A, A) has no drift; diff is symmetric up to environment order; the dotenv
 * reader reads back what was written and fails only with a one-line ParityError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSnapshots } from '../../../src/compare/compare.js';
import { ParityError } from '../../../src/errors.js';
import { normalizeValue } from '../../../src/snapshot/normalize.js';
import type { EnvironmentIdentity, Snapshot } from '../../../src/snapshot/types.js';
import { scanDotenv } from '../../../src/sources/dotenv.js';
import { parse } from 'dotenv';
import { identity, snapshot } from '../../support/world.js';

const RUNS = Number(process.env.PARITY_PROPERTY_RUNS ?? 300);
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const identityArb: fc.Arbitrary<EnvironmentIdentity> = fc
  .record({
    name: word,
    aliases: fc.array(word, { minLength: 1, maxLength: 3 }),
    hosts: fc.dictionary(
      word,
      fc.tuple(word, word).map(([a, b]) => `${a}.${b}.com`),
      { maxKeys: 3 },
    ),
  })
  .map((r) => identity(r.name, { aliases: r.aliases, hosts: r.hosts }));
// Values that look like configuration: URLs over generated hosts, words, booleans, anything.
const valueArb = fc.oneof(
  fc.string(),
  fc
    .tuple(
      fc.constantFrom('http', 'https', 'HTTPS', 'postgres'),
      word,
      word,
      fc.constantFrom('', '/', '/x/', ':443', ':8080/y'),
    )
    .map(([s, a, b, tail]) => `${s}://${a}.${b}.com${tail}`),
  fc.constantFrom(
    'True',
    'false',
    'yes',
    '0',
    'main.3f2a9c.js',
    'index-DiwrgTda.js',
    '{host.app}',
    '{env}',
  ),
  fc.array(word, { maxLength: 4 }).map((w) => w.join('-')),
);

describe('properties', () => {
  it(`normalization is idempotent and total (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(identityArb, valueArb, (id, value) => {
        const once = normalizeValue(value, id);
        expect(normalizeValue(once, id)).toBe(once);
      }),
      { numRuns: RUNS },
    );
  });

  const factsArb = fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/), valueArb, {
    maxKeys: 12,
  });

  it(`diff(A, A) has no drift (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(identityArb, factsArb, (id, facts) => {
        const a = snapshot(id, { s: facts });
        const b = snapshot({ ...id, name: `${id.name}-copy` }, { s: facts });
        expect(compareSnapshots(a, b).filter((c) => c.status !== 'equal')).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it(`diff is symmetric up to environment order (${RUNS} runs)`, () => {
    const mirror = {
      'only-a': 'only-b',
      'only-b': 'only-a',
      equal: 'equal',
      different: 'different',
    } as const;
    fc.assert(
      fc.property(identityArb, identityArb, factsArb, factsArb, (ia, ib, fa, fb) => {
        const a: Snapshot = snapshot(ia, { s: fa });
        const b: Snapshot = snapshot({ ...ib, name: `${ib.name}-b` }, { s: fb });
        const ab = compareSnapshots(a, b).map((c) => `${c.key} ${mirror[c.status]}`);
        const ba = compareSnapshots(b, a).map((c) => `${c.key} ${c.status}`);
        expect(ba).toEqual(ab);
      }),
      { numRuns: RUNS },
    );
  });

  it(`the dotenv reader reads back what was written (${RUNS} runs)`, () => {
    const safeValue = fc.stringMatching(/^[A-Za-z0-9 _.,:/@=+-]{0,40}$/);
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,12}$/), safeValue, { maxKeys: 10 }),
        fc.boolean(),
        (vars, exported) => {
          const text = Object.entries(vars)
            .map(([k, v]) => `${exported ? 'export ' : ''}${k}="${v}"`)
            .join('\n');
          const lines = scanDotenv(text, '.env');
          expect(parse(text)).toEqual(vars);
          expect([...lines.keys()].sort()).toEqual(Object.keys(vars).sort());
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`the dotenv reader never fails except with a one-line ParityError (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          scanDotenv(text, '.env');
          parse(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ParityError);
          expect(error instanceof Error ? error.message : '').not.toContain('\n');
        }
      }),
      { numRuns: RUNS },
    );
  });
});
