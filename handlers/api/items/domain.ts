/**
 * Items of one user, in their own partition. Pure domain logic: the DynamoDB clients and table are
 * parameters, the caller's `sub` comes from the authorizer (never the request).
 *
 * Across regions (docs/design.md, decision 13): every read and conditional write of a
 * partition goes to its home replica while that answers (handlers/shared/partitionHome.ts), and to
 * the local replica when it does not. Every write records what the conflict detector needs: the
 * new `version`, the `baseVersion` and `baseWriteId` it was based on, its `writeId`, the region that served it
 * (`updatedRegion`) and the region whose replica decided it (`decidedIn`). Deletes are tombstones
 * (`deleted`, expiring through TTL) so that a delete, too, says which version it replaced.
 */
import { createHash, randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
// zod/mini: the same validation as classic zod at a fraction of the bundle (classic adds ~450 KB minified).
import * as z from "zod/mini";
import { ConflictError, NotFoundError, ValidationError } from "../../shared/errors";
import { IDEMPOTENCY_TTL_SECONDS, performOnce, requestFingerprint } from "../../shared/idempotency";
import { conflictPrefix, conflictSk, ITEM_PREFIX, itemSk, userPk } from "../../shared/keys";
import { atHome, Decided, HomeCtx } from "../../shared/partitionHome";
import { PAGE_BUDGET_BYTES, proxyBodyBytes } from "../../shared/limits";

/** What a client may send for an item. Unknown fields are refused. */
export const ItemInput = z.strictObject({
    title: z.string().check(z.minLength(1), z.maxLength(200)),
    body: z.optional(z.string().check(z.maxLength(300_000))),
    tags: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(50))).check(z.maxLength(20))),
});
export type ItemInput = z.infer<typeof ItemInput>;

/** A replacement: the fields plus the version the client last read. */
export const ItemUpdate = z.extend(ItemInput, { version: z.int().check(z.minimum(1)) });
export type ItemUpdate = z.infer<typeof ItemUpdate>;

/** An item as the API returns it (no keys, no write metadata). */
export interface Item extends ItemInput {
    readonly id: string;
    readonly version: number;
    /**
     * Identifies this exact version (its write id); also the `ETag` header. Send it back as
     * `If-Match` on PUT and DELETE: unlike the version number, it cannot mean two different
     * writes (after a home-region outage two regions may both have decided a version 7).
     */
    readonly etag: string;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly updatedRegion: string;
}

/** An item with how many conflict copies it has (`GET /items/{id}`). */
export type ItemWithConflicts = Item & { readonly conflicts: number };

/** A conflict copy as the API returns it. */
export interface ConflictCopy {
    readonly id: string;
    /** The overwritten version: the item as that write left it (`deleted: true` for a delete). */
    readonly item: Partial<Item> & { readonly version: number; readonly deleted?: boolean };
    /** The write that replaced it without having seen it. */
    readonly overwrittenBy: { readonly version: number; readonly region: string; readonly updatedAt: string; readonly deleted?: boolean };
}

/** How long a deleted item's tombstone stays (then TTL removes it): longer than any outage or replication pause it must outlive. */
export const TOMBSTONE_DAYS = 7;

/** Item attributes that are write metadata, never returned. */
const INTERNAL = ["pk", "sk", "baseVersion", "baseWriteId", "writeId", "decidedIn", "deleted"] as const;

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** {@link ID_PATTERN} in words, for error messages. */
export const ID_RULE = "1-64 characters of A-Z a-z 0-9 _ -";
const CURSOR_SK = new RegExp(`^${ITEM_PREFIX}[A-Za-z0-9_-]{1,64}$`);

