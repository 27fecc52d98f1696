/** [S3.5] Every bucket's policy denies requests that do not use TLS. */
import { BUCKET, bucketSettings, ofTypes, stackRule, statements } from "./lib";

/** Whether a statement denies every action on the bucket and its objects when `aws:SecureTransport` is false. */
function deniesPlainHttp(s: ReturnType<typeof statements>[number]): boolean {
    const bool = Object.entries(s.condition).find(([op]) => op === "Bool")?.[1] ?? {};
    const secure = Object.entries(bool).find(([k]) => k.toLowerCase() === "aws:securetransport")?.[1];
    return s.effect === "Deny" && s.principals.includes("*") && s.actions.some(a => a === "s3:*")
        && (secure === "false" || secure === false || (Array.isArray(secure) && secure.map(String).includes("false")))
        && s.resources.some(r => r.endsWith("/*"));
}

export const s3BucketTlsOnly = stackRule({
    name: "s3-bucket-tls-only",
    description: "[S3.5] S3 buckets require requests to use TLS: the bucket policy denies s3:* when aws:SecureTransport is false.",
    controls: ["S3.5"],
    level: "mandatory",
    severity: "medium",
    remediation: "add a bucket policy statement { Effect: Deny, Principal: \"*\", Action: \"s3:*\", Resource: [bucket, bucket/*], Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }",
}, resources => ofTypes(resources, BUCKET).flatMap(b => {
    const policies = bucketSettings(resources, "aws:s3/bucketPolicy:BucketPolicy", b);
    return policies.some(p => statements(p.props.policy).some(deniesPlainHttp)) ? [] : [{ urn: b.urn, message: `${b.name} (${b.type}): no bucket policy denies requests without TLS` }];
}));
