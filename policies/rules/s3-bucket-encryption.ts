/** Every bucket states its default encryption (S3 encrypts new objects by default since 2023; the setting makes the choice explicit and reviewable). */
import { BUCKET, block, bucketSettings, list, ofTypes, stackRule, str } from "./lib";

export const s3BucketEncryption = stackRule({
    name: "s3-bucket-encryption",
    description: "S3 buckets have an explicit default encryption configuration (SSE-S3 or SSE-KMS).",
    controls: [],
    level: "mandatory",
    severity: "medium",
    remediation: "add an aws.s3.BucketServerSideEncryptionConfiguration with applyServerSideEncryptionByDefault.sseAlgorithm \"AES256\" or \"aws:kms\"",
}, resources => ofTypes(resources, BUCKET).flatMap(b => {
    const configs = bucketSettings(resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", b);
    const ok = configs.some(c => list(c.props.rules).some((r: any) => ["AES256", "aws:kms", "aws:kms:dsse"].includes(str(block(r?.applyServerSideEncryptionByDefault)?.sseAlgorithm) ?? "")));
    return ok ? [] : [{ urn: b.urn, message: `${b.name} (${b.type}): no default encryption configuration` }];
}));
