import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createAwsClients, describeAwsError } from '../../../src/aws/clients.js';

function awsError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe('describeAwsError', () => {
  it.each([
    [
      awsError(
        'AccessDeniedException',
        'User: arn:aws:iam::1:user/ci is not authorized to perform: ssm:GetParametersByPath',
      ),
      /^access denied reading SSM \/x\/ \(AccessDeniedException\)$/,
    ],
    [
      awsError('ExpiredTokenException', 'The security token included in the request is expired'),
      /^AWS credentials expired reading SSM \/x\/ .* refresh your session$/,
    ],
    [
      awsError('UnrecognizedClientException', 'The security token is invalid'),
      /^AWS rejected the credentials/,
    ],
    [
      awsError('CredentialsProviderError', 'Could not load credentials from any providers'),
      /^no AWS credentials for SSM \/x\//,
    ],
    [
      awsError('ThrottlingException', 'Rate exceeded'),
      /^AWS kept throttling SSM \/x\/ after retries/,
    ],
    [awsError('TimeoutError', 'socket hang up'), /^AWS did not answer in time/],
  ])('%s', (error, expected) => {
    const line = describeAwsError(error, 'SSM /x/');
    expect(line).toMatch(expected);
    expect(line).not.toContain('\n');
  });
});

describe('createAwsClients', () => {
  it('limits requests in flight per service', async () => {
    const clients = createAwsClients({}, { concurrency: 2 });
    let active = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 10));
      active--;
    };
    await Promise.all(Array.from({ length: 8 }, () => clients.limit('ssm', task)));
    expect(peak).toBe(2);
  });

  it('creates one client per service, lazily, that sources can be tested through a mock', async () => {
    const mock = mockClient(SSMClient);
    mock.on(GetParametersByPathCommand).rejects(awsError('AccessDeniedException', 'denied'));
    const clients = createAwsClients({ region: 'us-east-1' });
    const first = await clients.client('ssm');
    expect(await clients.client('ssm')).toBe(first);
    await expect(first.send(new GetParametersByPathCommand({ Path: '/x' }))).rejects.toThrow(
      'denied',
    );
    mock.restore();
  });
});
