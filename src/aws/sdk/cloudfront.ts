/** The part of the CloudFront client parity uses. */
export { CloudFrontClient, GetDistributionConfigCommand } from '@aws-sdk/client-cloudfront';
