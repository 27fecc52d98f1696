/**
 * The console's CloudFront Function (console/edge/viewer-request.js), run on CloudFront Functions
 * event objects (event structure 1.0) in a sandbox without Node's globals, as the local console
 * server runs it; and the response headers the local server sends are the policy the component
 * deploys.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
 */
import { expect } from "chai";
import { viewerRequestCode } from "../../console/build";
import { consoleHeadersPolicy, contentSecurityPolicy, renderPolicyHeaders } from "../../components/logic/consoleHeaders";
import { CloudFrontRequestEvent, loadViewerRequest, viewerRequestEvent } from "../../local/console";

const event = (uri: string, querystring: CloudFrontRequestEvent["request"]["querystring"] = {}): CloudFrontRequestEvent => ({
    version: "1.0",
    context: { eventType: "viewer-request", distributionDomainName: "d111111abcdef8.cloudfront.net", requestId: "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==" },
    viewer: { ip: "198.51.100.11" },
    request: { method: "GET", uri, querystring, headers: { host: { value: "console.example.com" }, accept: { value: "text/html" } }, cookies: {} },
});

describe("console CloudFront Function (viewer request)", () => {
    const handler = loadViewerRequest();

    it("serves /index.html for every app route (not /<route>/index.html), keeping the query string", () => {
        for (const uri of ["/", "/items", "/items/", "/items/9fe290b1-e145-4488", "/approvals", "/published", "/signed-out", "/no/such/page"]) {
            expect(handler(event(uri)).uri, uri).to.equal("/index.html");
        }
        const callback = handler(event("/callback", { code: { value: "abc" }, state: { value: "xyz" } }));
        expect(callback).to.deep.include({ uri: "/index.html", querystring: { code: { value: "abc" }, state: { value: "xyz" } }, method: "GET" });
        expect(callback.headers.host).to.deep.equal({ value: "console.example.com" });
    });

    it("leaves files alone: assets, their maps, config.json, the icon, and a missing asset (which then gets S3's 403)", () => {
        for (const uri of ["/index.html", "/config.json", "/favicon.svg", "/assets/app-SIQRZOR4.js", "/assets/app-SIQRZOR4.js.map", "/assets/app-GL4KAF6R.css", "/assets/missing.js"]) {
            expect(handler(event(uri)).uri, uri).to.equal(uri);
        }
    });

    it("builds the event from a request as CloudFront does (multi-value query strings, no cookies header)", () => {
        const e = viewerRequestEvent({ method: "GET", url: "/callback?code=a&state=b&x=1&x=2", headers: { host: "console.example.com", cookie: "a=b" } });
        expect(e.request).to.deep.equal({
            method: "GET", uri: "/callback",
            querystring: { code: { value: "a" }, state: { value: "b" }, x: { value: "1", multiValue: [{ value: "1" }, { value: "2" }] } },
            headers: { host: { value: "console.example.com" } }, cookies: {},
        });
        expect(handler(e).uri).to.equal("/index.html");
    });

    it("fits the cloudfront-js-2.0 runtime: a top-level handler, no require, module or exports, under the 10 KB limit, no Node globals needed", () => {
        const code = viewerRequestCode();
        const statements = code.replace(/^\s*\/\/.*$/gm, "");
        expect(statements).to.match(/^function handler\(event\) \{$/m);
        expect(statements).to.not.match(/\b(require|module\.exports|exports\.|import |export |process\.|Buffer)\b/);
        expect(Buffer.byteLength(code)).to.be.below(10 * 1024);
        // The sandbox has no Node globals: a function that reached for one fails there, as it would at the edge.
        const reaching = loadViewerRequest("function handler(event) { return require('fs'); }");
        expect(() => reaching(event("/items"))).to.throw("require is not defined");
        expect(() => loadViewerRequest("var x = 1;")).to.throw("The viewer-request function defines no handler(event)");
    });
});

describe("console response headers (one policy for CloudFront and the local server)", () => {
    it("renders the policy as the header lines CloudFront adds", () => {
        const policy = consoleHeadersPolicy(["https://api.example.com", "https://login.example.com"]);
        expect(renderPolicyHeaders(policy)).to.deep.equal({
            "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
            "content-security-policy": contentSecurityPolicy(["https://api.example.com", "https://login.example.com"]),
            "x-content-type-options": "nosniff",
            "x-frame-options": "DENY",
            "referrer-policy": "no-referrer",
            "cross-origin-opener-policy": "same-origin",
            "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
        });
    });

    it("refuses a connect-src entry that is not a bare origin (a path or a wildcard would widen it)", () => {
        expect(() => contentSecurityPolicy(["https://api.example.com/v1"])).to.throw("is not a bare origin");
        expect(() => contentSecurityPolicy(["https://*.example.com"])).to.throw("is not a bare origin");
        expect(() => contentSecurityPolicy(["*"])).to.throw("is not a bare origin");
    });
});
