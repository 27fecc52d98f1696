/** The one error the client throws: what was refused or failed, where, and what was tried. */

/** One attempt of a call. */
export interface AttemptRecord {
    readonly region: string;
    /** HTTP status, or `network` / `timeout` when there was no answer. */
    readonly result: number | "network" | "timeout";
    readonly code?: string;
    readonly ms: number;
}

/** API Gateway's own answers (`{"message"}` bodies) get a code from their status. */
const GATEWAY_CODES: Record<number, string> = {
    400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 413: "PAYLOAD_TOO_LARGE",
    429: "THROTTLED", 500: "INTERNAL", 502: "BAD_GATEWAY", 503: "SERVICE_UNAVAILABLE", 504: "GATEWAY_TIMEOUT",
};

/** Code for a status without the platform's `{ "error": { "code" } }` body. */
export function gatewayCode(status: number): string {
    return GATEWAY_CODES[status] ?? `HTTP_${status}`;
}

/**
 * A call that did not succeed. `status` and `code` are the last answer's (the platform's error
 * code, e.g. `STALE_VERSION`, or one derived from API Gateway's status, e.g. `THROTTLED`;
 * `NETWORK_ERROR` / `TIMEOUT` when no region answered), `region` the region of that answer,
 * `details` the error body's other fields (e.g. `currentVersion`), `attempts` every attempt.
 */
export class PlatformError extends Error {
    constructor(
        message: string,
        readonly code: string,
        readonly status: number | undefined,
        readonly region: string | undefined,
        readonly attempts: readonly AttemptRecord[],
        readonly details: Readonly<Record<string, unknown>> = {},
        /**
         * An attempt may have been performed although the call reports failure: a publish that
         * timed out, or the 409 a conditional write got on a retry that the client could not
         * attribute to its own first attempt. Check before repeating.
         */
        readonly mayHaveBeenPerformed = false,
    ) {
        super(message);
        this.name = "PlatformError";
    }
}
