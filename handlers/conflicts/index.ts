/**
 * The conflict detector: the Lambda behind each region's DynamoDB Streams event source mapping
 * (components/conflictDetector.ts). For every change of a user item that replaced a version it was
 * not based on, it saves the replaced image as a conflict copy in the same partition (detect.ts),
 * once: the copy's key comes from the lost write, and the put is conditional, so replays, retries
 * and other regions seeing the same loss change nothing. Records are handled in order; the first
 * that fails is reported (`ReportBatchItemFailures`) so the mapping retries from it, bisecting, and
 * sends what still fails to the on-failure queue.
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { dynamo } from "../shared/clients";
import { env } from "../shared/env";
import { logger, metrics } from "../shared/powertools";
import { detectBatch } from "./batch";
import type { ChangeRecord, CopyRow } from "./detect";

const putCopy = async (row: CopyRow) => {
    await dynamo.send(new PutCommand({ TableName: env.tableName, Item: row, ConditionExpression: "attribute_not_exists(pk)" }));
};

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
    const { batchItemFailures, saved } = await detectBatch(event.Records as ChangeRecord[], putCopy);
    if (saved > 0) {
        metrics.addMetric("ConflictsDetected", MetricUnit.Count, saved);
        logger.info("Conflict copies saved", { count: saved });
    }
    metrics.publishStoredMetrics();
    return { batchItemFailures };
}
