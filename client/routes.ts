/**
 * Which client method calls each route of the API (handlers/shared/routes.ts). A test checks that
 * every route has one, so a route added to the API without a client method fails `npm test`.
 */
import type { PlatformClient } from "./client";

/** `METHOD path` -> the {@link PlatformClient} method that calls it. */
export const CLIENT_METHODS = {
    "GET /items": "listItems",
    "POST /items": "createItem",
    "GET /items/{id}": "getItem",
    "PUT /items/{id}": "updateItem",
    "DELETE /items/{id}": "deleteItem",
    "GET /items/{id}/conflicts": "listConflicts",
    "DELETE /items/{id}/conflicts/{conflictId}": "deleteConflict",
    "GET /home": "getHome",
    "PUT /home": "moveHome",
    "POST /items/{id}/publish": "publishItem",
    "GET /requests/{id}": "getRequest",
    "GET /approvals": "listApprovals",
    "POST /approvals/{id}/decision": "decide",
    "GET /published": "listPublished",
    "GET /notices": "listNotices",
    "GET /health": "health",
} as const satisfies Record<string, keyof PlatformClient>;
