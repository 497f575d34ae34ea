/** Findings are data; this is where they become sentences (from each rule's templates). */
import { getRule } from '../rules/index.js';
import type { Finding, Rule } from '../rules/types.js';

export function renderMessage(
  finding: Finding,
  lookup: (id: string) => Rule | undefined = getRule,
): string {
  const template = lookup(finding.rule)?.messages[finding.messageId];
  if (template === undefined) {
    const data = Object.entries(finding.data)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    return `${finding.messageId}${data ? ` (${data})` : ''}`;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = finding.data[name];
    return value === undefined ? whole : String(value);
  });
}
