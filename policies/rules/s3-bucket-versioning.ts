/** [S3.14] Buckets keep object versions (the console's files can be rolled back; a bad upload loses nothing). CloudFront log buckets are exempt. */
import { BUCKET, block, bucketSettings, cloudfrontLogBuckets, ofTypes, stackRule, str } from "./lib";

export const s3BucketVersioning = stackRule({
    name: "s3-bucket-versioning",
    description: "[S3.14] S3 buckets have versioning enabled, except buckets that only receive CloudFront access logs (written once, expired by lifecycle).",
    controls: ["S3.14"],
    level: "mandatory",
    severity: "low",
    remediation: "add an aws.s3.BucketVersioning for the bucket with versioningConfiguration.status \"Enabled\"",
}, resources => {
    const logs = new Set(cloudfrontLogBuckets(resources).map(b => b.urn));
    return ofTypes(resources, BUCKET).filter(b => !logs.has(b.urn)).flatMap(b => {
        const on = bucketSettings(resources, "aws:s3/bucketVersioning:BucketVersioning", b).some(v => str(block(v.props.versioningConfiguration)?.status) === "Enabled");
        return on ? [] : [{ urn: b.urn, message: `${b.name} (${b.type}): versioning is not enabled` }];
    });
});
