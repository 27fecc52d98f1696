/**
 * Idempotency records: a request carrying an `Idempotency-Key` is performed once, and every retry
 * with the same key gets the first response back, whatever happened to the created item since
 * (updated, deleted). Pure: the DynamoDB client, table and partition are parameters.
 *
 * One record per (partition, key) at `<pk>` / `IDEMPOTENCY#<key>` (handlers/shared/keys.ts):
 * the request's fingerprint, the response (status + body) and an expiry in the table's TTL
 * attribute. The response is decided *before* the write (for a create: the new item, id included),
 * so the record is claimed with its answer in one conditional put, and whoever finishes the write
 * (the claimant, or a retry taking over from a claimant that died) produces the same answer.
 * No transactions (dynalite, the test DynamoDB, has none; and MRSC tables restrict them): the
 * record is written first, the effect second, then the record is marked DONE.
 *
 * Powertools idempotency is not used: it keeps records in a table of its own per region, where a
 * retry sent to another region would not see them; these records replicate with the global table.
 */
import { createHash } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConflictError } from "./errors";
import { idempotencySk } from "./keys";

/**
 * How long a key is remembered: 24 hours. Clients retry within seconds (the client library moves
 * to another region within one call) or, for a device that went offline mid-request, when it is
 * back: hours. A day covers both and a regional outage of a working day, and is the window clients
 * of common payment APIs already expect. After it, the key may be used for a new request.
 */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/**
 * How long a claim is held before a retry may finish the request itself: 30 s, longer than any
 * API function can run (REST API integrations time out at 29 s and components/regionalApi.ts caps
 * the function timeout at 29 s), so the claimant is dead by then.
 */
export const IDEMPOTENCY_LEASE_MS = 30_000;

/** How long a retry waits for a claim still in progress before answering 409 with `retryAfterSeconds`. */
export const IDEMPOTENCY_WAIT_MS = 1_000;

/** Where records are kept and when "now" is. */
export interface IdempotencyCtx {
    readonly db: DynamoDBDocumentClient;
    readonly table: string;
    /** The caller's partition: records live next to what they create. */
    readonly pk: string;
    /** The attribute the table's TTL reads (epoch seconds); `platform:table.ttlAttribute`. */
    readonly ttlAttribute: string;
    readonly now?: () => Date;
    /** @default IDEMPOTENCY_WAIT_MS */
    readonly waitMs?: number;
}

/** A response as recorded: replayed verbatim to every retry. */
export interface Recorded<T> {
    readonly status: number;
    readonly body: T;
}

/** JSON with object keys sorted at every level: two bodies that mean the same have one text. */
export function canonicalJson(value: unknown): string {
    return JSON.stringify(value, (_key, v) => v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.keys(v).sort().map(k => [k, v[k]]))
        : v);
}

/** Fingerprint of a request: the route and its canonical (validated) body, hashed. */
export function requestFingerprint(route: string, body: unknown): string {
    return createHash("sha256").update(`${route}\n${canonicalJson(body)}`).digest("base64url");
}

interface RecordRow {
    readonly fingerprint: string;
    readonly state: "PENDING" | "DONE";
    readonly claimedAt: number;
    readonly responseStatus: number;
    readonly responseBody: unknown;
    readonly [attribute: string]: unknown;
}

const isConditionFailure = (e: unknown) => e instanceof ConditionalCheckFailedException || (e as { name?: string })?.name === "ConditionalCheckFailedException";
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Runs a keyed request once. `decide` computes the response before anything is written;
 * `apply(response)` performs the effect and must be safe to run again for the same response (a
 * conditional create of the item the response names). Returns the response and whether it was a
 * replay. A key used before with another fingerprint: 409 `IDEMPOTENCY_KEY_REUSED`; a key whose
 * first request is still running: 409 `IDEMPOTENCY_KEY_IN_PROGRESS` with `retryAfterSeconds`.
 * A record past its expiry is absent, whether or not TTL has deleted it yet (TTL deletes lazily,
 * within days).
 */
