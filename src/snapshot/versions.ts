/**
 * What a major version is, per engine (SPEC §11): PostgreSQL from 10 on counts its first
 * number (`15.4` → `15`, before that `9.6.22` → `9.6`); MySQL, MariaDB, Oracle and SQL Server
 * their first two (`8.0.35` → `8.0`, `10.11.6` → `10.11`, `19.0.0.0` → `19.0`). An engine
 * parity does not know counts like PostgreSQL.
 */
const TWO_PART = /^(?:aurora-)?(?:mysql|mariadb|oracle|sqlserver)/i;

export function engineMajor(engine: string | undefined, version: string): string {
  const parts = version.trim().split('.');
  const first = parts[0] ?? '';
  const second = parts[1];
  if (second === undefined) return first;
  if (engine !== undefined && TWO_PART.test(engine)) return `${first}.${second}`;
  // PostgreSQL before 10, and an unknown engine's 5.x (MySQL's numbering) keep two parts.
  if (engine === undefined && (first === '5' || first === '8')) return `${first}.${second}`;
  return Number(first) < 10 ? `${first}.${second}` : first;
}
