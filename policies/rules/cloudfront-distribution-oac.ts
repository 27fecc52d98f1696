/** [CloudFront.13] S3 origins are read through Origin Access Control (not the legacy origin access identity, not a public bucket). */
import { block, resourceRule, s3OriginsOf, str } from "./lib";

export const cloudfrontDistributionOac = resourceRule({
    name: "cloudfront-distribution-oac",
    description: "[CloudFront.13] CloudFront distributions read every S3 origin through an origin access control, never an origin access identity.",
    controls: ["CloudFront.13"],
    level: "mandatory",
    severity: "medium",
    remediation: "create an aws.cloudfront.OriginAccessControl (s3, sigv4, always) and set its id as originAccessControlId on every S3 origin; drop s3OriginConfig.originAccessIdentity",
}, ["aws:cloudfront/distribution:Distribution"], props => s3OriginsOf(props).flatMap(o => {
    if (str(block(o.s3OriginConfig)?.originAccessIdentity)) return [`S3 origin ${o.originId} uses an origin access identity`];
    return str(o.originAccessControlId) ? [] : [`S3 origin ${o.originId} has no origin access control`];
}));
