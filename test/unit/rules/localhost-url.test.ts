import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/localhost-url.js';
import { identity, singleContext, snapshot, STAGING, PRODUCTION } from '../../support/world.js';

describe('localhost-url', () => {
  it.each([
    ['localhost with a port', 'http://localhost:3000/checkout/success', 'http://localhost:3000'],
    ['127.0.0.1', 'https://127.0.0.1/api', 'https://127.0.0.1'],
    ['0.0.0.0', 'http://0.0.0.0:8000', 'http://0.0.0.0:8000'],
    ['IPv6 loopback', 'http://[::1]:8080/x', 'http://[::1]:8080'],
    ['a .localhost name', 'http://app.localhost:5173', 'http://app.localhost:5173'],
  ])('fires on %s', (_name, value, origin) => {
    const found = rule.check(singleContext(snapshot(STAGING, { web: { URL: value } })));
    expect(found.map((f) => f.key)).toEqual(['web:URL']);
    expect(found[0]?.data.origins).toEqual([origin]);
  });

  it('fires in a list value (bundle urls) and on a secret without its password', () => {
    const found = rule.check(
      singleContext(
        snapshot(PRODUCTION, {
          bundle: { urls: ['https://tableicty.com', 'http://localhost:3000'] },
          params: {
            DATABASE_URL: {
              value: 'postgres://app:hunter22-secret@localhost:5432/app',
              sensitive: true,
            },
          },
        }),
      ),
    );
    expect(found.map((f) => f.key)).toEqual(['bundle:urls', 'params:DATABASE_URL']);
    expect(JSON.stringify(found)).not.toContain('hunter22');
  });

  it.each([
    ['a local-tier environment', identity('dev'), 'http://localhost:3000'],
    ['a real host', STAGING, 'https://staging.tableicty.com'],
    ['the word localhost outside a URL', STAGING, 'bind to localhost only'],
    ['a host that starts with localhost', STAGING, 'https://localhost.example.com'],
  ])('stays quiet on %s', (_name, id, value) => {
    expect(rule.check(singleContext(snapshot(id, { web: { URL: value } })))).toEqual([]);
  });

  it('stays quiet on a container health check: localhost there is the container itself', () => {
    const env = snapshot(
      PRODUCTION,
      {
        api: {
          'container.web.healthCheck': 'CMD-SHELL curl -f http://localhost:8080/health || exit 1',
        },
      },
      { types: { api: 'ecs' } },
    );
    expect(rule.check(singleContext(env))).toEqual([]);
  });
});
