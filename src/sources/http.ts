/**
 * `http`: one GET of a JSON endpoint (or a JSON `file:`). The host must be one of the
 * environment's `hosts` or `allowHosts` (SPEC §7.4) — a config from an untrusted pull request
 * cannot send the runner's credentials elsewhere — and redirects are not followed, so a
 * redirect cannot leave the allowed hosts either.
 */
import * as z from 'zod';
import { ParityError } from '../errors.js';
import type { RawFact } from '../snapshot/types.js';
import { readJsonFile } from '../util/files.js';
import { rowFacts, toScalar } from './sql.js';
import { defineSource } from './types.js';

const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
const MAX_TIMEOUT_MS = 60_000;

const options = z.strictObject({
  type: z.literal('http'),
  url: z
    .string()
    .min(1)
    .optional()
    .describe(
      "An http(s) URL on one of the environment's hosts or allowHosts; no redirects followed.",
    ),
  file: z.string().min(1).optional().describe('A JSON file instead of a request.'),
  headers: z
    .record(z.string(), z.string())
    .default({})
    .describe('Request headers; may use ${ENV:…}.'),
  select: z.string().optional().describe('A path to the part to read, e.g. data.plans.'),
  key: z
    .string()
    .min(1)
    .optional()
    .describe('The field naming each row when the selection is an array.'),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .default(10_000)
    .describe('Capped at 60 s whatever the value (SPEC §7a).'),
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(MAX_RESPONSE_BYTES)
    .describe('The largest response read; capped at 5 MB.'),
});

export const httpSource = defineSource({
  type: 'http',
  description: 'A GET of a JSON endpoint on one of the environment’s hosts: rows or JSON fields.',
  options,
  // Checked on each environment's merged options (a shared declaration may be completed by an override).
  check: (o) =>
    Boolean(o.url) !== Boolean(o.file) ? undefined : 'give exactly one of url or file',
  probe: true,
  services: [],
  requestChain: 1, // one request
  kinds: { 'rows.*': 'row', rowCount: 'row-count', empty: 'row-count' },
  secretSlots: { 'headers.*': 'header' },
  async load(opts, ctx) {
    let body: unknown;
    let status: number | undefined;
    let location: { uri?: string; file?: string };
    if (opts.file) {
      body = (await readJsonFile(ctx.baseDir, opts.file, ctx.rootDir)).data;
      location = { file: opts.file };
    } else {
      const url = allowedUrl(opts.url ?? '', await ctx.probeHosts());
      const shown = `${url.origin}${url.pathname}`;
      location = { uri: shown };
      const timeoutMs = Math.min(opts.timeoutMs, MAX_TIMEOUT_MS);
      const maxBytes = Math.min(opts.maxBytes, MAX_RESPONSE_BYTES);
      // One deadline for the whole exchange, body included: a server trickling bytes cannot hold the job.
      const signal = AbortSignal.timeout(timeoutMs);
      const failed = (error: unknown): ParityError =>
        new ParityError(
          'SOURCE_FAILED',
          `GET ${shown}: ${error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'connection failed'}`,
        );
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'GET',
          headers: opts.headers,
          redirect: 'manual',
          signal,
        });
      } catch (error) {
        throw failed(error);
      }
      status = res.status;
      if (status >= 300 && status < 400) {
        await res.body?.cancel();
        throw new ParityError(
          'SOURCE_FAILED',
          `GET ${shown}: redirected (HTTP ${status}); http probes do not follow redirects`,
        );
      }
      if (status < 200 || status >= 300) {
        await res.body?.cancel();
        throw new ParityError('SOURCE_FAILED', `GET ${shown}: HTTP ${status}`);
      }
      let text: string;
      try {
        text = await readCapped(res, maxBytes);
      } catch (error) {
        if (error instanceof ParityError)
          throw new ParityError('SOURCE_FAILED', `GET ${shown}: ${error.message}`);
        throw failed(error);
      }
      try {
        body = JSON.parse(text);
      } catch {
        throw new ParityError('SOURCE_FAILED', `GET ${shown}: the response is not JSON`);
      }
    }
    const selected = select(body, opts.select);
    const facts: RawFact[] =
      status === undefined ? [] : [{ path: 'status', value: status, location }];
    if (opts.key && Array.isArray(selected)) {
      const rows = z.array(z.record(z.string(), z.unknown())).safeParse(selected);
      if (!rows.success)
        throw new ParityError(
          'SOURCE_FAILED',
          `${opts.select ?? 'the response'}: expected an array of objects`,
        );
      facts.push(...rowFacts(rows.data, [opts.key], location));
    } else {
      for (const [p, v] of flatten(selected, 'json')) facts.push({ path: p, value: v, location });
    }
    return { facts };
  },
});

/** The body as text, refused past `maxBytes` however the server frames it. */
async function readCapped(res: Response, maxBytes: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ParityError('SOURCE_FAILED', `the response is over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** The URL, if its host is one the environment declares (case-insensitive, exact). */
function allowedUrl(text: string, hosts: ReadonlySet<string>): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ParityError('CONFIG_INVALID', `http probe url is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ParityError('CONFIG_INVALID', `http probe url must be http(s), not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new ParityError('CONFIG_INVALID', 'http probe url may not carry a user or password');
  }
  if (!hosts.has(url.hostname.replace(/^\[|\]$/g, '').toLowerCase())) {
    throw new ParityError(
      'SOURCE_FAILED',
      `http probe host ${url.hostname} is not among this environment's hosts or allowHosts`,
    );
  }
  return url;
}

function select(body: unknown, path: string | undefined): unknown {
  if (!path) return body;
  let current: unknown = body;
  for (const part of path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)) {
    if (typeof current !== 'object' || current === null)
      throw new ParityError('SOURCE_FAILED', `select ${path}: nothing at ${part}`);
    current = Object.entries(current).find(([k]) => k === part)?.[1];
    if (current === undefined)
      throw new ParityError('SOURCE_FAILED', `select ${path}: nothing at ${part}`);
  }
  return current;
}

function flatten(value: unknown, prefix: string): [string, ReturnType<typeof toScalar>][] {
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => flatten(v, `${prefix}.${k}`));
  }
  return [[prefix, toScalar(value)]];
}
