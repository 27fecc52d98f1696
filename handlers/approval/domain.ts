/**
 * Approval requests (docs/design.md, decisions 4 and 5). Pure domain logic: every AWS client is a
 * parameter, so the same functions run in Lambda, against dynalite and under aws-sdk-client-mock.
 *
 * Layout: `REQUEST#<id>` / `REQUEST` holds the request (status, requester, the snapshot an approval
 * publishes, the region whose state machine runs it); `REQUEST#<id>` / `TOKEN` holds the task token
 * (a row of its own, so the approvers' index never carries it); `PUBLISHED#<sub>` / `ITEM#<id>` is
 * what an approval unlocks; `OPENREQUEST#<sub>#<itemId>` / `OPEN` names the item's one open request.
 * Users' row-level access reaches only `USER#<sub>`, so none of these are writable with user credentials.
 *
 * Status: SUBMITTED (API) -> PENDING (token stored, in the approvers' queue) -> APPROVED | REJECTED
 * (decision, conditional on PENDING) -> PUBLISHED (workflow applied it); EXPIRED (no decision before
 * the timeout) and FAILED (the workflow failed) end it otherwise.
 */
import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { InvalidToken, SendTaskSuccessCommand, SFNClient, StartExecutionCommand, TaskDoesNotExist, TaskTimedOut } from "@aws-sdk/client-sfn";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { ConflictError, ForbiddenError, GoneError, NotFoundError, ServiceUnavailableError } from "../shared/errors";
import { CONTROL_PK, drainSk, itemSk, NOTICE_PREFIX, noticeSk, OPEN_REQUEST_SK, openRequestPk, PENDING_QUEUE, PUBLISHED_FEED, publishedPk, REQUEST_SK, requestPk, supersedeQueue, TOKEN_SK, unreachableSk, userPk } from "../shared/keys";
import { PAGE_BUDGET_BYTES, proxyBodyBytes } from "../shared/limits";
import { atHome, HomeCtx, isUnreachable } from "../shared/partitionHome";

export type RequestStatus = "SUBMITTED" | "PENDING" | "APPROVED" | "REJECTED" | "PUBLISHED" | "EXPIRED" | "FAILED";
export type Decision = "approve" | "reject";

/** What a region's waiting execution is told when another region decided its request (a takeover): end, act on nothing. */
export const SUPERSEDED = "superseded";

/** Request ids are UUIDs. */
export const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The request row as stored. */
export interface RequestRow {
    readonly pk: string;
    readonly sk: string;
    readonly requestId: string;
    readonly kind: "publish";
    readonly status: RequestStatus;
    readonly requesterSub: string;
    readonly itemId: string;
    readonly itemVersion: number;
    /** What the approver reviews and what the workflow publishes: the item as it was when requested. */
    readonly snapshot: { readonly title: string; readonly body?: string; readonly tags?: readonly string[] };
    /** Region whose state machine runs the execution: decisions go there, whichever region receives them. */
    readonly region: string;
    readonly createdAt: string;
    readonly executionArn?: string;
    readonly decision?: Decision;
    readonly decidedBy?: string;
    readonly decidedAt?: string;
    readonly comment?: string;
    readonly failure?: string;
    /** The region that decided the request while its own region was out (a takeover), and that region. */
    readonly takenOverBy?: string;
    readonly takenOverFrom?: string;
    readonly gsi1pk?: string;
    readonly gsi1sk?: string;
}

/** A request as the API shows it: no keys, no token, no decider identity. */
export interface RequestView {
    readonly requestId: string;
    readonly kind: "publish";
    readonly status: RequestStatus;
    readonly itemId: string;
    readonly itemVersion: number;
    readonly title: string;
    readonly region: string;
    readonly createdAt: string;
    readonly decision?: Decision;
    readonly decidedAt?: string;
    readonly comment?: string;
    /** Set when another region decided the request because its own was out. */
    readonly takenOverBy?: string;
}

export function toView(row: RequestRow): RequestView {
    return {
        requestId: row.requestId, kind: row.kind, status: row.status, itemId: row.itemId, itemVersion: row.itemVersion,
        title: row.snapshot.title, region: row.region, createdAt: row.createdAt,
        ...(row.decision ? { decision: row.decision, decidedAt: row.decidedAt } : {}),
        ...(row.comment ? { comment: row.comment } : {}),
        ...(row.takenOverBy ? { takenOverBy: row.takenOverBy } : {}),
    };
}

/** Who calls and where. `db`/`sfn` give the clients of a region (cached at module scope by the entry files). */
export interface ApprovalCtx {
    readonly table: string;
    /** The region this code runs in. */
    readonly region: string;
    /** Regions of the platform: a stored region outside this list is refused. */
    readonly regions: readonly string[];
    readonly db: (region: string) => DynamoDBDocumentClient;
    readonly sfn: (region: string) => SFNClient;
    readonly now?: () => Date;
    /**
     * Takeovers: a request whose region has been unreachable (from here) or drained for this long
     * may be decided by another region. Absent: never (decisions wait for the region).
     */
    readonly takeoverAfterMs?: number;
    /** `false` lets every region take over on its own, with no single arbiter: only tests that show the drill catching double outcomes. @default true */
    readonly takeoverFencing?: boolean;
    /**
     * Partition homes (eventual mode): a publish reads the item and claims its open-request pointer
     * at the partition's home replica, waiting this long for it (ms) before deciding here, as the
     * items API does (handlers/shared/partitionHome.ts). Absent: this replica decides.
     */
    readonly homeBudgetMs?: number;
}

