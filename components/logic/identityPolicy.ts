/**
 * IAM documents of the identity pools' authenticated role, as pure functions so tests assert them
 * verbatim and run them through an IAM policy simulator (docs/design.md, decisions 3 and 4).
 */
import { GSI1, PARTITION_PREFIX } from "../../handlers/shared/keys";
import type { PolicyDocument } from "./kmsPolicy";

/** Principal tag the identity pools map the user-pool token's `sub` claim to. */
export const SUB_TAG = "sub";

/**
 * The one partition a caller's credentials reach: `USER#${aws:PrincipalTag/sub}`, built from the
 * key layout's user prefix (handlers/shared/keys.ts) so handlers and IAM cannot drift apart.
 */
export const OWN_PARTITION = `${PARTITION_PREFIX.user}\${aws:PrincipalTag/${SUB_TAG}}`;

/**
 * Item-level actions end users may call with their own credentials. No Scan (it carries no
 * leading key), no PartiQL, no transactions (not needed by clients, and kept off so every call is
 * one the LeadingKeys condition governs).
 */
export const ROW_LEVEL_ACTIONS = [
    "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
    "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
] as const;

/** Write actions whose item attributes `dynamodb:Attributes` lists. */
export const WRITE_ACTIONS = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"] as const;

const COGNITO = "cognito-identity.amazonaws.com";

/**
 * Trust of the authenticated role: web-identity federation through any of the platform's regional
 * identity pools (`aud`), authenticated identities only (`amr`), and `sts:TagSession` so the
 * pools can pass the `sub` principal tag (without it, AssumeRoleWithWebIdentity with tags fails).
 */
export function buildIdentityTrustPolicy(identityPoolIds: readonly string[]): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "AuthenticatedIdentitiesOfPlatformPools",
            Effect: "Allow",
            Principal: { Federated: COGNITO },
            Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
            Condition: {
                "StringEquals": { [`${COGNITO}:aud`]: [...identityPoolIds] },
                "ForAnyValue:StringLike": { [`${COGNITO}:amr`]: "authenticated" },
            },
        }],
    };
}

/** The table ARN in `region`. */
export function tableArn(region: string, accountId: string, tableName: string): string {
    return `arn:aws:dynamodb:${region}:${accountId}:table/${tableName}`;
}

/**
 * Row-level permissions: the item actions on the table and its indexes in **every** region, only
 * when every leading key of the request is the caller's own partition `USER#${aws:PrincipalTag/sub}`.
 *
 * - `ForAllValues:StringEquals` is true over an *absent* key, so a `Null` condition requires
 *   `dynamodb:LeadingKeys` to be present: a request that carries no leading key does not match.
 * - Users must not write what an approval decides (docs/design.md, decision 4): approval requests live
 *   in `REQUEST#<id>` partitions the LeadingKeys condition already excludes, and an explicit Deny
 *   stops users from setting the sparse index attributes on their own rows, which would inject
 *   them into the approvers' queue.
 */
export function buildRowLevelPolicy(regions: readonly string[], accountId: string, tableName: string): PolicyDocument {
    const tables = regions.map(r => tableArn(r, accountId, tableName));
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "OwnRowsInEveryRegion",
                Effect: "Allow",
                Action: [...ROW_LEVEL_ACTIONS],
                Resource: [...tables, ...tables.map(t => `${t}/index/*`)],
                Condition: {
                    "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [OWN_PARTITION] },
                    "Null": { "dynamodb:LeadingKeys": "false" },
                },
            },
            {
                Sid: "NoApprovalQueueAttributes",
                Effect: "Deny",
                Action: [...WRITE_ACTIONS],
                Resource: tables,
                Condition: { "ForAnyValue:StringEquals": { "dynamodb:Attributes": [GSI1.partition, GSI1.sort] } },
            },
        ],
    };
}
