/**
 * Cross-origin access to the API, in one place: the handlers add these headers to every response
 * (handlers/shared/http.ts), the RegionalApi component puts the same values on its preflight
 * (OPTIONS, MOCK integration) methods and on API Gateway's gateway responses, and the local
 * platform's REST API answers with them too. No imports: handler bundles, the program and the
 * local platform all load it.
 *
 * One origin, exactly: the web console's (`https://console.<zone>`, or its CloudFront domain).
 * Never `*`, and never the request's own `Origin` echoed back: a gateway response can only carry
 * a fixed value, so a list of origins could not be honoured there, and echoing would admit any
 * site. No credentials (cookies) are involved: the console sends its token in `Authorization`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html
 */

/** Request headers the console and the client send besides the CORS-safelisted ones (each needs a preflight); `if-match` carries an item's etag. */
export const CORS_ALLOW_HEADERS = ["authorization", "content-type", "idempotency-key", "if-match"] as const;

/**
 * Response headers a browser script may read beyond the safelisted ones: the answering region, when
 * to retry, an idempotent replay, an item's etag, and which replica decided a write (and whether its
 * home was unreachable).
 */
export const CORS_EXPOSE_HEADERS = ["x-platform-region", "retry-after", "idempotent-replayed", "etag", "x-decided-in", "x-home-unreachable"] as const;

/** How long a browser may cache a preflight answer (Chromium caps it at 7,200 s). */
export const CORS_MAX_AGE_SECONDS = 600;

/** Response header naming the region whose function answered (the console shows it; read cross-origin through {@link CORS_EXPOSE_HEADERS}). */
export const REGION_HEADER = "x-platform-region";

/** What an allowed origin looks like: scheme and host (and port), nothing else. */
const ORIGIN = /^(https:\/\/[a-z0-9.-]+(:\d{1,5})?|http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?)$/;

/**
 * Problems with an origin given as the API's allowed origin: `https://` with a host (and optional
 * port) and no path, or plain `http://` on loopback only (the local platform). Empty when valid.
 */
export function originProblems(origin: string): string[] {
    if (origin === "*") return ["must name one origin, never *"];
    if (!ORIGIN.test(origin)) return [`"${origin}" is not an origin (https://host[:port], no path or trailing slash; http:// only on 127.0.0.1 or localhost)`];
    return [];
}

/** Headers every API response carries for the console's origin (Lambda results and gateway responses). */
export function corsHeaders(origin: string): Record<string, string> {
    return {
        "access-control-allow-origin": origin,
        "access-control-expose-headers": CORS_EXPOSE_HEADERS.join(","),
    };
}

/** The answer to a preflight (`OPTIONS`) on a path whose routes use `methods`. */
export function preflightHeaders(origin: string, methods: readonly string[]): Record<string, string> {
    return {
        ...corsHeaders(origin),
        "access-control-allow-methods": [...new Set([...methods, "OPTIONS"])].join(","),
        "access-control-allow-headers": CORS_ALLOW_HEADERS.join(","),
        "access-control-max-age": String(CORS_MAX_AGE_SECONDS),
    };
}

/** Methods of the routes on each path, in route order (what a preflight on that path allows). */
export function methodsByPath(routes: ReadonlyArray<{ readonly method: string; readonly path: string }>): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const r of routes) {
        const methods = out.get(r.path) ?? [];
        if (!methods.includes(r.method)) methods.push(r.method);
        out.set(r.path, methods);
    }
    return out;
}

/**
 * The functions' CORS headers from `CORS_ALLOW_ORIGIN` (components/logic/functionEnvironment.ts):
 * the one browser origin allowed to read the API's answers, the web console's. Unset: none, so no
 * browser page on another origin can read a response. A malformed value fails the init, not a request.
 */
export function corsFromEnvironment(value: string | undefined): Record<string, string> {
    if (value === undefined || value === "") return {};
    const problems = originProblems(value);
    if (problems.length) throw new Error(`Environment variable CORS_ALLOW_ORIGIN ${problems.join("; ")}`);
    return corsHeaders(value);
}
