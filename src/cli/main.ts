/**
 * The commander program. Each verb's action is imported only when that verb runs, so
 * `parity --version` and `parity rules` load neither the engine nor any AWS module.
 */
import { Command, CommanderError, Option } from 'commander';
import { FAIL_ON_LEVELS, FORMATS } from '../report/types.js';
import { VERSION } from '../version.js';
import type { Io } from './io.js';
import { createIo, reportError } from './io.js';
import type { GlobalOptions } from './options.js';
import { parseGlobalOptions } from './options.js';

export async function main(argv: readonly string[], io: Io = createIo()): Promise<number> {
  let exitCode = 0;
  const program = programWithOptions(io);
  addCommands(program, io, (task) =>
    task().then((code) => {
      exitCode = code;
    }),
  );
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with code 0; usage errors are exit 2 (SPEC §1).
      return error.exitCode === 0 ? 0 : 2;
    }
    reportError(error, io, argv.includes('-v') || argv.includes('--verbose'));
    return 2;
  }
}

/** The program, its global options and its help text. */
function programWithOptions(io: Io): Command {
  return new Command('parity')
    .description(
      'Environment-parity auditor: diff what staging and production really run on. Reads ' +
        'dotenv files, SSM, Secrets Manager, App Runner, ECS, CloudFront, the S3 bundle, RDS, ' +
        'SQL/HTTP data probes and database schemas, normalizes each environment, runs drift rules and reports findings.',
    )
    .version(VERSION, '--version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(
      new Option(
        '-c, --config <file>',
        'config file (default: parity.yaml/.yml/.json, searched upward to the Git root)',
      ),
    )
    .addOption(
      new Option('-f, --format <format>', 'report format').choices(FORMATS).default('text'),
    )
    .addOption(new Option('-o, --output <file>', 'write the report to a file instead of stdout'))
    .addOption(
      new Option('--sarif <file>', 'also write the same audit as SARIF to this file (for upload)'),
    )
    .addOption(
      new Option(
        '--store <dir-or-s3-url>',
        'the snapshot store: snapshot writes to it, ENV@latest / ENV@<date> / ENV@~N read from it',
      ),
    )
    .addOption(
      new Option(
        '--config-ref <ref>',
        'read the policy (parity.yaml) from this Git commit, not the working tree (pull-request gates)',
      ),
    )
    .addOption(
      new Option(
        '--trust-config',
        'on pull-request events, accept probes and identity settings from the working tree',
      ),
    )
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a finding is at or above this severity')
        .choices(FAIL_ON_LEVELS)
        .default('error'),
    )
    .addOption(
      new Option('--only <sources>', 'read only these sources (names or types, comma-separated)'),
    )
    .addOption(
      new Option('--concurrency <n>', 'AWS requests in flight per service and environment').default(
        '8',
      ),
    )
    .addOption(new Option('--no-color', 'no colours (NO_COLOR and FORCE_COLOR are honoured too)'))
    .addOption(new Option('-q, --quiet', 'no progress on stderr'))
    .addOption(
      new Option(
        '-v, --verbose',
        'list matching keys and expected differences; stack traces on errors',
      ),
    )
    .showHelpAfterError('(run parity --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
    })
    .addHelpText(
      'after',
      '\nExit codes: 0 no finding at or above --fail-on · 1 findings at or above --fail-on ·\n' +
        '2 the audit could not be completed (usage, config, a source failed to load, nothing read).\n\n' +
        'In a pull-request gate, pass --config-ref <base commit>: the policy then comes from Git,\n' +
        'the files it names from the working tree (docs/SECURITY.md).\n\n' +
        'Examples:\n' +
        '  parity diff staging production\n' +
        '  parity diff staging production --config-ref origin/main --sarif parity.sarif\n' +
        '  parity diff staging production -f json -o parity.json --fail-on warning\n' +
        '  parity diff dev staging production --reference production\n' +
        '  parity matrix dev staging production -f markdown\n' +
        '  parity snapshot production --store s3://audit-store/parity\n' +
        '  parity diff production@~1 production@latest --store s3://audit-store/parity\n' +
        '  parity baseline staging production -o parity.baseline.yaml\n' +
        '  parity check production\n' +
        '  parity explain localhost-url',
    );
}

