/** The `apprunner` source: read from the JSON the AWS CLI prints (export mode) or a directory, no AWS called. */
import { describe, expect, it } from 'vitest';
import { appRunnerSource, imageTag } from '../../../src/sources/apprunner.js';
import { exportContext, values } from '../../support/source-context.js';

const ctx = exportContext();

describe('apprunner export', () => {
  it('reads a code-repository service with the SPEC §3 keys', async () => {
    const { facts, references } = await appRunnerSource.load(
      {
        type: 'apprunner',
        allowSkipped: false,
        service: 'shop-staging-backend',
        export: 'exports/apprunner-describe-service.json',
        resolveSecrets: false,
      },
      ctx,
    );
    expect(values(facts)).toEqual({
      image: 'https://github.com/acme/shop',
      imageTag: 'main',
      port: '8000',
      startCommand: 'gunicorn app.wsgi',
      'env.DEBUG': 'False',
      'secret.DATABASE_URL':
        'arn:aws:ssm:us-east-1:111122223333:parameter/shop/staging/DATABASE_URL',
      'instance.cpu': '256',
      'instance.memory': '512',
      'healthCheck.path': '/health/',
      'healthCheck.protocol': 'HTTP',
      autoDeploy: false,
      'autoscaling.name': 'DefaultConfiguration',
      url: 'https://x1.us-east-1.awsapprunner.com',
    });
    expect(facts[0]?.lastModified).toEqual(new Date('2026-10-01T12:00:00Z'));
    expect(references).toEqual([]);
  });

  it('reads image tags and digests', () => {
    expect(imageTag('1.dkr.ecr.us-east-1.amazonaws.com/app:staging')).toBe('staging');
    expect(imageTag('1.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc')).toBe('sha256:abc');
    expect(imageTag('localhost:5000/app')).toBe('latest');
  });
});
