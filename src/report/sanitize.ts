/**
 * What a human-facing format may show of a string from the outside world (keys, values, error
 * text): control characters as visible escapes (see util/controls.ts).
 */
import { escapeControls } from '../util/controls.js';
import type { RenderedFinding, ReportView } from './render.js';
import type { ReportEntry } from './types.js';

export { escapeControls };

function clean<T extends Readonly<Record<string, string | number | undefined>>>(record: T): T {
  const out: Record<string, string | number | undefined> = {};
  for (const [k, v] of Object.entries(record)) {
    out[escapeControls(k)] = typeof v === 'string' ? escapeControls(v) : v;
  }
  // Same keys (escaped) and value types as the input.
  return out as T;
}

type DataValue = RenderedFinding['data'][string];

/** Every string in a finding's data escaped (formatters show some of it, e.g. normalized forms). */
function cleanValue(v: DataValue): DataValue {
  if (typeof v === 'string') return escapeControls(v);
  if (typeof v !== 'object') return v;
  if (v.every((item): item is string => typeof item === 'string')) return v.map(escapeControls);
  return v.flatMap((item) =>
    typeof item === 'string'
      ? []
      : [
          {
            name: escapeControls(item.name),
            from: escapeControls(item.from),
            to: escapeControls(item.to),
          },
        ],
  );
}

function cleanData(data: RenderedFinding['data']): RenderedFinding['data'] {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, cleanValue(v)]));
}

function finding(f: RenderedFinding): RenderedFinding {
  return {
    ...f,
    key: escapeControls(f.key),
    ...(f.source ? { source: escapeControls(f.source) } : {}),
    message: escapeControls(f.message),
    data: cleanData(f.data),
    ...(f.values ? { values: clean(f.values) } : {}),
    ...(f.location
      ? {
          location: {
            ...f.location,
            ...(f.location.file ? { file: escapeControls(f.location.file) } : {}),
            ...(f.location.uri ? { uri: escapeControls(f.location.uri) } : {}),
          },
        }
      : {}),
  };
}

function entry(e: ReportEntry): ReportEntry {
  return {
    ...e,
    key: escapeControls(e.key),
    source: escapeControls(e.source),
    values: clean(e.values),
    normalized: clean(e.normalized),
  };
}

/** The report with every outside string made displayable (for text, Markdown and HTML). */
export function displayable(report: ReportView): ReportView {
  return {
    ...report,
    findings: report.findings.map(finding),
    entries: report.entries.map(entry),
    sources: report.sources.map((s) => ({
      ...s,
      ...(s.error ? { error: escapeControls(s.error) } : {}),
      ...(s.hint ? { hint: escapeControls(s.hint) } : {}),
    })),
    exitReason: escapeControls(report.exitReason),
    ...(report.configFile ? { configFile: escapeControls(report.configFile) } : {}),
  };
}

/**
 * Under GitHub Actions a line of stdout that begins with `::` is a workflow command. parity's
 * reports never start one; a line that would (after all escaping) gets a zero-width space
 * between the colons, so it shows the same and commands nothing.
 */
export function neutralizeWorkflowCommands(text: string): string {
  return text.replace(/^(\s*):(?=:)/gm, '$1:\u200b');
}