/** The verbs; `run` records the exit code of the one that ran. */
function addCommands(
  program: Command,
  io: Io,
  run: (task: () => Promise<number>) => Promise<void>,
): void {
  const globals = (cmd: Command): GlobalOptions => parseGlobalOptions(cmd.optsWithGlobals());

  const REFERENCE =
    'with three or more: the environment the others are compared with (default: the first production-tier one named, else the last)';
  program
    .command('diff')
    .description('compare environments (names or snapshot files): two, or several with a reference')
    .argument('<envs...>', 'two or more environments or snapshot files')
    .option('--reference <env>', REFERENCE)
    .action((envs: string[], _opts: unknown, cmd: Command) =>
      run(async () => (await import('./commands/audit.js')).runDiff(envs, globals(cmd), io)),
    );

  program
    .command('matrix')
    .description('the key × environment table of two or more environments')
    .argument('<envs...>', 'two or more environments or snapshot files')
    .option('--reference <env>', REFERENCE)
    .action((envs: string[], _opts: unknown, cmd: Command) =>
      run(async () => (await import('./commands/matrix.js')).runMatrix(envs, globals(cmd), io)),
    );

  program
    .command('baseline')
    .description("write today's diff findings as ignore: entries to merge into parity.yaml")
    .argument('<a>', 'first environment or snapshot file')
    .argument('<b>', 'second environment or snapshot file')
    .option('--expires <date>', 'when the entries stop applying, YYYY-MM-DD (default: in 90 days)')
    .option('--force', 'overwrite an existing -o file')
    .action((a: string, b: string, opts: { expires?: string; force?: boolean }, cmd: Command) =>
      run(async () =>
        (await import('./commands/baseline.js')).runBaseline(
          [a, b],
          globals(cmd),
          { force: opts.force === true, ...(opts.expires ? { expires: opts.expires } : {}) },
          io,
        ),
      ),
    );

  program
    .command('check')
    .description('single-environment rules only (a pre-deploy step)')
    .argument('<env>', 'environment')
    .action((env: string, _opts: unknown, cmd: Command) =>
      run(async () => (await import('./commands/audit.js')).runCheck(env, globals(cmd), io)),
    );

  program
    .command('snapshot')
    .description('capture a redacted snapshot of one environment (JSON; -o FILE or stdout)')
    .argument('<env>', 'environment')
    .action((env: string, _opts: unknown, cmd: Command) =>
      run(async () => (await import('./commands/audit.js')).runSnapshot(env, globals(cmd), io)),
    );

  program
    .command('log')
    .description('when each key changed across the stored snapshots of one environment (--store)')
    .argument('<env>', 'environment')
    .option('--key <glob>', 'only keys matching this glob, e.g. "params:*"')
    .option('--since <date>', 'only changes at or after this date (YYYY-MM-DD or a datetime)')
    .action((env: string, opts: { key?: string; since?: string }, cmd: Command) =>
      run(async () =>
        (await import('./commands/log.js')).runLog(
          env,
          { ...(opts.key ? { key: opts.key } : {}), ...(opts.since ? { since: opts.since } : {}) },
          globals(cmd),
          io,
        ),
      ),
    );

  program
    .command('init')
    .description('write a starter parity.yaml from what this repository holds')
    .option('--force', 'overwrite an existing file')
    .action((opts: { force?: boolean }, cmd: Command) => {
      const { config, verbose } = globals(cmd);
      return run(async () =>
        (await import('./commands/init.js')).runInit(
          { force: opts.force === true, verbose, ...(config ? { config } : {}) },
          io,
        ),
      );
    });

  program
    .command('rules')
    .description('list the rule catalogue')
    .action((_opts: unknown, cmd: Command) =>
      run(async () => (await import('./commands/rules.js')).runRules(globals(cmd), io)),
    );

  program
    .command('explain')
    .description("print one rule's documentation")
    .argument('<rule>', 'rule id, e.g. localhost-url')
    .action((rule: string) =>
      run(async () => (await import('./commands/rules.js')).runExplain(rule, io)),
    );

  program
    .command('schema')
    .description('print the JSON Schema of parity.yaml')
    .action(() => run(async () => (await import('./commands/schema.js')).runSchema(io)));
}
