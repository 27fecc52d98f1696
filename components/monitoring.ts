import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createRegionalKey } from "./regionalKey";
import { buildDashboardBody } from "./logic/dashboard";
import { ROUTE53_METRICS_REGION } from "./logic/regions";

/** Alarm thresholds (see `platform:alarms` in the README). */
export interface AlarmThresholds {
    readonly api5xxPercent: number;
    readonly apiLatencyP99Ms: number;
    readonly lambdaErrors: number;
    readonly lambdaThrottles: number;
    readonly dynamoThrottledRequests: number;
    readonly replicationLatencyMs: number;
    readonly wafBlockedRequests: number;
    readonly conflictsDetected: number;
}

/** What is monitored in one region. Absent parts get no alarms. */
export interface MonitoredRegion {
    readonly region: string;
    /** REST API name and stage (API Gateway metrics are keyed by name, not id). */
    readonly api?: { readonly name: pulumi.Input<string>; readonly stage: string };
    /** Lambda function names by logical name (the logical name keeps alarm names stable). */
    readonly functions?: Record<string, pulumi.Input<string>>;
    /** State machine ARNs by logical name. */
    readonly stateMachines?: Record<string, pulumi.Input<string>>;
    /** WAF web ACL name, when WAF is on. */
    readonly webAclName?: pulumi.Input<string>;
    /** Route 53 health check of this region's API. */
    readonly healthCheckId?: pulumi.Input<string>;
    /** The region's conflict detector: its function and on-failure queue. */
    readonly conflicts?: { readonly functionName: pulumi.Input<string>; readonly queueName: pulumi.Input<string> };
}

/** Arguments of {@link Monitoring}. */
export interface MonitoringArgs {
    /** Regions, home first; the dashboard lives in the home region. Decides which resources exist. */
    readonly regions: readonly MonitoredRegion[];
    readonly tableName: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
    readonly thresholds: AlarmThresholds;
    /** Subscribed to every ops topic. Email subscriptions stay pending until confirmed. */
    readonly alarmEmail?: string;
    readonly tags?: Record<string, string>;
    /** Protect the topics' keys from `pulumi destroy` (KMS.3 in production). @default false */
    readonly protectKeys?: boolean;
}

/** Every alarm the component creates, for tests and runbooks: region, logical id and resource. */
export interface AlarmRecord {
    readonly region: string;
    readonly id: string;
    readonly alarm: aws.cloudwatch.MetricAlarm;
}

/**
 * Per-region ops topics (KMS-encrypted), alarms on every part of the platform with actions on
 * those topics, Route 53 health-check alarms in us-east-1 (the only region with those metrics),
 * and one cross-region dashboard in the home region.
 *
 * Missing data: alarms on traffic-driven metrics (errors, throttles, latency, replication, WAF)
 * treat it as `notBreaching`, because no traffic means nothing failed; health-check alarms treat
 * it as `breaching`, because Route 53 always publishes HealthCheckStatus and silence means the
 * check itself is gone.
 */
export class Monitoring extends pulumi.ComponentResource {
    /** Ops topic ARN per region (us-east-1 included even when it is not a platform region). */
    public readonly topicArns: Record<string, pulumi.Output<string>>;
    /** Dashboard name (home region). */
    public readonly dashboardName: pulumi.Output<string>;
    /** Every alarm created. */
    public readonly alarms: readonly AlarmRecord[];

