/** The part of the App Runner client parity uses. */
export {
  AppRunnerClient,
  DescribeServiceCommand,
  ListServicesCommand,
} from '@aws-sdk/client-apprunner';