/** The caller: user-pool `sub` and whether the `approvers` group is in the token's groups claim. */
export interface Caller {
    readonly sub: string;
    readonly approver: boolean;
}

const nowIso = (ctx: { now?: () => Date }) => (ctx.now ?? (() => new Date()))().toISOString();
const isConditionFailure = (e: unknown) => e instanceof ConditionalCheckFailedException || (e as { name?: string })?.name === "ConditionalCheckFailedException";

/** Sends a conditional update; `false` when its condition did not hold (someone else got there first). */
async function updateIfStill(db: DynamoDBDocumentClient, update: UpdateCommand["input"]): Promise<boolean> {
    try {
        await db.send(new UpdateCommand(update));
        return true;
    } catch (e) {
        if (!isConditionFailure(e)) throw e;
        return false;
    }
}

/** Drops a request's task token: once the request is decided, expired or failed it must not be usable. */
async function deleteToken(db: DynamoDBDocumentClient, table: string, requestId: string): Promise<void> {
    await db.send(new DeleteCommand({ TableName: table, Key: { pk: requestPk(requestId), sk: TOKEN_SK } }));
}

async function readRequest(db: DynamoDBDocumentClient, table: string, requestId: string): Promise<RequestRow | undefined> {
    const out = await db.send(new GetCommand({ TableName: table, Key: { pk: requestPk(requestId), sk: REQUEST_SK }, ConsistentRead: true }));
    return out.Item as RequestRow | undefined;
}

/** Statuses after which a request will do nothing more that matters: its item may be published again. */
const ENDED: readonly RequestStatus[] = ["REJECTED", "PUBLISHED", "EXPIRED", "FAILED"];

/**
 * How long an open-request pointer may name a request row that does not exist yet: the publish that
 * wrote it writes the row next, within one API call (at most 29 s); after this it died in between.
 */
export const OPEN_REQUEST_LEASE_MS = 30_000;

/**
 * Makes `requestId` the item's one open request with a conditional put on its pointer row
 * (keys.ts `OPENREQUEST#`); 409 `PUBLISH_ALREADY_REQUESTED` naming the open request otherwise. A
 * pointer whose request has ended (or never got its row) is taken over, conditionally on still
 * naming that request, so concurrent publishes take it over at most once.
 */
async function claimItem(db: DynamoDBDocumentClient, table: string, sub: string, itemId: string, requestId: string, now: number): Promise<void> {
    const Key = { pk: openRequestPk(sub, itemId), sk: OPEN_REQUEST_SK };
    let condition: { expression: string; values?: Record<string, unknown> } = { expression: "attribute_not_exists(pk)" };
    for (let attempt = 0; attempt < 3; attempt++) {
        try {
            await db.send(new PutCommand({
                TableName: table, Item: { ...Key, requestId, claimedAt: now },
                ConditionExpression: condition.expression, ExpressionAttributeValues: condition.values,
            }));
            return;
        } catch (e) {
            if (!isConditionFailure(e)) throw e;
        }
        const open = (await db.send(new GetCommand({ TableName: table, Key, ConsistentRead: true }))).Item;
        if (!open) { condition = { expression: "attribute_not_exists(pk)" }; continue; }
        const request = await readRequest(db, table, open.requestId);
        const ended = request ? ENDED.includes(request.status) : now - open.claimedAt >= OPEN_REQUEST_LEASE_MS;
        if (!ended) {
            throw new ConflictError("PUBLISH_ALREADY_REQUESTED", `Item ${itemId} already has an open approval request`, {
                requestId: open.requestId, ...(request ? { status: request.status } : {}),
            });
        }
        condition = { expression: "requestId = :stale", values: { ":stale": open.requestId } };
    }
    throw new ConflictError("PUBLISH_ALREADY_REQUESTED", `Item ${itemId} already has an open approval request`);
}

/** Lets the item be published again: deletes its open-request pointer if it still names this request. */
async function releaseItem(db: DynamoDBDocumentClient, table: string, row: Pick<RequestRow, "requesterSub" | "itemId" | "requestId">): Promise<void> {
    try {
        await db.send(new DeleteCommand({
            TableName: table, Key: { pk: openRequestPk(row.requesterSub, row.itemId), sk: OPEN_REQUEST_SK },
            ConditionExpression: "requestId = :id", ExpressionAttributeValues: { ":id": row.requestId },
        }));
    } catch (e) {
        if (!isConditionFailure(e)) throw e; // already released, or another request holds it
    }
}

/**
 * `POST /items/{id}/publish`: records a request for the caller's own item (snapshot of its current
 * version) and starts this region's state machine with the request id as the execution name, so the
 * execution and the request are one-to-one. Returns the request as stored. At most one request per
 * item is open: while one is, a publish gets 409 `PUBLISH_ALREADY_REQUESTED` naming it.
 */
