/** Environment read once at cold start; a missing variable fails the init, not a request. */
export function required(name: string): string {
    const value = process.env[name];
    if (!value) throw new Error(`Environment variable ${name} is not set`);
    return value;
}

export const env = {
    tableName: required("TABLE_NAME"),
    region: required("AWS_REGION"),
    /** Local DynamoDB endpoint (tests, benchmarks); unset in Lambda. */
    dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    /** Largest accepted item body in bytes; the stored item must stay under DynamoDB's 400 KB. */
    maxItemBytes: Number(process.env.MAX_ITEM_BYTES ?? 350_000),
    healthTimeoutMs: Number(process.env.HEALTH_TIMEOUT_MS ?? 1000),
};

