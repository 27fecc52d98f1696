/**
 * Key layout of the single-table design. Users own `USER#<user-pool sub>` partitions (and may
 * write them with their own credentials); everything else is written only by the platform.
 */
/** Partition and sort key attribute names of the single-table design. */
export const TABLE_KEYS = { partition: "pk", sort: "sk" } as const;

/**
 * The one global secondary index. Its partition key `gsi1pk` holds a work-queue name such as
 * `APPROVAL#PENDING`, its sort key `gsi1sk` a creation timestamp and id, so approvers list pending
 * requests in order with one Query. Only items that carry `gsi1pk` are projected (sparse index),
 * so user rows never land in it.
 */
export const GSI1 = { name: "gsi1", partition: "gsi1pk", sort: "gsi1sk" } as const;

export const CONTROL_PK = "CONTROL";
export const SENTINEL_SK = "HEALTH#SENTINEL";

export const userPk = (sub: string) => `USER#${sub}`;
/** Sort-key prefix of a user's items: `GET /items` reads this prefix only. */
export const ITEM_PREFIX = "ITEM#";
export const itemSk = (id: string) => `${ITEM_PREFIX}${id}`;
export const drainSk = (region: string) => `DRAIN#${region}`;
/**
 * Idempotency records (handlers/shared/idempotency.ts) live in the caller's own partition, next to
 * the items they create: a conditional write on one user's partition then decides both, wherever
 * that partition's writes are routed, and the records replicate with the global table. They expire
 * through the table's TTL attribute. `GET /items` reads {@link ITEM_PREFIX} only, so they are never listed.
 */
export const IDEMPOTENCY_PREFIX = "IDEMPOTENCY#";
export const idempotencySk = (key: string) => `${IDEMPOTENCY_PREFIX}${key}`;

/** Approval requests: platform-written partitions users cannot write (DESIGN.md decision 4). */
export const requestPk = (id: string) => `REQUEST#${id}`;
/** The request's own row: status, requester, snapshot of what is to be published. */
export const REQUEST_SK = "REQUEST";
/** The task token, in a row of its own: never projected into the approvers' index, never returned. */
export const TOKEN_SK = "TOKEN";
/** `gsi1pk` of requests awaiting a decision (sparse index: decided requests drop out). */
export const PENDING_QUEUE = "APPROVAL#PENDING";
/**
 * At most one open approval request per item: `OPENREQUEST#<sub>#<itemId>` / `OPEN` names the
 * item's open request. A platform partition (DESIGN.md decision 4): users' row-level access
 * reaches only `USER#<sub>`, so a user can neither forge nor clear it. The publish creates it
 * conditionally; the workflow's finish, expire and fail steps delete it.
 */
export const OPEN_REQUEST_PREFIX = "OPENREQUEST#";
export const openRequestPk = (sub: string, itemId: string) => `${OPEN_REQUEST_PREFIX}${sub}#${itemId}`;
export const OPEN_REQUEST_SK = "OPEN";
/** What an approval unlocks: written only by the workflow. */
export const publishedPk = (sub: string) => `PUBLISHED#${sub}`;
/**
 * `gsi1pk` of the published feed: every `PUBLISHED#` row carries it, with `gsi1sk` =
 * `<publishedAt>#<requestId>`, so `GET /published` lists what approvals published, newest first,
 * with one Query on the index. Written by the workflow's apply step only, like the rows themselves.
 */
export const PUBLISHED_FEED = "FEED#PUBLISHED";
/** Sort-key prefix of outcome notices: `GET /notices` reads this prefix of the caller's partition only. */
export const NOTICE_PREFIX = "NOTICE#";
/** Outcome notices in the requester's own partition (readable with their row-level access and through `GET /notices`). */
export const noticeSk = (requestId: string) => `${NOTICE_PREFIX}${requestId}`;
