/**
 * A fault-injecting reverse proxy between parity and moto_server (or the App Runner fake). It
 * records every AWS operation that passes (so tests can prove parity only reads) and injects,
 * at configurable rates and with a seeded random generator, each protocol's real throttling
 * error shape, HTTP 500s, connection resets and responses slower than the client's timeout.
 */
import { createServer, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { seededRandom } from './random.js';

export type Service =
  'ssm' | 'secretsmanager' | 'ecs' | 'apprunner' | 'rds' | 'cloudfront' | 's3' | 'other';
export type Fault = 'throttle' | 'error500' | 'reset' | 'slow' | 'denied';

export interface FaultPlan {
  /** Probability (0–1) that a request gets a transient fault (throttle, 500 or reset, evenly). */
  readonly transientRate?: number;
  /** Services whose every request fails with AccessDenied (or `denyWith`). */
  readonly deny?: readonly Service[];
  readonly denyWith?: 'AccessDeniedException' | 'ExpiredTokenException';
  /** Services whose every response is delayed by `slowMs`. */
  readonly slow?: readonly Service[];
  readonly slowMs?: number;
  readonly seed?: number;
  /** Added to every request, to model a network round trip (benchmarks). */
  readonly latencyMs?: number;
  /**
   * Model AWS's DescribeParameters page size (moto pages at 10, AWS at 50): the proxy reads
   * every page upstream at once and serves pages of this size itself.
   */
  readonly describePageSize?: number;
  /**
   * Model Parameter Store's standard throughput: at most this many GetParameter,
   * GetParameters and GetParametersByPath requests a second, shared (AWS's default is 40);
   * beyond it, ThrottlingException. DescribeParameters is not in that quota.
   */
  readonly ssmGetTps?: number;
}

export interface Operation {
  readonly service: Service;
  readonly operation: string;
  readonly method: string;
}

export interface FaultProxy {
  readonly endpoint: string;
  readonly operations: Operation[];
  /** Each forwarded request with the upstream's own time to answer it (no added latency). */
  readonly served: (Operation & { readonly upstreamMs: number })[];
  readonly injected: Record<Fault, number>;
  close(): Promise<void>;
}

const TARGET_SERVICE: readonly (readonly [string, Service])[] = [
  ['AmazonSSM.', 'ssm'],
  ['secretsmanager.', 'secretsmanager'],
  ['AmazonEC2ContainerServiceV20141113.', 'ecs'],
  ['AppRunner.', 'apprunner'],
];

export function classify(req: IncomingMessage, body: string): Operation {
  const method = req.method ?? 'GET';
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target) {
    const found = TARGET_SERVICE.find(([prefix]) => target.startsWith(prefix));
    return {
      service: found?.[1] ?? 'other',
      operation: target.slice(target.indexOf('.') + 1),
      method,
    };
  }
  const url = req.url ?? '/';
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1];
  if (action) return { service: 'rds', operation: action, method };
  if (url.startsWith('/2020-05-31/')) {
    const op =
      method === 'GET'
        ? url.includes('/config')
          ? 'GetDistributionConfig'
          : url.includes('/function/')
            ? 'GetFunction'
            : 'GetDistribution'
        : `${method} ${url}`;
    return { service: 'cloudfront', operation: op, method };
  }
  const s3op: Record<string, string> = {
    GET:
      url.includes('list-type=2') || /^\/[^/?]+\/?(\?|$)/.test(url) ? 'ListObjectsV2' : 'GetObject',
    HEAD: 'HeadObject',
  };
  return {
    service: 's3',
    operation: s3op[method] ?? `${method} ${url.split('?')[0] ?? ''}`,
    method,
  };
}

function throttle(res: ServerResponse, op: Operation): void {
  if (op.service === 's3') {
    res.writeHead(503, { 'content-type': 'application/xml' });
    res.end(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>fault</RequestId></Error>',
    );
  } else if (op.service === 'rds' || op.service === 'cloudfront') {
    res.writeHead(400, { 'content-type': 'text/xml' });
    res.end(
      '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>fault</RequestId></ErrorResponse>',
    );
  } else {
    res.writeHead(400, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': 'ThrottlingException',
    });
    res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
  }
}

function denied(res: ServerResponse, op: Operation, code: string): void {
  if (op.service === 's3') {
    res.writeHead(403, { 'content-type': 'application/xml' });
    res.end(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>fault</RequestId></Error>',
    );
  } else if (op.service === 'rds' || op.service === 'cloudfront') {
    res.writeHead(403, { 'content-type': 'text/xml' });
    res.end(
      '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/ci is not authorized</Message></Error><RequestId>fault</RequestId></ErrorResponse>',
    );
  } else {
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code });
    const message =
      code === 'ExpiredTokenException'
        ? 'The security token included in the request is expired'
        : `User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ${op.operation}`;
    res.end(JSON.stringify({ __type: code, message }));
  }
}

