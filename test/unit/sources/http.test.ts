/**
 * The `http` source without a network: JSON files selected and flattened, rows by a key, and
 * the URLs it refuses before any request. Requests to real servers are in test/e2e.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { httpSource } from '../../../src/sources/http.js';
import { exportContext, values } from '../../support/source-context.js';

function jsonDir(body: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-http-'));
  writeFileSync(path.join(dir, 'body.json'), JSON.stringify(body));
  return dir;
}

describe('http', () => {
  it('flattens the selected part into json.<path>', async () => {
    const dir = jsonDir({ data: { version: '1.4.0', features: { checkout: true } } });
    const opts = httpSource.options.parse({ type: 'http', file: 'body.json', select: 'data' });
    const { facts } = await httpSource.load(opts, exportContext(dir));
    expect(values(facts)).toEqual({ 'json.version': '1.4.0', 'json.features.checkout': true });
  });

  it('reads an array by its key field as rows', async () => {
    const dir = jsonDir({ plans: [{ id: 'pro', price: 12 }] });
    const opts = httpSource.options.parse({
      type: 'http',
      file: 'body.json',
      select: 'plans',
      key: 'id',
    });
    const { facts } = await httpSource.load(opts, exportContext(dir));
    expect(values(facts)).toMatchObject({ 'rows.pro.price': 12, rowCount: 1 });
  });

  it.each([
    ['a host the environment does not declare', 'https://collector.example/x', /not among/],
    ['a user in the URL', 'https://user:pw@staging.example/x', /user or password/],
    ['a scheme other than http(s)', 'file:///etc/passwd', /must be http\(s\)/],
  ])('refuses %s before any request', async (_name, url, message) => {
    const opts = httpSource.options.parse({ type: 'http', url });
    await expect(httpSource.load(opts, exportContext())).rejects.toThrow(message);
  });

  it('says when the selection is not there', async () => {
    const dir = jsonDir({ data: {} });
    const opts = httpSource.options.parse({ type: 'http', file: 'body.json', select: 'data.x' });
    await expect(httpSource.load(opts, exportContext(dir))).rejects.toThrow(
      'select data.x: nothing at x',
    );
  });
});
