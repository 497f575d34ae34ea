/** The `s3-bundle` source: read from the JSON the AWS CLI prints (export mode) or a directory, no AWS called. */
import { describe, expect, it } from 'vitest';
import { s3BundleSource } from '../../../src/sources/s3-bundle.js';
import { exportContext, values } from '../../support/source-context.js';

const ctx = exportContext();

describe('s3-bundle dir mode', () => {
  it('lists assets without hashes, scans text assets, skips binaries, reads the manifest', async () => {
    const { facts } = await s3BundleSource.load(
      {
        type: 's3-bundle',
        allowSkipped: false,
        dir: 'bundle-staging',
        prefix: '',
        scan: { checkout: 'https?://[^"\'\\s]+/checkout[^"\'\\s]*' },
        manifest: 'build.json',
        maxObjectBytes: 1024 * 1024,
      },
      ctx,
    );
    const v = values(facts);
    expect(v.assets).toEqual([
      'assets/index-[hash].js',
      'assets/logo-[hash].png',
      'build.json',
      'index.html',
    ]);
    expect(v.urls).toEqual([
      'http://localhost:3000',
      'http://www.w3.org',
      'https://api-staging.shop.io',
    ]);
    expect(v['scan.checkout']).toEqual(['http://localhost:3000/checkout/success']);
    expect(v['build.commit']).toBe('3f2a9c1');
    expect(v['stripe.mode']).toBe('test');
    const urls = facts.find((f) => f.path === 'urls');
    expect(urls?.elementLocations?.['http://localhost:3000']).toMatch(
      /assets\/index-B1c2D3e4\.js$/,
    );
  });

  const capped = (allowSkipped: boolean) =>
    s3BundleSource.load(
      {
        type: 's3-bundle',
        dir: 'bundle-staging',
        prefix: '',
        scan: {},
        maxObjectBytes: 10,
        allowSkipped,
      },
      ctx,
    );

  it('fails closed on text objects over the size cap: they were not scanned', async () => {
    await expect(capped(false)).rejects.toThrow(
      /^3 text objects not scanned: assets\/index-B1c2D3e4\.js \(over maxObjectBytes\), build\.json \(over maxObjectBytes\), index\.html \(over maxObjectBytes\) \(raise maxObjectBytes, or set allowSkipped: true\)$/,
    );
  });

  it('skips them when the source says allowSkipped', async () => {
    expect(values((await capped(true)).facts).urls).toEqual([]);
  });

  it('a missing directory is a clear error', async () => {
    await expect(
      s3BundleSource.load(
        {
          type: 's3-bundle',
          dir: 'nope',
          prefix: '',
          scan: {},
          maxObjectBytes: 10,
          allowSkipped: false,
        },
        ctx,
      ),
    ).rejects.toThrow(/nope: bundle directory not found/);
  });
});
