/** [S3.8] Every bucket blocks public access with all four settings of its public access block. */
import { BUCKET, bucketSettings, isTrue, ofTypes, stackRule } from "./lib";

const SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const s3BucketPublicAccess = stackRule({
    name: "s3-bucket-public-access",
    description: "[S3.8] S3 buckets have a public access block with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all on.",
    controls: ["S3.8"],
    level: "mandatory",
    severity: "high",
    remediation: "add an aws.s3.BucketPublicAccessBlock for the bucket with all four settings true",
}, resources => ofTypes(resources, BUCKET).flatMap(b => {
    const blocks = bucketSettings(resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", b);
    if (blocks.length === 0) return [{ urn: b.urn, message: `${b.name} (${b.type}): no public access block` }];
    const off = SETTINGS.filter(s => !blocks.some(p => isTrue(p.props[s])));
    return off.length ? [{ urn: b.urn, message: `${b.name} (${b.type}): public access block leaves ${off.join(", ")} off` }] : [];
}));
