/** IAM and bucket policies of the web console, as pure functions so tests assert them verbatim. */

/** Denies every request to the bucket that does not use TLS (S3.5). */
export function tlsOnlyStatement(bucketArn: string) {
    return {
        Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** A bucket nobody reads but through its owner's IAM, over TLS only (the access log bucket). */
export function buildTlsOnlyBucketPolicy(bucketArn: string) {
    return { Version: "2012-10-17", Statement: [tlsOnlyStatement(bucketArn)] };
}

/**
 * A site bucket: CloudFront may read objects, through Origin Access Control, for this one
 * distribution only (`AWS:SourceArn`); nothing else is granted, and plain HTTP is denied.
 * No `s3:ListBucket`, so a missing object is a 403, which the origin group fails over on.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
 */
export function buildSiteBucketPolicy(bucketArn: string, distributionArn: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudFrontReadsThroughOAC", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" },
                Action: "s3:GetObject", Resource: `${bucketArn}/*`,
                Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
            },
            tlsOnlyStatement(bucketArn),
        ],
    };
}

/**
 * S3 replication from the site bucket to its replica: read the source's configuration and object
 * versions, write replicas (and delete markers) into the destination. Nothing else.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 */
export function buildReplicationPolicy(sourceArn: string, destinationArn: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ReadSourceConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: [sourceArn] },
            { Sid: "ReadSourceVersions", Effect: "Allow", Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], Resource: [`${sourceArn}/*`] },
            { Sid: "WriteReplicas", Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: [`${destinationArn}/*`] },
        ],
    };
}
