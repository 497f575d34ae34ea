import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/insecure-url.js';
import { PRODUCTION, singleContext, snapshot, STAGING } from '../../support/world.js';

describe('insecure-url', () => {
  it('fires on plain http to a real host in production', () => {
    const found = rule.check(
      singleContext(snapshot(PRODUCTION, { p: { CALLBACK: 'http://api.partner.com/hook' } })),
    );
    expect(found.map((f) => `${f.key} ${String(f.data.origins)}`)).toEqual([
      'p:CALLBACK http://api.partner.com',
    ]);
  });

  it.each([
    ['https', PRODUCTION, 'https://api.partner.com'],
    ['localhost (localhost-url reports it)', PRODUCTION, 'http://localhost:3000'],
    ['an XML namespace in a bundle', PRODUCTION, 'xmlns="http://www.w3.org/2000/svg"'],
    ['plain http in staging', STAGING, 'http://api.partner.com'],
  ])('stays quiet on %s', (_name, id, value) => {
    expect(rule.check(singleContext(snapshot(id, { p: { X: value } })))).toEqual([]);
  });
});
