/**
 * What the OpenAPI document says about each route beyond the route list: the request schemas the
 * handlers parse with (imported, never copied), the shapes of their answers, and the error codes
 * each route can answer with. scripts/lib/openapi.ts turns it into docs/openapi.json; a route of
 * handlers/shared/routes.ts without an entry here stops the generator, naming the route.
 *
 * The answer schemas are written here as zod schemas because the handlers declare them as
 * TypeScript interfaces; tests/logic/openapi.spec.ts checks at compile time that each schema's type
 * and the handler's interface are the same type, so neither can change alone.
 */
import * as z from "zod/mini";
import { ID_PATTERN, ItemInput, ItemUpdate } from "../../handlers/api/items/domain";
import { COPY_ID_PATTERN, ETAG_PATTERN } from "../../handlers/api/items/domain";
import { DeleteQuery, HomeInput, IDEMPOTENCY_KEY_PATTERN, ListQuery } from "../../handlers/api/items/schemas";
import { DecisionInput, PageQuery, PendingQuery } from "../../handlers/approval/api/schemas";
import { REQUEST_ID } from "../../handlers/approval/domain";

/** An item as the API returns it (handlers/api/items/domain.ts `Item`). */
export const ItemSchema = z.object({
    id: z.string(),
    title: z.string(),
    body: z.optional(z.string()),
    tags: z.optional(z.array(z.string())),
    version: z.int(),
    etag: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    updatedRegion: z.string(),
});

/** `GET /items/{id}`: the item and how many conflict copies it has (`ItemWithConflicts`). */
export const ItemWithConflictsSchema = z.extend(ItemSchema, { conflicts: z.int() });

/** `GET /items`. */
export const ItemPageSchema = z.object({ items: z.array(ItemSchema), cursor: z.optional(z.string()) });

/** A conflict copy (handlers/api/items/domain.ts `ConflictCopy`): a version a replicated write overwrote without having seen it. */
export const ConflictCopySchema = z.object({
    id: z.string(),
    item: z.extend(z.partial(ItemSchema), { version: z.int(), deleted: z.optional(z.boolean()) }),
    overwrittenBy: z.object({ version: z.int(), region: z.string(), updatedAt: z.string(), deleted: z.optional(z.boolean()) }),
});

/** `GET /items/{id}/conflicts`. */
export const ConflictListSchema = z.object({ conflicts: z.array(ConflictCopySchema) });

/** `GET /home` and `PUT /home`: the partition's home region (null until its first write) and every region. */
export const HomeSchema = z.object({ region: z.nullable(z.string()), since: z.nullable(z.string()), regions: z.array(z.string()) });

const STATUSES = ["SUBMITTED", "PENDING", "APPROVED", "REJECTED", "PUBLISHED", "EXPIRED", "FAILED"] as const;

/** An approval request as the API shows it (handlers/approval/domain.ts `RequestView`). */
export const RequestViewSchema = z.object({
    requestId: z.string(),
    kind: z.literal("publish"),
    status: z.enum(STATUSES),
    itemId: z.string(),
    itemVersion: z.int(),
    title: z.string(),
    region: z.string(),
    createdAt: z.string(),
    decision: z.optional(z.enum(["approve", "reject"])),
    decidedAt: z.optional(z.string()),
    comment: z.optional(z.string()),
});

/** `POST /items/{id}/publish` (202): the request and where to follow it. */
export const PublishResponseSchema = z.extend(RequestViewSchema, { links: z.object({ self: z.string() }) });

/** `GET /approvals`. */
export const RequestPageSchema = z.object({ requests: z.array(RequestViewSchema), cursor: z.optional(z.string()) });

/** What an approval published (handlers/approval/domain.ts `PublishedView`). */
export const PublishedViewSchema = z.object({
    itemId: z.string(),
    itemVersion: z.int(),
    title: z.string(),
    body: z.optional(z.string()),
    tags: z.optional(z.readonly(z.array(z.string()))),
    approvedAt: z.optional(z.string()),
    publishedAt: z.string(),
    mine: z.boolean(),
});

