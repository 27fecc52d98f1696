/**
 * One region's REST API on loopback, served at its root as a custom domain's base path mapping
 * serves it: the route list the RegionalApi component builds API Gateway from
 * (handlers/shared/routes.ts), Lambda proxy integrations invoking the region's functions with REST
 * proxy events (payload format 1.0), the Cognito authorizer on every route that has one, and the
 * answers API Gateway gives of its own (gateway responses):
 *
 * - no such route or method: 403 `Missing Authentication Token`;
 * - missing or invalid token: 401 `Unauthorized`;
 * - body over 10 MB: 413 `Request Too Long`;
 * - over the stage's throttle (token bucket, rate + burst): 429 `Too Many Requests`;
 * - the integration past its timeout (29 s): 504 `Endpoint request timed out`;
 * - a function error, timeout, malformed proxy result or a result over Lambda's 6 MB: 502.
 *
 * With an allowed origin (the web console's), as the RegionalApi component configures API Gateway:
 * every path of the route list answers a CORS preflight (`OPTIONS`, no authorization, as the
 * MOCK-integration methods do) with the headers of handlers/shared/cors.ts, and every gateway
 * response carries the CORS headers (DEFAULT_4XX, DEFAULT_5XX), so a browser can read errors.
 *
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
import { randomUUID } from "node:crypto";
import type * as http from "node:http";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { corsHeaders, methodsByPath, preflightHeaders, REGION_HEADER } from "../handlers/shared/cors";
import type { Route } from "../handlers/shared/routes";
import { LoopbackServer, readBody } from "./lib/http";
import type { Invocation } from "./lambda";

/** API Gateway's payload limit. https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** Lambda's synchronous response limit (6 MB). https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
export const MAX_RESPONSE_BYTES = 6_291_556;
/** REST API integration timeout, default and maximum for Regional APIs without a quota raise. */
export const INTEGRATION_TIMEOUT_MS = 29_000;

/** Something that runs a route's function: the region's Lambda. */
export interface Integration {
    invoke(event: APIGatewayProxyEvent): Promise<Invocation>;
}

/** Options of {@link LocalRestApi}. */
export interface RestApiOptions {
    readonly region: string;
    readonly apiId: string;
    readonly accountId: string;
    readonly stage: string;
    readonly routes: readonly Route[];
    readonly integrations: Record<string, Integration>;
    /** Verifies the Authorization header; claims as strings, or undefined (401). */
    readonly authorize: (authorization: string | undefined) => Promise<Record<string, string> | undefined>;
    readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
    readonly integrationTimeoutMs?: number;
    readonly port?: number;
    /** The one browser origin allowed (the console's): preflights answered, CORS headers on gateway responses. Absent: no CORS at all. */
    readonly allowedOrigin?: string;
}

/** A compiled route: its template as a regular expression. */
interface Compiled {
    readonly route: Route;
    readonly pattern: RegExp;
    readonly params: string[];
}

/** A path template (`/items/{id}`) as a regular expression and its parameter names. */
function pathPattern(path: string): { pattern: RegExp; params: string[] } {
    const params: string[] = [];
    const source = path.replace(/\{([^}]+)\}/g, (_m, name) => { params.push(name); return "([^/]+)"; });
    return { pattern: new RegExp(`^${source}$`), params };
}

function compile(route: Route): Compiled {
    return { route, ...pathPattern(route.path) };
}

/** A gateway response: API Gateway's own JSON `{ "message" }` and error type header, plus the CORS headers the stage's gateway responses are given. */
function gateway(res: http.ServerResponse, status: number, message: string, errorType: string, requestId: string, cors: Record<string, string> = {}): void {
    const body = JSON.stringify({ message });
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-amzn-requestid": requestId, "x-amzn-errortype": errorType, ...cors });
    res.end(body);
}

/** Requests per second with bursts, as API Gateway's stage throttling (token bucket). */
class TokenBucket {
    private tokens: number;
    private last = Date.now();
    constructor(private readonly rate: number, private readonly burst: number) {
        this.tokens = burst;
    }
    take(): boolean {
        const now = Date.now();
        this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
        this.last = now;
        if (this.tokens < 1) return false;
        this.tokens -= 1;
        return true;
    }
}

