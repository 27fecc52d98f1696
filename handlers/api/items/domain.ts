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
import { itemSk, userPk } from "../../shared/keys";

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
const CURSOR_SK = /^ITEM#[A-Za-z0-9_-]{1,64}$/;

/** Where and as whom a domain call runs. */
export interface Ctx {
    readonly db: DynamoDBDocumentClient;
    readonly table: string;
    readonly region: string;
    readonly sub: string;
    readonly now?: () => Date;
}

function toItem(row: Record<string, any>): Item {
    const { pk: _pk, sk: _sk, ...rest } = row;
    return rest as Item;
}

function sameContent(row: Record<string, any>, input: ItemInput): boolean {
    return row.title === input.title && row.body === input.body && JSON.stringify(row.tags) === JSON.stringify(input.tags);
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

/**
 * Id of an item created with an `Idempotency-Key`: derived from the caller and the key, so a retry
 * in any region targets the same row and the conditional put makes it a no-op. This replaces
 * Powertools idempotency here: no extra table per region, and it holds across regions of the
 * global table (a Powertools record in a regional table would not see a retry sent to another region).
 */
export function idempotentId(sub: string, key: string): string {
    return createHash("sha256").update(`${sub}\n${key}`).digest("base64url").slice(0, 32);
}

async function readOwn(ctx: Ctx, id: string): Promise<Record<string, any> | undefined> {
    const out = await ctx.db.send(new GetCommand({ TableName: ctx.table, Key: { pk: userPk(ctx.sub), sk: itemSk(id) }, ConsistentRead: true }));
    return out.Item;
}

export async function listItems(ctx: Ctx, limit: number, cursor?: string): Promise<{ items: Item[]; cursor?: string }> {
    const out = await ctx.db.send(new QueryCommand({
        TableName: ctx.table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": userPk(ctx.sub), ":prefix": "ITEM#" },
        Limit: limit,
        ExclusiveStartKey: cursor ? { pk: userPk(ctx.sub), sk: decodeCursor(cursor) } : undefined,
    }));
    const last = out.LastEvaluatedKey?.sk;
    return { items: (out.Items ?? []).map(toItem), cursor: typeof last === "string" ? encodeCursor(last) : undefined };
}

export async function getItem(ctx: Ctx, id: string): Promise<Item> {
    const row = await readOwn(ctx, id);
    if (!row) throw new NotFoundError(`Item ${id} not found`);
    return toItem(row);
}

/** Creates an item; with an idempotency key a retry returns the first result (`created: false`). */
export async function createItem(ctx: Ctx, input: ItemInput, idempotencyKey?: string): Promise<{ item: Item; created: boolean }> {
    const id = idempotencyKey ? idempotentId(ctx.sub, idempotencyKey) : randomUUID();
    const now = (ctx.now?.() ?? new Date()).toISOString();
    const row = { pk: userPk(ctx.sub), sk: itemSk(id), id, ...input, version: 1, createdAt: now, updatedAt: now, updatedRegion: ctx.region };
    try {
        await ctx.db.send(new PutCommand({ TableName: ctx.table, Item: row, ConditionExpression: "attribute_not_exists(pk)" }));
        return { item: toItem(row), created: true };
    } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
        const existing = await readOwn(ctx, id);
        if (!existing) throw new ConflictError("CONFLICT", "Item was being created concurrently; retry");
        if (!idempotencyKey || !sameContent(existing, input)) {
            throw new ConflictError("IDEMPOTENCY_KEY_REUSED", "Idempotency-Key was already used with a different body");
        }
        return { item: toItem(existing), created: false };
    }
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
