/**
 * Deep health of one region: a strongly consistent read of the sentinel and of the region's drain
 * flag from the local replica, bounded by a timeout. Never throws.
 */
import { BatchGetCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { CONTROL_PK, drainSk, SENTINEL_SK } from "../shared/keys";

export type HealthStatus = "ok" | "drained" | "unavailable";

export interface HealthResult {
    readonly statusCode: 200 | 503;
    readonly status: HealthStatus;
    readonly region: string;
}

export async function checkHealth(db: DynamoDBDocumentClient, table: string, region: string, timeoutMs: number): Promise<HealthResult> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
        const out = await db.send(new BatchGetCommand({
            RequestItems: { [table]: { Keys: [{ pk: CONTROL_PK, sk: SENTINEL_SK }, { pk: CONTROL_PK, sk: drainSk(region) }], ConsistentRead: true } },
        }), { abortSignal: abort.signal });
        if (Object.keys(out.UnprocessedKeys ?? {}).length) return { statusCode: 503, status: "unavailable", region };
        const rows = out.Responses?.[table] ?? [];
        if (rows.some(r => r.sk === drainSk(region) && r.drained === true)) return { statusCode: 503, status: "drained", region };
        if (!rows.some(r => r.sk === SENTINEL_SK)) return { statusCode: 503, status: "unavailable", region };
        return { statusCode: 200, status: "ok", region };
    } catch {
        return { statusCode: 503, status: "unavailable", region };
    } finally {
        clearTimeout(timer);
    }
}
