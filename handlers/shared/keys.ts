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

/**
 * Partition prefixes. IAM policies grant `dynamodb:LeadingKeys` on `<prefix>*` (components/logic/),
 * the key builders below prepend the same constants: a change here changes both sides at once.
 */
export const PARTITION_PREFIX = {
    /** A user's own rows, keyed on the user-pool `sub` (writable with the user's own credentials). */
    user: "USER#",
    /** Approval requests and their task tokens (platform-written only). */
    request: "REQUEST#",
    /** What an approval unlocks (written by the workflow only). */
    published: "PUBLISHED#",
    /** The open approval request of an item (written by the platform only). */
    openRequest: "OPENREQUEST#",
} as const;

/** Sort key prefixes inside a partition. */
export const SORT_PREFIX = { item: "ITEM#", notice: "NOTICE#", drain: "DRAIN#", idempotency: "IDEMPOTENCY#", conflict: "CONFLICT#" } as const;

/** The partition of platform control rows (health sentinel, drain flags); no principal but the platform writes it. */
export const CONTROL_PK = "CONTROL";
/** The row `/health` reads in every replica. */
export const SENTINEL_SK = "HEALTH#SENTINEL";

/** `USER#<sub>`: the caller's own partition. */
export const userPk = (sub: string) => `${PARTITION_PREFIX.user}${sub}`;
/** `ITEM#<id>`: an item in a user's (or the published) partition. */
export const itemSk = (id: string) => `${SORT_PREFIX.item}${id}`;
/** `DRAIN#<region>`: a region's drain flag in the control partition. */
export const drainSk = (region: string) => `${SORT_PREFIX.drain}${region}`;
/** Sort-key prefix of a user's items: `GET /items` reads this prefix only. */
export const ITEM_PREFIX = SORT_PREFIX.item;
/**
 * The partition's home region (`USER#<sub>` / `HOME`): where its conditional writes are decided
 * while that region is reachable (handlers/shared/partitionHome.ts). Written once, by the region
 * that serves the partition's first write; moved by `PUT /home`.
 */
export const HOME_SK = "HOME";
/**
 * Conflict copies: an item version that a replicated write overwrote without having seen it,
 * saved by the conflict detector in the item's own partition as `CONFLICT#<itemId>#<copyId>`
 * (handlers/conflicts/). Not `ITEM#`-prefixed, so `GET /items` never lists them.
 */
export const CONFLICT_PREFIX = "CONFLICT#";
export const conflictPrefix = (itemId: string) => `${CONFLICT_PREFIX}${itemId}#`;
export const conflictSk = (itemId: string, copyId: string) => `${conflictPrefix(itemId)}${copyId}`;
/**
 * Idempotency records (handlers/shared/idempotency.ts) live in the caller's own partition, next to
 * the items they create: a conditional write on one user's partition then decides both, wherever
 * that partition's writes are routed, and the records replicate with the global table. They expire
 * through the table's TTL attribute. `GET /items` reads {@link ITEM_PREFIX} only, so they are never listed.
 */
export const IDEMPOTENCY_PREFIX = SORT_PREFIX.idempotency;
export const idempotencySk = (key: string) => `${IDEMPOTENCY_PREFIX}${key}`;

/** Approval requests: platform-written partitions users cannot write (docs/design.md, decision 4). */
export const requestPk = (id: string) => `${PARTITION_PREFIX.request}${id}`;
/** The request's own row: status, requester, snapshot of what is to be published. */
export const REQUEST_SK = "REQUEST";
/** The task token, in a row of its own: never projected into the approvers' index, never returned. */
export const TOKEN_SK = "TOKEN";
/** `gsi1pk` of requests awaiting a decision (sparse index: decided requests drop out). */
export const PENDING_QUEUE = "APPROVAL#PENDING";
/**
 * `gsi1pk` of requests another region decided while their own region was out (a takeover): that
 * region's reconcile step tells its still-waiting execution it was superseded, then drops the row
 * from the queue (handlers/approval/domain.ts).
 */
export const SUPERSEDE_QUEUE_PREFIX = "APPROVAL#SUPERSEDE#";
export const supersedeQueue = (region: string) => `${SUPERSEDE_QUEUE_PREFIX}${region}`;
/** `CONTROL` / `UNREACHABLE#<region>`: since when this replica's region has found `<region>` unreachable (approval takeovers). */
export const unreachableSk = (region: string) => `UNREACHABLE#${region}`;
/**
 * At most one open approval request per item: `OPENREQUEST#<sub>#<itemId>` / `OPEN` names the
 * item's open request. A platform partition (docs/design.md, decision 4): users' row-level access
 * reaches only `USER#<sub>`, so a user can neither forge nor clear it. The publish creates it
 * conditionally; the workflow's finish, expire and fail steps delete it.
 */
export const OPEN_REQUEST_PREFIX = PARTITION_PREFIX.openRequest;
export const openRequestPk = (sub: string, itemId: string) => `${OPEN_REQUEST_PREFIX}${sub}#${itemId}`;
export const OPEN_REQUEST_SK = "OPEN";
/** What an approval unlocks: written only by the workflow. */
export const publishedPk = (sub: string) => `${PARTITION_PREFIX.published}${sub}`;
/**
 * `gsi1pk` of the published feed: every `PUBLISHED#` row carries it, with `gsi1sk` =
 * `<publishedAt>#<requestId>`, so `GET /published` lists what approvals published, newest first,
 * with one Query on the index. Written by the workflow's apply step only, like the rows themselves.
 */
export const PUBLISHED_FEED = "FEED#PUBLISHED";
/** Sort-key prefix of outcome notices: `GET /notices` reads this prefix of the caller's partition only. */
export const NOTICE_PREFIX = SORT_PREFIX.notice;
/** Outcome notices in the requester's own partition (readable with their row-level access and through `GET /notices`). */
export const noticeSk = (requestId: string) => `${NOTICE_PREFIX}${requestId}`;

/** `dynamodb:LeadingKeys` pattern (IAM `StringLike`) matching every partition that starts with `prefix`. */
export const partitionPattern = (prefix: (typeof PARTITION_PREFIX)[keyof typeof PARTITION_PREFIX]) => `${prefix}*`;