export class LocalRestApi {
    readonly server: LoopbackServer;
    private readonly compiled: Compiled[];
    private readonly bucket: TokenBucket;
    /** Preflight answers per path template (only with an allowed origin). */
    private readonly preflights: Array<{ pattern: RegExp; headers: Record<string, string> }>;
    private readonly cors: Record<string, string>;
    /** While set, `GET /health` answers 503 without reaching the function (an injected health failure). */
    healthFailing = false;
    /** Requests answered, by status (control API, tests). */
    readonly statuses = new Map<number, number>();

    constructor(private readonly options: RestApiOptions) {
        this.compiled = options.routes.map(compile);
        const origin = options.allowedOrigin;
        this.cors = origin ? corsHeaders(origin) : {};
        this.preflights = origin
            ? [...methodsByPath(options.routes)].map(([path, methods]) => ({ pattern: pathPattern(path).pattern, headers: preflightHeaders(origin, methods) }))
            : [];
        this.bucket = new TokenBucket(options.throttle.rateLimit, options.throttle.burstLimit);
        this.server = new LoopbackServer((req, res) => {
            res.on("finish", () => this.statuses.set(res.statusCode, (this.statuses.get(res.statusCode) ?? 0) + 1));
            this.handle(req, res).catch(() => {
                if (!res.headersSent) gateway(res, 500, "Internal server error", "InternalServerErrorException", randomUUID(), this.cors);
                else res.destroy();
            });
        }, options.port ?? 0);
    }

    get url(): string {
        return this.server.url;
    }

