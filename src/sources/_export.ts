/** Reading `export:` files: the JSON an AWS CLI command prints, checked against its shape. */
import * as z from 'zod';
import { ParityError } from '../errors.js';
import { tokenPattern } from '../snapshot/values.js';
import { readJsonFile } from '../util/files.js';

export async function readExport<S extends z.ZodType>(
  ctx: { readonly baseDir: string; readonly rootDir: string },
  file: string,
  schema: S,
  command: string,
  allowSkipped = false,
  accepts?: string,
): Promise<{ data: z.infer<S>; displayPath: string }> {
  const { data, displayPath } = await readJsonFile(ctx.baseDir, file, ctx.rootDir);
  const marker = allowSkipped ? undefined : truncationMarker(data);
  if (marker) {
    throw new ParityError(
      'FILE_UNREADABLE',
      `${displayPath}: a partial \`${command}\` export (it still carries ${marker}): export every page, or set allowSkipped: true`,
    );
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue ? issue.path.filter((p) => typeof p !== 'symbol').join('.') : '';
    throw new ParityError(
      'FILE_UNREADABLE',
      `${displayPath}: not an \`${command}\` export${at ? ` (at ${at}: ${issue?.message ?? 'invalid'})` : ''}`,
      accepts ? { hint: `export: reads ${accepts}` } : {},
    );
  }
  return { data: parsed.data, displayPath };
}

// What an AWS answer carries when more pages follow: such an export is not the whole listing.
const PAGE_MARKERS = ['NextToken', 'NextMarker', 'Marker', 'NextContinuationToken'] as const;

/** The pagination field of a partial export (`NextToken`, `IsTruncated`, …), if any. */
function truncationMarker(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const fields = new Map(Object.entries(data));
  if (fields.get('IsTruncated') === true) return 'IsTruncated: true';
  return PAGE_MARKERS.find((m) => {
    const v = fields.get(m);
    return typeof v === 'string' && v !== '';
  });
}

/** The option every source that can read partially offers (SPEC §7a: fail closed by default). */
export const allowSkippedOption = z
  .boolean()
  .default(false)
  .describe(
    'Accept a partial read (a truncated export, parameters or objects that could not be read) instead of failing the source.',
  );

/**
 * AWS CLI timestamps: ISO strings (v2) or epoch seconds (v1), which some outputs quote
 * (`"1523477145.729"` in `batch-get-secret-value`); the SDK gives Dates.
 */
export function toDate(value: Date | string | number | undefined | null): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const epoch = typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : value;
  const date =
    epoch instanceof Date
      ? epoch
      : typeof epoch === 'number'
        ? new Date(epoch * 1000)
        : new Date(epoch);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Replaces an environment's own aliases in a name used inside a key (`web-staging` → `web-{env}`). */
export function keySegment(name: string, aliases: readonly string[]): string {
  let out = name;
  for (const alias of [...aliases].sort((a, b) => b.length - a.length)) {
    out = out.replace(tokenPattern(alias), '{env}');
  }
  return out;
}

/** What an AWS source reads from an `export:` file, and what it needs from it. */
export interface ExportReader<S extends z.ZodType, T> {
  readonly schema: S;
  /** The command whose output it is, for messages: `aws ecs describe-task-definition`. */
  readonly command: string;
  /** Every shape the schema takes, for the hint when a file is refused. */
  readonly accepts: string;
  readonly pick: (data: z.infer<S>) => T;
}

/**
 * The one shape every AWS source shares: read the `export:` file when there is one (picking
 * what the source needs from it), else ask AWS. `file` is set for export mode, for locations.
 */
export async function exportOrLive<S extends z.ZodType, T>(
  ctx: { readonly baseDir: string; readonly rootDir: string },
  exportFile: string | undefined,
  reader: ExportReader<S, T>,
  live: () => Promise<T>,
  allowSkipped = false,
): Promise<{ value: T; file?: string }> {
  if (!exportFile) return { value: await live() };
  const { schema, command, accepts } = reader;
  const { data, displayPath } = await readExport(
    ctx,
    exportFile,
    schema,
    command,
    allowSkipped,
    accepts,
  );
  return { value: reader.pick(data), file: displayPath };
}

/**
 * One schema for every real shape of an export (SPEC §11): the whole output of a describe/get
 * command holds its main member (`taskDefinition`, `Service`, `Distribution.DistributionConfig`),
 * while `--query <member>`, the file users register or create from and the console's JSON are
 * that member bare. The member is taken out when present, so `schema` checks the bare object and
 * a refusal names the field at fault, not "no union branch matched".
 */
export function bareOrWrapped<S extends z.ZodType>(
  schema: S,
  ...members: readonly (readonly string[])[]
) {
  return z.preprocess((data) => {
    for (const member of members) {
      const inner = member.reduce<unknown>((at, field) => fieldOf(at, field), data);
      if (inner !== undefined) return inner;
    }
    return data;
  }, schema);
}

function fieldOf(value: unknown, field: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return new Map(Object.entries(value)).get(field);
}

/** The identifier a live read needs; the definition's `check` guarantees it outside export mode. */
export function liveIdentifier(value: string | undefined, option: string): string {
  if (value) return value;
  throw new ParityError('CONFIG_INVALID', `give ${option}: (or export:) to read from AWS`);
}

/**
 * The item an export names (`wanted`), or with no identifier given its only item. Several items
 * and no identifier is an error naming them: parity never guesses which one is meant.
 */
export function pickOne<T>(
  items: readonly T[],
  what: { readonly noun: string; readonly option: string; readonly nameOf: (item: T) => string },
  wanted: string | undefined,
  matches: (item: T, wanted: string) => boolean = (item, w) => what.nameOf(item) === w,
): T {
  const names = (): string => {
    const shown = items.slice(0, MAX_NAMED).map(what.nameOf);
    return `${shown.join(', ')}${items.length > MAX_NAMED ? ', …' : ''}`;
  };
  if (wanted !== undefined) {
    const found = items.find((item) => matches(item, wanted));
    if (found) return found;
    throw new ParityError(
      'SOURCE_FAILED',
      `${what.noun} ${wanted} not found${items.length > 0 ? ` (the export holds ${names()})` : ''}`,
    );
  }
  const [only, ...others] = items;
  if (only !== undefined && others.length === 0) return only;
  throw new ParityError(
    'SOURCE_FAILED',
    only === undefined
      ? `the export holds no ${what.noun}`
      : `the export holds ${items.length} ${what.noun}s (${names()}): give ${what.option}: to pick one`,
  );
}

/** How many names an error lists before "…": one line, not a dump. */
const MAX_NAMED = 5;