/** `GET /published`: newest first. */
export const PublishedPageSchema = z.object({ items: z.array(PublishedViewSchema), cursor: z.optional(z.string()) });

/** An outcome notice (handlers/approval/domain.ts `NoticeView`). */
export const NoticeSchema = z.object({
    requestId: z.string(),
    itemId: z.string(),
    title: z.optional(z.string()),
    outcome: z.enum(STATUSES),
    at: z.string(),
});

/** `GET /notices`. */
export const NoticePageSchema = z.object({ notices: z.array(NoticeSchema), cursor: z.optional(z.string()) });

/** `GET /health` (handlers/health/domain.ts). */
export const HealthSchema = z.object({ status: z.enum(["ok", "drained", "unavailable"]), region: z.string() });

/** The platform's error body; other fields carry details such as `currentVersion`. */
export const ErrorSchema = z.object({ error: z.looseObject({ code: z.string(), message: z.string() }) });

/** API Gateway's own answers (401, 403, 413, 429, 502, 504). */
export const GatewayErrorSchema = z.object({ message: z.string() });

/** Named schemas of the document (`#/components/schemas/<name>`). */
export const SCHEMAS = {
    ItemInput, ItemUpdate, DecisionInput, HomeInput,
    Item: ItemSchema, ItemWithConflicts: ItemWithConflictsSchema, ItemPage: ItemPageSchema, ConflictCopy: ConflictCopySchema, ConflictList: ConflictListSchema,
    Home: HomeSchema, RequestView: RequestViewSchema, PublishResponse: PublishResponseSchema, RequestPage: RequestPageSchema,
    PublishedView: PublishedViewSchema, PublishedPage: PublishedPageSchema, Notice: NoticeSchema, NoticePage: NoticePageSchema,
    Health: HealthSchema, Error: ErrorSchema, GatewayError: GatewayErrorSchema,
} as const;
export type SchemaName = keyof typeof SCHEMAS;

/** One error answer a route can give: status, the platform's code, when. */
export interface ErrorCase {
    readonly status: number;
    readonly code: string;
    readonly when: string;
    /** The answer carries `Retry-After`. */
    readonly retryAfter?: boolean;
}

/** A header the route reads. */
export interface HeaderSpec {
    readonly name: string;
    readonly required: boolean;
    readonly pattern?: RegExp;
    readonly description: string;
}

/** What a route's OpenAPI operation says beyond its method and path. */
export interface OperationSpec {
    readonly operationId: string;
    readonly tag: "items" | "approvals" | "health";
    readonly summary: string;
    readonly description?: string;
    /** Every `{param}` of the path: its pattern and what it is. */
    readonly pathParams?: Readonly<Record<string, { readonly pattern: RegExp; readonly description: string }>>;
    /** The query string's schema (an object schema the handler parses with). */
    readonly query?: z.ZodMiniType;
    readonly headers?: readonly HeaderSpec[];
    readonly body?: { readonly schema: SchemaName; readonly example: unknown };
    /** Success answers: status -> schema (none for 204) and response headers. */
    readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: SchemaName; readonly headers?: Readonly<Record<string, string>> }>>;
    readonly errors: readonly ErrorCase[];
}

