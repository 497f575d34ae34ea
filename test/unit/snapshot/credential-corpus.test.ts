/**
 * SPEC §7a "Credentials are recognised in their real formats": every format of the corpus is a
 * sensitive credential under an ordinary key, and ordinary values stay displayable.
 */
import { describe, expect, it } from 'vitest';
import { findCredential } from '../../../src/snapshot/credentials.js';
import { classify } from '../../../src/snapshot/sensitivity.js';
import { credentialCorpus, harmlessCorpus } from '../../fixtures/credentials/corpus.js';

const corpus = credentialCorpus(1);
// Formats told by their key name alone: a human-chosen password has no shape.
const byKey = (format: string) => format.endsWith('-by-key') || format === 'camel-case-key';

describe('credential corpus (SPEC §7a)', () => {
  it('holds at least 40 distinct formats', () => {
    const formats = new Set(corpus.map((e) => e.format));
    expect(formats.size).toBe(corpus.length);
    expect(corpus.filter((e) => !byKey(e.format)).length).toBeGreaterThanOrEqual(40);
  });

  it.each(corpus.map((e) => [e.format, e.key, e.value] as const))(
    '%s under %s is a sensitive credential',
    (_format, key, value) => {
      expect(classify(key, value, false)).toEqual({ sensitive: true, credential: true });
    },
  );

  it.each(corpus.filter((e) => !byKey(e.format)).map((e) => [e.format, e.value] as const))(
    '%s is recognised by its value alone (under NOTES)',
    (_format, value) => {
      expect(classify('NOTES', value, false)).toEqual({ sensitive: true, credential: true });
    },
  );

  it('recognises every format across 200 seeds (random bodies of the right shape)', () => {
    const missed: string[] = [];
    for (let seed = 2; seed < 202; seed++) {
      for (const e of credentialCorpus(seed)) {
        const c = classify(e.key, e.value, false);
        if (!c.sensitive || !c.credential) missed.push(`${seed} ${e.format}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it('a list holding one credential among harmless values is a credential', () => {
    const token = corpus.find((e) => e.format === 'github-pat-classic')?.value ?? '';
    expect(classify('UPSTREAMS', ['https://a.example.com', token], false)).toEqual({
      sensitive: true,
      credential: true,
    });
  });

  it('finds a credential inside a longer value (JSON, a header line, a command)', () => {
    const stripe = corpus.find((e) => e.format === 'stripe-secret-live')?.value ?? '';
    expect(findCredential(JSON.stringify({ payments: { live: stripe } }))).toBe(
      'stripe-secret-key',
    );
    expect(findCredential(`curl -u ${stripe}: https://api.stripe.com`)).toBe('stripe-secret-key');
  });
});

describe('harmless values stay displayable', () => {
  it.each(harmlessCorpus().map(([k, v]) => [k, JSON.stringify(v), v] as const))(
    '%s=%s is not sensitive',
    (key, _shown, value) => {
      expect(classify(key, value, false)).toEqual({ sensitive: false, credential: false });
    },
  );

  it('holds at least 25 values', () => {
    expect(harmlessCorpus().length).toBeGreaterThanOrEqual(25);
  });
});

describe('recognition runs in linear time', () => {
  it('pathological inputs of 200,000 characters take milliseconds, not minutes', () => {
    const n = 200_000;
    const inputs = [
      'eyJ'.repeat(n / 3),
      `${'a'.repeat(n)}g`,
      'a1Q~'.repeat(n / 4),
      'password'.repeat(n / 8),
      'Basic '.repeat(n / 6),
      '-----BEGIN '.repeat(n / 11),
      'https://a.b/?'.repeat(n / 13),
      'sk-'.repeat(n / 3),
      '-'.repeat(n),
      'aB3'.repeat(n / 3),
    ];
    const started = performance.now();
    for (const input of inputs) findCredential(input);
    // About 0.2 s on a loaded 2-core machine; a backtracking pattern would take minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
