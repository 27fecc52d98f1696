/**
 * The local REST API answers as API Gateway does: proxy events (payload 1.0) with the authorizer's
 * claims as strings, and API Gateway's own answers for unknown routes, missing tokens, oversized
 * bodies, throttling, integration timeouts and broken integrations. Integrations here are fakes
 * that record the event: the real functions are exercised in platform.spec.ts.
 */
import { expect } from "chai";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { LocalRestApi, MAX_RESPONSE_BYTES } from "../../local/apiGateway";
import type { Invocation } from "../../local/lambda";
import { ROUTES } from "../../handlers/shared/routes";
import { claimsAsStrings, javaDate } from "../../local/cognito";
import { formatGroupsClaim } from "../../handlers/shared/claims";

const ok = (body: unknown, extra: Record<string, unknown> = {}): Invocation => ({ ok: true, payload: JSON.stringify({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(body), ...extra }), durationMs: 1 });

describe("local REST API (API Gateway behaviour)", () => {
    let api: LocalRestApi;
    let events: APIGatewayProxyEvent[] = [];
    let next: (event: APIGatewayProxyEvent) => Promise<Invocation> = async () => ok({ ok: true });
    const claims = { sub: "0f6c2f55-9c1e-4a8e-9d55-0d0c1c0d0c1c", "cognito:groups": "approvers", exp: "Wed Nov 25 07:28:45 UTC 2026", token_use: "id" };

    before(async () => {
        const integration = { invoke: (event: APIGatewayProxyEvent) => { events.push(event); return next(event); } };
        api = new LocalRestApi({
            region: "eu-west-1", apiId: "local1", accountId: "000000000000", stage: "v1", routes: ROUTES,
            integrations: { items: integration, approvals: integration, health: integration },
            authorize: async header => (header === "Bearer good" || header === "good" ? claims : undefined),
            throttle: { rateLimit: 1000, burstLimit: 1000 },
            integrationTimeoutMs: 300,
        });
        await api.server.start();
    });
    after(() => api.server.stop());
    beforeEach(() => { events = []; next = async () => ok({ ok: true }); });

    const send = async (path: string, init: RequestInit = {}) => {
        const res = await fetch(`${api.url}${path}`, init);
        return { status: res.status, text: await res.text(), headers: res.headers };
    };

    it("builds the REST proxy event: resource, path and query parameters, headers, claims as strings, request context", async () => {
        const res = await send("/items/abc-1?limit=5&tag=a&tag=b", { method: "PUT", headers: { authorization: "Bearer good", "content-type": "application/json", "X-Custom": "v" }, body: "{\"title\":\"t\"}" });
        expect(res.status).to.equal(200);
        expect(events).to.have.length(1);
        const e = events[0];
        expect(e).to.deep.include({
            resource: "/items/{id}", path: "/items/abc-1", httpMethod: "PUT", pathParameters: { id: "abc-1" },
            queryStringParameters: { limit: "5", tag: "b" }, multiValueQueryStringParameters: { limit: ["5"], tag: ["a", "b"] },
            body: "{\"title\":\"t\"}", isBase64Encoded: false, stageVariables: null,
        });
        expect(e.headers["X-Custom"]).to.equal("v");
        expect(e.multiValueHeaders["X-Custom"]).to.deep.equal(["v"]);
        expect(e.requestContext.authorizer).to.deep.equal({ claims });
        expect(e.requestContext).to.deep.include({ stage: "v1", resourcePath: "/items/{id}", httpMethod: "PUT", accountId: "000000000000", apiId: "local1" });
        expect(e.requestContext.identity.sourceIp).to.equal("127.0.0.1");
        expect(e.requestContext.requestId).to.match(/^[0-9a-f-]{36}$/);
        expect(res.headers.get("x-amzn-requestid")).to.equal(e.requestContext.requestId);
    });

    it("passes a body that is not UTF-8 text base64-encoded", async () => {
        const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
        await send("/items", { method: "POST", headers: { authorization: "good" }, body: bytes });
        expect(events[0]).to.deep.include({ isBase64Encoded: true, body: bytes.toString("base64") });
    });

    it("unknown route or method: 403 Missing Authentication Token, without reaching a function", async () => {
        for (const [method, path] of [["GET", "/nope"], ["PATCH", "/items"], ["GET", "/items/a/b"], ["DELETE", "/health"]]) {
            const res = await send(path, { method, headers: { authorization: "good" } });
            expect(res.status, `${method} ${path}`).to.equal(403);
            expect(JSON.parse(res.text)).to.deep.equal({ message: "Missing Authentication Token" });
        }
        expect(events).to.have.length(0);
    });

    it("missing or invalid token on an authorized route: 401 Unauthorized, without reaching a function; /health needs none", async () => {
        for (const headers of [{}, { authorization: "Bearer bad" }, { authorization: "" }] as Array<Record<string, string>>) {
            const res = await send("/items", { headers });
            expect(res.status).to.equal(401);
            expect(JSON.parse(res.text)).to.deep.equal({ message: "Unauthorized" });
        }
        expect(events).to.have.length(0);
        expect((await send("/health")).status).to.equal(200);
        expect(events[0].requestContext.authorizer).to.equal(undefined);
    });

    it("a body over 10 MB: 413 Request Too Long", async () => {
        const res = await send("/items", { method: "POST", headers: { authorization: "good", "content-type": "application/json" }, body: "x".repeat(10 * 1024 * 1024 + 1) });
        expect(res.status).to.equal(413);
        expect(JSON.parse(res.text)).to.deep.equal({ message: "Request Too Long" });
        expect(events).to.have.length(0);
    });

    it("an integration past the timeout: 504 Endpoint request timed out", async () => {
        next = () => new Promise(resolve => setTimeout(() => resolve(ok({ late: true })), 800));
        const res = await send("/items", { headers: { authorization: "good" } });
        expect(res.status).to.equal(504);
        expect(JSON.parse(res.text)).to.deep.equal({ message: "Endpoint request timed out" });
    });

    it("a function error, a function timeout, a malformed proxy result and a result over 6 MB: 502 Internal server error", async () => {
        const cases: Array<[string, Invocation]> = [
            ["error", { ok: false, errorType: "TypeError", errorMessage: "boom", durationMs: 1 }],
            ["timeout", { ok: false, errorType: "Sandbox.Timedout", errorMessage: "Task timed out after 10.00 seconds", durationMs: 1 }],
            ["malformed", { ok: true, payload: JSON.stringify({ body: "no status" }), durationMs: 1 }],
            ["too large", ok({ data: "x".repeat(MAX_RESPONSE_BYTES) })],
        ];
        for (const [name, result] of cases) {
            next = async () => result;
            const res = await send("/items", { headers: { authorization: "good" } });
            expect(res.status, name).to.equal(502);
            expect(JSON.parse(res.text), name).to.deep.equal({ message: "Internal server error" });
        }
        // Just under the limit passes.
        const under = "x".repeat(MAX_RESPONSE_BYTES - 200);
        next = async () => ({ ok: true, payload: JSON.stringify({ statusCode: 200, body: under }), durationMs: 1 });
        expect((await send("/items", { headers: { authorization: "good" } })).status).to.equal(200);
    });

    it("past the stage's rate and burst: 429 Too Many Requests", async () => {
        const tight = new LocalRestApi({
            region: "eu-west-1", apiId: "local2", accountId: "000000000000", stage: "v1", routes: ROUTES,
            integrations: { items: { invoke: async () => ok({}) }, approvals: { invoke: async () => ok({}) }, health: { invoke: async () => ok({}) } },
            authorize: async () => claims, throttle: { rateLimit: 1, burstLimit: 3 },
        });
        await tight.server.start();
        try {
            const statuses = await Promise.all(Array.from({ length: 6 }, () => fetch(`${tight.url}/health`).then(r => r.status)));
            expect(statuses.filter(s => s === 200)).to.have.length(3);
            expect(statuses.filter(s => s === 429)).to.have.length(3);
        } finally {
            await tight.server.stop();
        }
    });

    it("an injected health failure answers 503 on /health only", async () => {
        api.healthFailing = true;
        try {
            const health = await send("/health");
            expect(health.status).to.equal(503);
            expect(JSON.parse(health.text)).to.deep.equal({ status: "unavailable", region: "eu-west-1" });
            expect((await send("/items", { headers: { authorization: "good" } })).status).to.equal(200);
        } finally {
            api.healthFailing = false;
        }
    });
});

