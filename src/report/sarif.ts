/**
 * SARIF 2.1.0 for GitHub code scanning: one reportingDescriptor per rule of the catalogue,
 * results located at the dotenv/config file and line when the fact came from a file, and at
 * the config line that declares the source otherwise.
 */
import { safeJson } from '../util/controls.js';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { rules } from '../rules/index.js';
import type { Severity } from '../rules/types.js';
import type { ReportView as Report } from './render.js';
import type { Formatter } from './types.js';

export const DOCS_BASE = 'https://github.com/parity-audit/parity/blob/main/docs/rules/';

const LEVEL: Readonly<Record<Severity, Result.level>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export const sarifFormatter: Formatter = {
  name: 'sarif',
  format(report) {
    return safeJson(toSarif(report));
  },
};

export function toSarif(report: Report): Log {
  const descriptors: ReportingDescriptor[] = rules.map((rule) => ({
    id: rule.id,
    name: rule.id
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description}. Default severity: ${rule.defaultSeverity}.` },
    help: {
      text: `${rule.description}. Run \`parity explain ${rule.id}\` for why it matters and how to silence it legitimately.`,
      markdown: `**${rule.id}** — ${rule.description}.\n\nRun \`parity explain ${rule.id}\` or read [the rule's documentation](${DOCS_BASE}${rule.id}.md).`,
    },
    helpUri: `${DOCS_BASE}${rule.id}.md`,
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { scope: rule.scope, tags: ['environment-parity'] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sourceLines = new Map(report.sources.map((s) => [s.name, s.line]));

  const results: Result[] = report.findings.map((f) => {
    const file = f.location?.file ?? report.configFile;
    const line = f.location?.file
      ? f.location.line
      : f.source
        ? sourceLines.get(f.source)
        : undefined;
    const envs = f.environments.length > 0 ? ` [${f.environments.join(', ')}]` : '';
    return {
      ruleId: f.rule,
      ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
      level: LEVEL[f.severity],
      message: { text: `${f.key}: ${f.message}${envs}` },
      ...(file
        ? {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: toUri(file) },
                  ...(line ? { region: { startLine: line } } : {}),
                },
                ...(f.location?.uri
                  ? { logicalLocations: [{ fullyQualifiedName: f.location.uri }] }
                  : {}),
              },
            ],
          }
        : {}),
      // Stable across runs, so code scanning tracks one alert per key and rule.
      partialFingerprints: { parityFinding: `${f.rule}:${f.key}:${f.environments.join(',')}` },
      properties: { environments: [...f.environments], sensitive: f.sensitive },
    };
  });

  // Each source that could not be read, with its catalogue code and hint.
  const failed = report.sources
    .filter((s) => s.status === 'error')
    .map((s) => ({
      level: 'error' as const,
      descriptor: { id: s.code ?? 'SOURCE_FAILED' },
      message: {
        text: `${s.environment}/${s.name}: ${s.error ?? 'could not be read'}${s.hint ? ` — ${s.hint}` : ''}`,
      },
    }));

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'parity',
            version: report.tool.version,
            informationUri: DOCS_BASE.replace(/docs\/rules\/$/, ''),
            rules: descriptors,
          },
        },
        invocations: [
          {
            executionSuccessful: report.summary.exitCode !== 2,
            exitCode: report.summary.exitCode,
            ...(report.summary.exitCode === 2 ? { exitCodeDescription: report.exitReason } : {}),
            ...(failed.length > 0 ? { toolExecutionNotifications: failed } : {}),
          },
        ],
        results,
      },
    ],
  };
}

/** SARIF wants URIs: relative paths with forward slashes stay relative to the checkout. */
function toUri(file: string): string {
  return file.split('\\').join('/').split('/').map(encodeURIComponent).join('/');
}
