/**
 * The render boundary: findings are data until here. Every formatter gets the same view of a
 * report: each finding's sentence made from its rule's template (lists joined and shortened
 * here, never in rules) and the exit code's reason made from its data.
 */
import { getRule } from '../rules/index.js';
import type { DataValue, Finding, Rule } from '../rules/types.js';
import type { ExitStatus, Report } from './types.js';

export interface RenderedFinding extends Finding {
  /** One sentence, from the rule's template and the finding's data. */
  readonly message: string;
}

/** A report as formatters see it. */
export interface ReportView extends Omit<Report, 'findings'> {
  readonly findings: readonly RenderedFinding[];
  /** Why the exit code is what it is, one sentence. */
  readonly exitReason: string;
}

export function render(
  report: Report,
  lookup: (id: string) => Rule | undefined = getRule,
): ReportView {
  return {
    ...report,
    findings: report.findings.map((f) => ({
      ...f,
      message: withOddOneOut(f, withAlso(f, renderMessage(f, lookup))),
    })),
    exitReason: exitReasonText(report.exit),
  };
}

/** The other keys a finding stands for when it folded the same rule's findings (one problem, several keys). */
function withAlso(f: Finding, message: string): string {
  const also = (f.related ?? [])
    .filter((r) => r.rule === f.rule && r.key !== f.key)
    .map((r) => r.key);
  return also.length > 0 ? `${message} (also ${text(also)})` : message;
}

/** "staging differs from dev and production: …" when all but one environment agree (SPEC §13). */
function withOddOneOut(f: Finding, message: string): string {
  if (!f.oddOneOut) return message;
  const { environment, agreeing } = f.oddOneOut;
  const names =
    agreeing.length > 1
      ? `${agreeing.slice(0, -1).join(', ')} and ${agreeing.at(-1) ?? ''}`
      : (agreeing[0] ?? '');
  return `${environment} differs from ${names}: ${message}`;
}

/** How many items of a list a sentence names before "and N more". */
const LIST_SHOWN = 3;

function text(value: DataValue): string {
  if (typeof value !== 'object') return String(value);
  const items = value.map((item) =>
    typeof item === 'string' ? item : `${item.name} ${item.from} → ${item.to}`,
  );
  if (value.some((item) => typeof item !== 'string')) return items.join(', ');
  const distinct = [...new Set(items)];
  const shown = distinct.slice(0, LIST_SHOWN).join(', ');
  return distinct.length > LIST_SHOWN ? `${shown} and ${distinct.length - LIST_SHOWN} more` : shown;
}

export function renderMessage(
  finding: Finding,
  lookup: (id: string) => Rule | undefined = getRule,
): string {
  const template = lookup(finding.rule)?.messages[finding.messageId];
  if (template === undefined) {
    const data = Object.entries(finding.data)
      .map(([k, v]) => `${k}=${text(v)}`)
      .join(' ');
    return `${finding.messageId}${data ? ` (${data})` : ''}`;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = finding.data[name];
    return value === undefined ? whole : text(value);
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function exitReasonText(exit: ExitStatus): string {
  switch (exit.cause) {
    case 'incomplete':
      return `exit 2: audit incomplete — ${plural(exit.failedSources.length, 'source')} could not be read (${exit.failedSources.join(', ')})`;
    case 'findings':
      return `exit 1: ${plural(exit.gating, 'finding')} at or above --fail-on ${exit.failOn}`;
    case 'clean':
      return exit.failOn === 'never'
        ? 'exit 0: --fail-on never'
        : `exit 0: no finding at or above --fail-on ${exit.failOn}`;
  }
}