export async function performOnce<T>(
    ctx: IdempotencyCtx, key: string, fingerprint: string,
    decide: () => Recorded<T>, apply: (response: Recorded<T>) => Promise<void>,
): Promise<Recorded<T> & { replayed: boolean }> {
    const clock = () => (ctx.now ?? (() => new Date()))().getTime();
    const Key = { pk: ctx.pk, sk: idempotencySk(key) };
    const read = async (): Promise<RecordRow | undefined> => {
        const row = (await ctx.db.send(new GetCommand({ TableName: ctx.table, Key, ConsistentRead: true }))).Item as RecordRow | undefined;
        const expiry = row?.[ctx.ttlAttribute];
        return row && typeof expiry === "number" && expiry > clock() / 1000 ? row : undefined;
    };
    const finish = async (response: Recorded<T>) => {
        await apply(response);
        await ctx.db.send(new UpdateCommand({
            TableName: ctx.table, Key, UpdateExpression: "SET #state = :done", ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: { "#state": "state" }, ExpressionAttributeValues: { ":done": "DONE" },
        })).catch(e => { if (!isConditionFailure(e)) throw e; });
    };
    const recorded = (row: RecordRow): Recorded<T> => ({ status: row.responseStatus, body: row.responseBody as T });

    const response = decide();
    for (let attempt = 0; attempt < 3; attempt++) {
        const now = clock();
        try {
            await ctx.db.send(new PutCommand({
                TableName: ctx.table,
                Item: {
                    ...Key, fingerprint, state: "PENDING", claimedAt: now, responseStatus: response.status, responseBody: response.body,
                    [ctx.ttlAttribute]: Math.floor(now / 1000) + IDEMPOTENCY_TTL_SECONDS,
                },
                ConditionExpression: "attribute_not_exists(pk) OR #ttl <= :now",
                ExpressionAttributeNames: { "#ttl": ctx.ttlAttribute },
                ExpressionAttributeValues: { ":now": Math.floor(now / 1000) },
            }));
            await finish(response);
            return { ...response, replayed: false };
        } catch (e) {
            if (!isConditionFailure(e)) throw e;
        }
        let row = await read();
        if (!row) continue; // expired between the put and the read: claim again
        if (row.fingerprint !== fingerprint) {
            throw new ConflictError("IDEMPOTENCY_KEY_REUSED", "Idempotency-Key was already used with a different request");
        }
        if (row.state === "PENDING" && clock() - row.claimedAt >= IDEMPOTENCY_LEASE_MS) {
            // The claimant died mid-request: finish its request, with its answer.
            const took = await ctx.db.send(new UpdateCommand({
                TableName: ctx.table, Key, UpdateExpression: "SET claimedAt = :mine",
                ConditionExpression: "#state = :pending AND claimedAt = :theirs",
                ExpressionAttributeNames: { "#state": "state" },
                ExpressionAttributeValues: { ":mine": clock(), ":theirs": row.claimedAt, ":pending": "PENDING" },
            })).then(() => true, e => { if (isConditionFailure(e)) return false; throw e; });
            if (took) {
                await finish(recorded(row));
                return { ...recorded(row), replayed: true };
            }
            continue;
        }
        const deadline = clock() + (ctx.waitMs ?? IDEMPOTENCY_WAIT_MS);
        while (row?.state === "PENDING" && row.fingerprint === fingerprint && clock() < deadline) {
            await sleep(50);
            row = await read();
        }
        if (row?.state === "DONE" && row.fingerprint === fingerprint) return { ...recorded(row), replayed: true };
        if (row?.state === "PENDING") {
            throw new ConflictError("IDEMPOTENCY_KEY_IN_PROGRESS", "A request with this Idempotency-Key is still in progress; retry shortly", { retryAfterSeconds: 1 });
        }
    }
    throw new ConflictError("IDEMPOTENCY_KEY_IN_PROGRESS", "A request with this Idempotency-Key is still in progress; retry shortly", { retryAfterSeconds: 1 });
}
