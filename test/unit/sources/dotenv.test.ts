import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dotenvSource } from '../../../src/sources/dotenv.js';
import type { SourceContext } from '../../../src/sources/types.js';
import type { Tier } from '../../../src/snapshot/types.js';
import { createAwsClients } from '../../../src/aws/clients.js';
import { tempRepo } from '../../support/repo.js';

const REAL_WORLD = fileURLToPath(new URL('../../fixtures/real-world/', import.meta.url));

function contextFor(
  dir: string,
  environment: { name: string; tier: Tier } = { name: 'staging', tier: 'nonproduction' },
  rootDir = dir,
): SourceContext {
  return {
    environment: { ...environment, aliases: [environment.name], hosts: {} },
    sourceName: 'web',
    baseDir: dir,
    rootDir,
    aws: createAwsClients({}, {}),
    signal: new AbortController().signal,
    allowHosts: [],
    probeHosts: () => Promise.resolve(new Set<string>()),
    sourceFacts: () => undefined,
  };
}

async function load(content: string | Buffer, expand = true) {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-dotenv-'));
  writeFileSync(path.join(dir, '.env.staging'), content);
  return dotenvSource.load({ type: 'dotenv', file: '.env.staging', expand }, contextFor(dir));
}

describe('dotenv source', () => {
  it('reads quotes, export, comments, multiline values and line numbers', async () => {
    const { facts } = await load(
      [
        '# comment',
        'export API_URL=https://api.example.com',
        'QUOTED="hello world" # trailing comment',
        "SINGLE='x y'",
        'MULTI="line one',
        'line two"',
        'EMPTY=',
        'AFTER=1',
      ].join('\n'),
    );
    const byPath = new Map(facts.map((f) => [f.path, f]));
    expect(byPath.get('API_URL')?.value).toBe('https://api.example.com');
    expect(byPath.get('QUOTED')?.value).toBe('hello world');
    expect(byPath.get('SINGLE')?.value).toBe('x y');
    expect(byPath.get('MULTI')?.value).toBe('line one\nline two');
    expect(byPath.get('EMPTY')?.value).toBe('');
    expect(byPath.get('API_URL')?.location?.line).toBe(2);
    expect(byPath.get('AFTER')?.location?.line).toBe(8);
    expect(byPath.get('API_URL')?.location?.file).toMatch(/\.env\.staging$/);
  });

  it('expands ${VAR} from the same file only, never from the process environment', async () => {
    process.env.PARITY_TEST_LEAK = 'must-not-appear';
    const { facts } = await load(
      'HOST=api.example.com\nURL=https://${HOST}/v1\nLEAK=${PARITY_TEST_LEAK}\n',
    );
    const byPath = new Map(facts.map((f) => [f.path, f.value]));
    expect(byPath.get('URL')).toBe('https://api.example.com/v1');
    // A variable the files do not define is a template the run-time environment fills: kept as
    // written (a placeholder-value), never filled from parity's own environment.
    expect(byPath.get('LEAK')).toBe('${PARITY_TEST_LEAK}');
    expect(JSON.stringify(facts)).not.toContain('must-not-appear');
    delete process.env.PARITY_TEST_LEAK;
  });

  it('keeps ${VAR} literal when expansion is off', async () => {
    const { facts } = await load('A=1\nB=${A}\n', false);
    expect(facts.find((f) => f.path === 'B')?.value).toBe('${A}');
  });

  it.each([
    [
      'a line that is not an assignment',
      'GOOD=1\nthis is not dotenv\n',
      /\.env\.staging:2: not a KEY=value line/,
    ],
    ['an unterminated quote', 'A="open\nB=2\n', /\.env\.staging: unterminated " quote/],
    ['binary content', Buffer.from([0x41, 0x3d, 0x00, 0x01]), /\.env\.staging: binary content/],
    ['invalid UTF-8', Buffer.from([0x41, 0x3d, 0xff, 0xfe, 0x0a]), /\.env\.staging: invalid UTF-8/],
  ])('refuses %s with a one-line error naming the file', async (_name, content, expected) => {
    await expect(load(content)).rejects.toThrow(expected);
  });

  it('names a missing file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-dotenv-'));
    await expect(
      dotenvSource.load({ type: 'dotenv', file: 'nope/.env', expand: true }, contextFor(dir)),
    ).rejects.toThrow(/nope\/\.env: file not found/);
  });

  it('refuses a file outside the repository, even through a symbolic link', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-dotenv-'));
    await expect(
      dotenvSource.load(
        { type: 'dotenv', file: '../../etc/passwd', expand: true },
        contextFor(dir),
      ),
    ).rejects.toThrow(/^\.\.\/\.\.\/etc\/passwd: outside the repository/);
    symlinkSync('/etc/hostname', path.join(dir, '.env.linked'));
    await expect(
      dotenvSource.load({ type: 'dotenv', file: '.env.linked', expand: true }, contextFor(dir)),
    ).rejects.toThrow(/\.env\.linked: outside the repository/);
  });
});