export async function requestPublish(ctx: ApprovalCtx, caller: Caller, itemId: string, stateMachineArn: string): Promise<RequestView> {
    const db = ctx.db(ctx.region);
    const requestId = randomUUID();
    const createdAt = nowIso(ctx);
    // Where the item's partition is decided: an item created through another region a moment ago
    // is there before replication brings it here (read-your-writes), and two regions' publishes of
    // one item meet on one pointer. `call` may run twice (home abandoned at the budget, then here):
    // the request id is decided before, so both claims name the same request.
    const home: HomeCtx = {
        table: ctx.table, region: ctx.region, regions: ctx.regions, db: ctx.db, sub: caller.sub, now: ctx.now,
        budgetMs: ctx.homeBudgetMs ?? 0, arbitrate: ctx.homeBudgetMs !== undefined,
    };
    const { result: { item, claimedIn } } = await atHome(home, false, async (at, region) => {
        const found = (await at.send(new GetCommand({ TableName: ctx.table, Key: { pk: userPk(caller.sub), sk: itemSk(itemId) }, ConsistentRead: true }))).Item;
        if (!found || found.deleted) throw new NotFoundError("Item not found"); // a deleted item's tombstone is not an item
        await claimItem(at, ctx.table, caller.sub, itemId, requestId, Date.parse(createdAt));
        return { item: found, claimedIn: at };
    });
    const row: RequestRow = {
        pk: requestPk(requestId), sk: REQUEST_SK, requestId, kind: "publish", status: "SUBMITTED",
        requesterSub: caller.sub, itemId, itemVersion: item.version,
        snapshot: { title: item.title, ...(item.body !== undefined ? { body: item.body } : {}), ...(item.tags ? { tags: item.tags } : {}) },
        region: ctx.region, createdAt,
    };
    try {
        await db.send(new PutCommand({ TableName: ctx.table, Item: row, ConditionExpression: "attribute_not_exists(pk)" }));
    } catch (e) {
        await releaseItem(claimedIn, ctx.table, row);
        throw e;
    }
    try {
        // Only the id travels through Step Functions: no personal data in execution history, and
        // the 256 KB payload limit never meets a 300 KB item body.
        await ctx.sfn(ctx.region).send(new StartExecutionCommand({ stateMachineArn, name: requestId, input: JSON.stringify({ requestId }) }));
    } catch (e) {
        await db.send(new UpdateCommand({
            TableName: ctx.table, Key: { pk: row.pk, sk: REQUEST_SK },
            UpdateExpression: "SET #status = :failed, failure = :why",
            ConditionExpression: "#status = :submitted",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":failed": "FAILED", ":why": `StartExecution: ${(e as Error).name}`, ":submitted": "SUBMITTED" },
        }));
        await releaseItem(claimedIn, ctx.table, row);
        throw new ServiceUnavailableError("The approval workflow could not be started; try again");
    }
    return toView(row);
}

/** `GET /requests/{id}`: the requester or an approver sees it; anyone else gets 404 (existence is not disclosed). */
export async function getRequest(ctx: ApprovalCtx, caller: Caller, requestId: string): Promise<RequestView> {
    const row = await readRequest(ctx.db(ctx.region), ctx.table, requestId);
    if (!row || (row.requesterSub !== caller.sub && !caller.approver)) throw new NotFoundError("Request not found");
    return toView(row);
}

/** Opaque cursor of the approvers' queue: the last row's keys, checked on the way back in. */
export function encodeQueueCursor(key: Record<string, unknown>): string {
    return Buffer.from(JSON.stringify([key.pk, key.gsi1sk]), "utf8").toString("base64url");
}

export function decodeQueueCursor(cursor: string): Record<string, string> | undefined {
    try {
        const [pk, gsi1sk] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
        const id = /^REQUEST#(.+)$/.exec(pk)?.[1];
        if (!id || !REQUEST_ID.test(id) || typeof gsi1sk !== "string" || !gsi1sk.endsWith(`#${id}`) || gsi1sk.length > 100) return undefined;
        return { pk, sk: REQUEST_SK, gsi1pk: PENDING_QUEUE, gsi1sk };
    } catch {
        return undefined;
    }
}

/**
 * `GET /approvals?status=pending`: approvers only, oldest first, from the sparse queue index. An
 * approver's own requests are left out (they may not decide them), so a page can hold fewer than
 * `limit` requests and still have a cursor.
 */
export async function listPending(ctx: ApprovalCtx, caller: Caller, limit: number, cursor?: Record<string, string>): Promise<{ requests: RequestView[]; cursor?: string }> {
    if (!caller.approver) throw new ForbiddenError("NOT_APPROVER", "Only members of the approvers group list approvals");
    const out = await ctx.db(ctx.region).send(new QueryCommand({
        TableName: ctx.table, IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :queue",
        FilterExpression: "requesterSub <> :me",
        ExpressionAttributeValues: { ":queue": PENDING_QUEUE, ":me": caller.sub },
        Limit: limit, ExclusiveStartKey: cursor,
    }));
    return {
        requests: (out.Items ?? []).map(r => toView(r as RequestRow)),
        ...(out.LastEvaluatedKey ? { cursor: encodeQueueCursor(out.LastEvaluatedKey) } : {}),
    };
}

/** A published item as `GET /published` shows it: the approved snapshot, never who published it (only whether it is the caller's). */
export interface PublishedView {
    readonly itemId: string;
    readonly itemVersion: number;
    readonly title: string;
    readonly body?: string;
    readonly tags?: readonly string[];
    readonly approvedAt?: string;
    readonly publishedAt: string;
    /** The caller's own item. */
    readonly mine: boolean;
}

