/**
 * The API contract that infrastructure, handlers and tooling share: every route, the function that
 * serves it and whether the Cognito authorizer guards it, plus the bundle of every function the
 * platform deploys. `components/` builds API Gateway from it, `local/` serves it, tests check both.
 * No imports: handler bundles, the browser client and the program can all load it.
 */

/** The API's routes: method, path, the API function that serves it, and whether the Cognito authorizer guards it. */
export const ROUTES = [
    { method: "GET", path: "/items", handler: "items", auth: true },
    { method: "POST", path: "/items", handler: "items", auth: true },
    { method: "GET", path: "/items/{id}", handler: "items", auth: true },
    { method: "PUT", path: "/items/{id}", handler: "items", auth: true },
    { method: "DELETE", path: "/items/{id}", handler: "items", auth: true },
    { method: "GET", path: "/items/{id}/conflicts", handler: "items", auth: true },
    { method: "DELETE", path: "/items/{id}/conflicts/{conflictId}", handler: "items", auth: true },
    { method: "GET", path: "/home", handler: "items", auth: true },
    { method: "PUT", path: "/home", handler: "items", auth: true },
    { method: "POST", path: "/items/{id}/publish", handler: "approvals", auth: true },
    { method: "GET", path: "/requests/{id}", handler: "approvals", auth: true },
    { method: "GET", path: "/approvals", handler: "approvals", auth: true },
    { method: "POST", path: "/approvals/{id}/decision", handler: "approvals", auth: true },
    { method: "GET", path: "/published", handler: "approvals", auth: true },
    { method: "GET", path: "/notices", handler: "approvals", auth: true },
    { method: "GET", path: "/health", handler: "health", auth: false },
] as const;

export type Route = (typeof ROUTES)[number];

/** Functions behind the API, by handler name: their bundle under `handlers/` (`handlers/<bundle>/index.ts`). */
export const API_FUNCTIONS = {
    items: "api/items",
    approvals: "approval/api",
    health: "health",
} as const satisfies Record<Route["handler"], string>;

/** Functions of the approval workflow (state machine tasks), by handler name: their bundle. */
export const WORKFLOW_FUNCTIONS = {
    "approval-notify": "approval/notify",
    "approval-worker": "approval/worker",
} as const;

/** Functions behind each replica's DynamoDB stream (event source mappings), by handler name: their bundle. */
export const STREAM_FUNCTIONS = {
    "conflict-detector": "conflicts",
} as const;

/** The stage every API deploys to; health checks probe `/<STAGE>/health`. */
export const STAGE = "v1";