describe("local REST API: CORS for the console's origin", () => {
    const CONSOLE = "http://127.0.0.1:7704";
    let api: LocalRestApi;
    let plain: LocalRestApi;
    let invoked = 0;
    const fn = { invoke: async () => { invoked += 1; return ok({ ok: true }); } };
    const options = (allowedOrigin?: string) => ({
        region: "eu-west-1", apiId: "local3", accountId: "000000000000", stage: "v1", routes: ROUTES,
        integrations: { items: fn, approvals: fn, health: fn },
        authorize: async (h: string | undefined) => (h === "good" ? { sub: "s" } : undefined),
        throttle: { rateLimit: 1000, burstLimit: 1000 }, allowedOrigin,
    });
    before(async () => {
        api = new LocalRestApi(options(CONSOLE));
        plain = new LocalRestApi(options());
        await Promise.all([api.server.start(), plain.server.start()]);
    });
    after(() => Promise.all([api.server.stop(), plain.server.stop()]));

    it("answers a preflight on every path of the route list without a token, naming the path's methods, and never reaches a function", async () => {
        invoked = 0;
        for (const [path, sample, methods] of [["/items", "/items", "GET,POST,OPTIONS"], ["/items/{id}", "/items/abc", "GET,PUT,DELETE,OPTIONS"], ["/approvals/{id}/decision", "/approvals/x/decision", "POST,OPTIONS"], ["/health", "/health", "GET,OPTIONS"]]) {
            const res = await fetch(`${api.url}${sample}`, { method: "OPTIONS", headers: { origin: CONSOLE, "access-control-request-method": "PUT", "access-control-request-headers": "authorization,content-type" } });
            expect(res.status, path).to.equal(200);
            expect(Object.fromEntries([...res.headers].filter(([k]) => k.startsWith("access-control-"))), path).to.deep.equal({
                "access-control-allow-origin": CONSOLE,
                "access-control-allow-methods": methods,
                "access-control-allow-headers": "authorization,content-type,idempotency-key,if-match",
                "access-control-expose-headers": "x-platform-region,retry-after,idempotent-replayed,etag,x-decided-in,x-home-unreachable",
                "access-control-max-age": "600",
            });
        }
        expect(invoked).to.equal(0);
    });

    it("names the console's origin whatever origin asks (as a fixed MOCK answer does): the browser refuses the others", async () => {
        const res = await fetch(`${api.url}/items`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET" } });
        expect(res.headers.get("access-control-allow-origin")).to.equal(CONSOLE);
    });

    it("puts the CORS headers on API Gateway's own answers (401, 403), so a browser can read them", async () => {
        for (const [init, path, status] of [[{}, "/items", 401], [{ method: "OPTIONS" }, "/nowhere", 403], [{ method: "PATCH", headers: { authorization: "good" } }, "/items", 403]] as const) {
            const res = await fetch(`${api.url}${path}`, init as RequestInit);
            expect(res.status, path).to.equal(status);
            expect(res.headers.get("access-control-allow-origin"), path).to.equal(CONSOLE);
        }
    });

    it("without an allowed origin there is no CORS at all: OPTIONS is an unknown method (403) and answers carry no CORS header", async () => {
        const pre = await fetch(`${plain.url}/items`, { method: "OPTIONS", headers: { origin: CONSOLE, "access-control-request-method": "GET" } });
        expect(pre.status).to.equal(403);
        expect(pre.headers.get("access-control-allow-origin")).to.equal(null);
        expect((await fetch(`${plain.url}/items`)).headers.get("access-control-allow-origin")).to.equal(null);
    });
});

describe("authorizer claims as the REST API passes them", () => {
    it("every value a string, exp and iat in Java's date format, groups joined by commas", () => {
        const out = claimsAsStrings({ sub: "s", exp: 1469818373, iat: 1469814773, auth_time: 1469814773, email_verified: true, "cognito:groups": ["approvers", "readers"], token_use: "id" }, formatGroupsClaim);
        expect(out).to.deep.equal({
            sub: "s", exp: "Fri Jul 29 18:52:53 UTC 2016", iat: "Fri Jul 29 17:52:53 UTC 2016", auth_time: "1469814773",
            email_verified: "true", "cognito:groups": "approvers,readers", token_use: "id",
        });
        expect(javaDate(Date.UTC(2026, 0, 5, 3, 4, 5) / 1000)).to.equal("Mon Jan 05 03:04:05 UTC 2026");
    });
});