/** Cursor of the published feed: base64url of the last row's `gsi1sk` (`<publishedAt>#<requestId>`), which names no user. */
const FEED_POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeFeedCursor(gsi1sk: string): string {
    return Buffer.from(gsi1sk, "utf8").toString("base64url");
}

export function decodeFeedCursor(cursor: string): string | undefined {
    const position = Buffer.from(cursor, "base64url").toString("utf8");
    return FEED_POSITION.test(position) ? position : undefined;
}

/**
 * `GET /published`: what approvals published, for every signed-in user (publishing is what an
 * approval is for; the approval is the gate), newest first, from the feed in the sparse index.
 * Read-only: users never write `PUBLISHED#` rows (docs/design.md, decision 4). The next page starts
 * strictly before the cursor's position (`gsi1sk` is unique), so the cursor carries no partition
 * key and no user id. Pages are bounded by Lambda response bytes like item listings (bodies are
 * up to 300,000 characters).
 */
export async function listPublished(ctx: ApprovalCtx, caller: Caller, limit: number, before?: string, budget = PAGE_BUDGET_BYTES): Promise<{ items: PublishedView[]; cursor?: string }> {
    const out = await ctx.db(ctx.region).send(new QueryCommand({
        TableName: ctx.table, IndexName: "gsi1",
        KeyConditionExpression: before ? "gsi1pk = :feed AND gsi1sk < :before" : "gsi1pk = :feed",
        ExpressionAttributeValues: { ":feed": PUBLISHED_FEED, ...(before ? { ":before": before } : {}) },
        ScanIndexForward: false,
        Limit: limit,
    }));
    const rows = out.Items ?? [];
    const mine = publishedPk(caller.sub);
    const items: PublishedView[] = [];
    let used = proxyBodyBytes({ items: [], cursor: encodeFeedCursor(`${new Date(0).toISOString()}#${"0".repeat(36)}`) });
    for (const row of rows) {
        const view: PublishedView = {
            itemId: row.itemId, itemVersion: row.itemVersion, title: row.title,
            ...(row.body !== undefined ? { body: row.body } : {}), ...(row.tags ? { tags: row.tags } : {}),
            ...(row.approvedAt ? { approvedAt: row.approvedAt } : {}), publishedAt: row.publishedAt, mine: row.pk === mine,
        };
        const size = proxyBodyBytes(view) + (items.length ? 1 : 0);
        // The first item always fits: one item written through the API is far below the budget.
        if (items.length && used + size > budget) return { items, cursor: encodeFeedCursor(rows[items.length - 1].gsi1sk) };
        items.push(view);
        used += size;
    }
    return { items, ...(out.LastEvaluatedKey ? { cursor: encodeFeedCursor(String(out.LastEvaluatedKey.gsi1sk)) } : {}) };
}

/** An outcome notice as `GET /notices` shows it. */
export interface NoticeView {
    readonly requestId: string;
    readonly itemId: string;
    readonly title?: string;
    /** The request's final status: PUBLISHED, REJECTED, EXPIRED or FAILED. */
    readonly outcome: RequestStatus;
    readonly at: string;
}

/**
 * `GET /notices`: the caller's outcome notices (the workflow's last step writes one per request in
 * the requester's partition), in request-id order; a page ends with a cursor (base64url of the
 * last request id; the partition is always the caller's, so a cursor cannot reach another user).
 */
export async function listNotices(ctx: ApprovalCtx, caller: Caller, limit: number, after?: string): Promise<{ notices: NoticeView[]; cursor?: string }> {
    const pk = userPk(caller.sub);
    const out = await ctx.db(ctx.region).send(new QueryCommand({
        TableName: ctx.table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": pk, ":prefix": NOTICE_PREFIX },
        Limit: limit,
        ExclusiveStartKey: after ? { pk, sk: noticeSk(after) } : undefined,
    }));
    const notices = (out.Items ?? []).map(n => ({
        requestId: n.requestId, itemId: n.itemId, ...(n.title !== undefined ? { title: n.title } : {}), outcome: n.outcome, at: n.at,
    }));
    const last = out.LastEvaluatedKey?.sk;
    return { notices, ...(typeof last === "string" ? { cursor: Buffer.from(last.slice(NOTICE_PREFIX.length), "utf8").toString("base64url") } : {}) };
}

/** The request id in a notices cursor, or undefined when it is not one. */
export function decodeNoticeCursor(cursor: string): string | undefined {
    const id = Buffer.from(cursor, "base64url").toString("utf8");
    return REQUEST_ID.test(id) ? id : undefined;
}

const TOKEN_GONE = [TaskTimedOut, InvalidToken, TaskDoesNotExist];

/**
 * `POST /approvals/{id}/decision`. The conditional update and the callback both go to the region
 * stored with the request (where the execution runs), whichever region received the POST: two
 * approvers deciding at once in two regions then race on one replica, and exactly one wins.
 *
 * - not an approver, or deciding one's own request: 403;
 * - already decided: 409 with the current status; expired: 410;
 * - the token was refused (timed out, unknown): the request is marked EXPIRED, 410;
 * - Step Functions unavailable: the decision is rolled back to PENDING, 503 (nothing is lost).
 */