/** Where and as whom a domain call runs. */
export interface Ctx {
    /** This region's replica. */
    readonly db: DynamoDBDocumentClient;
    readonly table: string;
    readonly region: string;
    readonly sub: string;
    /** The table's TTL attribute: idempotency records and tombstones expire through it. */
    readonly ttlAttribute: string;
    readonly now?: () => Date;
    /**
     * Partition homes: every region's replica and the budget for the home. Absent = this replica
     * decides everything (one region; strong mode, where DynamoDB arbitrates).
     */
    readonly homes?: { readonly regions: readonly string[]; readonly db: (region: string) => DynamoDBDocumentClient; readonly budgetMs: number };
}

function homeCtx(ctx: Ctx): HomeCtx {
    return {
        table: ctx.table, region: ctx.region, sub: ctx.sub, now: ctx.now,
        regions: ctx.homes?.regions ?? [ctx.region],
        db: region => (region === ctx.region ? ctx.db : ctx.homes!.db(region)),
        budgetMs: ctx.homes?.budgetMs ?? 0,
        arbitrate: ctx.homes !== undefined,
    };
}

/** Runs `call` where the partition is decided (home, or here when home does not answer). */
function decide<T>(ctx: Ctx, claim: boolean, call: (db: DynamoDBDocumentClient, region: string) => Promise<T>): Promise<Decided<T>> {
    return atHome(homeCtx(ctx), claim, call);
}

export function toItem(row: Record<string, any>): Item {
    const out: Record<string, any> = { ...row };
    for (const k of INTERNAL) delete out[k];
    if (typeof row.writeId === "string") out.etag = row.writeId;
    return out as Item;
}

/** An item as stored: its etag is its `writeId`. */
function withoutEtag(item: Item): Omit<Item, "etag"> {
    const { etag: _etag, ...rest } = item;
    return rest;
}

/** `If-Match` values: an item's etag, quoted or not. */
export const ETAG_PATTERN = /^"?([0-9a-f-]{36})"?$/;

/** What every write records beside its content. */
function writeMeta(ctx: Ctx): { writeId: string; at: string } {
    return { writeId: randomUUID(), at: (ctx.now?.() ?? new Date()).toISOString() };
}

