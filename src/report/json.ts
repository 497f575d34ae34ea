/** The stable machine interface (SPEC §6). Keys of the SPEC come first, in its order. */
import { safeJson } from '../util/controls.js';
import type { RenderedFinding as Finding, ReportView as Report } from './render.js';
import type { Formatter } from './types.js';

export const jsonFormatter: Formatter = {
  name: 'json',
  format(report, { verbose }) {
    return safeJson(toJson(report, verbose));
  },
};

export function toJson(report: Report, verbose: boolean): Record<string, unknown> {
  return {
    schemaVersion: report.schemaVersion,
    tool: report.tool,
    command: report.command,
    environments: report.environments,
    ...(report.reference && report.environments.length > 2 ? { reference: report.reference } : {}),
    generatedAt: report.generatedAt,
    summary: report.summary,
    sources: report.sources.map((s) => ({
      environment: s.environment,
      name: s.name,
      type: s.type,
      status: s.status,
      facts: s.facts,
      durationMs: s.durationMs,
      ...(s.error ? { error: s.error } : {}),
      ...(s.code ? { code: s.code } : {}),
      ...(s.hint ? { hint: s.hint } : {}),
    })),
    findings: report.findings.map(findingJson),
    ...(verbose ? { entries: report.entries } : {}),
  };
}

function findingJson(f: Finding): Record<string, unknown> {
  return {
    rule: f.rule,
    severity: f.severity,
    key: f.key,
    ...(f.source ? { source: f.source } : {}),
    environments: f.environments,
    message: f.message,
    ...(f.values ? { values: f.values } : {}),
    ...(f.location ? { location: f.location } : {}),
    sensitive: f.sensitive,
    messageId: f.messageId,
    data: f.data,
    ...(f.related ? { related: f.related } : {}),
    ...(f.oddOneOut ? { oddOneOut: f.oddOneOut } : {}),
  };
}
