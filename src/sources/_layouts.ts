/**
 * The dotenv load orders of the frameworks parity knows, as their own loaders read them. Each
 * layout lists its files in the order the loader walks them and says which of two files that
 * set the same variable wins. Confirmed in the loaders' source:
 *
 * - Vite, `vitejs/vite` packages/vite/src/node/env.ts (`getEnvFilesForMode`, `loadEnv`):
 *   `.env`, `.env.local`, `.env.[mode]`, `.env.[mode].local`, merged with `Object.fromEntries`
 *   (later wins, so `.env.[mode]` beats `.env.local`), then one dotenv-expand over the merged
 *   set. Any mode but `local`, which Vite refuses (it clashes with the `.local` suffix).
 * - Next.js, `vercel/next.js` packages/next-env/index.ts (`loadEnvConfig`, `processEnv`):
 *   `.env.[mode].local`, `.env.local` (not for mode test), `.env.[mode]`, `.env`; the first to
 *   set a variable wins, so `.env.local` beats `.env.production`. Each file is expanded as it is
 *   read, against what the files before it set. Modes: development, production, test only.
 * - Create React App, `facebook/create-react-app` packages/react-scripts/config/env.js
 *   (react-scripts 5.1): the same order and expansion as Next.js (`dotenv.config` never
 *   overwrites what an earlier file set; `dotenv-expand` per file). Older react-scripts put
 *   `.env.[mode]` above `.env.local`. NODE_ENV is development, production or test.
 * - dotenv-flow 4, `kerimdzhanov/dotenv-flow` lib/dotenv-flow.js (`listFiles`, `parse`):
 *   `.env.defaults`, `.env`, `.env.local` (not for test), `.env.[NODE_ENV]`,
 *   `.env.[NODE_ENV].local`, merged with `Object.assign` (later wins); any NODE_ENV. It does not
 *   expand itself; projects that expand run dotenv-expand over that merged result.
 *
 * Every loader skips the files that do not exist.
 */
import { ParityError } from '../errors.js';
import type { Tier } from '../snapshot/types.js';

export const LAYOUTS = ['vite', 'next', 'cra', 'dotenv-flow'] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface LayoutFiles {
  /** File names in the order the loader reads them. */
  readonly files: readonly string[];
  /** Whether the first file to set a variable wins (Next.js, CRA) or the last (Vite, dotenv-flow). */
  readonly firstWins: boolean;
}

const FIXED_MODES: ReadonlySet<string> = new Set(['development', 'production', 'test']);
const NAMES: Readonly<Record<Layout, string>> = {
  vite: 'Vite',
  next: 'Next.js',
  cra: 'Create React App',
  'dotenv-flow': 'dotenv-flow',
};

export function layoutFiles(layout: Layout, mode: string): LayoutFiles {
  const local = mode === 'test' ? [] : ['.env.local'];
  switch (layout) {
    case 'vite':
      return {
        files: ['.env', '.env.local', `.env.${mode}`, `.env.${mode}.local`],
        firstWins: false,
      };
    case 'next':
    case 'cra':
      return { files: [`.env.${mode}.local`, ...local, `.env.${mode}`, '.env'], firstWins: true };
    case 'dotenv-flow':
      return {
        files: ['.env.defaults', '.env', ...local, `.env.${mode}`, `.env.${mode}.local`],
        firstWins: false,
      };
  }
}

/**
 * The mode an environment builds with. Vite and dotenv-flow take any name, so the environment's
 * own; Next.js and CRA know only development, production and test — `next build` and
 * `react-scripts build` run a staging deployment in production mode — so another name maps by
 * tier. An explicit `mode:` is checked against what the framework accepts.
 */
export function layoutMode(
  layout: Layout,
  explicit: string | undefined,
  environment: { readonly name: string; readonly tier: Tier },
): string {
  const fixed = layout === 'next' || layout === 'cra';
  const mode =
    explicit ??
    (!fixed || FIXED_MODES.has(environment.name)
      ? environment.name
      : environment.tier === 'local'
        ? 'development'
        : 'production');
  if (!/^[A-Za-z0-9_-]+$/.test(mode)) {
    throw modeError(`mode "${mode}" is not a file-name part`, 'use letters, digits, - or _');
  }
  if (fixed && !FIXED_MODES.has(mode)) {
    throw modeError(
      `${NAMES[layout]} has no mode "${mode}" (only development, production, test)`,
      'set mode: production for a deployed environment',
    );
  }
  if (layout === 'vite' && mode === 'local') {
    throw modeError(
      'Vite refuses mode "local" (it clashes with the .local files)',
      'set this environment’s mode: development',
    );
  }
  return mode;
}

function modeError(message: string, hint: string): ParityError {
  return new ParityError('CONFIG_INVALID', `dotenv layout: ${message}`, { hint });
}

/** A layout's display name, for messages. */
export function layoutName(layout: Layout): string {
  return NAMES[layout];
}
