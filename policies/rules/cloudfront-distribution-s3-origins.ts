/**
 * [CloudFront.12] Every S3 origin is a bucket the stack manages: its domain is an output of an
 * aws.s3.Bucket of the stack (the engine's property dependencies of `origins`), so the
 * distribution cannot point at a name someone else could register.
 */
import { BUCKET, DISTRIBUTION, dependenciesOf, ofTypes, s3OriginsOf, stackRule } from "./lib";

export const cloudfrontDistributionS3Origins = stackRule({
    name: "cloudfront-distribution-s3-origins",
    description: "[CloudFront.12] CloudFront distributions point only at S3 origins that are buckets of this stack.",
    controls: ["CloudFront.12"],
    level: "mandatory",
    severity: "high",
    remediation: "give each S3 origin the bucketRegionalDomainName of an aws.s3.Bucket of the stack, never a typed-in name",
}, resources => ofTypes(resources, DISTRIBUTION).flatMap(d => {
    const origins = s3OriginsOf(d.props);
    const buckets = new Set(dependenciesOf(d, "origins").filter(b => b.type === BUCKET).map(b => b.urn));
    return origins.length > buckets.size
        ? [{ urn: d.urn, message: `${d.name} (${d.type}): ${origins.length} S3 origin(s) but ${buckets.size} bucket(s) of this stack behind them` }]
        : [];
}));
