/**
 * Every function's environment variables, in one place: the program sets them on the deployed
 * functions (Pulumi inputs) and the local platform on its workers (strings), so the two cannot drift.
 */
import type { API_FUNCTIONS, STREAM_FUNCTIONS, WORKFLOW_FUNCTIONS } from "../../handlers/shared/routes";

/** A function of the platform, by handler name. */
export type FunctionName = keyof typeof API_FUNCTIONS | keyof typeof WORKFLOW_FUNCTIONS | keyof typeof STREAM_FUNCTIONS;

/** What the environments are made of; each function takes the fields it needs. */
export interface EnvironmentInputs<T> {
    readonly tableName: T;
    /** The attribute the table expires items on (idempotency records and tombstones of the items API). */
    readonly ttlAttribute?: string;
    /** `platform:table.consistency`: partition homes arbitrate in eventual mode only. */
    readonly consistency?: "eventual" | "strong";
    /** `platform:table.homeTimeoutMs`. */
    readonly homeTimeoutMs?: number;
    /** `platform:approval.takeoverAfterMinutes`, in seconds. */
    readonly takeoverAfterSeconds?: number;
    /** This region's approval state machine (the approvals API starts executions there). */
    readonly stateMachineArn?: T;
    /** Every platform region (decisions go to the execution's region). */
    readonly regions?: readonly string[];
    /** This region's approvers' topic (the notifier). */
    readonly approversTopicArn?: T;
    /** Where approvers decide, named in their notification. */
    readonly decideUrl?: T;
    /**
     * The one browser origin the API functions answer with CORS headers for: the web console's
     * (handlers/shared/cors.ts). Absent: no CORS headers (no browser app on another origin can
     * read the API).
     */
    readonly allowedOrigin?: T;
}

function need<T>(value: T | undefined, name: string, fn: FunctionName): T {
    if (value === undefined) throw new Error(`The ${fn} function's environment needs ${name}`);
    return value;
}

/** The environment of `fn` (without POWERTOOLS_SERVICE_NAME and NODE_OPTIONS, which every function gets). */
export function functionEnvironment<T>(fn: FunctionName, inputs: EnvironmentInputs<T>): Record<string, T | string> {
    // The functions behind the REST API answer browsers; the workflow's are never called by one.
    const cors: Record<string, T> = inputs.allowedOrigin === undefined ? {} : { CORS_ALLOW_ORIGIN: inputs.allowedOrigin };
    switch (fn) {
        case "approvals":
            return {
                TABLE_NAME: inputs.tableName,
                STATE_MACHINE_ARN: need(inputs.stateMachineArn, "stateMachineArn", fn),
                PLATFORM_REGIONS: need(inputs.regions, "regions", fn).join(","),
                TAKEOVER_AFTER_SECONDS: String(need(inputs.takeoverAfterSeconds, "takeoverAfterSeconds", fn)),
                // A publish reads the item and claims it where the partition is decided, as the items API does.
                PARTITION_DECISIONS: need(inputs.consistency, "consistency", fn),
                HOME_TIMEOUT_MS: String(need(inputs.homeTimeoutMs, "homeTimeoutMs", fn)),
                ...cors,
            };
        case "approval-notify":
            return {
                TABLE_NAME: inputs.tableName,
                APPROVERS_TOPIC_ARN: need(inputs.approversTopicArn, "approversTopicArn", fn),
                DECIDE_URL: need(inputs.decideUrl, "decideUrl", fn),
            };
        case "items":
            return {
                TABLE_NAME: inputs.tableName,
                TTL_ATTRIBUTE: need(inputs.ttlAttribute, "ttlAttribute", fn),
                PLATFORM_REGIONS: need(inputs.regions, "regions", fn).join(","),
                PARTITION_DECISIONS: need(inputs.consistency, "consistency", fn),
                HOME_TIMEOUT_MS: String(need(inputs.homeTimeoutMs, "homeTimeoutMs", fn)),
                ...cors,
            };
        case "health":
            return { TABLE_NAME: inputs.tableName, ...cors };
        case "approval-worker":
        case "conflict-detector":
            return { TABLE_NAME: inputs.tableName };
    }
}
