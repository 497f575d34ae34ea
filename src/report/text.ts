/**
 * The human report: findings grouped by source, one aligned line each (severity, rule, key,
 * environments, message, values), then a summary line and the exit code's reason.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { Severity } from '../rules/types.js';
import type { RenderedFinding as Finding, ReportView as Report } from './render.js';
import { displayable } from './sanitize.js';
import type { Formatter, ReportEntry } from './types.js';
import { byCodeUnit } from '../util/order.js';

const MAX_VALUE = 60;

export const textFormatter: Formatter = {
  name: 'text',
  format(raw, { color, verbose }) {
    const report = displayable(raw);
    const c = new Chalk({ level: color ? 1 : 0 });
    const paint: Readonly<Record<Severity, (s: string) => string>> = {
      error: (s) => c.red(s),
      warning: (s) => c.yellow(s),
      info: (s) => c.cyan(s),
    };
    const out: string[] = [header(report, c), ''];

    const groups = new Map<string, Finding[]>();
    for (const f of report.findings) {
      const group =
        f.source ?? (f.key.startsWith('config:') ? 'config' : (f.key.split(':')[0] ?? ''));
      const list = groups.get(group);
      if (list) list.push(f);
      else groups.set(group, [f]);
    }
    const rows = report.findings.map((f) => ({
      finding: f,
      cells: [f.severity, f.rule, shortKey(f), f.environments.join(', ')],
    }));
    // Reduced, not Math.max(...): a spread of every row overflows the stack on large reports.
    const widths = [0, 1, 2, 3].map((i) =>
      rows.reduce((w, r) => Math.max(w, r.cells[i]?.length ?? 0), 0),
    );
    const rowOf = new Map(rows.map((r) => [r.finding, r.cells]));
    for (const [group, findings] of [...groups.entries()].sort(([x], [y]) => byCodeUnit(x, y))) {
      out.push(c.bold(group));
      for (const f of findings) {
        const cells = rowOf.get(f) ?? [];
        const [sev, rule, key, envs] = cells.map((cell, i) => cell.padEnd(widths[i] ?? 0));
        const values = valuesText(f, report.environments);
        out.push(
          `  ${paint[f.severity](sev ?? '')}  ${c.dim(rule ?? '')}  ${key ?? ''}  ${c.dim(envs ?? '')}  ${f.message}${values ? c.dim(`  ${values}`) : ''}`,
        );
      }
      out.push('');
    }

    if (verbose) for (const line of verboseSection(report, c)) out.push(line);
    out.push(summaryLine(report, c), c.dim(report.exitReason), '');
    return out.join('\n');
  },
};

function header(report: Report, c: ChalkInstance): string {
  const names = report.environmentDetails.map((e) =>
    e.origin === 'live'
      ? e.name
      : `${e.name} (snapshot ${e.origin}, ${age(e.capturedAt, report.generatedAt)})`,
  );
  const title =
    report.command === 'diff'
      ? `parity diff ${names.join(' ↔ ')}`
      : `parity check ${names.join('')}`;
  const failed = report.sources.filter((s) => s.status === 'error').length;
  const read = `${report.sources.length - failed}/${report.sources.length} sources read`;
  return `${c.bold(title)}${c.dim(`  ·  ${read}${report.configFile ? `  ·  ${report.configFile}` : ''}`)}`;
}

/** Within a source group the source prefix is noise: `params:DATABASE_URL` → `DATABASE_URL`. */
function shortKey(f: Finding): string {
  return f.source && f.key.startsWith(`${f.source}:`) ? f.key.slice(f.source.length + 1) : f.key;
}

function valuesText(f: Finding, environments: readonly string[]): string {
  if (!f.values) return '';
  // A drift carries each side's normalized form: shown beside the raw value where it differs,
  // so a reader sees what was compared (SPEC §11).
  // Side `a` is the environment (or, merged across pairs, the environments) in `data.a`.
  const names = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : [v]);
  const normalized = (e: string): string | undefined => {
    const side = names(f.data.a).includes(e)
      ? 'normalizedA'
      : names(f.data.b).includes(e)
        ? 'normalizedB'
        : undefined;
    const n = side ? f.data[side] : undefined;
    return typeof n === 'string' && n !== '' && n !== f.values?.[e] ? n : undefined;
  };
  const parts = environments
    .filter((e) => f.values?.[e] !== undefined)
    .map((e) => {
      const n = normalized(e);
      return `${e}: ${truncate(f.values?.[e] ?? '')}${n ? ` (compared as ${truncate(n)})` : ''}`;
    });
  return parts.length > 0 ? `[${parts.join(' | ')}]` : '';
}

function truncate(value: string): string {
  const flat = value.replace(/\s*\r?\n\s*/g, '⏎');
  return flat.length > MAX_VALUE ? `${flat.slice(0, MAX_VALUE - 1)}…` : flat;
}

function verboseSection(report: Report, c: ChalkInstance): string[] {
  const out: string[] = [];
  const list = (title: string, entries: readonly ReportEntry[]): void => {
    if (entries.length === 0) return;
    out.push(c.bold(`${title} (${entries.length})`));
    const width = entries.reduce((w, e) => Math.max(w, e.key.length), 0);
    for (const e of entries) {
      const values = report.environments
        .filter((env) => e.values[env] !== undefined)
        .map((env) => `${env}: ${truncate(e.values[env] ?? '')}`)
        .join(' | ');
      out.push(`  ${e.key.padEnd(width)}  ${c.dim(values)}`);
    }
    out.push('');
  };
  list(
    'matching',
    report.entries.filter((e) => e.status === 'match'),
  );
  list(
    'expected differences',
    report.entries.filter((e) => e.status === 'expected'),
  );
  return out;
}

function summaryLine(report: Report, c: ChalkInstance): string {
  const s = report.summary;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const tally =
    report.command === 'diff'
      ? `${plural(s.keysCompared, 'key')} compared, ${s.matching} matching, ${plural(s.expectedDifferences, 'expected difference')}, ${s.ignored} ignored`
      : `${plural(s.keysCompared, 'key')} checked, ${s.ignored} ignored`;
  if (s.exitCode === 2) {
    return `${c.red('✖ audit incomplete')}: a source could not be read · ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')} · ${tally}`;
  }
  if (report.findings.length === 0) return `${c.green('✔ no drift found')} · ${tally}`;
  const mark = s.errors > 0 ? c.red('✖') : c.yellow('⚠');
  return `${mark} ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${s.infos ? `, ${plural(s.infos, 'info')}` : ''} · ${tally}`;
}

/** How old a snapshot is when the report is made; a week or more is called out. */
export function age(capturedAt: string, now: string): string {
  const days = (Date.parse(now) - Date.parse(capturedAt)) / 86_400_000;
  if (Number.isNaN(days)) return `taken ${capturedAt}`;
  if (days < 1) return `taken ${Math.max(0, Math.round(days * 24))} h ago`;
  const text = `taken ${Math.floor(days)} day${Math.floor(days) === 1 ? '' : 's'} ago`;
  return days >= 7 ? `${text} — old: the environment may have changed since` : text;
}
