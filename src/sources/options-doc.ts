/**
 * A source's options as documentation, generated from its zod schema and `.describe()` texts,
 * so docs/sources/<type>.md cannot drift from what the config accepts (`npm run docs` writes
 * the tables; the registry test fails when one is stale or an option has no description).
 */
import * as z from 'zod';
import type { SourceDefinition } from './types.js';

interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly default?: unknown;
  readonly description?: string;
  readonly maximum?: number;
}

export interface OptionDoc {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly default?: string;
  readonly description?: string;
}

function typeText(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeText).join(' \\| ');
  if (s.type === 'array') return `${s.items ? typeText(s.items) : 'value'}[]`;
  if (s.type === 'object') {
    const values = typeof s.additionalProperties === 'object' ? s.additionalProperties : {};
    return `map of ${typeText(values)}`;
  }
  if (s.type === 'integer' || s.type === 'number') {
    return s.maximum === undefined || s.maximum >= Number.MAX_SAFE_INTEGER
      ? 'number'
      : `number ≤ ${s.maximum}`;
  }
  return typeof s.type === 'string' ? s.type : 'value';
}

/** Every option but `type`, in declaration order. */
export function optionDocs(def: SourceDefinition): OptionDoc[] {
  const schema = z.toJSONSchema(def.options, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .filter(([name]) => name !== 'type')
    .map(([name, s]) => ({
      name,
      type: typeText(s),
      required: required.has(name),
      ...(s.default === undefined ? {} : { default: JSON.stringify(s.default) }),
      ...(s.description ? { description: s.description } : {}),
    }));
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The Markdown table of a source's options. */
export function optionsTable(def: SourceDefinition): string {
  const rows = optionDocs(def).map(
    (o) =>
      `| \`${o.name}\` | ${o.type} | ${o.required ? 'yes' : (o.default ?? '')} | ${cell(o.description ?? '')} |`,
  );
  return [
    '| option | type | required / default | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

const BEGIN =
  '<!-- options: written by `npm run docs` from the schema; edit the .describe() texts -->';
const END = '<!-- /options -->';

/**
 * A source's doc page with its options table (re)written between the markers; undefined when
 * the page has no markers.
 */
export function withOptionsTable(page: string, def: SourceDefinition): string | undefined {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return `${page.slice(0, start)}${BEGIN}\n\n${optionsTable(def)}\n\n${page.slice(end)}`;
}
