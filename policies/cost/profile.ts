/**
 * What one request costs in units AWS bills, per API route and per workflow step, measured by
 * running the real handlers against dynalite (`npm run cost -- --measure` rewrites
 * request-profile.json; tests/cost/profile.spec.ts fails when a fresh measurement disagrees).
 */
import profile from "./request-profile.json";

/** Billable units of one invocation of a function. */
export interface InvocationProfile {
    /** Function (handler name) that serves it: `items`, `approvals`, `health`, `approval-notify`, `approval-worker`. */
    readonly function: string;
    /** DynamoDB read request units (as dynalite reports consumed capacity). */
    readonly rru: number;
    /** DynamoDB write request units. */
    readonly wru: number;
    /** Log events the handler writes (application logs and embedded-metric-format lines). */
    readonly logEvents: number;
    /** Their bytes, UTF-8. */
    readonly logBytes: number;
}

/** One API route: an invocation plus what goes back to the client. */
export interface RouteProfile extends InvocationProfile {
    /** HTTP status of the measured request. */
    readonly status: number;
    /** Bytes of the response body. */
    readonly responseBytes: number;
}

/** A custom metric the handlers publish (embedded metric format), region dimension left out. */
export interface MetricProfile {
    readonly function: string;
    readonly namespace: string;
    readonly name: string;
    readonly dimensions: Record<string, string>;
}

/** The measured profile. */
export interface RequestProfile {
    readonly about: string;
    /** Bytes of the stored item the routes were measured with (DynamoDB's item size rules). */
    readonly itemBytes: number;
    /** Items in the caller's partition when `GET /items` was measured. */
    readonly listSize: number;
    /** By `METHOD /path` as in handlers/shared/routes.ts. */
    readonly routes: Record<string, RouteProfile>;
    /** Workflow task invocations: `approval-notify`, `approval-worker:<step>`. */
    readonly steps: Record<string, InvocationProfile>;
    readonly metrics: readonly MetricProfile[];
    /** Lambda's own log events per invocation with the JSON log format at system level INFO (platform.start and platform.report). */
    readonly platformLog: { readonly events: number; readonly bytes: number; readonly how: string };
}

/** The checked-in profile. */
export const PROFILE: RequestProfile = profile as unknown as RequestProfile;
