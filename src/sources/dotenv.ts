/**
 * `dotenv`: the dotenv files an app's build or runtime reads — one `file:`, a list of `files:`
 * (later wins) or a framework's `layout:` — merged as that loader merges them (dotenv syntax:
 * quotes, `export`, multiline values, `${VAR}` expansion across the layers — never from
 * parity's own process environment, which may hold credentials). Each fact's location is the
 * file and line that won.
 */
import path from 'node:path';
import { parse } from 'dotenv';
import { expand } from 'dotenv-expand';
import * as z from 'zod';
import { ParityError } from '../errors.js';
import type { RawFact } from '../snapshot/types.js';
import { readTextFile } from '../util/files.js';
import { LAYOUTS, layoutFiles, layoutMode, layoutName } from './_layouts.js';
import type { Layout } from './_layouts.js';
import type { SourceContext } from './types.js';
import { defineSource } from './types.js';

const options = z.strictObject({
  type: z.literal('dotenv'),
  file: z
    .string()
    .min(1)
    .optional()
    .describe('Path of one dotenv file, relative to the config file.'),
  files: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe(
      'Dotenv files read in order, later files winning; each must exist unless its name ends in `?` (`.env.local?`).',
    ),
  layout: z
    .enum(LAYOUTS)
    .optional()
    .describe(
      "A framework's own files and load order for the environment's mode; missing files are skipped, at least one must exist.",
    ),
  dir: z
    .string()
    .min(1)
    .optional()
    .describe("With layout: the folder of the .env files (default: the config file's)."),
  mode: z
    .string()
    .min(1)
    .optional()
    .describe(
      "With layout: the mode (NODE_ENV). Default: the environment's name; for next and cra, whose only modes are development, production and test, other names map to production (development for a local-tier environment).",
    ),
  expand: z.boolean().default(true).describe('Expand ${VAR} references across the files.'),
});
type Options = z.infer<typeof options>;

/** One file as read: its values and the line of each key. */
interface Layer {
  readonly displayPath: string;
  readonly values: Readonly<Record<string, string>>;
  readonly lines: ReadonlyMap<string, number>;
}

/** What to read: file paths (relative to `baseDir`), which may be missing, and who wins. */
interface Plan {
  readonly files: readonly { readonly file: string; readonly optional: boolean }[];
  readonly firstWins: boolean;
  /** For a layout: named when none of its files exists. */
  readonly layout?: { readonly name: string; readonly mode: string; readonly dir: string };
}

export const dotenvSource = defineSource({
  type: 'dotenv',
  description:
    'Dotenv files: one, a layered list, or a framework layout (vite, next, cra, dotenv-flow).',
  options,
  check: (o) => {
    const given = [o.file, o.files, o.layout].filter((v) => v !== undefined).length;
    if (given !== 1) return 'give exactly one of file, files or layout';
    if (!o.layout && (o.dir !== undefined || o.mode !== undefined))
      return 'dir and mode go with layout';
    return undefined;
  },
  services: [],
  requestChain: 0, // local files
  async load(opts, ctx) {
    const plan = planOf(opts, ctx);
    const layers = await readLayers(plan, ctx);
    const merged = mergeLayers(layers, plan.firstWins);
    const values = opts.expand
      ? expandAll(Object.fromEntries([...merged].map(([k, w]) => [k, w.value])))
      : undefined;
    const facts: RawFact[] = [...merged.keys()].sort().map((key) => {
      const won = merged.get(key);
      const line = won?.layer.lines.get(key);
      return {
        path: key,
        value: (values ? values[key] : won?.value) ?? '',
        location: { file: won?.layer.displayPath ?? '', ...(line ? { line } : {}) },
      };
    });
    return { facts };
  },
});

function planOf(opts: Options, ctx: SourceContext): Plan {
  if (opts.layout) return layoutPlan(opts.layout, opts, ctx);
  const files = (opts.files ?? [opts.file ?? '']).map((f) =>
    f.endsWith('?') ? { file: f.slice(0, -1), optional: true } : { file: f, optional: false },
  );
  return { files, firstWins: false };
}

function layoutPlan(layout: Layout, opts: Options, ctx: SourceContext): Plan {
  const mode = layoutMode(layout, opts.mode, ctx.environment);
  const dir = opts.dir ?? '.';
  const { files, firstWins } = layoutFiles(layout, mode);
  return {
    files: files.map((name) => ({ file: path.join(dir, name), optional: true })),
    firstWins,
    layout: { name: layoutName(layout), mode, dir },
  };
}

