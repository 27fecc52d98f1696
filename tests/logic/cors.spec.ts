/** CORS for the console's origin: the shared header values and where each part of the platform takes them from. */
import { expect } from "chai";
// Not handlers/shared/http.ts: it loads Powertools, which reads AWS_REGION once, before the handler specs set it.
import { corsFromEnvironment, corsHeaders, methodsByPath, originProblems, preflightHeaders } from "../../handlers/shared/cors";
import { ROUTES } from "../../handlers/shared/routes";
import { functionEnvironment } from "../../components/logic/functionEnvironment";
import { headerMappings } from "../../components/regionalApi";

describe("CORS (handlers/shared/cors.ts)", () => {
    it("accepts exactly one https origin (or http on loopback), never * or a URL with a path", () => {
        for (const ok of ["https://console.example.com", "https://d111111abcdef8.cloudfront.net", "https://console.example.com:8443", "http://127.0.0.1:7704", "http://localhost:5173"]) {
            expect(originProblems(ok), ok).to.deep.equal([]);
        }
        expect(originProblems("*")).to.deep.equal(["must name one origin, never *"]);
        for (const bad of ["https://console.example.com/", "https://console.example.com/app", "http://console.example.com", "console.example.com", "https://a.example.com,https://b.example.com", ""]) {
            expect(originProblems(bad), bad).to.have.length(1);
        }
    });

    it("gives the functions' answers the console's origin and the headers a script may read", () => {
        expect(corsHeaders("https://console.example.com")).to.deep.equal({
            "access-control-allow-origin": "https://console.example.com",
            "access-control-expose-headers": "x-platform-region,retry-after,idempotent-replayed,etag,x-decided-in,x-home-unreachable",
        });
    });

    it("answers a preflight with the path's methods plus OPTIONS, the request headers the console sends, and a 10-minute cache", () => {
        expect(preflightHeaders("https://console.example.com", ["GET", "PUT", "DELETE"])).to.deep.equal({
            "access-control-allow-origin": "https://console.example.com",
            "access-control-expose-headers": "x-platform-region,retry-after,idempotent-replayed,etag,x-decided-in,x-home-unreachable",
            "access-control-allow-methods": "GET,PUT,DELETE,OPTIONS",
            "access-control-allow-headers": "authorization,content-type,idempotency-key,if-match",
            "access-control-max-age": "600",
        });
    });

    it("derives each path's methods from the one route list", () => {
        const byPath = methodsByPath(ROUTES);
        expect([...byPath.keys()].sort()).to.deep.equal([...new Set(ROUTES.map(r => r.path))].sort());
        expect(byPath.get("/items")).to.deep.equal(["GET", "POST"]);
        expect(byPath.get("/items/{id}")).to.deep.equal(["GET", "PUT", "DELETE"]);
        for (const r of ROUTES) expect(byPath.get(r.path)).to.include(r.method);
    });

    it("reads the functions' origin from CORS_ALLOW_ORIGIN once: unset means no CORS, a malformed value fails the init", () => {
        expect(corsFromEnvironment(undefined)).to.deep.equal({});
        expect(corsFromEnvironment("")).to.deep.equal({});
        expect(corsFromEnvironment("https://console.example.com")).to.deep.equal(corsHeaders("https://console.example.com"));
        expect(() => corsFromEnvironment("*")).to.throw("Environment variable CORS_ALLOW_ORIGIN must name one origin, never *");
        expect(() => corsFromEnvironment("https://console.example.com/")).to.throw("is not an origin");
    });

    it("gives CORS_ALLOW_ORIGIN to the functions behind the REST API only, and only when an origin is allowed", () => {
        const inputs = { tableName: "t", ttlAttribute: "expiresAt", stateMachineArn: "arn:sm", regions: ["us-east-1"], approversTopicArn: "arn:topic", decideUrl: "https://api", allowedOrigin: "https://console.example.com",
            consistency: "eventual" as const, homeTimeoutMs: 1000, takeoverAfterSeconds: 900,
        };
        for (const fn of ["items", "approvals", "health"] as const) expect(functionEnvironment(fn, inputs).CORS_ALLOW_ORIGIN, fn).to.equal("https://console.example.com");
        for (const fn of ["approval-notify", "approval-worker"] as const) expect(functionEnvironment(fn, inputs), fn).not.to.have.property("CORS_ALLOW_ORIGIN");
        expect(functionEnvironment("items", { ...inputs, allowedOrigin: undefined })).not.to.have.property("CORS_ALLOW_ORIGIN");
    });

    it("maps header values to API Gateway's single-quoted static mappings with canonical header names", () => {
        expect(headerMappings("gatewayresponse.header", corsHeaders("https://console.example.com"))).to.deep.equal({
            "gatewayresponse.header.Access-Control-Allow-Origin": "'https://console.example.com'",
            "gatewayresponse.header.Access-Control-Expose-Headers": "'x-platform-region,retry-after,idempotent-replayed,etag,x-decided-in,x-home-unreachable'",
        });
    });
});