type Options = Parameters<typeof dotenvSource.load>[0];

/** Loads `options` and returns each key's value and winning file (basename) and line. */
async function read(
  options: Omit<Options, 'type' | 'expand'> & { expand?: boolean },
  ctx: SourceContext,
): Promise<Map<string, { value: unknown; file: string; line?: number }>> {
  const { facts } = await dotenvSource.load({ type: 'dotenv', expand: true, ...options }, ctx);
  return new Map(
    facts.map((f) => [
      f.path,
      {
        value: f.value,
        file: path.relative(REAL_WORLD, path.resolve(f.location?.file ?? '')),
        ...(f.location?.line ? { line: f.location.line } : {}),
      },
    ]),
  );
}

/** A real-world layout fixture read for one environment. */
function fixture(
  layout: NonNullable<Options['layout']>,
  folder: string,
  name: string,
  tier: Tier = 'nonproduction',
  mode?: string,
) {
  return read(
    { layout, dir: `dotenv/${folder}`, ...(mode ? { mode } : {}) },
    contextFor(REAL_WORLD, { name, tier }, REAL_WORLD),
  );
}

describe('dotenv layouts', () => {
  it('vite: .env < .env.local < .env.[mode] < .env.[mode].local, expanded over the merged set', async () => {
    const production = await fixture('vite', 'vite', 'production', 'production');
    // .env.production beats .env.local in Vite.
    expect(production.get('VITE_API_URL')).toEqual({
      value: 'https://api.acme.com',
      file: 'dotenv/vite/.env.production',
      line: 2,
    });
    expect(production.get('VITE_ENABLE_MOCKS')).toMatchObject({ value: 'false' });
    expect(production.get('VITE_STRIPE_PUBLISHABLE_KEY')).toMatchObject({
      file: 'dotenv/vite/.env',
      line: 5,
    });
    const staging = await fixture('vite', 'vite', 'staging');
    expect(staging.get('VITE_API_URL')).toMatchObject({
      value: 'https://api.staging.acme.com',
      file: 'dotenv/vite/.env.staging',
    });
    expect(staging.get('VITE_APP_NAME')).toMatchObject({ value: 'Acme Shop' });
    expect([...staging.keys()].sort()).toEqual([
      'VITE_API_URL',
      'VITE_APP_NAME',
      'VITE_CDN_URL',
      'VITE_ENABLE_MOCKS',
      'VITE_SENTRY_ENVIRONMENT',
      'VITE_STRIPE_PUBLISHABLE_KEY',
    ]);
  });

  it('vite: ${VAR} in .env sees the value a later layer won with', async () => {
    const dir = tempRepo({
      '.env': 'API=http://localhost:8080\nCDN=${API}/static\n',
      '.env.production': 'API=https://api.acme.com\n',
    });
    const values = await read(
      { layout: 'vite' },
      contextFor(dir, { name: 'production', tier: 'production' }),
    );
    expect(values.get('CDN')).toMatchObject({ value: 'https://api.acme.com/static', line: 2 });
    expect(values.get('CDN')?.file).toMatch(/\.env$/);
  });

  it('next: .env.local beats .env.[mode]; not read in test mode; expansion per layer', async () => {
    const production = await fixture('next', 'next', 'production', 'production');
    expect(production.get('NEXT_PUBLIC_API_URL')).toMatchObject({
      value: 'http://localhost:4000',
      file: 'dotenv/next/.env.local',
    });
    expect(production.get('NEXT_PUBLIC_SITE_URL')).toMatchObject({
      value: 'https://acme.com',
      file: 'dotenv/next/.env.production',
    });
    const development = await fixture('next', 'next', 'development', 'local');
    // $NEXT_PUBLIC_SITE_URL in .env, no layer above sets it.
    expect(development.get('NEXTAUTH_URL')).toMatchObject({
      value: 'http://localhost:3000',
      file: 'dotenv/next/.env',
    });
    const test = await fixture('next', 'next', 'ci', 'nonproduction', 'test');
    expect(test.has('NEXT_TELEMETRY_DISABLED')).toBe(false);
    expect(test.get('NEXT_PUBLIC_API_URL')).toMatchObject({ file: 'dotenv/next/.env' });
  });

  it('next and cra: a staging environment builds in production mode; other modes are refused', async () => {
    const staging = await fixture('next', 'next', 'staging');
    expect(staging.get('NEXT_PUBLIC_SENTRY_ENVIRONMENT')).toMatchObject({ value: 'production' });
    const local = await fixture('cra', 'cra', 'dev', 'local');
    expect(local.get('REACT_APP_API_URL')).toMatchObject({ file: 'dotenv/cra/.env.development' });
    await expect(fixture('next', 'next', 'staging', 'nonproduction', 'staging')).rejects.toThrow(
      /^dotenv layout: Next\.js has no mode "staging" \(only development, production, test\)$/,
    );
    await expect(fixture('vite', 'vite', 'local', 'local')).rejects.toThrow(
      /Vite refuses mode "local"/,
    );
  });

  it('cra: .env.[mode].local wins', async () => {
    const production = await fixture('cra', 'cra', 'production', 'production');
    expect(production.get('REACT_APP_API_URL')).toEqual({
      value: 'https://api.staging.acme.com',
      file: 'dotenv/cra/.env.production.local',
      line: 2,
    });
    expect(production.get('REACT_APP_SENTRY_DSN')).toMatchObject({
      file: 'dotenv/cra/.env.production',
    });
    expect(production.get('BROWSER')).toMatchObject({ value: 'none', file: 'dotenv/cra/.env' });
  });

  it('cra and next: a ${VAR} sees only the layers above it, as each file is expanded in turn', async () => {
    const dir = tempRepo({
      '.env': 'HOST=base.acme.com\nURL=https://${HOST}/v1\n',
      '.env.production':
        'HOST=prod.acme.com\nLOCAL_ONLY=${NEVER_SET}x\nDEFAULTED=${NEVER_SET:-d}\n',
    });
    const values = await read(
      { layout: 'cra' },
      contextFor(dir, { name: 'production', tier: 'production' }),
    );
    expect(values.get('URL')?.value).toBe('https://prod.acme.com/v1');
    expect(values.get('LOCAL_ONLY')?.value).toBe('${NEVER_SET}x');
    expect(values.get('DEFAULTED')?.value).toBe('d');
  });

  it('dotenv-flow: .env.defaults < .env < .env.local < .env.[NODE_ENV] < .env.[NODE_ENV].local', async () => {
    const production = await fixture('dotenv-flow', 'dotenv-flow', 'production', 'production');
    expect(production.get('DATABASE_URL')).toMatchObject({
      file: 'dotenv/dotenv-flow/.env.production.local',
      line: 2,
    });
    expect(production.get('PORT')).toMatchObject({
      value: '3000',
      file: 'dotenv/dotenv-flow/.env.defaults',
    });
    expect(production.get('REDIS_URL')).toMatchObject({
      value: 'redis://localhost:6379/0',
      file: 'dotenv/dotenv-flow/.env',
    });
    expect(production.get('MAIL_FROM')).toMatchObject({ value: 'Acme <no-reply@acme.com>' });
    const staging = await fixture('dotenv-flow', 'dotenv-flow', 'staging');
    expect(staging.get('REDIS_URL')).toMatchObject({ file: 'dotenv/dotenv-flow/.env.staging' });
  });

  it('the mode can be set per environment, and dir is relative to the config file', async () => {
    const values = await fixture('vite', 'vite', 'prod', 'production', 'production');
    expect(values.get('VITE_API_URL')).toMatchObject({ value: 'https://api.acme.com' });
  });

  it('skips missing files but names the layout when none exists', async () => {
    const dir = tempRepo({ 'web/.env.production': 'A=1\n' });
    const ctx = contextFor(dir);
    const staging = await read(
      { layout: 'vite', dir: 'web' },
      contextFor(dir, { name: 'production', tier: 'production' }),
    );
    expect(staging.get('A')).toMatchObject({ value: '1', line: 1 });
    await expect(read({ layout: 'vite', dir: 'web' }, ctx)).rejects.toThrow(
      /^web: none of Vite's files for mode staging exists \(\.env, \.env\.local, \.env\.staging, \.env\.staging\.local\)$/,
    );
  });

  it('keeps the hardened reads for every layer: a linked layer out of the repository is refused', async () => {
    const dir = tempRepo({ '.env': 'A=1\n' });
    symlinkSync('/etc/hostname', path.join(dir, '.env.local'));
    await expect(read({ layout: 'vite' }, contextFor(dir))).rejects.toThrow(
      /\.env\.local: outside the repository/,
    );
    await expect(read({ layout: 'vite', dir: '..' }, contextFor(dir))).rejects.toThrow(
      /outside the repository/,
    );
  });

  it('a broken layer is an error naming that file and line', async () => {
    const dir = tempRepo({ '.env': 'A=1\n', '.env.staging': 'B=2\nnot dotenv\n' });
    await expect(read({ layout: 'vite' }, contextFor(dir))).rejects.toThrow(
      /\.env\.staging:2: not a KEY=value line/,
    );
  });
});

