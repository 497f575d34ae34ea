/** The `ecs` source: read from the JSON the AWS CLI prints (export mode) or a directory, no AWS called. */
import { describe, expect, it } from 'vitest';
import { ecsSource } from '../../../src/sources/ecs.js';
import { parseTarget } from '../../../src/sources/_references.js';
import { exportContext, values } from '../../support/source-context.js';

const ctx = exportContext();

describe('ecs export', () => {
  it('reads containers with aliases replaced in their names', async () => {
    const { facts } = await ecsSource.load(
      {
        type: 'ecs',
        allowSkipped: false,
        export: 'exports/ecs-describe-task-definition.json',
        resolveSecrets: false,
      },
      ctx,
    );
    expect(values(facts)).toMatchObject({
      image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/shop:sha-1',
      cpu: '512',
      memory: '1024',
      'container.web-{env}.env.DEBUG': 'True',
      'container.web-{env}.env.DATABASE_NAME': 'shop_staging',
      'container.web-{env}.secret.DB_PASSWORD':
        'arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/staging-AbCdEf:password::',
      'container.web-{env}.healthCheck': 'CMD-SHELL curl -f http://localhost:8000/health || exit 1',
      'container.log-router.image': 'amazon/aws-for-fluent-bit:stable',
    });
  });

  it('parses secret reference targets', () => {
    expect(
      parseTarget('arn:aws:secretsmanager:us-east-1:1:secret:shop/db-AbCdEf:password::'),
    ).toEqual({
      service: 'secretsmanager',
      id: 'arn:aws:secretsmanager:us-east-1:1:secret:shop/db-AbCdEf',
      jsonKey: 'password',
    });
    expect(parseTarget('arn:aws:ssm:us-east-1:1:parameter/shop/staging/X')).toEqual({
      service: 'ssm',
      id: '/shop/staging/X',
    });
    expect(parseTarget('shop/staging/X')).toEqual({ service: 'ssm', id: '/shop/staging/X' });
  });
});
