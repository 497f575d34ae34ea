/** The part of the SSM client parity uses: one module, so a bundle carries nothing else. */
export {
  DescribeParametersCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