describe('dotenv files:', () => {
  it('later files win; locations are the winning file and line; expansion sees every file', async () => {
    const dir = tempRepo({
      'base.env': 'A=1\nC=base\nB=${C}-b\n',
      'over.env': '# override\nC=over\n',
    });
    const values = await read({ files: ['base.env', 'over.env'] }, contextFor(dir));
    expect(values.get('A')).toMatchObject({ value: '1', line: 1 });
    expect(values.get('C')).toMatchObject({ value: 'over', line: 2 });
    expect(values.get('B')).toMatchObject({ line: 3 });
    expect(values.get('C')?.file).toMatch(/over\.env$/);
    expect(values.get('B')?.value).toBe('over-b');
    const literal = await read({ files: ['base.env', 'over.env'], expand: false }, contextFor(dir));
    expect(literal.get('B')?.value).toBe('${C}-b');
  });

  it('every listed file must exist unless it ends in ?', async () => {
    const dir = tempRepo({ 'base.env': 'A=1\n' });
    await expect(read({ files: ['base.env', 'missing.env'] }, contextFor(dir))).rejects.toThrow(
      /missing\.env: file not found/,
    );
    const values = await read({ files: ['base.env', 'missing.env?'] }, contextFor(dir));
    expect(values.get('A')?.value).toBe('1');
    await expect(read({ files: ['missing.env?'] }, contextFor(dir))).rejects.toThrow(
      /^none of the dotenv files exists \(missing\.env\)$/,
    );
  });

  it('takes exactly one of file, files and layout; dir and mode only with layout', () => {
    const check = dotenvSource.check;
    const base = { type: 'dotenv' as const, expand: true };
    expect(check?.({ ...base, file: 'a' })).toBeUndefined();
    expect(check?.({ ...base, layout: 'next', mode: 'production', dir: 'web' })).toBeUndefined();
    expect(check?.({ ...base })).toBe('give exactly one of file, files or layout');
    expect(check?.({ ...base, file: 'a', layout: 'vite' })).toBe(
      'give exactly one of file, files or layout',
    );
    expect(check?.({ ...base, files: ['a'], mode: 'x' })).toBe('dir and mode go with layout');
  });
});
