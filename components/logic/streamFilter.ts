/**
 * What the conflict detector's event source mapping lets through: changes of user items
 * (`ITEM#` sort keys) only, so approval rows, idempotency records, copies and control rows never
 * invoke it (fewer invocations; the detector ignores them anyway). One definition for the
 * mapping's `filterCriteria` (components/conflictDetector.ts) and the local platform's mapping.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-ddb-filtering.html
 */
import { SORT_PREFIX } from "../../handlers/shared/keys";

/** The filter pattern (Lambda event filtering syntax). */
export const DETECTOR_FILTER_PATTERN = { dynamodb: { Keys: { sk: { S: [{ prefix: SORT_PREFIX.item }] } } } } as const;

/** Whether a stream record passes {@link DETECTOR_FILTER_PATTERN} (this pattern's shape only: a prefix on the sort key). */
export function passesDetectorFilter(record: { dynamodb?: { Keys?: Record<string, any> } }): boolean {
    const sk = record.dynamodb?.Keys?.sk?.S;
    return typeof sk === "string" && DETECTOR_FILTER_PATTERN.dynamodb.Keys.sk.S.some(rule => sk.startsWith(rule.prefix));
}