export async function decide(ctx: ApprovalCtx, caller: Caller, requestId: string, decision: Decision, comment?: string): Promise<RequestView> {
    if (!caller.approver) throw new ForbiddenError("NOT_APPROVER", "Only members of the approvers group decide");
    const local = await readRequest(ctx.db(ctx.region), ctx.table, requestId);
    if (!local) throw new NotFoundError("Request not found");
    if (local.requesterSub === caller.sub) throw new ForbiddenError("SELF_APPROVAL", "Requesters cannot decide their own requests");
    if (!ctx.regions.includes(local.region)) throw new Error(`Request region ${local.region} is not a platform region`);
    if (local.takenOverBy) throw new ConflictError("ALREADY_DECIDED", "The request has already been decided", { status: local.status });
    try {
        const view = await decideInRegion(ctx, caller, local, decision, comment);
        if (local.region !== ctx.region) await forgetUnreachable(ctx, local.region);
        return view;
    } catch (e) {
        if (!(e instanceof RegionUnreachable)) throw e;
        const after = ctx.takeoverAfterMs;
        const since = after === undefined ? undefined : await noteUnreachable(ctx, local.region);
        if (after === undefined || since === undefined || !(await mayTakeOver(ctx, local.region, since, after))) {
            const wait = after === undefined ? undefined : Math.max(1, Math.ceil((after - (Date.now() - (since ?? Date.now()))) / 1000));
            throw new ServiceUnavailableError(after === undefined
                ? `The request's region ${local.region} is unavailable; try again later`
                : `The request's region ${local.region} is unavailable; another region takes its decisions over once it has been out for ${Math.max(1, Math.round(after / 60_000))} min`,
            wait ? { retryAfterSeconds: Math.min(wait, 300) } : undefined);
        }
        return takeOver(ctx, caller, local, decision, comment);
    }
}

/**
 * A region back from an outage serves its replica before replication has brought it what happened
 * meanwhile: a request another region took over still looks PENDING there, and deciding it would
 * act a second time. The takeover is on the arbiter's replica (the only one a takeover writes), so
 * that replica is asked first; when it cannot be reached no takeover can be under way there either.
 */
async function refuseIfTakenOver(ctx: ApprovalCtx, local: RequestRow): Promise<void> {
    if (ctx.takeoverAfterMs === undefined || ctx.takeoverFencing === false) return;
    const arbiter = ctx.regions.find(r => r !== local.region)!;
    let there: RequestRow | undefined;
    try {
        there = await readRequest(ctx.db(arbiter), ctx.table, local.requestId);
    } catch (e) {
        if (isUnreachable(e)) return;
        throw e;
    }
    if (there?.takenOverBy) throw new ConflictError("ALREADY_DECIDED", "The request has already been decided", { status: there.status });
}

/** The request's region could not be reached (its replica or its Step Functions). */
class RegionUnreachable extends Error {}

/** Where a decision is normally taken: the replica and Step Functions of the request's own region. */
async function decideInRegion(ctx: ApprovalCtx, caller: Caller, local: RequestRow, decision: Decision, comment?: string): Promise<RequestView> {
    const requestId = local.requestId;
    const db = ctx.db(local.region);
    const key = { pk: requestPk(requestId), sk: REQUEST_SK };
    const status: RequestStatus = decision === "approve" ? "APPROVED" : "REJECTED";
    const decidedAt = nowIso(ctx);
    await refuseIfTakenOver(ctx, local);
    const won = await unreachableAs(updateIfStill(db, {
        TableName: ctx.table, Key: key,
        UpdateExpression: `SET #status = :decided, decision = :decision, decidedBy = :me, decidedAt = :at${comment ? ", #comment = :comment" : ""} REMOVE gsi1pk, gsi1sk`,
        ConditionExpression: "#status = :pending",
        ExpressionAttributeNames: { "#status": "status", ...(comment ? { "#comment": "comment" } : {}) },
        ExpressionAttributeValues: { ":decided": status, ":decision": decision, ":me": caller.sub, ":at": decidedAt, ":pending": "PENDING", ...(comment ? { ":comment": comment } : {}) },
    }));
    if (!won) {
        const current = await readRequest(db, ctx.table, requestId);
        if (current?.status === "EXPIRED") throw new GoneError("REQUEST_EXPIRED", "The request expired before a decision");
        if (current?.status === "SUBMITTED") throw new ConflictError("NOT_READY", "The request is not awaiting a decision yet; try again shortly", { status: current.status });
        throw new ConflictError("ALREADY_DECIDED", "The request has already been decided", { status: current?.status });
    }
    const mine = { ":decided": status, ":me": caller.sub };
    const expired = async (): Promise<never> => {
        // Unless the workflow's own expiry step got there first.
        await updateIfStill(db, {
            TableName: ctx.table, Key: key,
            UpdateExpression: "SET #status = :expired",
            ConditionExpression: "#status = :decided AND decidedBy = :me",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ...mine, ":expired": "EXPIRED" },
        });
        await deleteToken(db, ctx.table, requestId);
        throw new GoneError("REQUEST_EXPIRED", "The request expired before the decision reached the workflow");
    };
    const token = (await unreachableAs(db.send(new GetCommand({ TableName: ctx.table, Key: { pk: key.pk, sk: TOKEN_SK }, ConsistentRead: true })))).Item?.taskToken;
    if (typeof token !== "string") return expired();
    try {
        await ctx.sfn(local.region).send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ requestId, decision }) }));
    } catch (e) {
        if (TOKEN_GONE.some(t => e instanceof t)) return expired();
        const rollback = db.send(new UpdateCommand({
            TableName: ctx.table, Key: key,
            UpdateExpression: "SET #status = :pending, gsi1pk = :queue, gsi1sk = :order REMOVE decision, decidedBy, decidedAt, #comment",
            ConditionExpression: "#status = :decided AND decidedBy = :me",
            ExpressionAttributeNames: { "#status": "status", "#comment": "comment" },
            ExpressionAttributeValues: { ...mine, ":pending": "PENDING", ":queue": PENDING_QUEUE, ":order": queueOrder(local) },
        }));
        if (isUnreachable(e)) {
            // The region's Step Functions is out: undo what its replica took (if it still answers), and say so.
            await rollback.catch(() => undefined);
            throw new RegionUnreachable(local.region);
        }
        await rollback;
        throw new ServiceUnavailableError("The decision could not be delivered to the workflow; it was not recorded, try again");
    }
    return toView({ ...local, status, decision, decidedAt, ...(comment ? { comment } : {}) });
}

