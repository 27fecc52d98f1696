import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHandlerFunction } from "./handlerFunction";
import { buildApprovalDefinition, MAX_APPROVAL_TIMEOUT_SECONDS, RECONCILE_MINUTES } from "./logic/approvalDefinition";
import { functionEnvironment } from "./logic/functionEnvironment";
import {
    approvalStateMachineArn, approvalStateMachineName, buildApproverTopicPolicy, buildNotifierPolicy,
    buildStateMachinePolicy, buildStateMachineTrustPolicy, buildWorkerPolicy,
} from "./logic/approvalPolicies";
import { createRegionalKey } from "./regionalKey";
import { WORKFLOW_FUNCTIONS } from "../handlers/shared/routes";

/** Arguments of {@link ApprovalWorkflow}. */
export interface ApprovalWorkflowArgs {
    /** The one region every child lives in (IAM roles are global and take none). */
    readonly region: string;
    /** Prefix of physical names, e.g. `platform-prod`. */
    readonly namePrefix: string;
    readonly accountId: pulumi.Input<string>;
    readonly tableName: pulumi.Input<string>;
    /** ARN of the table's replica in this region. */
    readonly tableArn: pulumi.Input<string>;
    /** Subscribed (email) to this region's approvers' topic. Each address confirms once per region. */
    readonly approverEmails: readonly string[];
    /** Hours approvers have before a request expires (the wait task's `TimeoutSeconds`). */
    readonly timeoutHours: number;
    /** Base URL named in the approvers' email (where to review and decide). */
    readonly decideUrl: pulumi.Input<string>;
    /** KMS key of this region's log groups. */
    readonly logsKeyArn: pulumi.Input<string>;
    readonly logRetentionDays: number;
    /** Protect the topic's key from `pulumi destroy`. @default false */
    readonly protectKeys?: boolean;
    readonly tags?: Record<string, string>;
}

/** Problems with {@link ApprovalWorkflowArgs}, one line each, naming the field. Empty when valid. */
export function validateApprovalWorkflowArgs(args: ApprovalWorkflowArgs): string[] {
    const problems: string[] = [];
    const maxHours = MAX_APPROVAL_TIMEOUT_SECONDS / 3600;
    if (!Number.isInteger(args.timeoutHours) || args.timeoutHours < 1 || args.timeoutHours > maxHours) {
        problems.push(`timeoutHours ${args.timeoutHours} must be a whole number from 1 to ${maxHours} (a Standard execution lasts at most one year)`);
    }
    const seen = new Set<string>();
    for (const email of args.approverEmails) {
        if (seen.has(email.toLowerCase())) problems.push(`approverEmails [${email}] is listed twice`);
        seen.add(email.toLowerCase());
    }
    return problems;
}

/**
 * One region's human-approval workflow (docs/design.md, decisions 4 and 5): a Standard state machine
 * from {@link buildApprovalDefinition} (ERROR-level logs without execution data, X-Ray), the
 * notifier and worker functions it invokes, and the approvers' SNS topic (KMS-encrypted, only the
 * notifier may publish) with their email subscriptions.
 */
export class ApprovalWorkflow extends pulumi.ComponentResource {
    public readonly stateMachineArn: pulumi.Output<string>;
    public readonly topicArn: pulumi.Output<string>;
    /** Function names by logical name (for alarms). */
    public readonly functionNames: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: ApprovalWorkflowArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:approval:ApprovalWorkflow", name, {}, opts);
        const problems = validateApprovalWorkflowArgs(args);
        if (problems.length) throw new Error(`Invalid ApprovalWorkflow "${name}":\n  - ${problems.join("\n  - ")}`);
        const { region } = args;
        const parent = { parent: this };
        const prefix = `${args.namePrefix}-${region}`;
        const machineName = approvalStateMachineName(args.namePrefix, region);
        const machineArn = pulumi.output(args.accountId).apply(id => approvalStateMachineArn(args.namePrefix, region, id));

        const topicKey = createRegionalKey(`${name}-topic-key`, {
            region, accountId: args.accountId, alias: `${prefix}-approvals`, description: `Approvers' notifications in ${region}`,
            tags: args.tags, protectData: args.protectKeys,
        }, this);
        const topic = new aws.sns.Topic(`${name}-topic`, {
            region, name: `${prefix}-approvals`, kmsMasterKeyId: topicKey.arn, tags: args.tags,
        }, parent);
        args.approverEmails.forEach((email, i) => new aws.sns.TopicSubscription(`${name}-approver-${i}`, {
            region, topic: topic.arn, protocol: "email", endpoint: email,
        }, parent));

