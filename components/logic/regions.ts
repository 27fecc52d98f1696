/**
 * AWS region facts the platform validates against.
 *
 * Only the commercial `aws` partition: GovCloud (`aws-us-gov`) and China (`aws-cn`) use other ARN
 * partitions, other service endpoints and separate accounts, and this platform does not target them.
 */

/** Commercial AWS regions (opt-in regions included), as of 2026. */
export const AWS_REGIONS: readonly string[] = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    "ca-central-1", "ca-west-1", "mx-central-1", "sa-east-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2",
    "eu-north-1", "eu-south-1", "eu-south-2",
    "il-central-1", "me-south-1", "me-central-1", "af-south-1",
    "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
];

/**
 * Region sets inside which DynamoDB multi-Region strong consistency (MRSC) can replicate.
 * A strongly consistent global table lives entirely inside one set.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/multi-region-strong-consistency-gt.html
 */
export const STRONG_CONSISTENCY_REGION_SETS: Readonly<Record<string, readonly string[]>> = {
    US: ["us-east-1", "us-east-2", "us-west-2"],
    EU: ["eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1"],
    AP: ["ap-northeast-1", "ap-northeast-2", "ap-northeast-3"],
};

/** Route 53 publishes health-check metrics only in us-east-1, so alarms on them live there. */
export const ROUTE53_METRICS_REGION = "us-east-1";

/** The name of the MRSC region set that holds every one of `regions`, or undefined. */
export function strongConsistencySetOf(regions: readonly string[]): string | undefined {
    return Object.keys(STRONG_CONSISTENCY_REGION_SETS).find(set =>
        regions.every(r => STRONG_CONSISTENCY_REGION_SETS[set].includes(r)));
}

/** True when `name` is a commercial AWS region code. */
export function isAwsRegion(name: string): boolean {
    return AWS_REGIONS.includes(name);
}
