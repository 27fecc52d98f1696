import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHandlerFunction } from "./handlerFunction";
import { baseHandlerStatements } from "./logic/handlerPolicy";
import { DETECTOR_FILTER_PATTERN } from "./logic/streamFilter";
import { functionEnvironment } from "./logic/functionEnvironment";
import { PARTITION_PREFIX, partitionPattern } from "../handlers/shared/keys";
import { STREAM_FUNCTIONS } from "../handlers/shared/routes";

/** How the detector's event source mapping reads its replica's stream (docs/design.md, decision 13). */
export const DETECTOR_MAPPING = {
    batchSize: 100,
    maximumBatchingWindowInSeconds: 1,
    /** A bad record is isolated by halving the batch until it is alone. */
    bisectBatchOnFunctionError: true,
    /** Then it goes to the on-failure queue, not retried forever (a stuck shard would stop all detection). */
    maximumRetryAttempts: 5,
    /** Stream records live 24 h; a record older than 6 h is sent to the queue rather than processed late. */
    maximumRecordAgeInSeconds: 21_600,
    /** One batch per shard at a time: a shard's records stay in order. */
    parallelizationFactor: 1,
} as const;

/** Arguments of {@link ConflictDetector}. */
export interface ConflictDetectorArgs {
    /** The replica's region; every child lives there. */
    readonly region: string;
    /** Prefix of physical names, e.g. `platform-prod`. */
    readonly namePrefix: string;
    readonly tableName: pulumi.Input<string>;
    /** ARN of the table's replica in this region. */
    readonly tableArn: pulumi.Input<string>;
    /** ARN of this replica's stream (NEW_AND_OLD_IMAGES). */
    readonly streamArn: pulumi.Input<string>;
    /** KMS key of this region's log groups. */
    readonly logsKeyArn: pulumi.Input<string>;
    readonly logRetentionDays: number;
    readonly tags?: Record<string, string>;
}

/**
 * One region's conflict detector (docs/design.md, decision 13, preservation): a
 * function on the replica's stream (handlers/conflicts/) that saves every version a replicated
 * write overwrote without having seen it as a conflict copy in the same user partition. Its event
 * source mapping filters user items, batches, bisects a failing batch, retries a bounded number of
 * times and sends what still fails to an encrypted queue, which an alarm watches.
 */
export class ConflictDetector extends pulumi.ComponentResource {
    public readonly functionName: pulumi.Output<string>;
    /** The on-failure queue (records the detector could not process). */
    public readonly queueName: pulumi.Output<string>;
    public readonly queueArn: pulumi.Output<string>;
    public readonly mappingId: pulumi.Output<string>;

    constructor(name: string, args: ConflictDetectorArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:data:ConflictDetector", name, {}, opts);
        const { region } = args;
        const parent = { parent: this };
        const prefix = `${args.namePrefix}-${region}`;

        const queue = new aws.sqs.Queue(`${name}-failures`, {
            region,
            name: `${prefix}-conflict-detector-failures`,
            sqsManagedSseEnabled: true,
            messageRetentionSeconds: 14 * 24 * 3600,
            tags: args.tags,
        }, parent);

        const detector = createHandlerFunction(`${name}-fn`, {
            region,
            namePrefix: args.namePrefix,
            handler: "conflict-detector",
            bundle: STREAM_FUNCTIONS["conflict-detector"],
            logRetentionDays: args.logRetentionDays,
            logsKeyArn: args.logsKeyArn,
            memoryMb: 256,
            timeoutSeconds: 60,
            environment: functionEnvironment("conflict-detector", { tableName: args.tableName }),
            policy: logGroupArn => pulumi.all([args.tableArn, args.streamArn, queue.arn, logGroupArn]).apply(([tableArn, streamArn, queueArn, logArn]) =>
                JSON.stringify(buildDetectorPolicy({ tableArn, streamArn, queueArn, logGroupArn: logArn }))),
            tags: args.tags,
        }, this);

        const mapping = new aws.lambda.EventSourceMapping(`${name}-mapping`, {
            region,
            eventSourceArn: args.streamArn,
            functionName: detector.fn.arn,
            startingPosition: "LATEST",
            ...DETECTOR_MAPPING,
            functionResponseTypes: ["ReportBatchItemFailures"],
            destinationConfig: { onFailure: { destinationArn: queue.arn } },
            filterCriteria: { filters: [{ pattern: JSON.stringify(DETECTOR_FILTER_PATTERN) }] },
        }, { parent: this, dependsOn: [detector.role] });

        this.functionName = detector.fn.name;
        this.queueName = queue.name;
        this.queueArn = queue.arn;
        this.mappingId = mapping.id;
        this.registerOutputs({ functionName: this.functionName, queueName: this.queueName, queueArn: this.queueArn, mappingId: this.mappingId });
    }
}

/**
 * The detector's permissions: read its replica's stream, put conflict copies in user partitions
 * only (LeadingKeys with the Null guard), send failed records to its queue.
 */
export function buildDetectorPolicy(o: { tableArn: string; streamArn: string; queueArn: string; logGroupArn: string }) {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "Stream", Effect: "Allow", Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], Resource: [o.streamArn] },
            // ListStreams supports no resource-level permission (Service Authorization Reference: "*" only).
            { Sid: "ListStreams", Effect: "Allow", Action: ["dynamodb:ListStreams"], Resource: ["*"] },
            {
                Sid: "ConflictCopies", Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: [o.tableArn],
                Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [partitionPattern(PARTITION_PREFIX.user)] }, Null: { "dynamodb:LeadingKeys": "false" } },
            },
            { Sid: "FailedRecords", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [o.queueArn] },
            ...baseHandlerStatements(o.logGroupArn),
        ],
    };
}
