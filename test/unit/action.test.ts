/**
 * action.yml, checked two ways: its structure (inputs, outputs, steps, no expression in any
 * script text) and its "Run parity" and "Gate" steps run with bash the way the runner runs a
 * composite step — `${{ }}` expressions in `env:` evaluated from an inputs map and an event
 * payload, GITHUB_* variables set, cwd a Git repository — against the real built CLI.
 *
 * The repository the steps run in is a pull request in miniature: the base commit's parity.yaml
 * reports a missing key (an error); the PR head adds `ignore: [{ key: '*' }]` to it. Run with
 * the base commit's policy the gate fails (exit 1) and reports a config-change; run with the
 * working tree's policy everything is ignored (exit 0).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ACTION_FILE = path.join(ROOT, 'action.yml');

const stepSchema = z
  .object({
    name: z.string().optional(),
    id: z.string().optional(),
    if: z.string().optional(),
    uses: z.string().optional(),
    with: z.record(z.string(), z.string()).optional(),
    shell: z.string().optional(),
    env: z.record(z.string(), z.string()).optional(),
    run: z.string().optional(),
  })
  .strict();
type Step = z.infer<typeof stepSchema>;

const actionSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    author: z.string().optional(),
    branding: z.object({ icon: z.string(), color: z.string() }).optional(),
    inputs: z.record(
      z.string(),
      z
        .object({
          description: z.string(),
          default: z.string().optional(),
          required: z.boolean().optional(),
        })
        .strict(),
    ),
    outputs: z.record(
      z.string(),
      z.object({ description: z.string(), value: z.string() }).strict(),
    ),
    runs: z.object({ using: z.literal('composite'), steps: z.array(stepSchema) }).strict(),
  })
  .strict();

const action = actionSchema.parse(parse(readFileSync(ACTION_FILE, 'utf8')));

function stepNamed(name: string): Step {
  const step = action.runs.steps.find((s) => s.name === name);
  if (!step) throw new Error(`action.yml has no step named "${name}"`);
  return step;
}

// ---- A tiny evaluator for the expression forms action.yml uses: `${{ a.b.c }}` ----

const EXPRESSION = /\$\{\{(.*?)\}\}/g;
const PROPERTY_PATH = /^(inputs|github|steps)(\.[A-Za-z_][A-Za-z0-9_-]*)+$/;

type Context = Record<string, unknown>;

function evaluateProperty(expression: string, context: Context): string {
  const expr = expression.trim();
  if (!PROPERTY_PATH.test(expr)) {
    throw new Error(`the test's evaluator does not support the expression "${expr}"`);
  }
  let value: unknown = context;
  for (const part of expr.split('.')) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  // As the runner does: a missing property is null, which becomes '' in a string.
  return value === undefined || value === null ? '' : String(value);
}

function evaluate(template: string, context: Context): string {
  return template.replace(EXPRESSION, (_match, expr: string) => evaluateProperty(expr, context));
}

// ---- Running a step as the runner would ----

interface Event {
  readonly name: string;
  readonly payload: Record<string, unknown>;
}

interface StepRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  /** argv of every `node` the step started (through a counting wrapper first in PATH). */
  readonly nodeCalls: string[][];
}

// Git without the developer's or the machine's configuration.
const GIT_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

function runStep(
  step: Step,
  options: {
    cwd: string;
    event: Event;
    inputs?: Record<string, string>;
    steps?: Record<string, { outputs: Record<string, string> }>;
  },
): StepRun {
  if (step.shell !== 'bash' || step.run === undefined) {
    throw new Error(`step "${step.name ?? '?'}" is not a bash run step`);
  }
  const work = mkdtempSync(path.join(tmpdir(), 'parity-action-step-'));
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) inputs[name] = input.default ?? '';
  Object.assign(inputs, options.inputs);
  const context: Context = {
    inputs,
    github: { event_name: options.event.name, event: options.event.payload },
    steps: options.steps ?? {},
  };
  const stepEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.env ?? {})) {
    stepEnv[name] = evaluate(value, context);
  }

  // A `node` first in PATH that records its arguments and runs the real one.
  const wrapperDir = path.join(work, 'bin');
  mkdirSync(wrapperDir);
  const callLog = path.join(work, 'node-calls');
  writeFileSync(callLog, '');
  const wrapper = path.join(wrapperDir, 'node');
  writeFileSync(
    wrapper,
    `#!/bin/sh\nprintf '%s\\0' "$@" >> '${callLog}'\necho >> '${callLog}'\nexec '${process.execPath}' "$@"\n`,
  );
  chmodSync(wrapper, 0o755);

  const outputFile = path.join(work, 'github-output');
  const summaryFile = path.join(work, 'step-summary');
  const eventFile = path.join(work, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify(options.event.payload));
  // The runner writes the script to a file and runs `bash --noprofile --norc -eo pipefail {0}`.
  const script = path.join(work, 'step.sh');
  writeFileSync(script, step.run);

  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...GIT_ENV,
      PATH: `${wrapperDir}${path.delimiter}${process.env.PATH ?? ''}`,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_WORKSPACE: options.cwd,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_EVENT_NAME: options.event.name,
      GITHUB_EVENT_PATH: eventFile,
      ...stepEnv,
    },
  });
  if (result.error) throw result.error;
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    nodeCalls: readFileSync(callLog, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split('\0').slice(0, -1)),
  };
}