/** Opaque cursor: base64url of the last sort key. The partition is always the caller's, so a cursor cannot reach another user. */
export function encodeCursor(sk: string): string {
    return Buffer.from(sk, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): string {
    const sk = Buffer.from(cursor, "base64url").toString("utf8");
    if (!CURSOR_SK.test(sk)) throw new ValidationError("cursor is not valid");
    return sk;
}

/** The caller's item as `db` holds it (tombstones included). */
async function readOwn(ctx: Ctx, db: DynamoDBDocumentClient, id: string): Promise<Record<string, any> | undefined> {
    const out = await db.send(new GetCommand({ TableName: ctx.table, Key: { pk: userPk(ctx.sub), sk: itemSk(id) }, ConsistentRead: true }));
    return out.Item;
}

/** A condition failure's reason, read where it failed: 404 (gone or deleted) or 409 with the current version. */
async function staleOrGone(ctx: Ctx, db: DynamoDBDocumentClient, id: string, expected: number | undefined, ifMatch?: string): Promise<never> {
    const current = await readOwn(ctx, db, id);
    if (!current || current.deleted) throw new NotFoundError(`Item ${id} not found`);
    const what = ifMatch !== undefined && current.version === expected ? `another write of version ${current.version} than the one read (etag ${ifMatch})` : `version ${current.version}, not ${expected}`;
    throw new ConflictError("STALE_VERSION", `Item ${id} is at ${what}`, { currentVersion: current.version, currentEtag: current.writeId });
}

const isConditionFailure = (e: unknown) => e instanceof ConditionalCheckFailedException || (e as { name?: string })?.name === "ConditionalCheckFailedException";

/** The longest cursor, for the page's own share of the budget. */
const LONGEST_CURSOR = encodeCursor(itemSk("x".repeat(64)));

/**
 * One page of the caller's items: at most `limit`, and at most `budget` bytes of Lambda response
 * payload (limits.ts: a page of items with heavily escaped bodies would otherwise pass Lambda's
 * 6 MB response limit and become a 502). A page cut short by bytes ends with a cursor at its last
 * item. The key condition reads `ITEM#` rows only, never the partition's other rows (idempotency
 * records, conflict copies, notices); tombstones are filtered out (after `Limit`, as DynamoDB
 * filters: a page may hold fewer items than the limit and still have a cursor).
 */
export async function listItems(ctx: Ctx, limit: number, cursor?: string, budget = PAGE_BUDGET_BYTES): Promise<Decided<{ items: Item[]; cursor?: string }>> {
    const start = cursor ? { pk: userPk(ctx.sub), sk: decodeCursor(cursor) } : undefined;
    return decide(ctx, false, async db => {
        const out = await db.send(new QueryCommand({
            TableName: ctx.table,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
            FilterExpression: "attribute_not_exists(deleted)",
            ExpressionAttributeValues: { ":pk": userPk(ctx.sub), ":prefix": ITEM_PREFIX },
            Limit: limit,
            ExclusiveStartKey: start,
        }));
        const rows = out.Items ?? [];
        const items: Item[] = [];
        let used = proxyBodyBytes({ items: [], cursor: LONGEST_CURSOR });
        for (const row of rows) {
            const item = toItem(row);
            const size = proxyBodyBytes(item) + (items.length ? 1 : 0);
            // The first item always fits: one item written through the API is far below the budget.
            if (items.length && used + size > budget) return { items, cursor: encodeCursor(rows[items.length - 1].sk) };
            items.push(item);
            used += size;
        }
        const last = out.LastEvaluatedKey?.sk;
        return { items, cursor: typeof last === "string" ? encodeCursor(last) : undefined };
    });
}

/** One item, with the number of its conflict copies. */
export async function getItem(ctx: Ctx, id: string): Promise<Decided<ItemWithConflicts>> {
    return decide(ctx, false, async db => {
        // Both reads at once: one round trip to a home in another region, not two.
        const [row, copies] = await Promise.all([
            readOwn(ctx, db, id),
            db.send(new QueryCommand({
                TableName: ctx.table, Select: "COUNT",
                KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
                ExpressionAttributeValues: { ":pk": userPk(ctx.sub), ":prefix": conflictPrefix(id) },
            })),
        ]);
        if (!row || row.deleted) throw new NotFoundError(`Item ${id} not found`);
        return { ...toItem(row), conflicts: copies.Count ?? 0 };
    });
}

/**
 * The id of the item a keyed create makes, derived from the key (a UUID, version 8, of the key's
 * SHA-256): every region that performs the request writes the same item, so a retry that reached
 * another region while the first region's write was not replicated yet (the client library moves
 * on when a region dies mid-request) converges to one item instead of two. Ids are per partition,
 * so two users' equal keys name different items.
 */
export function keyedItemId(idempotencyKey: string): string {
    const h = createHash("sha256").update(`POST /items\n${idempotencyKey}`).digest().subarray(0, 16);
    h[6] = (h[6] & 0x0f) | 0x80;
    h[8] = (h[8] & 0x3f) | 0x80;
    const hex = h.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Creates an item. With an `Idempotency-Key` the request is performed once (idempotency.ts): a
 * retry gets the first response back (`replayed: true`), even after the item was updated or
 * deleted, and the same key with another body is a 409. The key's record and the item are both
 * written where the partition is decided, so a retry sent to another region meets them there. The
 * item's id comes from the key ({@link keyedItemId}); a key reused after its record expired while
 * its item still exists is a 409.
 */
export async function createItem(ctx: Ctx, input: ItemInput, idempotencyKey?: string): Promise<Decided<{ status: number; item: Item; replayed: boolean }>> {
    const { writeId, at } = writeMeta(ctx);
    // Decided once, before any attempt: a home attempt abandoned at the budget and the local one write the same item.
    const id = idempotencyKey ? keyedItemId(idempotencyKey) : randomUUID();
    const decided: Item = { id, ...input, version: 1, etag: writeId, createdAt: at, updatedAt: at, updatedRegion: ctx.region };
    return decide(ctx, true, async (db, decidedIn) => {
        const put = async (item: Item) => {
            try {
                await db.send(new PutCommand({
                    TableName: ctx.table,
                    Item: { pk: userPk(ctx.sub), sk: itemSk(item.id), ...withoutEtag(item), baseVersion: 0, writeId: item.etag ?? randomUUID(), decidedIn },
                    ConditionExpression: "attribute_not_exists(pk)",
                }));
            } catch (e) {
                if (!isConditionFailure(e)) throw e;
                // Unkeyed: a UUID collision.
                if (!idempotencyKey) throw new ConflictError("CONFLICT", "Item id collision; retry");
                // Keyed: an earlier attempt of this request wrote it (here, or in another region whose
                // write replicated before its record did), or the key is reused after its record
                // expired (24 h) while the item it made (or its tombstone) still exists.
                const existing = await readOwn(ctx, db, item.id);
                if (existing && Date.parse(existing.createdAt) <= Date.parse(at) - IDEMPOTENCY_TTL_SECONDS * 1000) {
                    throw new ConflictError("IDEMPOTENCY_KEY_REUSED", `Idempotency-Key already created item ${item.id}; use a new key`);
                }
            }
        };
        if (!idempotencyKey) {
            await put(decided);
            return { status: 201, item: decided, replayed: false };
        }
        const out = await performOnce(
            { db, table: ctx.table, pk: userPk(ctx.sub), ttlAttribute: ctx.ttlAttribute, now: ctx.now },
            idempotencyKey, requestFingerprint("POST /items", input),
            () => ({ status: 201, body: decided }),
            response => put(response.body),
        );
        return { status: out.status, item: out.body, replayed: out.replayed };
    });
}

/**
 * Replaces an item if the client's `version` (and, with `ifMatch`, its etag) is current; stale ->
 * 409 with the current version and etag.
 */
export async function updateItem(ctx: Ctx, id: string, update: ItemUpdate, ifMatch?: string): Promise<Decided<Item>> {
    const { writeId, at } = writeMeta(ctx);
    return decide(ctx, true, async (db, decidedIn) => {
        // baseWriteId: the write this one was based on. With If-Match, the one the client read;
        // without, the one it replaces (the right side reads the item as it was).
        const set = ["title = :title", "version = :next", "baseVersion = :expected", `baseWriteId = ${ifMatch ? ":ifMatch" : "if_not_exists(writeId, :noWriteId)"}`, "writeId = :writeId", "updatedAt = :now", "updatedRegion = :region", "decidedIn = :decidedIn"];
        const remove: string[] = [];
        const values: Record<string, unknown> = {
            ":title": update.title, ":next": update.version + 1, ":now": at, ":region": ctx.region, ":expected": update.version,
            ":writeId": writeId, ":decidedIn": decidedIn, ...(ifMatch ? { ":ifMatch": ifMatch } : { ":noWriteId": "" }),
        };
        for (const field of ["body", "tags"] as const) {
            if (update[field] === undefined) remove.push(`#${field}`);
            else { set.push(`#${field} = :${field}`); values[`:${field}`] = update[field]; }
        }
        try {
            const out = await db.send(new UpdateCommand({
                TableName: ctx.table,
                Key: { pk: userPk(ctx.sub), sk: itemSk(id) },
                UpdateExpression: `SET ${set.join(", ")}${remove.length ? ` REMOVE ${remove.join(", ")}` : ""}`,
                ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(deleted) AND version = :expected${ifMatch ? " AND writeId = :ifMatch" : ""}`,
                ExpressionAttributeNames: { "#body": "body", "#tags": "tags" },
                ExpressionAttributeValues: values,
                ReturnValues: "ALL_NEW",
            }));
            return toItem(out.Attributes ?? {});
        } catch (e) {
            if (!isConditionFailure(e)) throw e;
            return staleOrGone(ctx, db, id, update.version, ifMatch);
        }
    });
}

/**
 * Deletes an item (with `version`, only if it is current) by leaving a tombstone: the version
 * after the deleted one, what it was based on, no content, and an expiry (TOMBSTONE_DAYS) in the
 * table's TTL attribute. A tombstone is how a delete tells the conflict detector which version it
 * replaced; reads treat it as absent.
 */
export async function deleteItem(ctx: Ctx, id: string, version?: number, ifMatch?: string): Promise<Decided<void>> {
    const { writeId, at } = writeMeta(ctx);
    const expires = Math.floor(new Date(at).getTime() / 1000) + TOMBSTONE_DAYS * 86_400;
    return decide(ctx, true, async (db, decidedIn) => {
        try {
            await db.send(new UpdateCommand({
                TableName: ctx.table,
                Key: { pk: userPk(ctx.sub), sk: itemSk(id) },
                UpdateExpression: `SET deleted = :true, baseVersion = if_not_exists(version, :zero), version = if_not_exists(version, :zero) + :one, `
                    + `baseWriteId = ${ifMatch ? ":ifMatch" : "if_not_exists(writeId, :noWriteId)"}, writeId = :writeId, `
                    + "updatedAt = :now, updatedRegion = :region, decidedIn = :decidedIn, #ttl = :expires REMOVE title, #body, #tags",
                ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(deleted)${version === undefined ? "" : " AND version = :expected"}${ifMatch ? " AND writeId = :ifMatch" : ""}`,
                ExpressionAttributeNames: { "#body": "body", "#tags": "tags", "#ttl": ctx.ttlAttribute },
                ExpressionAttributeValues: {
                    ":true": true, ":one": 1, ":zero": 0, ":writeId": writeId, ":now": at, ":region": ctx.region, ":decidedIn": decidedIn, ":expires": expires,
                    ...(version === undefined ? {} : { ":expected": version }),
                    ...(ifMatch ? { ":ifMatch": ifMatch } : { ":noWriteId": "" }),
                },
            }));
        } catch (e) {
            if (!isConditionFailure(e)) throw e;
            return staleOrGone(ctx, db, id, version, ifMatch);
        }
    });
}

/** Conflict copies of one of the caller's items, oldest write first. */
export async function listConflicts(ctx: Ctx, id: string): Promise<Decided<{ conflicts: ConflictCopy[] }>> {
    return decide(ctx, false, async db => {
        const out = await db.send(new QueryCommand({
            TableName: ctx.table,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues: { ":pk": userPk(ctx.sub), ":prefix": conflictPrefix(id) },
        }));
        const conflicts = (out.Items ?? []).map(row => ({ id: row.copyId, item: row.item, overwrittenBy: row.overwrittenBy }) as ConflictCopy);
        conflicts.sort((a, b) => String(a.item.updatedAt).localeCompare(String(b.item.updatedAt)));
        return { conflicts };
    });
}

/** Deletes one conflict copy (the user resolved it); 404 when there is no such copy. */
export async function deleteConflict(ctx: Ctx, id: string, copyId: string): Promise<Decided<void>> {
    return decide(ctx, true, async db => {
        try {
            await db.send(new DeleteCommand({
                TableName: ctx.table, Key: { pk: userPk(ctx.sub), sk: conflictSk(id, copyId) }, ConditionExpression: "attribute_exists(pk)",
            }));
        } catch (e) {
            if (!isConditionFailure(e)) throw e;
            throw new NotFoundError(`Conflict copy ${copyId} of item ${id} not found`);
        }
    });
}

/** Conflict copy ids: 22 characters of base64url. */
export const COPY_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
