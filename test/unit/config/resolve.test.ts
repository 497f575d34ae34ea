import { describe, expect, it } from 'vitest';

// Inside the working directory, so errors name it as users see it: `parity.yaml:3 …`.
const CONFIG_FILE = `${process.cwd()}/parity.yaml`;
import { parseConfigText } from '../../../src/config/load.js';
import { defaultTier, identityOf, resolveEnvironment } from '../../../src/config/resolve.js';

const config = `version: 1
environments:
  staging:
    aliases: [staging, stg]
    hosts: { app: staging.example.com }
    vars: { service: example-staging-backend }
  production:
    hosts: { app: example.com }
    vars: { service: example-backend }
    sources:
      params: { path: "/example/prod/" }
sources:
  web: { type: dotenv, file: "web/.env.\${env}" }
  params: { type: ssm, path: "/example/\${env}/", export: "ssm-\${vars.service}.json" }
  derived: { type: dotenv, file: "\${params:ENV_FILE}" }
`;

const loaded = parseConfigText(config, CONFIG_FILE);

describe('resolveEnvironment', () => {
  it('fills ${env} and ${vars.X} per environment', () => {
    const staging = resolveEnvironment(loaded, 'staging', {});
    const byName = new Map(staging.sources.map((s) => [s.name, s]));
    expect(byName.get('web')?.options).toEqual({
      type: 'dotenv',
      file: 'web/.env.staging',
      expand: true,
    });
    expect(byName.get('params')?.options).toMatchObject({
      path: '/example/staging/',
      export: 'ssm-example-staging-backend.json',
    });
  });

  it('merges per-environment overrides over the shared declaration', () => {
    const production = resolveEnvironment(loaded, 'production', {});
    const params = production.sources.find((s) => s.name === 'params');
    expect(params?.options).toMatchObject({
      path: '/example/prod/',
      export: 'ssm-example-backend.json',
    });
  });

  it('orders sources so that ${source:key} dependencies load first', () => {
    const staging = resolveEnvironment(loaded, 'staging', {});
    const names = staging.sources.map((s) => s.name);
    expect(names.indexOf('params')).toBeLessThan(names.indexOf('derived'));
    expect(staging.sources.find((s) => s.name === 'derived')?.dependsOn).toEqual(['params']);
  });

  it('rejects a ${source:key} cycle with the cycle in the message', () => {
    const cyclic = parseConfigText(
      `version: 1
environments: { staging: {} }
sources:
  a: { type: dotenv, file: "\${b:X}" }
  b: { type: dotenv, file: "\${a:Y}" }
`,
      CONFIG_FILE,
    );
    expect(() => resolveEnvironment(cyclic, 'staging', {})).toThrow(
      /parity\.yaml: \$\{source:key\} cycle in environment staging: a → b → a/,
    );
  });

  it('rejects an undefined variable, naming the line and path', () => {
    const bad = parseConfigText(
      `version: 1
environments: { staging: {} }
sources:
  web: { type: dotenv, file: "\${vars.nope}" }
`,
      CONFIG_FILE,
    );
    expect(() => resolveEnvironment(bad, 'staging', {})).toThrow(
      'parity.yaml:4 sources.web.file: ${vars.nope} is not defined for environment staging',
    );
  });

  it('refuses ${ENV:…} outside credentials so a config cannot exfiltrate through a path', () => {
    const bad = parseConfigText(
      `version: 1
environments: { staging: {} }
sources:
  web: { type: dotenv, file: "\${ENV:AWS_SECRET_ACCESS_KEY}" }
`,
      CONFIG_FILE,
    );
    expect(() =>
      resolveEnvironment(bad, 'staging', { AWS_SECRET_ACCESS_KEY: 'canary-secret-0001' }),
    ).toThrow(
      /sources\.web\.file: \$\{ENV:AWS_SECRET_ACCESS_KEY\} is only allowed as the whole password of a database connection URL \(sql, schema\) or the whole value of an http header/,
    );
  });

  const probe = (connection: string, header = '${ENV:TOKEN}', aws = '') =>
    parseConfigText(
      `version: 1
environments: { staging: { ${aws} } }
sources:
  db: { type: sql, connection: "${connection}", query: SELECT 1, key: id }
  api: { type: http, url: "https://api.example.com/x", headers: { Authorization: "${header}" } }
`,
      CONFIG_FILE,
    );

  it.each([
    ['the host', 'postgres://reader:pw@${ENV:TOKEN}/app'],
    ['the user name', 'postgres://${ENV:TOKEN}:pw@db.example.com/app'],
    ['the database', 'postgres://reader:pw@db.example.com/${ENV:TOKEN}'],
    ['a URL parameter', 'postgres://reader:pw@db.example.com/app?application_name=${ENV:TOKEN}'],
    ['part of the password', 'postgres://reader:x${ENV:TOKEN}@db.example.com/app'],
    ['the whole connection', '${ENV:TOKEN}'],
    ['twice', 'postgres://reader:${ENV:TOKEN}@db.example.com/${ENV:TOKEN}'],
  ])('refuses ${ENV:…} as %s of a sql connection', (_name, connection) => {
    expect(() => resolveEnvironment(probe(connection), 'staging', { TOKEN: 'canary' })).toThrow(
      /sources\.db\.connection: \$\{ENV:TOKEN\} (must be|may appear)/,
    );
  });

  it('accepts ${ENV:…} as the whole password, percent-encoded so it cannot move the host', () => {
    const env = resolveEnvironment(
      probe('postgres://reader:${ENV:PGPASS}@db.example.com:5432/app'),
      'staging',
      { PGPASS: 'p@ss/word#1', TOKEN: 't' },
    );
    const db = env.sources.find((s) => s.name === 'db');
    expect(db?.options.connection).toBe(
      'postgres://reader:p%40ss%2Fword%231@db.example.com:5432/app',
    );
    expect(new URL(String(db?.options.connection)).hostname).toBe('db.example.com');
    expect(env.secrets).toContain('p@ss/word#1');
  });

  it('accepts ${ENV:…} as a whole header value only', () => {
    const ok = resolveEnvironment(probe('postgres://r:p@h/a'), 'staging', { TOKEN: 'Bearer t' });
    expect(ok.sources.find((s) => s.name === 'api')?.options.headers).toEqual({
      Authorization: 'Bearer t',
    });
    expect(() =>
      resolveEnvironment(probe('postgres://r:p@h/a', 'Bearer ${ENV:TOKEN}'), 'staging', {
        TOKEN: 't',
      }),
    ).toThrow(/sources\.api\.headers\.Authorization: \$\{ENV:TOKEN\} must be the whole value/);
  });

  it('refuses ${ENV:…} in aws settings: they are request parameters', () => {
    expect(() =>
      resolveEnvironment(
        probe('postgres://r:p@h/a', '${ENV:TOKEN}', 'aws: { region: "${ENV:TOKEN}" }'),
        'staging',
        { TOKEN: 'us-east-1' },
      ),
    ).toThrow(/environments\.staging\.aws\.region: \$\{ENV:TOKEN\} is only allowed as/);
  });

  it('names an unknown environment and the ones declared', () => {
    expect(() => resolveEnvironment(loaded, 'prod', {})).toThrow(
      'unknown environment "prod" (parity.yaml declares: staging, production)',
    );
  });

  it('rejects an override of an undeclared source without a type', () => {
    const bad = parseConfigText(
      `version: 1
environments:
  staging:
    sources: { nothere: { file: x } }
sources:
  web: { type: dotenv, file: x }
`,
      CONFIG_FILE,
    );
    expect(() => resolveEnvironment(bad, 'staging', {})).toThrow(
      /parity\.yaml:4 environments\.staging\.sources\.nothere: overrides a source that is not declared/,
    );
  });
});

describe('identity', () => {
  it('defaults aliases to the name and the tier from the name', () => {
    expect(identityOf(loaded, 'production')).toEqual({
      name: 'production',
      tier: 'production',
      aliases: ['production'],
      hosts: { app: 'example.com' },
    });
    expect(identityOf(loaded, 'staging').aliases).toEqual(['staging', 'stg']);
  });

  it.each([
    ['prod', 'production'],
    ['production', 'production'],
    ['live', 'production'],
    ['prod-eu', 'production'],
    ['staging', 'nonproduction'],
    ['products', 'nonproduction'],
    ['dev', 'local'],
    ['local', 'local'],
    ['development', 'local'],
    ['qa', 'nonproduction'],
  ])('tier of %s is %s', (name, tier) => {
    expect(defaultTier(name)).toBe(tier);
  });
});