/** `promise`, with a failure to reach the region turned into {@link RegionUnreachable}. */
async function unreachableAs<T>(promise: Promise<T>): Promise<T> {
    try {
        return await promise;
    } catch (e) {
        if (isUnreachable(e)) throw new RegionUnreachable(String((e as Error).message));
        throw e;
    }
}

/** Records (once) since when this region finds `region` unreachable; returns that time (ms). */
async function noteUnreachable(ctx: ApprovalCtx, region: string): Promise<number | undefined> {
    const db = ctx.db(ctx.region);
    const Key = { pk: CONTROL_PK, sk: unreachableSk(region) };
    const now = (ctx.now ?? (() => new Date()))().getTime();
    try {
        await db.send(new PutCommand({ TableName: ctx.table, Item: { ...Key, since: now }, ConditionExpression: "attribute_not_exists(pk)" }));
        return now;
    } catch (e) {
        if (!isConditionFailure(e)) return undefined;
        const row = (await db.send(new GetCommand({ TableName: ctx.table, Key, ConsistentRead: true }))).Item;
        return typeof row?.since === "number" ? row.since : now;
    }
}

/** `region` answered again: forget since when it was unreachable (best effort). */
async function forgetUnreachable(ctx: ApprovalCtx, region: string): Promise<void> {
    await ctx.db(ctx.region).send(new DeleteCommand({ TableName: ctx.table, Key: { pk: CONTROL_PK, sk: unreachableSk(region) } })).catch(() => undefined);
}

/** A request's region may be taken over once it has been unreachable from here, or drained, for `afterMs`. */
async function mayTakeOver(ctx: ApprovalCtx, region: string, unreachableSince: number, afterMs: number): Promise<boolean> {
    const now = (ctx.now ?? (() => new Date()))().getTime();
    if (now - unreachableSince >= afterMs) return true;
    const drain = (await ctx.db(ctx.region).send(new GetCommand({ TableName: ctx.table, Key: { pk: CONTROL_PK, sk: drainSk(region) }, ConsistentRead: true }))).Item;
    return drain?.drained === true && typeof drain.changedAt === "string" && now - Date.parse(drain.changedAt) >= afterMs;
}

/**
 * A takeover: the request's region has been out longer than the grace period, so one other region
 * decides it. The arbiter is the first platform region other than the request's, whichever region
 * took the POST, so two approvers deciding at once in two regions race on one replica and exactly
 * one wins. The arbiter then applies the outcome itself, as the workflow would (publish, the
 * requester's notice, the item released), with the workflow's idempotent steps; and queues the
 * request for the failed region's reconcile step, which tells the execution still waiting there
 * that it was superseded once that region is back, so it ends without acting.
 */
async function takeOver(ctx: ApprovalCtx, caller: Caller, local: RequestRow, decision: Decision, comment?: string): Promise<RequestView> {
    const from = local.region;
    const arbiter = ctx.takeoverFencing === false ? ctx.region : ctx.regions.find(r => r !== from)!;
    const db = ctx.db(arbiter);
    const requestId = local.requestId;
    const key = { pk: requestPk(requestId), sk: REQUEST_SK };
    const status: RequestStatus = decision === "approve" ? "APPROVED" : "REJECTED";
    const decidedAt = nowIso(ctx);
    let won: boolean;
    try {
        won = await updateIfStill(db, {
            TableName: ctx.table, Key: key,
            UpdateExpression: `SET #status = :decided, decision = :decision, decidedBy = :me, decidedAt = :at, takenOverBy = :by, takenOverFrom = :from, gsi1pk = :queue, gsi1sk = :order${comment ? ", #comment = :comment" : ""}`,
            ConditionExpression: "#status = :pending",
            ExpressionAttributeNames: { "#status": "status", ...(comment ? { "#comment": "comment" } : {}) },
            ExpressionAttributeValues: {
                ":decided": status, ":decision": decision, ":me": caller.sub, ":at": decidedAt, ":by": arbiter, ":from": from,
                ":queue": supersedeQueue(from), ":order": queueOrder(local), ":pending": "PENDING", ...(comment ? { ":comment": comment } : {}),
            },
        });
    } catch (e) {
        if (isUnreachable(e)) throw new ServiceUnavailableError(`Neither the request's region ${from} nor ${arbiter}, which decides for it, is available; try again later`);
        throw e;
    }
    if (!won) {
        const current = await readRequest(db, ctx.table, requestId);
        if (current?.status === "EXPIRED") throw new GoneError("REQUEST_EXPIRED", "The request expired before a decision");
        if (current?.status === "SUBMITTED") throw new ConflictError("NOT_READY", "The request is not awaiting a decision yet; try again shortly", { status: current.status });
        throw new ConflictError("ALREADY_DECIDED", "The request has already been decided", { status: current?.status });
    }
    const wctx: WorkflowCtx = { table: ctx.table, db, now: ctx.now };
    if (decision === "approve") await applyApproved(wctx, requestId);
    const row = await mustRead(wctx, requestId);
    await putNotice(wctx, row);
    await releaseItem(db, ctx.table, row);
    return toView(row);
}

