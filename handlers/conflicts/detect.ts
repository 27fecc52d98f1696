/**
 * The conflict detector's rule, on one DynamoDB Streams record of one replica (docs/design.md,
 * decision 13, preservation). Pure: no clients, no clock.
 *
 * A global table in eventual mode resolves concurrent writes by last writer wins and records the
 * loser nowhere. Every item write carries its `version` and `writeId` and those of the version it
 * was based on (`baseVersion`, `baseWriteId`); a change whose new image was not based on the
 * version it replaced therefore lost that version: the detector saves the replaced image as a
 * conflict copy in the same partition.
 *
 * - same `writeId` in both images: one logical write seen twice (a home attempt and its local
 *   fallback, a replay): nothing lost;
 * - `baseWriteId` of the new image differs from `writeId` of the old one: the old image is lost.
 *   Version numbers alone are not enough: two regions deciding on their own can both write a
 *   version 6, and a version 7 based on one of them must not pass as based on the other;
 * - without write ids, `baseVersion` of the new image differs from `version` of the old one (same
 *   version written in two regions, a write that skipped the version it replaced): lost;
 * - items without `baseVersion` (written directly with a user's credentials, outside the API's
 *   convention): lost when the new `version` does not follow the old one by exactly 1;
 * - a `REMOVE` of a tombstone (its TTL expiry) or of anything else: nothing to save (a hard
 *   delete names no base version, and the API deletes with tombstones);
 * - rows other than `USER#<sub>` / `ITEM#<id>`: ignored.
 *
 * The copy's key is derived from the lost write alone, so every region and every retry that sees
 * the same loss writes the same row: exactly one copy per lost write.
 */
import { createHash } from "node:crypto";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { conflictSk, PARTITION_PREFIX, SORT_PREFIX } from "../shared/keys";

/** What the detector reads from a stream record (a Lambda `DynamoDBRecord`). */
export interface ChangeRecord {
    readonly eventName?: string;
    readonly dynamodb?: {
        readonly Keys?: Record<string, AttributeValue | Record<string, unknown>>;
        readonly NewImage?: Record<string, AttributeValue | Record<string, unknown>>;
        readonly OldImage?: Record<string, AttributeValue | Record<string, unknown>>;
        readonly SequenceNumber?: string;
    };
}

/** A conflict copy row, ready to put (conditionally: it may exist already). */
export interface CopyRow {
    readonly pk: string;
    readonly sk: string;
    readonly copyId: string;
    readonly itemId: string;
    /** The lost version, content and metadata. */
    readonly item: Record<string, unknown>;
    readonly overwrittenBy: { readonly version: number; readonly region: string; readonly updatedAt: string; readonly deleted?: boolean };
}

/** Fields of the lost image a user needs to resolve the conflict (no keys, no write metadata). */
const KEPT = ["id", "title", "body", "tags", "version", "createdAt", "updatedAt", "updatedRegion", "deleted"] as const;

/** The id of the copy of a lost write: the same wherever and however often the loss is seen. */
export function copyIdOf(lost: Record<string, unknown>): string {
    const identity = typeof lost.writeId === "string" ? lost.writeId : `${lost.version}|${lost.updatedRegion}|${lost.updatedAt}`;
    return createHash("sha256").update(identity).digest("base64url").slice(0, 22);
}

const image = (raw: Record<string, unknown> | undefined): Record<string, any> | undefined =>
    raw ? unmarshall(raw as Record<string, AttributeValue>) : undefined;

/** The version `next` replaced without having seen it, as a conflict copy; undefined when nothing was lost. */
export function detectLostWrite(record: ChangeRecord): CopyRow | undefined {
    const keys = record.dynamodb?.Keys ? unmarshall(record.dynamodb.Keys as Record<string, AttributeValue>) : undefined;
    const pk = keys?.pk;
    const sk = keys?.sk;
    if (typeof pk !== "string" || typeof sk !== "string" || !pk.startsWith(PARTITION_PREFIX.user) || !sk.startsWith(SORT_PREFIX.item)) return undefined;
    const old = image(record.dynamodb?.OldImage);
    const next = image(record.dynamodb?.NewImage);
    if (!old || !next) return undefined;
    if (old.writeId !== undefined && old.writeId === next.writeId) return undefined;
    const oldVersion = Number(old.version);
    const nextVersion = Number(next.version);
    if (!Number.isFinite(oldVersion) || !Number.isFinite(nextVersion)) return undefined;
    // An empty baseWriteId: the write replaced a row without a write id (written before write ids, or directly).
    if (typeof old.writeId === "string" && typeof next.baseWriteId === "string" && next.baseWriteId !== "") {
        if (next.baseWriteId === old.writeId) return undefined;
    } else {
        const based = next.baseVersion === undefined ? nextVersion - 1 : Number(next.baseVersion);
        if (based === oldVersion) return undefined;
    }
    const itemId = sk.slice(SORT_PREFIX.item.length);
    const copyId = copyIdOf(old);
    const item: Record<string, unknown> = {};
    for (const field of KEPT) if (old[field] !== undefined) item[field] = old[field];
    return {
        pk, sk: conflictSk(itemId, copyId), copyId, itemId, item,
        overwrittenBy: { version: nextVersion, region: String(next.updatedRegion ?? "unknown"), updatedAt: String(next.updatedAt ?? ""), ...(next.deleted ? { deleted: true } : {}) },
    };
}
