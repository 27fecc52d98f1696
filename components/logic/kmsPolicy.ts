/**
 * Key policies for the platform's customer-managed KMS keys, built as plain data so tests can
 * assert them verbatim.
 */

/** An IAM/KMS policy document. */
export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly PolicyStatement[];
}

/** One statement of a {@link PolicyDocument}. */
export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: Record<string, string | readonly string[]>;
    readonly Action: string | readonly string[];
    readonly Resource?: string | readonly string[];
    readonly Condition?: Record<string, Record<string, string | readonly string[] | boolean>>;
}

/** Options of {@link buildKeyPolicy}. */
export interface KeyPolicyOptions {
    readonly accountId: string;
    readonly region: string;
    /**
     * AWS services (e.g. `dynamodb`, `logs`, `sns`, `backup`) allowed to use the key on behalf of
     * principals of this account, through `kms:ViaService` in this key's region.
     */
    readonly viaServices?: readonly string[];
    /** Service principals that use the key directly (e.g. `logs.<region>.amazonaws.com`), scoped to this account. */
    readonly servicePrincipals?: readonly string[];
    /**
     * Let CloudWatch Logs of this region encrypt this account's log groups with the key (its
     * principal is regional and it is scoped by the log group ARN in the encryption context:
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
     */
    readonly cloudWatchLogs?: boolean;
}

/**
 * A key policy with the account root as administrator (the AWS default that lets IAM policies in
 * this account grant access; without it the key can become unmanageable) plus, optionally, use by
 * named AWS services in this region only. No `"*"` principal anywhere.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export function buildKeyPolicy(o: KeyPolicyOptions): PolicyDocument {
    const statements: PolicyStatement[] = [{
        Sid: "AccountAdministration",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${o.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    }];
    if (o.viaServices && o.viaServices.length > 0) {
        statements.push({
            Sid: "UseThroughServices",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${o.accountId}:root` },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"],
            Resource: "*",
            Condition: {
                StringEquals: {
                    "kms:CallerAccount": o.accountId,
                    "kms:ViaService": o.viaServices.map(s => `${s}.${o.region}.amazonaws.com`),
                },
            },
        });
    }
    if (o.servicePrincipals && o.servicePrincipals.length > 0) {
        statements.push({
            Sid: "UseByServicePrincipals",
            Effect: "Allow",
            Principal: { Service: [...o.servicePrincipals] },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": o.accountId } },
        });
    }
    if (o.cloudWatchLogs) {
        statements.push({
            Sid: "UseByCloudWatchLogs",
            Effect: "Allow",
            Principal: { Service: `logs.${o.region}.amazonaws.com` },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${o.region}:${o.accountId}:log-group:*` } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}
