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
        /** Read an item */
        get: operations["getItem"];
        /**
         * Replace an item at a version
         * @description Replaces the item's fields if `version` is the current one; the answer has the new version.
         */
        put: operations["updateItem"];
        post?: never;
        /** Delete an item (at a version) */
        delete: operations["deleteItem"];
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
        Item: {
            id: string;
            title: string;
            body?: string;
            tags?: string[];
            version: number;
            createdAt: string;
            updatedAt: string;
            updatedRegion: string;
        };
        ItemPage: {
            items: components["schemas"]["Item"][];
            cursor?: string;
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
            /** @description `IDEMPOTENCY_KEY_REUSED`: the key was used with another body; `IDEMPOTENCY_KEY_IN_PROGRESS`: the first request with this key is still running */
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
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Item"];
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
            header?: never;
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
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Item"];
                };
            };
            /** @description `VALIDATION`: the body is not valid JSON or breaks the schema (the message names the field); `VALIDATION`: the item id is malformed */
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
            /** @description `STALE_VERSION`: `version` is not the current one; `currentVersion` says which is */
            409: {
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
            header?: never;
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
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `VALIDATION`: the item id is malformed; `VALIDATION`: `version` is not a decimal integer */
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
            /** @description `STALE_VERSION`: `version` is given and not the current one; `currentVersion` says which is */
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
