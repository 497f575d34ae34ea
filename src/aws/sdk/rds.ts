/** The part of the RDS client parity uses. */
export {
  DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
