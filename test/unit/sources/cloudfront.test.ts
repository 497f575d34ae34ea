/** The `cloudfront` source: read from the JSON the AWS CLI prints (export mode) or a directory, no AWS called. */
import { describe, expect, it } from 'vitest';
import { nameFromArn } from '../../../src/sources/cloudfront.js';

describe('cloudfront', () => {
  it('names functions from their ARNs', () => {
    expect(nameFromArn('arn:aws:cloudfront::1:function/directory-index')).toBe('directory-index');
    expect(nameFromArn('arn:aws:lambda:us-east-1:1:function:edge-auth:3')).toBe('edge-auth');
  });
});