const itemId = { id: { pattern: ID_PATTERN, description: "Item id (1-64 characters of A-Z a-z 0-9 _ -)" } };
const copyId = { ...itemId, conflictId: { pattern: COPY_ID_PATTERN, description: "Conflict copy id (22 characters of A-Z a-z 0-9 _ -)" } };
/** `If-Match` on PUT and DELETE: the etag read (the item's `etag` or `ETag`), which names one exact version. */
const ifMatch: HeaderSpec = {
    name: "If-Match", required: false, pattern: ETAG_PATTERN,
    description: "The etag of the version read (its `etag` field or `ETag` header, quoted or not): the write applies only to that exact version. Recommended: after a home-region outage two regions may both have decided a version number, never an etag",
};
/** Where a user partition's read or write was decided (handlers/shared/partitionHome.ts). */
const decided = {
    "X-Decided-In": "The region whose replica decided this answer: the partition's home, or the answering region when the home did not answer in time",
    "X-Home-Unreachable": "`true` when the partition's home did not answer and the answering region decided (a write may then become a conflict copy)",
};
const withEtag = { ...decided, ETag: "The item version's etag, quoted; send it back as `If-Match`" };
const replicatedConflict: ErrorCase = { status: 409, code: "REPLICATED_WRITE_CONFLICT", when: "another region wrote the item at the same moment (strong consistency); retry", retryAfter: true };
const cursorOnly = (what: string): ErrorCase => ({ status: 400, code: "VALIDATION", when: `\`limit\` is not a decimal integer from 1 to 100, or \`cursor\` is not one this API gave for ${what}` });
const requestId = { id: { pattern: REQUEST_ID, description: "Approval request id (a UUID)" } };
const badId = (what: string): ErrorCase => ({ status: 400, code: "VALIDATION", when: `the ${what} id is malformed` });
const body = (): ErrorCase[] => [
    { status: 400, code: "VALIDATION", when: "the body is not valid JSON or breaks the schema (the message names the field)" },
    { status: 413, code: "PAYLOAD_TOO_LARGE", when: "the body is over the item size limit" },
    { status: 415, code: "UNSUPPORTED_MEDIA_TYPE", when: "`Content-Type` is not `application/json`" },
];

