/**
 * [S3.7] Buckets are replicated to another region: each is the source of an enabled replication
 * rule or the destination of one (the replica itself). CloudFront log buckets are exempt.
 */
import { BUCKET, bucketSettings, cloudfrontLogBuckets, dependenciesOf, list, ofTypes, stackRule, str } from "./lib";

const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

export const s3BucketReplication = stackRule({
    name: "s3-bucket-replication",
    description: "[S3.7] S3 buckets are replicated across regions (the source of an enabled replication rule, or its destination), except buckets that only receive CloudFront access logs.",
    controls: ["S3.7"],
    level: "mandatory",
    severity: "low",
    remediation: "add an aws.s3.BucketReplicationConfig on the bucket with an enabled rule whose destination is a versioned bucket in another region",
}, resources => {
    const logs = new Set(cloudfrontLogBuckets(resources).map(b => b.urn));
    const configs = ofTypes(resources, REPLICATION);
    const destinations = new Set(configs.flatMap(c => dependenciesOf(c, "rules").filter(d => d.type === BUCKET).map(d => d.urn)));
    return ofTypes(resources, BUCKET).filter(b => !logs.has(b.urn)).flatMap(b => {
        const source = bucketSettings(resources, REPLICATION, b).some(c => list(c.props.rules).some((r: any) => str(r?.status) === "Enabled"));
        return source || destinations.has(b.urn) ? [] : [{ urn: b.urn, message: `${b.name} (${b.type}): neither replicated to another region nor a replica` }];
    });
});