export async function startFaultProxy(upstream: string, plan: FaultPlan = {}): Promise<FaultProxy> {
  const next = seededRandom(plan.seed ?? 42);
  const operations: Operation[] = [];
  const injected: Record<Fault, number> = {
    throttle: 0,
    error500: 0,
    reset: 0,
    slow: 0,
    denied: 0,
  };
  const served: FaultProxy['served'][number][] = [];
  const ssmBucket = plan.ssmGetTps ? tokenBucket(plan.ssmGetTps) : undefined;
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const op = classify(req, body.toString('utf8'));
      operations.push(op);
      if (plan.deny?.includes(op.service)) {
        injected.denied++;
        denied(res, op, plan.denyWith ?? 'AccessDeniedException');
        return;
      }
      if (plan.transientRate && next() < plan.transientRate) {
        const pick = next();
        if (pick < 1 / 3) {
          injected.throttle++;
          throttle(res, op);
        } else if (pick < 2 / 3) {
          injected.error500++;
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('Internal Server Error');
        } else {
          injected.reset++;
          req.socket.destroy();
        }
        return;
      }
      const forward = (): void => {
        if (ssmBucket && op.service === 'ssm' && /^GetParameter/.test(op.operation)) {
          if (!ssmBucket.take()) {
            injected.throttle++;
            throttle(res, op);
            return;
          }
        }
        const started = performance.now();
        const upstreamReq = request(
          {
            hostname: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: target.host },
          },
          (upstreamRes) => {
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            upstreamRes.on('end', () =>
              served.push({ ...op, upstreamMs: performance.now() - started }),
            );
            upstreamRes.pipe(res);
          },
        );
        upstreamReq.on('error', () => {
          if (!res.headersSent) res.writeHead(502);
          res.end();
        });
        upstreamReq.end(body);
      };
      if (plan.describePageSize && op.service === 'ssm' && op.operation === 'DescribeParameters') {
        const wait = plan.latencyMs ?? 0;
        void describeModel(upstream, req, body, plan.describePageSize).then((payload) =>
          setTimeout(() => {
            res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
            res.end(payload);
          }, wait),
        );
        return;
      }
      if (plan.latencyMs) {
        const timer = setTimeout(forward, plan.latencyMs);
        res.on('close', () => clearTimeout(timer));
      } else if (plan.slow?.includes(op.service)) {
        injected.slow++;
        const timer = setTimeout(forward, plan.slowMs ?? 5_000);
        res.on('close', () => clearTimeout(timer));
      } else {
        forward();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations,
    served,
    injected,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A token bucket of `rate` tokens a second, holding at most one second's worth. */
function tokenBucket(rate: number): { take(): boolean } {
  let tokens = rate;
  let last = performance.now();
  return {
    take() {
      const now = performance.now();
      tokens = Math.min(rate, tokens + ((now - last) / 1000) * rate);
      last = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/** Read-only operations (SPEC §7.1): Get*, Describe*, List*, Head*. */
export function isReadOnly(op: Operation): boolean {
  return /^(Get|Describe|List|Head)/.test(op.operation);
}

// The full listing per filter, read from upstream once, so the model adds no upstream cost.
const describeCache = new Map<string, Promise<unknown[]>>();

/** Every page of DescribeParameters from upstream (no latency), re-served `size` at a time. */
async function describeModel(
  upstream: string,
  req: IncomingMessage,
  body: Buffer,
  size: number,
): Promise<string> {
  const input: unknown = JSON.parse(body.toString('utf8') || '{}');
  const record = typeof input === 'object' && input !== null ? input : {};
  const offset =
    'NextToken' in record && typeof record.NextToken === 'string' ? Number(record.NextToken) : 0;
  const filters = JSON.stringify('ParameterFilters' in record ? record.ParameterFilters : null);
  const cacheKey = `${upstream} ${filters}`;
  let listing = describeCache.get(cacheKey);
  if (!listing) {
    listing = listAll(upstream, req, record);
    describeCache.set(cacheKey, listing);
  }
  const all = await listing;
  const next = offset + size < all.length ? String(offset + size) : undefined;
  return JSON.stringify({
    Parameters: all.slice(offset, offset + size),
    ...(next ? { NextToken: next } : {}),
  });
}

async function listAll(upstream: string, req: IncomingMessage, record: object): Promise<unknown[]> {
  const all: unknown[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(upstream, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonSSM.DescribeParameters',
        authorization: String(req.headers.authorization ?? ''),
        'x-amz-date': String(req.headers['x-amz-date'] ?? ''),
      },
      body: JSON.stringify({ ...record, NextToken: token, MaxResults: 10 }),
    });
    const data: unknown = await page.json();
    const out = typeof data === 'object' && data !== null ? data : {};
    if ('Parameters' in out && Array.isArray(out.Parameters))
      all.push(...(out.Parameters as unknown[]));
    token =
      'NextToken' in out && typeof out.NextToken === 'string' && out.NextToken
        ? out.NextToken
        : undefined;
  } while (token);
  return all;
}