/** $GITHUB_OUTPUT's `name=value` lines (and `name<<DELIMITER` blocks). */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc?.[1] && heredoc[2]) {
      const end = lines.indexOf(heredoc[2], i + 1);
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

/** The Run step, then the Gate step with the Run step's outputs, as the composite action runs them. */
function runAction(options: { cwd: string; event: Event; inputs?: Record<string, string> }): {
  run: StepRun;
  gate: StepRun;
} {
  const run = runStep(stepNamed('Run parity'), options);
  const gate = runStep(stepNamed('Gate'), { ...options, steps: { run: { outputs: run.outputs } } });
  return { run, gate };
}

// ---- The repository: a base commit and a pull request that blanket-ignores its drift ----

const BASE_CONFIG = `version: 1
environments:
  staging: { hosts: { app: staging.example.com } }
  production: { hosts: { app: example.com } }
sources:
  web: { type: dotenv, file: ".env.\${env}" }
`;
const PR_CONFIG = `${BASE_CONFIG}ignore:
  - { key: '*', reason: x }
`;

interface Repo {
  readonly dir: string;
  readonly baseSha: string;
  readonly headSha: string;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function makeRepo(): Repo {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-action-repo-'));
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(dir, 'parity.yaml'), BASE_CONFIG);
  writeFileSync(path.join(dir, '.env.staging'), 'API_URL=https://staging.example.com\n');
  writeFileSync(
    path.join(dir, '.env.production'),
    'API_URL=https://example.com\nSUPPORT_EMAIL=help@example.com\n',
  );
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD');
  writeFileSync(path.join(dir, 'parity.yaml'), PR_CONFIG);
  git(dir, 'commit', '-q', '-am', 'pr: ignore everything');
  return { dir, baseSha, headSha: git(dir, 'rev-parse', 'HEAD') };
}

/** A shallow clone of the PR head, as actions/checkout makes one: the base commit is absent. */
function shallowClone(origin: Repo): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-action-clone-'));
  git(dir, 'clone', '-q', '--depth=1', `file://${origin.dir}`, '.');
  return dir;
}

function pullRequestEvent(name: string, repo: Repo): Event {
  return {
    name,
    payload: {
      action: 'synchronize',
      number: 7,
      pull_request: {
        number: 7,
        base: { ref: 'main', sha: repo.baseSha },
        head: { ref: 'pr', sha: repo.headSha },
      },
    },
  };
}

function pushEvent(repo: Repo): Event {
  return { name: 'push', payload: { ref: 'refs/heads/main', after: repo.headSha } };
}

/** The value after `flag` in an argv, or undefined. */
function flagValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i === -1 ? undefined : argv[i + 1];
}

function sarifRuleIds(file: string): string[] {
  const log = z
    .object({ runs: z.array(z.object({ results: z.array(z.object({ ruleId: z.string() })) })) })
    .parse(JSON.parse(readFileSync(file, 'utf8')));
  return log.runs.flatMap((run) => run.results.map((r) => r.ruleId));
}

const BIN = path.join(ROOT, 'bin', 'parity.js');

/** parity accepted the options the action passed (a clear failure while a flag is missing). */
function expectOptionsAccepted(run: StepRun): void {
  expect(run.stderr).not.toMatch(/unknown option/);
}

// ---- Tests ----

