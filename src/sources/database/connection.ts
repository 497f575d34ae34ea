/**
 * A database connection URL checked against SPEC §7a before anything connects: a PostgreSQL or
 * MySQL/MariaDB URL whose host is one of the environment's hosts, with no parameter but the TLS
 * mode. libpq and node-postgres read connection settings from the URL's query too (`host`,
 * `hostaddr`, `options`, ...), mysql2 likewise (`multipleStatements`, `localAddress`, `flags`):
 * each could redirect the connection or change the session, so the drivers never see the URL.
 * Messages never quote it (it holds the password).
 */
import * as z from 'zod';
import { ParityError } from '../../errors.js';

/**
 * How long after the server's statement timeout a driver gives up on its own: late enough that
 * the server's timeout (with its error code) comes first on a loaded machine.
 */
export const BACKUP_MS = 5000;

/** The `timeoutMs` option of every source that opens a session. */
export const statementTimeout = z
  .number()
  .int()
  .positive()
  .max(60_000)
  .default(10_000)
  .describe('The statement timeout the session is opened with (at most 60 s).');

type Tls = false | { readonly rejectUnauthorized: boolean };

/** What parity connects with: parsed from the URL, pinned and stripped of session settings. */
export interface Target {
  readonly engine: 'postgres' | 'mysql';
  /** How errors name the server: PostgreSQL, MySQL, MariaDB. */
  readonly label: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly ssl: Tls;
}

const PG_SSL_MODES: Readonly<Record<string, Tls>> = {
  disable: false,
  prefer: { rejectUnauthorized: false },
  require: { rejectUnauthorized: false },
  'no-verify': { rejectUnauthorized: false },
  'verify-ca': { rejectUnauthorized: true },
  'verify-full': { rejectUnauthorized: true },
};

// `ssl-mode` as MySQL's own clients spell it (case-insensitive).
const MYSQL_SSL_MODES: Readonly<Record<string, Tls>> = {
  disabled: false,
  preferred: { rejectUnauthorized: false },
  required: { rejectUnauthorized: false },
  verify_ca: { rejectUnauthorized: true },
  verify_identity: { rejectUnauthorized: true },
};

interface Scheme {
  readonly engine: Target['engine'];
  readonly label: string;
  readonly port: number;
  /** The one URL parameter accepted: the TLS mode. */
  readonly param: string;
  readonly modes: Readonly<Record<string, Tls>>;
}

const POSTGRES: Scheme = {
  engine: 'postgres',
  label: 'PostgreSQL',
  port: 5432,
  param: 'sslmode',
  modes: PG_SSL_MODES,
};
const MYSQL = { engine: 'mysql', port: 3306, param: 'ssl-mode', modes: MYSQL_SSL_MODES } as const;

const SCHEMES: Readonly<Record<string, Scheme>> = {
  'postgres:': POSTGRES,
  'postgresql:': POSTGRES,
  'mysql:': { ...MYSQL, label: 'MySQL' },
  'mariadb:': { ...MYSQL, label: 'MariaDB' },
};

const SCHEMES_HINT = '(postgres://…, mysql://…, mariadb://…)';

/** The URL parsed and checked: its host among `allowed`, no parameter but the TLS mode. */
export function connectionTarget(connection: string, allowed: ReadonlySet<string>): Target {
  let url: URL;
  try {
    url = new URL(connection.trim());
  } catch {
    throw new ParityError('SOURCE_FAILED', `the connection is not a URL ${SCHEMES_HINT}`);
  }
  const scheme = Object.hasOwn(SCHEMES, url.protocol) ? SCHEMES[url.protocol] : undefined;
  if (!scheme) {
    throw new ParityError(
      'SOURCE_FAILED',
      `connection scheme ${url.protocol.replace(/:$/, '')} is not supported ${SCHEMES_HINT}`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!host) throw new ParityError('SOURCE_FAILED', 'the connection URL names no host');
  if (!allowed.has(host)) {
    throw new ParityError(
      'SOURCE_FAILED',
      `connection host ${host} is not among this environment's hosts, allowHosts or RDS endpoints (declare it there)`,
    );
  }
  let ssl: Tls = false;
  for (const [name, value] of url.searchParams) {
    const modeName = scheme.engine === 'mysql' ? value.toLowerCase() : value;
    const mode =
      name === scheme.param && Object.hasOwn(scheme.modes, modeName)
        ? scheme.modes[modeName]
        : undefined;
    if (mode === undefined) {
      throw new ParityError(
        'SOURCE_FAILED',
        `connection parameter "${name}" is not allowed (it could redirect the connection or change the session); only ${scheme.param} is`,
      );
    }
    ssl = mode;
  }
  return {
    engine: scheme.engine,
    label: scheme.label,
    host,
    port: url.port ? Number(url.port) : scheme.port,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    ssl,
  };
}
