/**
 * Types of the API contract, generated from docs/openapi.json by openapi-typescript (npm run openapi).
 * Do not edit: change scripts/lib/apiContract.ts or the handlers' schemas and regenerate.
 */
export type paths = {
    "/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the caller's items
         * @description One page of the caller's own items, at most `limit` and at most about 5 MB of response; a `cursor` when more follow.
         */
        get: operations["listItems"];
        put?: never;
        /**
         * Create an item
         * @description Creates an item in the caller's partition. With `Idempotency-Key` the request is performed once: a retry with the same key and body, in any region once replicated, gets the first answer back (for 24 hours).
         */
        post: operations["createItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an item
         * @description The item, with `conflicts`: how many conflict copies it has (`GET /items/{id}/conflicts` lists them).
         */
        get: operations["getItem"];
        /**
         * Replace an item at a version
         * @description Replaces the item's fields if `version` (and the `If-Match` etag, when sent) is the current one; the answer has the new version and etag.
         */
        put: operations["updateItem"];
        post?: never;
        /**
         * Delete an item (at a version)
         * @description Leaves a tombstone (kept 7 days, then expired by TTL) so that the delete, too, says which version it replaced.
         */
        delete: operations["deleteItem"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/{id}/conflicts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an item's conflict copies
         * @description Versions of the item that a write from another region overwrote without having seen them, saved by the conflict detector, oldest write first. Empty when nothing was lost.
         */
        get: operations["listConflicts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/{id}/conflicts/{conflictId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Dismiss a conflict copy (resolved) */
        delete: operations["deleteConflict"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/home": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's home region
         * @description The region whose replica decides the caller's reads and conditional writes while it answers (null until the first write), and every region.
         */
        get: operations["getHome"];
        /**
         * Move the caller's home region
         * @description Recorded in the first platform region (the coordinator). Move a partition to where its user is, or away from a region before it is drained.
         */
        put: operations["moveHome"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask approvers to publish an item
         * @description Records an approval request with a snapshot of the item's current version and starts this region's approval workflow. At most one open request per item.
         */
        post: operations["publishItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an approval request
         * @description The requester or an approver sees it; anyone else gets 404.
         */
        get: operations["getRequest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List pending approval requests (approvers)
         * @description Oldest first.
         */
        get: operations["listApprovals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/approvals/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or reject a request (approvers)
         * @description A conditional update from PENDING in the region that runs the request's workflow, whichever region takes the POST; exactly one decision wins.
         */
        post: operations["decide"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/published": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What approvals published
         * @description The published feed, newest first; `mine` marks the caller's own items.
         */
        get: operations["listPublished"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's approval outcomes
         * @description One notice per ended request of the caller (published, rejected, expired or failed), in request-id order.
         */
        get: operations["listNotices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Deep health of this region
         * @description Unauthenticated. Reads a sentinel and the region's drain flag from the local replica; Route 53 health checks and the client library's breakers use it.
         */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        ItemInput: {
            title: string;
            body?: string;
            tags?: string[];
        };
        ItemUpdate: {
            title: string;
            body?: string;
            tags?: string[];
            version: number;
        };
        DecisionInput: {
            /** @enum {string} */
            decision: "approve" | "reject";
            comment?: string;
        };
        HomeInput: {
            region: string;
        };
        Item: {
            id: string;
            title: string;
            body?: string;
            tags?: string[];
            version: number;
            etag: string;
            createdAt: string;
            updatedAt: string;
            updatedRegion: string;
        };
        ItemWithConflicts: {
            id: string;
            title: string;
            body?: string;
            tags?: string[];
            version: number;
            etag: string;
            createdAt: string;
            updatedAt: string;
            updatedRegion: string;
            conflicts: number;
        };
        ItemPage: {
            items: components["schemas"]["Item"][];
            cursor?: string;
        };
        ConflictCopy: {
            id: string;
            item: {
                id?: string;
                title?: string;
                body?: string;
                tags?: string[];
                version: number;
                etag?: string;
                createdAt?: string;
                updatedAt?: string;
                updatedRegion?: string;
                deleted?: boolean;
            };
            overwrittenBy: {
                version: number;
                region: string;
                updatedAt: string;
                deleted?: boolean;
            };
        };
        ConflictList: {
            conflicts: components["schemas"]["ConflictCopy"][];
        };
        Home: {
            region: string | null;
            since: string | null;
            regions: string[];
        };
        RequestView: {
            requestId: string;
            /** @constant */
            kind: "publish";
            /** @enum {string} */
            status: "SUBMITTED" | "PENDING" | "APPROVED" | "REJECTED" | "PUBLISHED" | "EXPIRED" | "FAILED";
            itemId: string;
            itemVersion: number;
            title: string;
            region: string;
            createdAt: string;
            /** @enum {string} */
            decision?: "approve" | "reject";
            decidedAt?: string;
            comment?: string;
        };
        PublishResponse: {
            requestId: string;
            /** @constant */
            kind: "publish";
            /** @enum {string} */
            status: "SUBMITTED" | "PENDING" | "APPROVED" | "REJECTED" | "PUBLISHED" | "EXPIRED" | "FAILED";
            itemId: string;
            itemVersion: number;
            title: string;
            region: string;
            createdAt: string;
            /** @enum {string} */
            decision?: "approve" | "reject";
            decidedAt?: string;
            comment?: string;
            links: {
                self: string;
            };
        };
        RequestPage: {
            requests: components["schemas"]["RequestView"][];
            cursor?: string;
        };
        PublishedView: {
            itemId: string;
            itemVersion: number;
            title: string;
            body?: string;
            readonly tags?: string[];
            approvedAt?: string;
            publishedAt: string;
            mine: boolean;
        };
        PublishedPage: {
            items: components["schemas"]["PublishedView"][];
            cursor?: string;
        };
        Notice: {
            requestId: string;
            itemId: string;
            title?: string;
            /** @enum {string} */
            outcome: "SUBMITTED" | "PENDING" | "APPROVED" | "REJECTED" | "PUBLISHED" | "EXPIRED" | "FAILED";
            at: string;
        };
        NoticePage: {
            notices: components["schemas"]["Notice"][];
            cursor?: string;
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "drained" | "unavailable";
            region: string;
        };
        Error: {
            error: {
                code: string;
                message: string;
            } & {
                [key: string]: unknown;
            };
        };
        GatewayError: {
            message: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    listItems: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of items */
            200: {
                headers: {
                    /** @description The region whose replica decided this answer: the partition's home, or the answering region when the home did not answer in time */
                    "X-Decided-In"?: string;
                    /** @description `true` when the partition's home did not answer and the answering region decided (a write may then become a conflict copy) */
                    "X-Home-Unreachable"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemPage"];
                };
            };
            /** @description `VALIDATION`: `limit` is not a decimal integer from 1 to 100, or `cursor` is not one this API gave */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the request is over API Gateway's 10 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    createItem: {
        parameters: {
            query?: never;
            header?: {
                /** @description Performs the request once per key (1-128 of A-Z a-z 0-9 _ - : .); the client library sends a new UUID per call */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "title": "hello",
                 *       "body": "first item",
                 *       "tags": [
                 *         "demo"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ItemInput"];
            };
        };
        responses: {
            /** @description Created (or the first answer replayed) */
            201: {
                headers: {
                    /** @description The region whose replica decided this answer: the partition's home, or the answering region when the home did not answer in time */
                    "X-Decided-In"?: string;
                    /** @description `true` when the partition's home did not answer and the answering region decided (a write may then become a conflict copy) */
                    "X-Home-Unreachable"?: string;
                    /** @description The item version's etag, quoted; send it back as `If-Match` */
                    ETag?: string;
                    /** @description `true` when this is the replayed first answer of the same `Idempotency-Key` */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Item"];
                };
            };
            /** @description `VALIDATION`: the body is not valid JSON or breaks the schema (the message names the field); `VALIDATION`: `Idempotency-Key` is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `IDEMPOTENCY_KEY_REUSED`: the key was used with another body, or (after its 24 hours) the item it created still exists; `IDEMPOTENCY_KEY_IN_PROGRESS`: the first request with this key is still running */
            409: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the item size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: `Content-Type` is not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    getItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Item id (1-64 characters of A-Z a-z 0-9 _ -) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The item */
            200: {
                headers: {
                    /** @description The region whose replica decided this answer: the partition's home, or the answering region when the home did not answer in time */
                    "X-Decided-In"?: string;
                    /** @description `true` when the partition's home did not answer and the answering region decided (a write may then become a conflict copy) */
                    "X-Home-Unreachable"?: string;
                    /** @description The item version's etag, quoted; send it back as `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemWithConflicts"];
                };
            };
            /** @description `VALIDATION`: the item id is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `NOT_FOUND`: the caller has no item with this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the request is over API Gateway's 10 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    updateItem: {
        parameters: {
            query?: never;
            header?: {
                /** @description The etag of the version read (its `etag` field or `ETag` header, quoted or not): the write applies only to that exact version. Recommended: after a home-region outage two regions may both have decided a version number, never an etag */
                "If-Match"?: string;
            };
            path: {
                /** @description Item id (1-64 characters of A-Z a-z 0-9 _ -) */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "title": "hello again",
                 *       "version": 1
                 *     }
                 */
                "application/json": components["schemas"]["ItemUpdate"];
            };
        };
        responses: {
            /** @description The item as replaced */
            200: {
                headers: {
                    /** @description The region whose replica decided this answer: the partition's home, or the answering region when the home did not answer in time */
                    "X-Decided-In"?: string;
                    /** @description `true` when the partition's home did not answer and the answering region decided (a write may then become a conflict copy) */
                    "X-Home-Unreachable"?: string;
                    /** @description The item version's etag, quoted; send it back as `If-Match` */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Item"];
                };
            };
            /** @description `VALIDATION`: the body is not valid JSON or breaks the schema (the message names the field); `VALIDATION`: the item id is malformed; `VALIDATION`: `If-Match` is not one etag */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `NOT_FOUND`: the caller has no item with this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `STALE_VERSION`: `version` or the etag is not the current one; `currentVersion` and `currentEtag` say which is; `REPLICATED_WRITE_CONFLICT`: another region wrote the item at the same moment (strong consistency); retry */
            409: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the item size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: `Content-Type` is not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    deleteItem: {
        parameters: {
            query?: {
                version?: number;
            };
            header?: {
                /** @description The etag of the version read (its `etag` field or `ETag` header, quoted or not): the write applies only to that exact version. Recommended: after a home-region outage two regions may both have decided a version number, never an etag */
                "If-Match"?: string;
            };
            path: {
                /** @description Item id (1-64 characters of A-Z a-z 0-9 _ -) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    /** @description The region whose replica decided this answer: the partition's home, or the answering region when the home did not answer in time */
                    "X-Decided-In"?: string;
                    /** @description `true` when the partition's home did not answer and the answering region decided (a write may then become a conflict copy) */
                    "X-Home-Unreachable"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `VALIDATION`: the item id is malformed; `VALIDATION`: `version` is not a decimal integer, or `If-Match` is not one etag */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `NOT_FOUND`: the caller has no item with this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `STALE_VERSION`: `version` or the etag is given and not the current one; `currentVersion` and `currentEtag` say which is; `REPLICATED_WRITE_CONFLICT`: another region wrote the item at the same moment (strong consistency); retry */
            409: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the request is over API Gateway's 10 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    listConflicts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Item id (1-64 characters of A-Z a-z 0-9 _ -) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The item's conflict copies */
            200: {
                headers: {
                    /** @description The region whose replica decided this answer: the partition's home, or the answering region when the home did not answer in time */
                    "X-Decided-In"?: string;
                    /** @description `true` when the partition's home did not answer and the answering region decided (a write may then become a conflict copy) */
                    "X-Home-Unreachable"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConflictList"];
                };
            };
            /** @description `VALIDATION`: the item id is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the request is over API Gateway's 10 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    deleteConflict: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Item id (1-64 characters of A-Z a-z 0-9 _ -) */
                id: string;
                /** @description Conflict copy id (22 characters of A-Z a-z 0-9 _ -) */
                conflictId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Dismissed */
            204: {
                headers: {
                    /** @description The region whose replica decided this answer: the partition's home, or the answering region when the home did not answer in time */
                    "X-Decided-In"?: string;
                    /** @description `true` when the partition's home did not answer and the answering region decided (a write may then become a conflict copy) */
                    "X-Home-Unreachable"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `VALIDATION`: the item id is malformed; `VALIDATION`: the conflict copy id is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `NOT_FOUND`: the item has no such conflict copy */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the request is over API Gateway's 10 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    getHome: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The home */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Home"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the request is over API Gateway's 10 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    moveHome: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "region": "eu-west-1"
                 *     }
                 */
                "application/json": components["schemas"]["HomeInput"];
            };
        };
        responses: {
            /** @description The new home */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Home"];
                };
            };
            /** @description `VALIDATION`: `region` is not a platform region, or the table is strongly consistent (no homes) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over 1 KB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: `Content-Type` is not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `SERVICE_UNAVAILABLE`: the coordinator region does not answer; try again later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    publishItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Item id (1-64 characters of A-Z a-z 0-9 _ -) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Requested */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublishResponse"];
                };
            };
            /** @description `VALIDATION`: the item id is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `NOT_FOUND`: the caller has no item with this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PUBLISH_ALREADY_REQUESTED`: the item has an open request; `requestId` and `status` name it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the request is over API Gateway's 10 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `SERVICE_UNAVAILABLE`: the workflow could not be started; nothing was recorded, try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    getRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Approval request id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestView"];
                };
            };
            /** @description `VALIDATION`: the request id is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `NOT_FOUND`: no such request, or the caller is neither its requester nor an approver */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the request is over API Gateway's 10 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    listApprovals: {
        parameters: {
            query: {
                status: "pending";
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of pending requests */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestPage"];
                };
            };
            /** @description `VALIDATION`: `status` is not `pending`, or `limit`/`cursor` are malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `NOT_APPROVER`: the caller is not in the `approvers` group */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the request is over API Gateway's 10 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    decide: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Approval request id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "decision": "approve",
                 *       "comment": "looks good"
                 *     }
                 */
                "application/json": components["schemas"]["DecisionInput"];
            };
        };
        responses: {
            /** @description The decided request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestView"];
                };
            };
            /** @description `VALIDATION`: the body is not valid JSON or breaks the schema (the message names the field); `VALIDATION`: the request id is malformed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `NOT_APPROVER`: the caller is not in the `approvers` group; `SELF_APPROVAL`: the caller requested it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `ALREADY_DECIDED`: it was decided already; `status` says how; `NOT_READY`: the workflow has not reached the decision yet; try again shortly */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `REQUEST_EXPIRED`: it expired before a decision */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the item size limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: `Content-Type` is not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `SERVICE_UNAVAILABLE`: the decision could not reach the workflow; it was not recorded, try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    listPublished: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the feed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublishedPage"];
                };
            };
            /** @description `VALIDATION`: `limit` is not a decimal integer from 1 to 100, or `cursor` is not one this API gave for the feed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the request is over API Gateway's 10 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    listNotices: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of notices */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NoticePage"];
                };
            };
            /** @description `VALIDATION`: `limit` is not a decimal integer from 1 to 100, or `cursor` is not one this API gave for notices */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: no, expired or invalid ID token in `Authorization` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the request is over API Gateway's 10 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Healthy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description API Gateway: the request is over API Gateway's 10 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description API Gateway: over the stage's throttle (`platform:api.throttleRateLimit`/`throttleBurstLimit`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description `INTERNAL`: an unexpected error (logged without the request) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description API Gateway: the function failed or its answer was over Lambda's 6 MB */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
            /** @description Drained (`status: drained`) or the replica did not answer (`unavailable`) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description API Gateway: the function did not answer within 29 s */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayError"];
                };
            };
        };
    };
}
