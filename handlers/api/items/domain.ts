/**
 * Items of one user, in their own partition. Pure domain logic: the DynamoDB client and table are
 * parameters, the caller's `sub` comes from the authorizer (never the request).
 */
import { createHash, randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
// zod/mini: the same validation as classic zod at a fraction of the bundle (classic adds ~450 KB minified).
import * as z from "zod/mini";
import { ConflictError, NotFoundError, ValidationError } from "../../shared/errors";
import { IDEMPOTENCY_TTL_SECONDS, performOnce, requestFingerprint } from "../../shared/idempotency";
import { ITEM_PREFIX, itemSk, userPk } from "../../shared/keys";
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

/** An item as the API returns it (no keys). */
export interface Item extends ItemInput {
    readonly id: string;
    readonly version: number;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly updatedRegion: string;
}

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** {@link ID_PATTERN} in words, for error messages. */
export const ID_RULE = "1-64 characters of A-Z a-z 0-9 _ -";
const CURSOR_SK = new RegExp(`^${ITEM_PREFIX}[A-Za-z0-9_-]{1,64}$`);

/** Where and as whom a domain call runs. */
export interface Ctx {
    readonly db: DynamoDBDocumentClient;
    readonly table: string;
    readonly region: string;
    readonly sub: string;
    /** The table's TTL attribute: idempotency records expire through it. */
    readonly ttlAttribute: string;
    readonly now?: () => Date;
}

function toItem(row: Record<string, any>): Item {
    const { pk: _pk, sk: _sk, ...rest } = row;
    return rest as Item;
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

async function readOwn(ctx: Ctx, id: string): Promise<Record<string, any> | undefined> {
    const out = await ctx.db.send(new GetCommand({ TableName: ctx.table, Key: { pk: userPk(ctx.sub), sk: itemSk(id) }, ConsistentRead: true }));
    return out.Item;
}

/** The longest cursor, for the page's own share of the budget. */
const LONGEST_CURSOR = encodeCursor(itemSk("x".repeat(64)));

/**
 * One page of the caller's items: at most `limit`, and at most `budget` bytes of Lambda response
 * payload (limits.ts: a page of items with heavily escaped bodies would otherwise pass Lambda's
 * 6 MB response limit and become a 502). A page cut short by bytes ends with a cursor at its last
 * item. The key condition reads `ITEM#` rows only, never the partition's other rows (idempotency
 * records, notices).
 */
export async function listItems(ctx: Ctx, limit: number, cursor?: string, budget = PAGE_BUDGET_BYTES): Promise<{ items: Item[]; cursor?: string }> {
    const out = await ctx.db.send(new QueryCommand({
        TableName: ctx.table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": userPk(ctx.sub), ":prefix": ITEM_PREFIX },
        Limit: limit,
        ExclusiveStartKey: cursor ? { pk: userPk(ctx.sub), sk: decodeCursor(cursor) } : undefined,
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
}

export async function getItem(ctx: Ctx, id: string): Promise<Item> {
    const row = await readOwn(ctx, id);
    if (!row) throw new NotFoundError(`Item ${id} not found`);
    return toItem(row);
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
 * deleted, and the same key with another body is a 409. The item's id comes from the key
 * ({@link keyedItemId}); a key reused after its record expired while its item still exists is a 409.
 */
export async function createItem(ctx: Ctx, input: ItemInput, idempotencyKey?: string): Promise<{ status: number; item: Item; replayed: boolean }> {
    const now = (ctx.now?.() ?? new Date()).toISOString();
    const fresh = (): Item => ({ id: idempotencyKey ? keyedItemId(idempotencyKey) : randomUUID(), ...input, version: 1, createdAt: now, updatedAt: now, updatedRegion: ctx.region });
    const put = async (item: Item) => {
        try {
            await ctx.db.send(new PutCommand({ TableName: ctx.table, Item: { pk: userPk(ctx.sub), sk: itemSk(item.id), ...item }, ConditionExpression: "attribute_not_exists(pk)" }));
        } catch (e) {
            if (!(e instanceof ConditionalCheckFailedException)) throw e;
            // Unkeyed: a UUID collision.
            if (!idempotencyKey) throw new ConflictError("CONFLICT", "Item id collision; retry");
            // Keyed: an earlier attempt of this request wrote it (here, or in another region whose
            // write replicated before its record did), or the key is reused after its record
            // expired (24 h) while the item it made still exists.
            const existing = await readOwn(ctx, item.id);
            if (existing && Date.parse(existing.createdAt) <= Date.parse(now) - IDEMPOTENCY_TTL_SECONDS * 1000) {
                throw new ConflictError("IDEMPOTENCY_KEY_REUSED", `Idempotency-Key already created item ${item.id}, which still exists; use a new key`);
            }
        }
    };
    if (!idempotencyKey) {
        const item = fresh();
        await put(item);
        return { status: 201, item, replayed: false };
    }
    const out = await performOnce(
        { db: ctx.db, table: ctx.table, pk: userPk(ctx.sub), ttlAttribute: ctx.ttlAttribute, now: ctx.now },
        idempotencyKey, requestFingerprint("POST /items", input),
        () => ({ status: 201, body: fresh() }),
        response => put(response.body),
    );
    return { status: out.status, item: out.body, replayed: out.replayed };
}

/** Replaces an item if the client's `version` is current; stale -> 409 with the current version. */
export async function updateItem(ctx: Ctx, id: string, update: ItemUpdate): Promise<Item> {
    const now = (ctx.now?.() ?? new Date()).toISOString();
    const set = ["title = :title", "version = version + :one", "updatedAt = :now", "updatedRegion = :region"];
    const remove: string[] = [];
    const values: Record<string, unknown> = { ":title": update.title, ":one": 1, ":now": now, ":region": ctx.region, ":expected": update.version };
    for (const field of ["body", "tags"] as const) {
        if (update[field] === undefined) remove.push(`#${field}`);
        else { set.push(`#${field} = :${field}`); values[`:${field}`] = update[field]; }
    }
    try {
        const out = await ctx.db.send(new UpdateCommand({
            TableName: ctx.table,
            Key: { pk: userPk(ctx.sub), sk: itemSk(id) },
            UpdateExpression: `SET ${set.join(", ")}${remove.length ? ` REMOVE ${remove.join(", ")}` : ""}`,
            ConditionExpression: "attribute_exists(pk) AND version = :expected",
            ExpressionAttributeNames: { "#body": "body", "#tags": "tags" },
            ExpressionAttributeValues: values,
            ReturnValues: "ALL_NEW",
        }));
        return toItem(out.Attributes ?? {});
    } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
        const current = await readOwn(ctx, id);
        if (!current) throw new NotFoundError(`Item ${id} not found`);
        throw new ConflictError("STALE_VERSION", `Item ${id} is at version ${current.version}, not ${update.version}`, { currentVersion: current.version });
    }
}

/** Deletes an item; with `version`, only if it is current. */
export async function deleteItem(ctx: Ctx, id: string, version?: number): Promise<void> {
    try {
        await ctx.db.send(new DeleteCommand({
            TableName: ctx.table,
            Key: { pk: userPk(ctx.sub), sk: itemSk(id) },
            ConditionExpression: version === undefined ? "attribute_exists(pk)" : "attribute_exists(pk) AND version = :expected",
            ExpressionAttributeValues: version === undefined ? undefined : { ":expected": version },
        }));
    } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
        const current = await readOwn(ctx, id);
        if (!current) throw new NotFoundError(`Item ${id} not found`);
        throw new ConflictError("STALE_VERSION", `Item ${id} is at version ${current.version}, not ${version}`, { currentVersion: current.version });
    }
}