/** Sort key in the approvers' queue: oldest first, unique. */
export const queueOrder = (row: Pick<RequestRow, "createdAt" | "requestId">) => `${row.createdAt}#${row.requestId}`;

// ---------------------------------------------------------------------------------------------
// Workflow steps (the state machine's Lambda tasks). Each is idempotent: Step Functions retries.
// ---------------------------------------------------------------------------------------------

/** Where the workflow's functions run: one region, its own replica. */
export interface WorkflowCtx {
    readonly table: string;
    readonly db: DynamoDBDocumentClient;
    readonly now?: () => Date;
}

/** Thrown when a step finds the request in a state it cannot act on; the workflow records a failure. */
export class RequestStateError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RequestStateError";
    }
}

async function mustRead(ctx: WorkflowCtx, requestId: string): Promise<RequestRow> {
    const row = await readRequest(ctx.db, ctx.table, requestId);
    if (!row) throw new RequestStateError(`Request ${requestId} does not exist`);
    return row;
}

/** Step "record": attaches the execution to the request. */
export async function recordExecution(ctx: WorkflowCtx, requestId: string, executionArn: string): Promise<void> {
    const attached = await updateIfStill(ctx.db, {
        TableName: ctx.table, Key: { pk: requestPk(requestId), sk: REQUEST_SK },
        UpdateExpression: "SET executionArn = :arn",
        ConditionExpression: "#status = :submitted",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":arn": executionArn, ":submitted": "SUBMITTED" },
    });
    if (!attached) throw new RequestStateError(`Request ${requestId} is not SUBMITTED`);
}

/**
 * The `waitForTaskToken` task: stores the token in the request's TOKEN row, then puts the request in
 * the approvers' queue (PENDING) so it is listed only once it can be decided, then tells approvers.
 * The message carries the request summary and where to decide, never the token.
 */
export async function notifyApprovers(ctx: WorkflowCtx & { sns: SNSClient; topicArn: string; decideUrl: string }, requestId: string, taskToken: string): Promise<void> {
    const row = await mustRead(ctx, requestId);
    if (row.status !== "SUBMITTED" && row.status !== "PENDING") throw new RequestStateError(`Request ${requestId} is ${row.status}`);
    // A retried notification (new token) replaces the old token.
    await ctx.db.send(new PutCommand({ TableName: ctx.table, Item: { pk: row.pk, sk: TOKEN_SK, taskToken, storedAt: nowIso(ctx) } }));
    await ctx.db.send(new UpdateCommand({
        TableName: ctx.table, Key: { pk: row.pk, sk: REQUEST_SK },
        UpdateExpression: "SET #status = :pending, gsi1pk = :queue, gsi1sk = :order",
        ConditionExpression: "#status IN (:submitted, :pending)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":pending": "PENDING", ":submitted": "SUBMITTED", ":queue": PENDING_QUEUE, ":order": queueOrder(row) },
    }));
    await ctx.sns.send(new PublishCommand({
        TopicArn: ctx.topicArn,
        Subject: "Approval requested: publish an item",
        Message: [
            `Request ${row.requestId} asks to publish item ${row.itemId} (version ${row.itemVersion}): "${row.snapshot.title.slice(0, 120)}".`,
            `Requested at ${row.createdAt}, in ${row.region}.`,
            "",
            `Review pending requests: GET ${ctx.decideUrl}/approvals?status=pending`,
            `Decide: POST ${ctx.decideUrl}/approvals/${row.requestId}/decision with {"decision":"approve"} or {"decision":"reject"},`,
            "signed in as a member of the approvers group. This message grants nothing by itself.",
        ].join("\n"),
    }));
}

/** Step "apply": publishes the approved snapshot. Only this step writes `PUBLISHED#` rows. */
export async function applyApproved(ctx: WorkflowCtx, requestId: string): Promise<void> {
    const row = await mustRead(ctx, requestId);
    if (row.status === "PUBLISHED") return; // retried after success
    if (row.status !== "APPROVED") throw new RequestStateError(`Request ${requestId} is ${row.status}, not APPROVED`);
    const at = nowIso(ctx);
    await ctx.db.send(new PutCommand({
        TableName: ctx.table,
        Item: {
            pk: publishedPk(row.requesterSub), sk: itemSk(row.itemId), ...row.snapshot,
            itemId: row.itemId, itemVersion: row.itemVersion, requestId, approvedAt: row.decidedAt, publishedAt: at,
            // In the published feed (GET /published), newest first; a later approval of the item replaces it there too.
            gsi1pk: PUBLISHED_FEED, gsi1sk: `${at}#${requestId}`,
        },
    }));
    await ctx.db.send(new UpdateCommand({
        TableName: ctx.table, Key: { pk: row.pk, sk: REQUEST_SK },
        UpdateExpression: "SET #status = :published, publishedAt = :at",
        ConditionExpression: "#status = :approved",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":published": "PUBLISHED", ":approved": "APPROVED", ":at": at },
    }));
}

