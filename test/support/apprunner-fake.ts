/**
 * A small local App Runner (moto has none), speaking the service's awsJson1_0 protocol:
 * `POST /` with `x-amz-target: AppRunner.<Operation>`. It serves ListServices and
 * DescribeService (by ARN only, as the real API) from the services it is given, and records
 * every operation so tests can assert that parity only reads.
 */
import { createServer } from 'node:http';

export interface FakeService {
  readonly ServiceName: string;
  readonly ServiceArn?: string;
  readonly [field: string]: unknown;
}

export interface AppRunnerFake {
  readonly endpoint: string;
  readonly operations: string[];
  close(): Promise<void>;
}

export async function startAppRunnerFake(services: readonly FakeService[]): Promise<AppRunnerFake> {
  const byArn = new Map<string, FakeService & { ServiceArn: string }>();
  for (const s of services) {
    const arn =
      s.ServiceArn ??
      `arn:aws:apprunner:us-east-1:123456789012:service/${s.ServiceName}/${s.ServiceName.length}a1b2c3`;
    byArn.set(arn, { ...s, ServiceArn: arn });
  }
  const operations: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.replace(/^AppRunner\./, '');
      operations.push(operation);
      const input: unknown = body ? JSON.parse(body) : {};
      const send = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(payload));
      };
      if (operation === 'ListServices') {
        send(200, {
          ServiceSummaryList: [...byArn.values()].map((s) => ({
            ServiceName: s.ServiceName,
            ServiceArn: s.ServiceArn,
            Status: 'RUNNING',
          })),
        });
      } else if (operation === 'DescribeService') {
        const arn =
          typeof input === 'object' && input !== null && 'ServiceArn' in input
            ? String(input.ServiceArn)
            : '';
        const service = byArn.get(arn);
        if (service)
          send(200, {
            Service: {
              Status: 'RUNNING',
              CreatedAt: 1764000000,
              UpdatedAt: 1764000000,
              ...service,
            },
          });
        else
          send(400, { __type: 'ResourceNotFoundException', Message: `Service ${arn} not found` });
      } else {
        send(400, {
          __type: 'InvalidRequestException',
          Message: `${operation} is not supported by the fake`,
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
