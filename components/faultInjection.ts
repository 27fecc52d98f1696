import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CONTROL_PK, drainSk } from "../handlers/shared/keys";

/** How long each drill's fault lasts (ISO 8601 durations, as FIS takes them). */
export const DRILL_DURATION = "PT10M";

/** Arguments of {@link FaultInjection}. */
export interface FaultInjectionArgs {
    /** The platform's regions; every region gets its drills, in that region. Decides which resources exist. */
    readonly regions: readonly string[];
    /** Prefix of physical names, e.g. `platform-prod`. */
    readonly namePrefix: string;
    readonly accountId: pulumi.Input<string>;
    readonly tableName: pulumi.Input<string>;
    /** The table's ARN in each region. */
    readonly tableArns: Record<string, pulumi.Input<string>>;
    /** Alarms that stop a region's drills (customer impact in that region). */
    readonly stopAlarmArns: Record<string, readonly pulumi.Input<string>[]>;
    readonly tags?: Record<string, string>;
}

/** Problems with {@link FaultInjectionArgs}; empty when valid. */
export function validateFaultInjectionArgs(args: FaultInjectionArgs): string[] {
    const problems: string[] = [];
    for (const region of args.regions) {
        if (!(region in args.tableArns)) problems.push(`tableArns has no entry for ${region}`);
        if (!args.stopAlarmArns[region]?.length) problems.push(`stopAlarmArns must name at least one alarm in ${region}: an experiment without a stop condition cannot be stopped by what it breaks`);
    }
    return problems;
}

/** The SSM Automation document that sets or clears a region's drain flag (the health of that region then answers 503 or 200). */
export function buildDrainDocument(tableName: string) {
    return {
        schemaVersion: "0.3",
        description: "Sets or clears a platform region's drain flag: its /health answers 503 (Route 53 moves its traffic away) or 200 again.",
        assumeRole: "{{ AutomationAssumeRole }}",
        parameters: {
            AutomationAssumeRole: { type: "String", description: "Role the automation runs as" },
            Region: { type: "String", description: "The region to drain or undrain" },
            Drained: { type: "Boolean", description: "true drains, false undrains" },
        },
        mainSteps: [{
            name: "setDrainFlag",
            action: "aws:executeAwsApi",
            inputs: {
                Service: "dynamodb",
                Api: "PutItem",
                TableName: tableName,
                Item: {
                    pk: { S: CONTROL_PK },
                    sk: { S: drainSk("{{ Region }}") },
                    region: { S: "{{ Region }}" },
                    drained: { BOOL: "{{ Drained }}" },
                    reason: { S: "AWS FIS drill" },
                    changedAt: { S: "{{ global:DATE_TIME }}" },
                    changedBy: { S: "aws-fis" },
                },
            },
        }],
    };
}

/**
 * Optional (`platform:drills.fis`): the outage drills of `npm run drill`, as AWS Fault Injection
 * Service experiment templates against the deployed stack, per region:
 *
 * - `pause-replication`: `aws:dynamodb:global-table-pause-replication` on the region's replica
 *   (replication to and from it pauses for the duration);
 * - `region-outage`: drains the region through an SSM Automation document (its `/health` answers
 *   503, Route 53 moves its clients, approvals may be taken over), waits, then undrains it.
 *
 * Each stops on the region's customer-facing alarms. The experiment role may touch exactly this
 * stack's table replicas, its drain document and the automation role.
 * https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html
 */
export class FaultInjection extends pulumi.ComponentResource {
    /** Experiment template ids by region and drill. */
    public readonly templateIds: Record<string, Record<"pause-replication" | "region-outage", pulumi.Output<string>>>;
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: FaultInjectionArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:ops:FaultInjection", name, {}, opts);
        const problems = validateFaultInjectionArgs(args);
        if (problems.length) throw new Error(`Invalid FaultInjection "${name}":\n  - ${problems.join("\n  - ")}`);
        const parent = { parent: this };
        const tableArns = pulumi.all(args.regions.map(r => args.tableArns[r]));

