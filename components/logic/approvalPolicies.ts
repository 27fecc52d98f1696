/**
 * IAM documents of the approval workflow, as pure functions so tests assert them verbatim
 * (docs/design.md, decisions 4 and 5). Each principal gets exactly the calls its code makes.
 */
import { baseHandlerStatements } from "./handlerPolicy";
import { CONTROL_PK, GSI1, PARTITION_PREFIX, partitionPattern, SUPERSEDE_QUEUE_PREFIX } from "../../handlers/shared/keys";

/**
 * `dynamodb:LeadingKeys` patterns of each principal, from the key layout (handlers/shared/keys.ts):
 * the partitions its code builds keys for, and nothing else.
 */
export const APPROVAL_PARTITIONS = {
    /** The approval API reads the caller's item (to snapshot it) from their own partition. */
    apiReads: [partitionPattern(PARTITION_PREFIX.user)],
    /** The approval API and the notifier write requests and tokens. */
    requests: [partitionPattern(PARTITION_PREFIX.request)],
    /** The worker: requests, the published copy, and the requester's notice in their own partition. */
    worker: [partitionPattern(PARTITION_PREFIX.request), partitionPattern(PARTITION_PREFIX.published), partitionPattern(PARTITION_PREFIX.user)],
} as const;

/** Physical name of a region's approval state machine. Deterministic, so the API can be granted it before it exists. */
export const approvalStateMachineName = (namePrefix: string, region: string) => `${namePrefix}-${region}-approval`;

/** ARN of a region's approval state machine. */
export const approvalStateMachineArn = (namePrefix: string, region: string, accountId: string) =>
    `arn:aws:states:${region}:${accountId}:stateMachine:${approvalStateMachineName(namePrefix, region)}`;

/**
 * Only keys whose partition matches one of `patterns`; the Null guard matters because
 * `ForAllValues` over an absent key is true (a request without a partition key would pass).
 */
const onlyPartitions = (patterns: readonly string[]) => ({
    "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [...patterns] },
    Null: { "dynamodb:LeadingKeys": "false" },
});

/** The queue index of the table (GSI1 of handlers/shared/keys.ts). */
const indexArn = (tableArn: string) => `${tableArn}/index/${GSI1.name}`;

/** Inputs of {@link buildApprovalApiPolicy}. */
export interface ApprovalApiPolicyArgs {
    /** This region's replica. */
    readonly tableArn: string;
    /** Every region's replica, this one included: decisions are written where the execution runs. */
    readonly tableArns: readonly string[];
    /** This region's state machine (requests start here). */
    readonly stateMachineArn: string;
    /** Every region's state machine: decisions call back to the one running the execution. */
    readonly stateMachineArns: readonly string[];
    readonly logGroupArn: string;
}

/**
 * The approval API function: reads the caller's item to snapshot it and the caller's notices,
 * writes only `REQUEST#` partitions (in any region, for decisions) and the item's open-request
 * pointer (`OPENREQUEST#`: at most one open request per item), both at the partition's home
 * replica, which may be any region's (docs/design.md, decision 13), queries the index
 * (approvers' queue, published feed), starts this
 * region's workflow and sends task success to any region's platform workflow. Nothing else.
 */
export function buildApprovalApiPolicy(a: ApprovalApiPolicyArgs) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadItemToPublish", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: [...a.tableArns],
                Condition: onlyPartitions(APPROVAL_PARTITIONS.apiReads),
            },
            {
                // GET /notices: the caller's outcome notices (the handler's key condition names the caller's own partition).
                Sid: "ReadNotices", Effect: "Allow", Action: ["dynamodb:Query"], Resource: [a.tableArn],
                Condition: onlyPartitions(["USER#*"]),
            },
            {
                Sid: "Requests", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], Resource: [...a.tableArns],
                Condition: onlyPartitions(APPROVAL_PARTITIONS.requests),
            },
            {
                Sid: "OpenRequestPointer", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"], Resource: [...a.tableArns],
                Condition: onlyPartitions([partitionPattern(PARTITION_PREFIX.openRequest)]),
            },
            // The index holds only queues: approvals pending (GET /approvals) and the published feed (GET /published).
            { Sid: "PendingQueue", Effect: "Allow", Action: ["dynamodb:Query"], Resource: [indexArn(a.tableArn)] },
            // Takeovers (docs/design.md, decision 14): the arbiter region applies the
            // outcome as the workflow would, in any region's replica: the published copy, the requester's
            // notice, the item's open-request pointer.
            {
                Sid: "TakeoverOutcome", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"], Resource: [...a.tableArns],
                Condition: onlyPartitions([partitionPattern(PARTITION_PREFIX.published), partitionPattern(PARTITION_PREFIX.user), partitionPattern(PARTITION_PREFIX.openRequest)]),
            },
            // Since when another region has been unreachable from here, and its drain flag (this replica's CONTROL rows).
            {
                Sid: "RegionHealth", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"], Resource: [a.tableArn],
                Condition: onlyPartitions([CONTROL_PK]),
            },
            { Sid: "StartWorkflow", Effect: "Allow", Action: ["states:StartExecution"], Resource: [a.stateMachineArn] },
            // Both decisions are task success with the decision as output (the Choice routes them), so no SendTaskFailure.
            { Sid: "DeliverDecision", Effect: "Allow", Action: ["states:SendTaskSuccess"], Resource: [...a.stateMachineArns] },
            ...baseHandlerStatements(a.logGroupArn),
        ],
    };
}