    constructor(name: string, args: MonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:ops:Monitoring", name, {}, opts);
        if (args.regions.length === 0) throw new Error(`Monitoring ${name}: regions must not be empty`);
        const home = args.regions[0].region;
        const t = args.thresholds;
        const alarms: AlarmRecord[] = [];

        const topicRegions = [...new Set([...args.regions.map(r => r.region),
            ...(args.regions.some(r => r.healthCheckId) ? [ROUTE53_METRICS_REGION] : [])])];
        const topics: Record<string, aws.sns.Topic> = {};
        for (const region of topicRegions) {
            // CloudWatch publishes to an encrypted topic only if the key lets cloudwatch.amazonaws.com use it.
            // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
            const key = createRegionalKey(`${name}-${region}-key`, {
                region, accountId: args.accountId, alias: `${name}-ops-${region}`,
                description: `Ops alarm topic in ${region}`,
                servicePrincipals: ["cloudwatch.amazonaws.com"], viaServices: ["sns"], tags: args.tags,
                protectData: args.protectKeys,
            }, this);
            topics[region] = new aws.sns.Topic(`${name}-${region}-ops`, {
                region, kmsMasterKeyId: key.arn, tags: args.tags,
            }, { parent: this });
            if (args.alarmEmail) {
                new aws.sns.TopicSubscription(`${name}-${region}-ops-email`, {
                    region, topic: topics[region].arn, protocol: "email", endpoint: args.alarmEmail,
                }, { parent: this });
            }
        }

        const alarm = (region: string, id: string, a: Omit<aws.cloudwatch.MetricAlarmArgs, "region" | "alarmActions" | "okActions" | "tags">) => {
            const resource = new aws.cloudwatch.MetricAlarm(`${name}-${region}-${id}`, {
                region,
                actionsEnabled: true,
                alarmActions: [topics[region].arn],
                okActions: [topics[region].arn],
                tags: args.tags,
                ...a,
            }, { parent: this });
            alarms.push({ region, id, alarm: resource });
        };

        for (const r of args.regions) {
            const region = r.region;
            if (r.api) {
                const dims = { ApiName: r.api.name, Stage: r.api.stage };
                // For REST APIs the Average of 5XXError is the error rate (0..1).
                alarm(region, "api-5xx-rate", {
                    alarmDescription: `API 5XX rate above ${t.api5xxPercent}% in ${region}. Runbook: docs/runbooks.md#api-5xx-rate`,
                    namespace: "AWS/ApiGateway", metricName: "5XXError", dimensions: dims, statistic: "Average",
                    period: 300, evaluationPeriods: 1, threshold: t.api5xxPercent / 100,
                    comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
                });
                alarm(region, "api-latency-p99", {
                    alarmDescription: `API p99 latency above ${t.apiLatencyP99Ms} ms in ${region}. Runbook: docs/runbooks.md#api-latency-p99`,
                    namespace: "AWS/ApiGateway", metricName: "Latency", dimensions: dims, extendedStatistic: "p99",
                    period: 300, evaluationPeriods: 3, datapointsToAlarm: 2, threshold: t.apiLatencyP99Ms,
                    comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
                });
            }
            for (const [fn, functionName] of Object.entries(r.functions ?? {})) {
                alarm(region, `lambda-${fn}-errors`, {
                    alarmDescription: `Lambda ${fn} errors in ${region}. Runbook: docs/runbooks.md#lambda-errors`,
                    namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: functionName }, statistic: "Sum",
                    period: 300, evaluationPeriods: 1, threshold: t.lambdaErrors,
                    comparisonOperator: "GreaterThanOrEqualToThreshold", treatMissingData: "notBreaching",
                });
                alarm(region, `lambda-${fn}-throttles`, {
                    alarmDescription: `Lambda ${fn} throttles in ${region}. Runbook: docs/runbooks.md#lambda-throttles`,
                    namespace: "AWS/Lambda", metricName: "Throttles", dimensions: { FunctionName: functionName }, statistic: "Sum",
                    period: 300, evaluationPeriods: 1, threshold: t.lambdaThrottles,
                    comparisonOperator: "GreaterThanOrEqualToThreshold", treatMissingData: "notBreaching",
                });
            }
            for (const kind of ["Read", "Write"] as const) {
                alarm(region, `dynamodb-${kind.toLowerCase()}-throttles`, {
                    alarmDescription: `DynamoDB ${kind.toLowerCase()} throttle events in ${region}. Runbook: docs/runbooks.md#dynamodb-throttles`,
                    namespace: "AWS/DynamoDB", metricName: `${kind}ThrottleEvents`, dimensions: { TableName: args.tableName }, statistic: "Sum",
                    period: 300, evaluationPeriods: 1, threshold: t.dynamoThrottledRequests,
                    comparisonOperator: "GreaterThanOrEqualToThreshold", treatMissingData: "notBreaching",
                });
            }
            // ReplicationLatency is published in the region a write happened in, per receiving region.
            for (const other of args.regions.filter(o => o.region !== region)) {
                alarm(region, `replication-to-${other.region}`, {
                    alarmDescription: `Replication ${region} -> ${other.region} slower than ${t.replicationLatencyMs} ms. Runbook: docs/runbooks.md#replication-latency`,
                    namespace: "AWS/DynamoDB", metricName: "ReplicationLatency",
                    dimensions: { TableName: args.tableName, ReceivingRegion: other.region }, statistic: "Average",
                    period: 300, evaluationPeriods: 3, datapointsToAlarm: 2, threshold: t.replicationLatencyMs,
                    comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
                });
            }
            for (const [sm, arn] of Object.entries(r.stateMachines ?? {})) {
                for (const metric of ["ExecutionsFailed", "ExecutionsTimedOut"]) {
                    alarm(region, `sfn-${sm}-${metric === "ExecutionsFailed" ? "failed" : "timed-out"}`, {
                        alarmDescription: `Step Functions ${sm}: ${metric} in ${region}. Runbook: docs/runbooks.md#step-functions-failures`,
                        namespace: "AWS/States", metricName: metric, dimensions: { StateMachineArn: arn }, statistic: "Sum",
                        period: 300, evaluationPeriods: 1, threshold: 1,
                        comparisonOperator: "GreaterThanOrEqualToThreshold", treatMissingData: "notBreaching",
                    });
                }
            }
            if (r.conflicts) {
                alarm(region, "conflicts-detected", {
                    alarmDescription: `${t.conflictsDetected} or more conflict copies saved in ${region} in 5 minutes: writes overwrote versions they had not seen. Runbook: docs/runbooks.md#conflicts-detected`,
                    namespace: "Platform", metricName: "ConflictsDetected", dimensions: { service: "conflict-detector", region }, statistic: "Sum",
                    period: 300, evaluationPeriods: 1, threshold: t.conflictsDetected,
                    comparisonOperator: "GreaterThanOrEqualToThreshold", treatMissingData: "notBreaching",
                });
                alarm(region, "conflict-detector-failures", {
                    alarmDescription: `Stream records the conflict detector could not process are waiting in its queue in ${region}. Runbook: docs/runbooks.md#conflict-detector-failures`,
                    namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: r.conflicts.queueName }, statistic: "Maximum",
                    period: 300, evaluationPeriods: 1, threshold: 1,
                    comparisonOperator: "GreaterThanOrEqualToThreshold", treatMissingData: "notBreaching",
                });
                alarm(region, "conflict-detector-lag", {
                    alarmDescription: `The conflict detector in ${region} is more than 5 minutes behind its stream. Runbook: docs/runbooks.md#conflict-detector-failures`,
                    namespace: "AWS/Lambda", metricName: "IteratorAge", dimensions: { FunctionName: r.conflicts.functionName }, statistic: "Maximum",
                    period: 300, evaluationPeriods: 1, threshold: 300_000,
                    comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
                });
            }
            if (r.webAclName) {
                alarm(region, "waf-blocked-spike", {
                    alarmDescription: `WAF blocked more than ${t.wafBlockedRequests} requests in 5 minutes in ${region}. Runbook: docs/runbooks.md#waf-blocked-spike`,
                    namespace: "AWS/WAFV2", metricName: "BlockedRequests",
                    dimensions: { WebACL: r.webAclName, Region: region, Rule: "ALL" }, statistic: "Sum",
                    period: 300, evaluationPeriods: 1, threshold: t.wafBlockedRequests,
                    comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
                });
            }
            if (r.healthCheckId) {
                alarm(ROUTE53_METRICS_REGION, `health-check-${region}`, {
                    alarmDescription: `Route 53 health check of ${region} is failing: traffic has moved away from ${region}. Runbook: docs/runbooks.md#health-check`,
                    namespace: "AWS/Route53", metricName: "HealthCheckStatus", dimensions: { HealthCheckId: r.healthCheckId },
                    statistic: "Minimum", period: 60, evaluationPeriods: 1, threshold: 1,
                    comparisonOperator: "LessThanThreshold", treatMissingData: "breaching",
                });
            }
        }

        const body = pulumi.all([
            pulumi.output(args.tableName),
            pulumi.all(args.regions.map(r => pulumi.all([pulumi.output(r.api?.name), pulumi.output(r.healthCheckId)]))),
        ]).apply(([tableName, resolved]) => JSON.stringify(buildDashboardBody({
            tableName,
            regions: args.regions.map((r, i) => ({
                region: r.region, apiName: resolved[i][0], stageName: r.api?.stage, healthCheckId: resolved[i][1],
            })),
        })));
        const dashboard = new aws.cloudwatch.Dashboard(`${name}-dashboard`, {
            region: home,
            dashboardName: `${name}-${pulumi.getStack()}`,
            dashboardBody: body,
        }, { parent: this });

        this.topicArns = Object.fromEntries(Object.entries(topics).map(([region, topic]) => [region, topic.arn]));
        this.dashboardName = dashboard.dashboardName;
        this.alarms = alarms;
        this.registerOutputs({ topicArns: this.topicArns, dashboardName: this.dashboardName, alarms: this.alarms });
    }
}
