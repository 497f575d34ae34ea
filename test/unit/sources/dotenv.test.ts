import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dotenvSource } from '../../../src/sources/dotenv.js';
import type { SourceContext } from '../../../src/sources/types.js';
import { createAwsClients } from '../../../src/aws/clients.js';

function contextFor(dir: string): SourceContext {
  return {
    environment: { name: 'staging', tier: 'nonproduction', aliases: ['staging'], hosts: {} },
    sourceName: 'web',
    baseDir: dir,
    rootDir: dir,
    aws: createAwsClients({}, {}),
    signal: new AbortController().signal,
    allowHosts: [],
    probeHosts: () => Promise.resolve(new Set<string>()),
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
    expect(byPath.get('LEAK')).toBe('');
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
