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

/** AWS CLI timestamps: ISO strings (v2) or epoch seconds (v1); the SDK gives Dates. */
export function toDate(value: Date | string | number | undefined | null): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date =
    value instanceof Date
      ? value
      : typeof value === 'number'
        ? new Date(value * 1000)
        : new Date(value);
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

/**
 * The one shape every AWS source shares: read the `export:` file when there is one (picking
 * what the source needs from it), else ask AWS. `file` is set for export mode, for locations.
 */
export async function exportOrLive<S extends z.ZodType, T>(
  ctx: { readonly baseDir: string; readonly rootDir: string },
  exportFile: string | undefined,
  schema: S,
  command: string,
  pick: (data: z.infer<S>) => T,
  live: () => Promise<T>,
  allowSkipped = false,
): Promise<{ value: T; file?: string }> {
  if (!exportFile) return { value: await live() };
  const { data, displayPath } = await readExport(ctx, exportFile, schema, command, allowSkipped);
  return { value: pick(data), file: displayPath };
}
