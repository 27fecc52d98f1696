/**
 * Service limits the handlers live within, written once for the handlers, the local platform and
 * the tests. No imports: bundles and tooling load it.
 */

/**
 * Largest response payload of a synchronous Lambda invocation, in bytes: "6 MB", measured on the
 * JSON the runtime posts (for a proxy integration, `{ statusCode, headers, body }` with the body
 * string escaped once more). Above it the invocation fails ("Exceeded maximum allowed payload size
 * (6291556 bytes)") and API Gateway answers 502. API Gateway's own 10 MB payload limit is never
 * the binding one behind Lambda.
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6_291_556;

/**
 * What one page of a listing may occupy in the Lambda response payload: 5,000,000 bytes, ~1.2 MB
 * under {@link LAMBDA_RESPONSE_LIMIT_BYTES}. The page is measured exactly ({@link proxyBodyBytes});
 * the margin covers the envelope (status, headers, cursor) and headers a later change adds without
 * revisiting this number. An item written through the API is at most ~0.7 MB in the payload
 * (a 350 KB request body, whose every escaping backslash or quote doubles), so a page always
 * holds at least one item and usually all it asked for.
 */
export const PAGE_BUDGET_BYTES = 5_000_000;

/**
 * Bytes `value` occupies in a Lambda proxy response payload when it is part of the JSON body: the
 * body is `JSON.stringify`d once by the handler and once more, as a string, by the runtime (so a
 * NUL character costs 7 bytes: `\u0000`, then its backslash escaped). Sizes of array elements add
 * up exactly (plus one byte per comma).
 */
export function proxyBodyBytes(value: unknown): number {
    return Buffer.byteLength(JSON.stringify(JSON.stringify(value)), "utf8") - 2;
}