        const common = { region, namePrefix: args.namePrefix, logRetentionDays: args.logRetentionDays, logsKeyArn: args.logsKeyArn, memoryMb: 256, timeoutSeconds: 30, tags: args.tags };
        const notify = createHandlerFunction(`${name}-notify`, {
            ...common,
            handler: "approval-notify",
            bundle: WORKFLOW_FUNCTIONS["approval-notify"],
            environment: functionEnvironment("approval-notify", { tableName: args.tableName, approversTopicArn: topic.arn, decideUrl: args.decideUrl }),
            policy: logGroupArn => pulumi.all([args.tableArn, topic.arn, topicKey.arn, logGroupArn]).apply(([tableArn, topicArn, topicKeyArn, logArn]) =>
                JSON.stringify(buildNotifierPolicy({ tableArn, topicArn, topicKeyArn, logGroupArn: logArn }))),
        }, this);
        const worker = createHandlerFunction(`${name}-worker`, {
            ...common,
            handler: "approval-worker",
            bundle: WORKFLOW_FUNCTIONS["approval-worker"],
            environment: functionEnvironment("approval-worker", { tableName: args.tableName }),
            policy: logGroupArn => pulumi.all([args.tableArn, machineArn, logGroupArn]).apply(([tableArn, stateMachineArn, logArn]) => JSON.stringify(buildWorkerPolicy({ tableArn, stateMachineArn, logGroupArn: logArn }))),
        }, this);

        new aws.sns.TopicPolicy(`${name}-topic-policy`, {
            region,
            arn: topic.arn,
            policy: pulumi.all([topic.arn, args.accountId, notify.role.arn]).apply(([topicArn, accountId, publisherRoleArn]) =>
                JSON.stringify(buildApproverTopicPolicy({ topicArn, accountId, publisherRoleArn }))),
        }, parent);

        // Vended-logs prefix: Step Functions adds its delivery to one account-wide resource policy
        // otherwise, which has a size limit. https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html
        const logs = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            region, name: `/aws/vendedlogs/states/${machineName}`, retentionInDays: args.logRetentionDays, kmsKeyId: args.logsKeyArn, tags: args.tags,
        }, parent);
        const role = new aws.iam.Role(`${name}-role`, {
            name: `${prefix}-approval-sfn`,
            assumeRolePolicy: pulumi.all([args.accountId, machineArn]).apply(([accountId, arn]) => JSON.stringify(buildStateMachineTrustPolicy(accountId, arn))),
            tags: args.tags,
        }, parent);
        const rolePolicy = new aws.iam.RolePolicy(`${name}-policy`, {
            role: role.name,
            policy: pulumi.all([notify.fn.arn, worker.fn.arn]).apply(arns => JSON.stringify(buildStateMachinePolicy(arns))),
        }, parent);
        const machine = new aws.sfn.StateMachine(`${name}-machine`, {
            region,
            name: machineName,
            type: "STANDARD",
            roleArn: role.arn,
            definition: pulumi.all([notify.fn.arn, worker.fn.arn]).apply(([notifyFunctionArn, workerFunctionArn]) => JSON.stringify(buildApprovalDefinition({
                notifyFunctionArn, workerFunctionArn, timeoutSeconds: args.timeoutHours * 3600,
            }))),
            // ERROR level without execution data: inputs and outputs stay out of the logs.
            loggingConfiguration: { level: "ERROR", includeExecutionData: false, logDestination: pulumi.interpolate`${logs.arn}:*` },
            tracingConfiguration: { enabled: true },
            tags: args.tags,
        }, { parent: this, dependsOn: [rolePolicy] });

        this.stateMachineArn = machine.arn;
        this.topicArn = topic.arn;
        // Every 5 minutes the worker supersedes this region's executions that another region decided
        // while this one was out (takeovers): once the region is back, they end without acting.
        const reconcile = new aws.cloudwatch.EventRule(`${name}-reconcile`, {
            region,
            name: `${prefix}-approval-reconcile`,
            description: "Ends executions whose requests another region decided while this one was out",
            scheduleExpression: `rate(${RECONCILE_MINUTES} minutes)`,
            tags: args.tags,
        }, parent);
        new aws.lambda.Permission(`${name}-reconcile-invoke`, {
            region, action: "lambda:InvokeFunction", function: worker.fn.name, principal: "events.amazonaws.com", sourceArn: reconcile.arn,
        }, parent);
        new aws.cloudwatch.EventTarget(`${name}-reconcile-target`, {
            region, rule: reconcile.name, arn: worker.fn.arn, input: JSON.stringify({ step: "reconcile" }),
        }, parent);

        this.functionNames = { "approval-notify": notify.fn.name, "approval-worker": worker.fn.name };
        this.registerOutputs({ stateMachineArn: this.stateMachineArn, topicArn: this.topicArn, functionNames: this.functionNames });
    }
}
