/** API Gateway proxy responses and request parsing shared by the API handlers. */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { corsFromEnvironment, REGION_HEADER } from "./cors";
import { ConflictError, DomainError, PayloadTooLargeError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from "./errors";
import { logger } from "./powertools";

/** Headers of every response: JSON, never cached, the console's CORS headers, and the region that answered. */
const HEADERS: Record<string, string> = {
    "content-type": "application/json",
    "cache-control": "no-store",
    ...corsFromEnvironment(process.env.CORS_ALLOW_ORIGIN),
    ...(process.env.AWS_REGION ? { [REGION_HEADER]: process.env.AWS_REGION } : {}),
};

export function json(statusCode: number, body?: unknown): APIGatewayProxyResult {
    return { statusCode, headers: { ...HEADERS }, body: body === undefined ? "" : JSON.stringify(body) };
}

/** `{ "error": { "code", "message" } }` for a domain error (with `Retry-After` when its details say when to retry); a generic 500 for anything else (logged without the request). */
export function errorResponse(e: unknown): APIGatewayProxyResult {
    if (e instanceof DomainError) {
        const res = json(e.statusCode, { error: { code: e.code, message: e.message, ...(e.details ?? {}) } });
        const retryAfter = e.details?.retryAfterSeconds;
        return typeof retryAfter === "number" ? { ...res, headers: { ...res.headers, "retry-after": String(retryAfter) } } : res;
    }
    if ((e as { name?: string })?.name === "ReplicatedWriteConflictException") {
        // Strong mode (MRSC): another region is writing the same item right now. Retryable.
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html
        return errorResponse(new ConflictError("REPLICATED_WRITE_CONFLICT", "Another region is writing this item at the same moment; retry", { retryAfterSeconds: 1 }));
    }
    logger.error("Unexpected error", { error: e instanceof Error ? { name: e.name, message: e.message } : String(e) });
    return json(500, { error: { code: "INTERNAL", message: "Internal error" } });
}

/** The caller's user-pool `sub`, from the Cognito authorizer's claims only (never from the request). */
export function callerSub(event: APIGatewayProxyEvent): string {
    const sub = event.requestContext?.authorizer?.claims?.sub;
    if (typeof sub !== "string" || !/^[A-Za-z0-9-]{1,128}$/.test(sub)) throw new UnauthorizedError();
    return sub;
}

/** The `{id}` path parameter, checked against `pattern`; `what` completes "id must be ...". */
export function pathParam(event: APIGatewayProxyEvent, pattern: RegExp, what: string, name = "id"): string {
    const value = event.pathParameters?.[name];
    if (!value || !pattern.test(value)) throw new ValidationError(`${name} must be ${what}`);
    return value;
}

/** Header lookup, case-insensitive. */
export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
    const wanted = name.toLowerCase();
    for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted && typeof v === "string") return v;
    return undefined;
}

/** The JSON body: content type checked, size bounded, parse errors as 400. */
export function jsonBody(event: APIGatewayProxyEvent, maxBytes: number): unknown {
    const type = header(event, "content-type");
    if (!type || !/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type.trim())) throw new UnsupportedMediaTypeError();
    if (event.body === null || event.body === undefined || event.body === "") throw new ValidationError("Request body is required");
    const raw = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
    const size = Buffer.byteLength(raw, "utf8");
    if (size > maxBytes) throw new PayloadTooLargeError(`Body is ${size} bytes; the limit is ${maxBytes}`);
    try {
        return JSON.parse(raw);
    } catch {
        throw new ValidationError("Body is not valid JSON");
    }
}

/**
 * The Lambda entry of an API handler: a correlation id and the route on every log line of the
 * request, domain errors mapped to their status, anything else a logged 500 without the request.
 */
export function apiHandler(route: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
    return async event => {
        logger.appendKeys({ correlationId: event.requestContext?.requestId, route: `${event.httpMethod} ${event.resource}` });
        try {
            return await route(event);
        } catch (e) {
            return errorResponse(e);
        } finally {
            logger.removeKeys(["correlationId", "route"]);
        }
    };
}