        const automationRole = new aws.iam.Role(`${name}-automation`, {
            name: `${args.namePrefix}-drill-automation`,
            assumeRolePolicy: pulumi.output(args.accountId).apply(account => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "ssm.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": account } } }],
            })),
            tags: args.tags,
        }, parent);
        new aws.iam.RolePolicy(`${name}-automation-policy`, {
            role: automationRole.name,
            policy: tableArns.apply(arns => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Sid: "DrainFlags", Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: arns,
                    Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [CONTROL_PK] }, Null: { "dynamodb:LeadingKeys": "false" } },
                }],
            })),
        }, parent);

        const documents: Record<string, aws.ssm.Document> = {};
        for (const region of args.regions) {
            documents[region] = new aws.ssm.Document(`${name}-${region}-drain`, {
                region,
                name: `${args.namePrefix}-drain`,
                documentType: "Automation",
                documentFormat: "JSON",
                content: pulumi.output(args.tableName).apply(table => JSON.stringify(buildDrainDocument(table))),
                tags: args.tags,
            }, parent);
        }

        const role = new aws.iam.Role(`${name}-role`, {
            name: `${args.namePrefix}-fis`,
            assumeRolePolicy: pulumi.output(args.accountId).apply(account => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "fis.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": account } } }],
            })),
            tags: args.tags,
        }, parent);
        new aws.iam.RolePolicy(`${name}-policy`, {
            role: role.name,
            policy: pulumi.all([tableArns, pulumi.all(args.regions.map(r => documents[r].arn)), automationRole.arn, args.accountId])
                .apply(([tables, docs, automationArn, account]) => JSON.stringify(buildFisPolicy({ tableArns: tables, documentArns: docs, automationRoleArn: automationArn, accountId: account }))),
        }, parent);

        this.templateIds = {};
        for (const region of args.regions) {
            const stopConditions = args.stopAlarmArns[region].map(value => ({ source: "aws:cloudwatch:alarm", value }));
            const tags = { ...args.tags, drill: "pause-replication" };
            const pause = new aws.fis.ExperimentTemplate(`${name}-${region}-pause-replication`, {
                region,
                description: `Pause global-table replication to and from ${region} for ${DRILL_DURATION} (npm run drill -- --scenario replication-pause)`,
                roleArn: role.arn,
                stopConditions,
                targets: [{ name: "replica", resourceType: "aws:dynamodb:global-table", resourceArns: [args.tableArns[region]], selectionMode: "ALL" }],
                actions: [{
                    name: "pause-replication", actionId: "aws:dynamodb:global-table-pause-replication",
                    parameters: [{ key: "duration", value: DRILL_DURATION }], target: { key: "Tables", value: "replica" },
                }],
                tags,
            }, parent);
            const start = (drained: boolean) => pulumi.interpolate`{"AutomationAssumeRole":"${automationRole.arn}","Region":"${region}","Drained":${drained}}`;
            const outage = new aws.fis.ExperimentTemplate(`${name}-${region}-region-outage`, {
                region,
                description: `Drain ${region} (its /health answers 503), hold ${DRILL_DURATION}, undrain it (npm run drill -- --scenario region-outage)`,
                roleArn: role.arn,
                stopConditions,
                actions: [
                    { name: "drain", actionId: "aws:ssm:start-automation-execution", parameters: [{ key: "documentArn", value: documents[region].arn }, { key: "documentParameters", value: start(true) }, { key: "maxDuration", value: "PT5M" }] },
                    { name: "hold", actionId: "aws:fis:wait", parameters: [{ key: "duration", value: DRILL_DURATION }], startAfters: ["drain"] },
                    { name: "undrain", actionId: "aws:ssm:start-automation-execution", parameters: [{ key: "documentArn", value: documents[region].arn }, { key: "documentParameters", value: start(false) }, { key: "maxDuration", value: "PT5M" }], startAfters: ["hold"] },
                ],
                tags: { ...args.tags, drill: "region-outage" },
            }, parent);
            this.templateIds[region] = { "pause-replication": pause.id, "region-outage": outage.id };
        }
        this.roleArn = role.arn;
        this.registerOutputs({ templateIds: this.templateIds, roleArn: this.roleArn });
    }
}

/**
 * The experiments' role: pause replication of exactly this stack's replicas (FIS does it with a
 * resource policy on the table), run the drain document and pass it its role. Nothing else.
 * https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#dynamodb-actions-reference
 */
export function buildFisPolicy(o: { tableArns: readonly string[]; documentArns: readonly string[]; automationRoleArn: string; accountId: string }) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PauseReplication", Effect: "Allow",
                Action: ["dynamodb:PutResourcePolicy", "dynamodb:DeleteResourcePolicy", "dynamodb:GetResourcePolicy", "dynamodb:DescribeTable"],
                Resource: [...o.tableArns],
            },
            // Target resolution by tags; the action takes no resource (Service Authorization Reference).
            { Sid: "ResolveTargets", Effect: "Allow", Action: ["tag:GetResources"], Resource: ["*"] },
            {
                Sid: "RunDrainDocument", Effect: "Allow", Action: ["ssm:StartAutomationExecution"],
                Resource: o.documentArns.map(arn => arn.replace(":document/", ":automation-definition/") + ":$DEFAULT"),
            },
            { Sid: "FollowAutomation", Effect: "Allow", Action: ["ssm:GetAutomationExecution", "ssm:StopAutomationExecution"], Resource: [`arn:aws:ssm:*:${o.accountId}:automation-execution/*`] },
            { Sid: "PassAutomationRole", Effect: "Allow", Action: ["iam:PassRole"], Resource: [o.automationRoleArn], Condition: { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } } },
        ],
    };
}
