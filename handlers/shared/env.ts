/** Environment read once at cold start; a missing variable fails the init, not a request. */
export function required(name: string): string {
    const value = process.env[name];
    if (!value) throw new Error(`Environment variable ${name} is not set`);
    return value;
}

/** Services with a local stand-in (the local platform, tests). */
export type LocalService = "dynamodb" | "states" | "sns";

/**
 * `LOCAL_AWS_ENDPOINTS`: JSON `{ "<service>": { "<region>": "http://..." } }` naming the stand-in of
 * each service in each region, set by the local platform so that a decision sent to another
 * region's replica or Step Functions reaches that region's stand-in. Unset in Lambda.
 */
function localEndpoints(raw: string | undefined): Partial<Record<LocalService, Record<string, string>>> {
    if (!raw) return {};
    try {
        const parsed = JSON.parse(raw);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed;
    } catch { /* reported below */ }
    throw new Error("Environment variable LOCAL_AWS_ENDPOINTS is not a JSON object of service -> region -> URL");
}

const endpoints = localEndpoints(process.env.LOCAL_AWS_ENDPOINTS);

export const env = {
    tableName: required("TABLE_NAME"),
    region: required("AWS_REGION"),
    /** Local DynamoDB endpoint for every region (tests, benchmarks); unset in Lambda. */
    dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    /** Largest accepted item body in bytes; the stored item must stay under DynamoDB's 400 KB. */
    maxItemBytes: Number(process.env.MAX_ITEM_BYTES ?? 350_000),
    healthTimeoutMs: Number(process.env.HEALTH_TIMEOUT_MS ?? 1000),
};

/** The endpoint of a local stand-in for `service` in `region`; `undefined` = the AWS endpoint of that region. */
export function endpointFor(service: LocalService, region: string): string | undefined {
    return endpoints[service]?.[region] ?? (service === "dynamodb" ? env.dynamodbEndpoint : undefined);
}