describe('action.yml: structure', () => {
  it('is a composite action with the inputs, defaults and output the docs describe', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.inputs['config-ref']?.default).toBe('');
    expect(action.inputs['trust-config']?.default).toBe('false');
    expect(action.inputs['trust-config']?.description).toMatch(/dangerous/i);
    expect(action.inputs.sarif?.default).toBe('false');
    expect(action.inputs.environments?.default).toBe('staging production');
    expect(action.outputs['exit-code']?.value).toBe('${{ steps.run.outputs.exit-code }}');
    expect(stepNamed('Run parity').id).toBe('run');
  });

  it('never interpolates an expression into script text: every value reaches bash through env', () => {
    for (const step of action.runs.steps) {
      if (step.run !== undefined) expect(step.run, step.name).not.toContain('${{');
    }
  });

  it("passes every input but node-version to the Run step's env, and the base commit from the payload", () => {
    const env = stepNamed('Run parity').env ?? {};
    const referenced = Object.values(env).flatMap((v) =>
      [...v.matchAll(EXPRESSION)].map((m) => (m[1] ?? '').trim()),
    );
    for (const name of Object.keys(action.inputs)) {
      if (name !== 'node-version') expect(referenced).toContain(`inputs.${name}`);
    }
    expect(referenced).toContain('github.event.pull_request.base.sha');
    // Every expression in an env value is one the evaluator above understands.
    for (const step of action.runs.steps) {
      for (const value of Object.values(step.env ?? {})) {
        expect(() => evaluate(value, {})).not.toThrow();
      }
    }
  });

  it('runs parity once, uploads the SARIF of that run, then gates on its exit code', () => {
    const names = action.runs.steps.map((s) => s.name ?? s.uses ?? '');
    const run = stepNamed('Run parity');
    expect(run.run?.match(/bin\/parity\.js/g)).toHaveLength(1);
    const upload = stepNamed('Upload SARIF');
    expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@/);
    expect(upload.with?.sarif_file).toBe('parity.sarif');
    expect(upload.if).toContain("inputs.sarif == 'true'");
    expect(names.indexOf('Run parity')).toBeLessThan(names.indexOf('Upload SARIF'));
    expect(names.indexOf('Upload SARIF')).toBeLessThan(names.indexOf('Gate'));
    expect(stepNamed('Gate').env?.PARITY_EXIT_CODE).toBe('${{ steps.run.outputs.exit-code }}');
  });
});