/**
 * Reads each file of the plan through the hardened reader (inside the repository, no links
 * out, text only). A missing optional file is skipped, as the frameworks skip it.
 */
async function readLayers(plan: Plan, ctx: SourceContext): Promise<Layer[]> {
  const layers: Layer[] = [];
  for (const { file, optional } of plan.files) {
    let read;
    try {
      read = await readTextFile(ctx.baseDir, file, ctx.rootDir);
    } catch (error) {
      if (optional && error instanceof ParityError && error.code === 'FILE_NOT_FOUND') continue;
      throw error;
    }
    const lines = scanDotenv(read.text, read.displayPath);
    layers.push({ displayPath: read.displayPath, values: parse(read.text), lines });
  }
  if (layers.length === 0) throw nothingFound(plan);
  return layers;
}

function nothingFound(plan: Plan): ParityError {
  const { layout } = plan;
  const names = plan.files.map((f) => path.basename(f.file)).join(', ');
  return new ParityError(
    'FILE_NOT_FOUND',
    layout
      ? `${layout.dir}: none of ${layout.name}'s files for mode ${layout.mode} exists (${names})`
      : `none of the dotenv files exists (${names})`,
    {
      hint: layout
        ? 'Check dir: (relative to the config file) and mode:.'
        : 'Check the paths; they are relative to the config file.',
    },
  );
}

/**
 * Each key's winning value and layer, in the order the loader meets the keys: the expansion
 * then sees the variables as the framework does. Last-wins loaders (Vite) merge every file
 * and expand the merged set once; first-wins loaders (Next.js, CRA) expand each file against
 * the files before it — both are one pass over keys in the order the first writer set them.
 */
function mergeLayers(
  layers: readonly Layer[],
  firstWins: boolean,
): Map<string, { value: string; layer: Layer }> {
  const merged = new Map<string, { value: string; layer: Layer }>();
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.values)) {
      const seen = merged.get(key);
      if (!seen) merged.set(key, { value, layer });
      else if (!firstWins) {
        seen.value = value;
        seen.layer = layer;
      }
    }
  }
  return merged;
}

/**
 * dotenv-expand's `${VAR}` expansion, in the merged order from the files' own values only. Called once
 * per value that holds a `$`: dotenv-expand copies every value seen so far for each value it
 * expands, which is quadratic over a whole file (20,000 keys took minutes).
 */
function expandAll(parsed: Readonly<Record<string, string>>): Record<string, string> {
  const running: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value.includes('$') && !namesUnknown(value, running)) {
      expand({ parsed: { [key]: value }, processEnv: running });
    } else running[key] = value;
  }
  return running;
}

const REFERENCE = /\$\{([A-Za-z_]\w*)(:?[-=][^}]*)?\}|\$([A-Za-z_]\w*)/g;

/**
 * Whether a value names a variable the files do not define (and gives no default): dotenv would
 * make it empty, but it is a template the process environment fills at run time, which parity
 * never reads — kept as written, so `JWT_SECRET=${JWT_SECRET}` is a `placeholder-value`, not an
 * empty secret.
 */
function namesUnknown(value: string, known: Readonly<Record<string, string>>): boolean {
  for (const m of value.matchAll(REFERENCE)) {
    const name = m[1] ?? m[3] ?? '';
    if (m[2] === undefined && !Object.hasOwn(known, name)) return true;
  }
  return false;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([\w.-]+)\s*(?:=|:\s)\s?(.*)$/;

/**
 * Finds each key's line (the last assignment wins, as in dotenv) and refuses lines that are
 * not assignments — dotenv itself silently skips them, which would hide a broken file.
 */
export function scanDotenv(text: string, displayPath: string): Map<string, number> {
  const lines = text.split(/\r?\n/);
  const found = new Map<string, number>();
  let openQuote: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (openQuote) {
      if (closesQuote(line, openQuote)) openQuote = undefined;
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const m = ASSIGNMENT.exec(line);
    if (!m?.[1]) {
      throw new ParityError('FILE_UNREADABLE', `${displayPath}:${i + 1}: not a KEY=value line`, {
        hint: 'Comment it out with # or fix the assignment.',
      });
    }
    found.set(m[1], i + 1);
    const value = (m[2] ?? '').trimStart();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && !closesQuote(value.slice(1), quote)) {
      openQuote = quote;
    }
  }
  if (openQuote) {
    throw new ParityError('FILE_UNREADABLE', `${displayPath}: unterminated ${openQuote} quote`);
  }
  return found;
}

function closesQuote(text: string, quote: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return true;
  }
  return false;
}