/** Every route's operation, keyed `METHOD path` as in handlers/shared/routes.ts. */
export const OPERATIONS: Readonly<Record<string, OperationSpec>> = {
    "GET /items": {
        operationId: "listItems", tag: "items", summary: "List the caller's items",
        description: "One page of the caller's own items, at most `limit` and at most about 5 MB of response; a `cursor` when more follow.",
        query: ListQuery,
        responses: { 200: { description: "A page of items", schema: "ItemPage", headers: decided } },
        errors: [{ status: 400, code: "VALIDATION", when: "`limit` is not a decimal integer from 1 to 100, or `cursor` is not one this API gave" }],
    },
    "POST /items": {
        operationId: "createItem", tag: "items", summary: "Create an item",
        description: "Creates an item in the caller's partition. With `Idempotency-Key` the request is performed once: a retry with the same key and body, in any region once replicated, gets the first answer back (for 24 hours).",
        headers: [{ name: "Idempotency-Key", required: false, pattern: IDEMPOTENCY_KEY_PATTERN, description: "Performs the request once per key (1-128 of A-Z a-z 0-9 _ - : .); the client library sends a new UUID per call" }],
        body: { schema: "ItemInput", example: { title: "hello", body: "first item", tags: ["demo"] } },
        responses: { 201: { description: "Created (or the first answer replayed)", schema: "Item", headers: { ...withEtag, "Idempotent-Replayed": "`true` when this is the replayed first answer of the same `Idempotency-Key`" } } },
        errors: [
            ...body(),
            { status: 400, code: "VALIDATION", when: "`Idempotency-Key` is malformed" },
            { status: 409, code: "IDEMPOTENCY_KEY_REUSED", when: "the key was used with another body, or (after its 24 hours) the item it created still exists" },
            { status: 409, code: "IDEMPOTENCY_KEY_IN_PROGRESS", when: "the first request with this key is still running", retryAfter: true },
        ],
    },
    "GET /items/{id}": {
        operationId: "getItem", tag: "items", summary: "Read an item", pathParams: itemId,
        description: "The item, with `conflicts`: how many conflict copies it has (`GET /items/{id}/conflicts` lists them).",
        responses: { 200: { description: "The item", schema: "ItemWithConflicts", headers: withEtag } },
        errors: [badId("item"), { status: 404, code: "NOT_FOUND", when: "the caller has no item with this id" }],
    },
    "PUT /items/{id}": {
        operationId: "updateItem", tag: "items", summary: "Replace an item at a version", pathParams: itemId,
        description: "Replaces the item's fields if `version` (and the `If-Match` etag, when sent) is the current one; the answer has the new version and etag.",
        headers: [ifMatch],
        body: { schema: "ItemUpdate", example: { title: "hello again", version: 1 } },
        responses: { 200: { description: "The item as replaced", schema: "Item", headers: withEtag } },
        errors: [
            ...body(), badId("item"),
            { status: 400, code: "VALIDATION", when: "`If-Match` is not one etag" },
            { status: 404, code: "NOT_FOUND", when: "the caller has no item with this id" },
            { status: 409, code: "STALE_VERSION", when: "`version` or the etag is not the current one; `currentVersion` and `currentEtag` say which is" },
            replicatedConflict,
        ],
    },
    "DELETE /items/{id}": {
        operationId: "deleteItem", tag: "items", summary: "Delete an item (at a version)", pathParams: itemId,
        description: "Leaves a tombstone (kept 7 days, then expired by TTL) so that the delete, too, says which version it replaced.",
        query: DeleteQuery,
        headers: [ifMatch],
        responses: { 204: { description: "Deleted", headers: decided } },
        errors: [
            badId("item"), { status: 400, code: "VALIDATION", when: "`version` is not a decimal integer, or `If-Match` is not one etag" },
            { status: 404, code: "NOT_FOUND", when: "the caller has no item with this id" },
            { status: 409, code: "STALE_VERSION", when: "`version` or the etag is given and not the current one; `currentVersion` and `currentEtag` say which is" },
            replicatedConflict,
        ],
    },
    "GET /items/{id}/conflicts": {
        operationId: "listConflicts", tag: "items", summary: "List an item's conflict copies", pathParams: itemId,
        description: "Versions of the item that a write from another region overwrote without having seen them, saved by the conflict detector, oldest write first. Empty when nothing was lost.",
        responses: { 200: { description: "The item's conflict copies", schema: "ConflictList", headers: decided } },
        errors: [badId("item")],
    },
    "DELETE /items/{id}/conflicts/{conflictId}": {
        operationId: "deleteConflict", tag: "items", summary: "Dismiss a conflict copy (resolved)", pathParams: copyId,
        responses: { 204: { description: "Dismissed", headers: decided } },
        errors: [
            badId("item"), { status: 400, code: "VALIDATION", when: "the conflict copy id is malformed" },
            { status: 404, code: "NOT_FOUND", when: "the item has no such conflict copy" },
        ],
    },
    "GET /home": {
        operationId: "getHome", tag: "items", summary: "The caller's home region",
        description: "The region whose replica decides the caller's reads and conditional writes while it answers (null until the first write), and every region.",
        responses: { 200: { description: "The home", schema: "Home" } },
        errors: [],
    },
    "PUT /home": {
        operationId: "moveHome", tag: "items", summary: "Move the caller's home region",
        description: "Recorded in the first platform region (the coordinator). Move a partition to where its user is, or away from a region before it is drained.",
        body: { schema: "HomeInput", example: { region: "eu-west-1" } },
        responses: { 200: { description: "The new home", schema: "Home" } },
        errors: [
            { status: 400, code: "VALIDATION", when: "`region` is not a platform region, or the table is strongly consistent (no homes)" },
            { status: 413, code: "PAYLOAD_TOO_LARGE", when: "the body is over 1 KB" },
            { status: 415, code: "UNSUPPORTED_MEDIA_TYPE", when: "`Content-Type` is not `application/json`" },
            { status: 503, code: "SERVICE_UNAVAILABLE", when: "the coordinator region does not answer; try again later" },
        ],
    },
    "POST /items/{id}/publish": {
        operationId: "publishItem", tag: "approvals", summary: "Ask approvers to publish an item", pathParams: itemId,
        description: "Records an approval request with a snapshot of the item's current version and starts this region's approval workflow. At most one open request per item.",
        responses: { 202: { description: "Requested", schema: "PublishResponse" } },
        errors: [
            badId("item"), { status: 404, code: "NOT_FOUND", when: "the caller has no item with this id" },
            { status: 409, code: "PUBLISH_ALREADY_REQUESTED", when: "the item has an open request; `requestId` and `status` name it" },
            { status: 503, code: "SERVICE_UNAVAILABLE", when: "the workflow could not be started; nothing was recorded, try again" },
        ],
    },
    "GET /requests/{id}": {
        operationId: "getRequest", tag: "approvals", summary: "Read an approval request", pathParams: requestId,
        description: "The requester or an approver sees it; anyone else gets 404.",
        responses: { 200: { description: "The request", schema: "RequestView" } },
        errors: [badId("request"), { status: 404, code: "NOT_FOUND", when: "no such request, or the caller is neither its requester nor an approver" }],
    },
    "GET /approvals": {
        operationId: "listApprovals", tag: "approvals", summary: "List pending approval requests (approvers)",
        description: "Oldest first.",
        query: PendingQuery,
        responses: { 200: { description: "A page of pending requests", schema: "RequestPage" } },
        errors: [
            { status: 400, code: "VALIDATION", when: "`status` is not `pending`, or `limit`/`cursor` are malformed" },
            { status: 403, code: "NOT_APPROVER", when: "the caller is not in the `approvers` group" },
        ],
    },
    "POST /approvals/{id}/decision": {
        operationId: "decide", tag: "approvals", summary: "Approve or reject a request (approvers)", pathParams: requestId,
        description: "A conditional update from PENDING in the region that runs the request's workflow, whichever region takes the POST; exactly one decision wins.",
        body: { schema: "DecisionInput", example: { decision: "approve", comment: "looks good" } },
        responses: { 200: { description: "The decided request", schema: "RequestView" } },
        errors: [
            ...body(), badId("request"),
            { status: 403, code: "NOT_APPROVER", when: "the caller is not in the `approvers` group" },
            { status: 403, code: "SELF_APPROVAL", when: "the caller requested it" },
            { status: 404, code: "NOT_FOUND", when: "no such request" },
            { status: 409, code: "ALREADY_DECIDED", when: "it was decided already; `status` says how" },
            { status: 409, code: "NOT_READY", when: "the workflow has not reached the decision yet; try again shortly" },
            { status: 410, code: "REQUEST_EXPIRED", when: "it expired before a decision" },
            { status: 503, code: "SERVICE_UNAVAILABLE", when: "the decision could not reach the workflow; it was not recorded, try again" },
        ],
    },
    "GET /published": {
        operationId: "listPublished", tag: "approvals", summary: "What approvals published",
        description: "The published feed, newest first; `mine` marks the caller's own items.",
        query: PageQuery,
        responses: { 200: { description: "A page of the feed", schema: "PublishedPage" } },
        errors: [cursorOnly("the feed")],
    },
    "GET /notices": {
        operationId: "listNotices", tag: "approvals", summary: "The caller's approval outcomes",
        description: "One notice per ended request of the caller (published, rejected, expired or failed), in request-id order.",
        query: PageQuery,
        responses: { 200: { description: "A page of notices", schema: "NoticePage" } },
        errors: [cursorOnly("notices")],
    },
    "GET /health": {
        operationId: "health", tag: "health", summary: "Deep health of this region",
        description: "Unauthenticated. Reads a sentinel and the region's drain flag from the local replica; Route 53 health checks and the client library's breakers use it.",
        responses: { 200: { description: "Healthy", schema: "Health" }, 503: { description: "Drained (`status: drained`) or the replica did not answer (`unavailable`)", schema: "Health" } },
        errors: [],
    },
};

/** Answers of API Gateway itself, on every authenticated route. */
export const GATEWAY_ERRORS: readonly ErrorCase[] = [
    { status: 401, code: "Unauthorized", when: "no, expired or invalid ID token in `Authorization`" },
    { status: 403, code: "Missing Authentication Token", when: "no such route or method" },
    { status: 413, code: "Request Too Long", when: "the request is over API Gateway's 10 MB" },
    { status: 429, code: "Too Many Requests", when: "over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`)" },
    { status: 502, code: "Internal server error", when: "the function failed or its answer was over Lambda's 6 MB" },
    { status: 504, code: "Endpoint request timed out", when: "the function did not answer within 29 s" },
];