describe('action.yml: the Run parity and Gate steps, run with bash against the built CLI', () => {
  it('finds the built CLI (npm run build)', () => {
    expect(existsSync(path.join(ROOT, 'dist', 'main.js')), 'run npm run build first').toBe(true);
  });

  it.each(['pull_request', 'pull_request_target', 'pull_request_review'])(
    'on %s: the base commit is the policy, one run writes the gate, summary and SARIF',
    (eventName) => {
      const repo = makeRepo();
      const { run, gate } = runAction({
        cwd: repo.dir,
        event: pullRequestEvent(eventName, repo),
        inputs: { sarif: 'true' },
      });

      // One audit: node started once, with the base commit as the config ref and --sarif.
      expect(run.nodeCalls).toHaveLength(1);
      const argv = run.nodeCalls[0] ?? [];
      expect(argv[0]).toBe(BIN);
      expect(argv.slice(1, 4)).toEqual(['diff', 'staging', 'production']);
      expect(flagValue(argv, '--config-ref')).toBe(repo.baseSha);
      expect(flagValue(argv, '--sarif')).toBe('parity.sarif');
      expect(argv).not.toContain('--trust-config');
      expect(run.code).toBe(0);

      // Seen from outside: the base policy ran (its drift is not ignored: exit 1) and the
      // PR's policy edit is reported, in the step summary and in the SARIF of that same run.
      expectOptionsAccepted(run);
      expect(run.outputs['exit-code']).toBe('1');
      expect(run.summary.match(/## parity diff staging ↔ production/g)).toHaveLength(1);
      expect(run.summary).toContain('missing-key');
      expect(run.summary).toContain('config-change');
      const sarif = path.join(repo.dir, 'parity.sarif');
      expect(existsSync(sarif)).toBe(true);
      const ruleIds = sarifRuleIds(sarif);
      expect(ruleIds).toContain('missing-key');
      expect(ruleIds).toContain('config-change');
      // The report went to the step log once, as text.
      expect(run.stdout).toContain('parity diff staging ↔ production');
      expect(run.stdout.match(/parity diff staging ↔ production/g)).toHaveLength(1);

      expect(gate.code).toBe(1);
    },
  );

  it('on push: no config ref, the working tree is the policy, and no SARIF unless asked', () => {
    const repo = makeRepo();
    const { run, gate } = runAction({
      cwd: repo.dir,
      event: pushEvent(repo),
      inputs: { environments: '  staging   production ' },
    });
    expect(run.nodeCalls).toHaveLength(1);
    const argv = run.nodeCalls[0] ?? [];
    expect(argv.slice(1, 4)).toEqual(['diff', 'staging', 'production']);
    expect(argv).not.toContain('--config-ref');
    expect(argv).not.toContain('--sarif');
    expect(argv).not.toContain('--trust-config');
    expect(run.outputs['exit-code']).toBe('0'); // the working tree's ignore applies
    expect(run.summary).toContain('## parity diff staging ↔ production');
    expect(run.summary).not.toContain('config-change');
    expect(existsSync(path.join(repo.dir, 'parity.sarif'))).toBe(false);
    expect(gate.code).toBe(0);
  });

  it('an explicit config-ref is used on any event', () => {
    const repo = makeRepo();
    const { run, gate } = runAction({
      cwd: repo.dir,
      event: pushEvent(repo),
      inputs: { 'config-ref': repo.baseSha },
    });
    expect(run.nodeCalls).toHaveLength(1);
    expect(flagValue(run.nodeCalls[0] ?? [], '--config-ref')).toBe(repo.baseSha);
    expectOptionsAccepted(run);
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.summary).toContain('config-change');
    expect(gate.code).toBe(1);
  });

  it('fetches the base commit when the checkout is shallow and lacks it', () => {
    const origin = makeRepo();
    const clone = shallowClone(origin);
    expect(() => git(clone, 'cat-file', '-e', `${origin.baseSha}^{commit}`)).toThrow();
    const { run } = runAction({ cwd: clone, event: pullRequestEvent('pull_request', origin) });
    expect(git(clone, 'cat-file', '-t', origin.baseSha)).toBe('commit');
    expect(run.nodeCalls).toHaveLength(1);
    expect(flagValue(run.nodeCalls[0] ?? [], '--config-ref')).toBe(origin.baseSha);
    expectOptionsAccepted(run);
    expect(run.outputs['exit-code']).toBe('1');
  });

  it('fails closed (exit 2, parity not run) when the base commit cannot be had', () => {
    const repo = makeRepo();
    const event = pullRequestEvent('pull_request', repo);
    const missing = '0000000000000000000000000000000000000001';
    const { run, gate } = runAction({
      cwd: repo.dir,
      event: {
        ...event,
        payload: { pull_request: { base: { sha: missing }, head: { sha: repo.headSha } } },
      },
    });
    expect(run.nodeCalls).toHaveLength(0);
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.stderr).toContain(missing);
    expect(gate.code).toBe(2);
  });

  it('fails closed on a pull-request event whose payload has no base commit', () => {
    const repo = makeRepo();
    const { run, gate } = runAction({
      cwd: repo.dir,
      event: { name: 'pull_request', payload: {} },
    });
    expect(run.nodeCalls).toHaveLength(0);
    expect(run.outputs['exit-code']).toBe('2');
    expect(gate.code).toBe(2);
  });

  it("trust-config: 'true' runs the working tree's config with --trust-config and no config ref", () => {
    const repo = makeRepo();
    const { run } = runAction({
      cwd: repo.dir,
      event: pullRequestEvent('pull_request', repo),
      inputs: { 'trust-config': 'true' },
    });
    expect(run.nodeCalls).toHaveLength(1);
    const argv = run.nodeCalls[0] ?? [];
    expect(argv).toContain('--trust-config');
    expect(argv).not.toContain('--config-ref');
    expectOptionsAccepted(run);
    expect(run.outputs['exit-code']).toBe('0'); // the PR's blanket ignore applies: why it is dangerous
  });

  it('writes report files fresh: a symbolic link the checkout holds at their path is not written through', () => {
    const repo = makeRepo();
    const outside = mkdtempSync(path.join(tmpdir(), 'parity-action-outside-'));
    const targets = ['sarif-target', 'output-target'].map((name) => path.join(outside, name));
    for (const target of targets) writeFileSync(target, 'untouched\n');
    symlinkSync(targets[0] ?? '', path.join(repo.dir, 'parity.sarif'));
    symlinkSync(targets[1] ?? '', path.join(repo.dir, 'report.md'));
    const { run } = runAction({
      cwd: repo.dir,
      event: pushEvent(repo),
      inputs: { sarif: 'true', output: 'report.md', format: 'markdown' },
    });
    for (const target of targets) expect(readFileSync(target, 'utf8')).toBe('untouched\n');
    expectOptionsAccepted(run);
    for (const name of ['parity.sarif', 'report.md']) {
      expect(lstatSync(path.join(repo.dir, name)).isFile(), name).toBe(true);
    }
    expect(readFileSync(path.join(repo.dir, 'report.md'), 'utf8')).toContain('## parity diff');
  });

  it('inputs and payload values are data, never shell code', () => {
    const repo = makeRepo();
    const marker = (name: string): string => path.join(repo.dir, name);
    const { run, gate } = runAction({
      cwd: repo.dir,
      event: {
        name: 'pull_request',
        payload: { pull_request: { base: { sha: `$(touch ${marker('pwned-sha')})` } } },
      },
      inputs: {
        environments: `staging production;touch ${marker('pwned-envs')}`,
        config: `$(touch ${marker('pwned-config')})`,
        'fail-on': `"; touch ${marker('pwned-fail-on')}; "`,
        output: `\`touch ${marker('pwned-output')}\``,
      },
    });
    for (const name of [
      'pwned-sha',
      'pwned-envs',
      'pwned-config',
      'pwned-fail-on',
      'pwned-output',
    ]) {
      expect(existsSync(marker(name)), name).toBe(false);
    }
    expect(run.outputs['exit-code']).toBe('2');
    expect(gate.code).toBe(2);
  });
});