/** The notifier: stores the token and queues the request (this region's replica), publishes to the approvers' topic. */
export function buildNotifierPolicy(a: { tableArn: string; topicArn: string; topicKeyArn: string; logGroupArn: string }) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Requests", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], Resource: [a.tableArn],
                Condition: onlyPartitions(APPROVAL_PARTITIONS.requests),
            },
            { Sid: "NotifyApprovers", Effect: "Allow", Action: ["sns:Publish"], Resource: [a.topicArn] },
            // Publishing to a KMS-encrypted topic: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
            { Sid: "EncryptMessages", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: [a.topicKeyArn] },
            ...baseHandlerStatements(a.logGroupArn),
        ],
    };
}

/**
 * The worker: request rows, the published copy and the requester's notice, in this region's
 * replica; it deletes an ended request's open-request pointer; its scheduled reconcile step reads
 * the supersede queue and tells this region's waiting executions they were superseded.
 */
export function buildWorkerPolicy(a: { tableArn: string; stateMachineArn: string; logGroupArn: string }) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Workflow", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], Resource: [a.tableArn],
                Condition: onlyPartitions(APPROVAL_PARTITIONS.worker),
            },
            {
                Sid: "ReleaseOpenRequest", Effect: "Allow", Action: ["dynamodb:DeleteItem"], Resource: [a.tableArn],
                Condition: onlyPartitions([partitionPattern(PARTITION_PREFIX.openRequest)]),
            },
            {
                Sid: "SupersedeQueue", Effect: "Allow", Action: ["dynamodb:Query"], Resource: [indexArn(a.tableArn)],
                Condition: onlyPartitions([`${SUPERSEDE_QUEUE_PREFIX}*`]),
            },
            { Sid: "SupersedeExecutions", Effect: "Allow", Action: ["states:SendTaskSuccess"], Resource: [a.stateMachineArn] },
            ...baseHandlerStatements(a.logGroupArn),
        ],
    };
}

/** Trust of the state machine's role: Step Functions, for this account's state machine only (confused deputy). */
export function buildStateMachineTrustPolicy(accountId: string, stateMachineArn: string) {
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: "states.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": stateMachineArn } },
        }],
    };
}

/**
 * The state machine's role: invoke exactly its two functions, deliver its logs (the CloudWatch
 * Logs delivery APIs take no resource ARNs), and write X-Ray traces.
 * https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy
 */
export function buildStateMachinePolicy(functionArns: readonly string[]) {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "InvokeSteps", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [...functionArns] },
            {
                Sid: "LogDelivery", Effect: "Allow",
                Action: [
                    "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
                    "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
                ],
                Resource: ["*"],
            },
            { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], Resource: ["*"] },
        ],
    };
}

/** The approvers' topic: only the notifier publishes; no anonymous or cross-account access; TLS only. */
export function buildApproverTopicPolicy(a: { topicArn: string; accountId: string; publisherRoleArn: string }) {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "NotifierPublishes", Effect: "Allow", Principal: { AWS: a.publisherRoleArn }, Action: "sns:Publish", Resource: a.topicArn },
            {
                Sid: "AccountManages", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${a.accountId}:root` },
                Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:DeleteTopic"],
                Resource: a.topicArn,
            },
            {
                Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "sns:*", Resource: a.topicArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