    private match(method: string, path: string): { compiled: Compiled; values: string[] } | undefined {
        for (const compiled of this.compiled) {
            if (compiled.route.method !== method) continue;
            const m = compiled.pattern.exec(path);
            if (m) return { compiled, values: m.slice(1) };
        }
        return undefined;
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const requestId = randomUUID();
        const url = new URL(req.url ?? "/", "http://localhost");
        const declared = Number(req.headers["content-length"] ?? 0);
        if (declared > MAX_REQUEST_BYTES) return gateway(res, 413, "Request Too Long", "RequestTooLarge", requestId, this.cors);
        const body = await readBody(req, MAX_REQUEST_BYTES);
        if (!body) return gateway(res, 413, "Request Too Long", "RequestTooLarge", requestId, this.cors);
        if (req.method === "OPTIONS") {
            const preflight = this.preflights.find(p => p.pattern.test(url.pathname));
            if (preflight) {
                if (!this.bucket.take()) return gateway(res, 429, "Too Many Requests", "TooManyRequestsException", requestId, this.cors);
                res.writeHead(200, { ...preflight.headers, "content-length": "0", "x-amzn-requestid": requestId });
                return void res.end();
            }
        }
        const found = this.match(req.method ?? "GET", url.pathname);
        if (!found) return gateway(res, 403, "Missing Authentication Token", "MissingAuthenticationTokenException", requestId, this.cors);
        const { route } = found.compiled;
        if (!this.bucket.take()) return gateway(res, 429, "Too Many Requests", "TooManyRequestsException", requestId, this.cors);
        let claims: Record<string, string> | undefined;
        if (route.auth) {
            claims = await this.options.authorize(headerValue(req, "authorization"));
            if (!claims) return gateway(res, 401, "Unauthorized", "UnauthorizedException", requestId, this.cors);
        }
        if (route.path === "/health" && this.healthFailing) {
            return writeResult(res, { statusCode: 503, headers: { "content-type": "application/json", ...this.cors, [REGION_HEADER]: this.options.region }, body: JSON.stringify({ status: "unavailable", region: this.options.region }) }, requestId);
        }
        const event = this.event(req, url, body, found, requestId, claims);
        const integration = this.options.integrations[route.handler];
        const timeout = this.options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;
        let timer: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
            integration.invoke(event),
            new Promise<"timeout">(resolve => { timer = setTimeout(() => resolve("timeout"), timeout); }),
        ]);
        clearTimeout(timer);
        if (outcome === "timeout") return gateway(res, 504, "Endpoint request timed out", "IntegrationTimeout", requestId, this.cors);
        if (!outcome.ok) return gateway(res, 502, "Internal server error", "InternalServerErrorException", requestId, this.cors);
        if (Buffer.byteLength(outcome.payload) > MAX_RESPONSE_BYTES) return gateway(res, 502, "Internal server error", "InternalServerErrorException", requestId, this.cors);
        let result: any;
        try { result = JSON.parse(outcome.payload); } catch { result = undefined; }
        if (!result || typeof result !== "object" || !Number.isInteger(result.statusCode)) {
            return gateway(res, 502, "Internal server error", "InternalServerErrorException", requestId, this.cors);
        }
        writeResult(res, result, requestId);
    }

    /** The REST proxy event (payload format 1.0) for a request. */
    private event(req: http.IncomingMessage, url: URL, body: Buffer, found: { compiled: Compiled; values: string[] }, requestId: string, claims?: Record<string, string>): APIGatewayProxyEvent {
        const headers: Record<string, string> = {};
        const multiValueHeaders: Record<string, string[]> = {};
        for (let i = 0; i < req.rawHeaders.length; i += 2) {
            const [name, value] = [req.rawHeaders[i], req.rawHeaders[i + 1]];
            headers[name] = value; // the last value, as API Gateway's single-value map
            (multiValueHeaders[name] ??= []).push(value);
        }
        const query: Record<string, string> = {};
        const multiQuery: Record<string, string[]> = {};
        for (const [k, v] of url.searchParams) {
            query[k] = v;
            (multiQuery[k] ??= []).push(v);
        }
        const { compiled, values } = found;
        const pathParameters = compiled.params.length ? Object.fromEntries(compiled.params.map((p, i) => [p, decodeURIComponent(values[i])])) : null;
        // API Gateway passes text bodies as they came; bodies that are not UTF-8 text arrive base64-encoded.
        const text = body.toString("utf8");
        const isText = Buffer.from(text, "utf8").equals(body);
        const now = new Date();
        const sourceIp = (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
        return {
            resource: compiled.route.path,
            path: url.pathname,
            httpMethod: compiled.route.method,
            headers,
            multiValueHeaders,
            queryStringParameters: url.searchParams.size ? query : null,
            multiValueQueryStringParameters: url.searchParams.size ? multiQuery : null,
            pathParameters,
            stageVariables: null,
            requestContext: {
                accountId: this.options.accountId,
                apiId: this.options.apiId,
                ...(claims ? { authorizer: { claims } } : {}),
                domainName: String(req.headers.host ?? "127.0.0.1"),
                domainPrefix: this.options.apiId,
                extendedRequestId: requestId,
                httpMethod: compiled.route.method,
                identity: {
                    accessKey: null, accountId: null, apiKey: null, apiKeyId: null, caller: null, clientCert: null,
                    cognitoAuthenticationProvider: null, cognitoAuthenticationType: null, cognitoIdentityId: null, cognitoIdentityPoolId: null,
                    principalOrgId: null, sourceIp, user: null, userAgent: String(req.headers["user-agent"] ?? ""), userArn: null,
                },
                path: url.pathname,
                protocol: `HTTP/${req.httpVersion}`,
                requestId,
                requestTime: now.toUTCString(),
                requestTimeEpoch: now.getTime(),
                resourceId: compiled.route.path,
                resourcePath: compiled.route.path,
                stage: this.options.stage,
            } as APIGatewayProxyEvent["requestContext"],
            body: body.length === 0 ? null : isText ? text : body.toString("base64"),
            isBase64Encoded: body.length > 0 && !isText,
        };
    }
}

function headerValue(req: http.IncomingMessage, name: string): string | undefined {
    const value = req.headers[name];
    return Array.isArray(value) ? value[value.length - 1] : value;
}

function writeResult(res: http.ServerResponse, result: any, requestId: string): void {
    const headers: Record<string, string | string[]> = { "x-amzn-requestid": requestId };
    for (const [k, v] of Object.entries(result.multiValueHeaders ?? {})) if (Array.isArray(v)) headers[k.toLowerCase()] = v.map(String);
    for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = String(v);
    const body = typeof result.body === "string" ? Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8") : Buffer.alloc(0);
    headers["content-length"] = String(body.length);
    res.writeHead(result.statusCode, headers);
    res.end(body);
}
