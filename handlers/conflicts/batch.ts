/** The detector's batch loop, apart from the entry file (which reads its environment at import) so tests and the local platform run it too. */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import type { DynamoDBBatchResponse } from "aws-lambda";
import { logger } from "../shared/powertools";
import { ChangeRecord, CopyRow, detectLostWrite } from "./detect";

/** Saves a copy unless it exists; true when this call created it. */
export async function saveCopy(copy: CopyRow, put: (row: CopyRow) => Promise<void>): Promise<boolean> {
    try {
        await put(copy);
        return true;
    } catch (e) {
        if (e instanceof ConditionalCheckFailedException || (e as { name?: string }).name === "ConditionalCheckFailedException") return false;
        throw e;
    }
}

/** Handles a batch in stream order; stops at the first record that fails and reports it (`ReportBatchItemFailures`). */
export async function detectBatch(records: readonly ChangeRecord[], put: (row: CopyRow) => Promise<void>): Promise<DynamoDBBatchResponse & { saved: number }> {
    let saved = 0;
    for (const record of records) {
        try {
            const copy = detectLostWrite(record);
            if (copy && await saveCopy(copy, put)) saved++;
        } catch (e) {
            // Never the record's content in logs: its images are users' data.
            logger.error("Conflict detection failed", { sequenceNumber: record.dynamodb?.SequenceNumber, error: (e as Error).name });
            return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" }], saved };
        }
    }
    return { batchItemFailures: [], saved };
}