/** Step "expire" (the `States.Timeout` catch): ends an undecided request. A request already published stays published. */
export async function expireRequest(ctx: WorkflowCtx, requestId: string): Promise<boolean> {
    const changed = await updateIfStill(ctx.db, {
        TableName: ctx.table, Key: { pk: requestPk(requestId), sk: REQUEST_SK },
        UpdateExpression: "SET #status = :expired REMOVE gsi1pk, gsi1sk",
        // A request another region decided (a takeover) is not this execution's to expire.
        ConditionExpression: "#status IN (:submitted, :pending, :approved, :rejected) AND attribute_not_exists(takenOverBy)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":expired": "EXPIRED", ":submitted": "SUBMITTED", ":pending": "PENDING", ":approved": "APPROVED", ":rejected": "REJECTED" },
    });
    await deleteToken(ctx.db, ctx.table, requestId);
    await releaseEnded(ctx, requestId);
    return changed;
}

/** Releases the item of a request that has ended (finish, expire, fail): it may be published again. */
async function releaseEnded(ctx: WorkflowCtx, requestId: string): Promise<void> {
    const row = await readRequest(ctx.db, ctx.table, requestId);
    if (row && ENDED.includes(row.status)) await releaseItem(ctx.db, ctx.table, row);
}

/** Step "fail": records why the workflow failed (error name only: causes can carry data). */
export async function failRequest(ctx: WorkflowCtx, requestId: string, error: string): Promise<void> {
    await updateIfStill(ctx.db, {
        TableName: ctx.table, Key: { pk: requestPk(requestId), sk: REQUEST_SK },
        UpdateExpression: "SET #status = :failed, failure = :error REMOVE gsi1pk, gsi1sk",
        ConditionExpression: "attribute_exists(pk) AND NOT #status IN (:published, :expired) AND attribute_not_exists(takenOverBy)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":failed": "FAILED", ":error": error.slice(0, 200), ":published": "PUBLISHED", ":expired": "EXPIRED" },
    });
    await deleteToken(ctx.db, ctx.table, requestId);
    await releaseEnded(ctx, requestId);
}

/**
 * Step "finish": tells the requester the outcome with a notice in their own partition (which their
 * app reads with the same row-level access as their items), drops the spent token and lets the
 * item be published again.
 */
export async function notifyRequester(ctx: WorkflowCtx, requestId: string): Promise<RequestStatus> {
    const row = await mustRead(ctx, requestId);
    // Taken over: the deciding region told the requester; this execution only ends.
    if (!row.takenOverBy) await putNotice(ctx, row);
    await deleteToken(ctx.db, ctx.table, requestId);
    await releaseItem(ctx.db, ctx.table, row);
    return row.status;
}

/** The requester's notice of an outcome (one row per request: writing it again changes nothing). */
async function putNotice(ctx: WorkflowCtx, row: RequestRow): Promise<void> {
    await ctx.db.send(new PutCommand({
        TableName: ctx.table,
        Item: {
            pk: userPk(row.requesterSub), sk: noticeSk(row.requestId), requestId: row.requestId, itemId: row.itemId,
            title: row.snapshot.title, outcome: row.status, at: row.decidedAt ?? nowIso(ctx),
        },
    }));
}

/**
 * Step "reconcile" (scheduled in every region): the requests another region decided while this
 * one was out wait in this region's supersede queue; tell each still-waiting execution it was
 * superseded (it ends without acting), drop the spent token, and take the request off the queue.
 */
export async function reconcileTakenOver(ctx: WorkflowCtx & { region: string; sfn: SFNClient }): Promise<{ superseded: number }> {
    const out = await ctx.db.send(new QueryCommand({
        TableName: ctx.table, IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :queue", ExpressionAttributeValues: { ":queue": supersedeQueue(ctx.region) }, Limit: 100,
    }));
    let superseded = 0;
    for (const row of (out.Items ?? []) as RequestRow[]) {
        const token = (await ctx.db.send(new GetCommand({ TableName: ctx.table, Key: { pk: row.pk, sk: TOKEN_SK }, ConsistentRead: true }))).Item?.taskToken;
        if (typeof token === "string") {
            try {
                await ctx.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ requestId: row.requestId, decision: SUPERSEDED }) }));
                superseded++;
            } catch (e) {
                if (!TOKEN_GONE.some(t => e instanceof t)) throw e; // the execution already ended (timed out): nothing to tell
            }
            await deleteToken(ctx.db, ctx.table, row.requestId);
        }
        await updateIfStill(ctx.db, {
            TableName: ctx.table, Key: { pk: row.pk, sk: REQUEST_SK }, UpdateExpression: "REMOVE gsi1pk, gsi1sk",
            ConditionExpression: "gsi1pk = :queue", ExpressionAttributeValues: { ":queue": supersedeQueue(ctx.region) },
        });
    }
    return { superseded };
}
