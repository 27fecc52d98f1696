/**
 * The web console on loopback, as CloudFront serves it: the same build (console/build.ts), the
 * viewer-request CloudFront Function's own code run on a CloudFront event for every request
 * (console/edge/viewer-request.js, in a sandbox without Node's globals), the objects' content
 * types and Cache-Control as uploaded, and the response headers policy's headers on every answer
 * (components/logic/consoleHeaders.ts). Its origin differs from every regional API's (another
 * port), so the browser enforces CORS as it does between `console.<zone>` and the API.
 *
 * What CloudFront does that this does not: caching, compression, TLS, origin failover to the
 * replica bucket, WAF, access logs. A missing object is S3's answer through OAC (403, the
 * bucket grants no ListBucket), with the policy's headers.
 */
import type * as http from "node:http";
import * as vm from "node:vm";
import { buildConsole, SiteFile, viewerRequestCode } from "../console/build";
import { connectOrigins, type ConsoleConfig } from "../console/src/config";
import { consoleHeadersPolicy, renderPolicyHeaders } from "../components/logic/consoleHeaders";
import { LoopbackServer } from "./lib/http";

/** A CloudFront Functions viewer-request event (the fields the console's function reads, and the rest of the documented shape). */
export interface CloudFrontRequestEvent {
    readonly version: "1.0";
    readonly context: { readonly eventType: "viewer-request"; readonly distributionDomainName: string; readonly requestId: string };
    readonly viewer: { readonly ip: string };
    readonly request: {
        method: string;
        uri: string;
        querystring: Record<string, { value: string; multiValue?: Array<{ value: string }> }>;
        headers: Record<string, { value: string }>;
        cookies: Record<string, { value: string }>;
    };
}

/** The viewer-request function, loaded from its file into a fresh context (no require, no process, no module), as the CloudFront runtime holds it. */
export function loadViewerRequest(code = viewerRequestCode()): (event: CloudFrontRequestEvent) => CloudFrontRequestEvent["request"] {
    const context = vm.createContext(Object.create(null));
    const handler = vm.runInContext(`${code}\n;typeof handler === "function" ? handler : undefined`, context, { timeout: 1000 });
    if (typeof handler !== "function") throw new Error("The viewer-request function defines no handler(event)");
    return handler;
}

/** The event CloudFront gives the function for `req`. */
export function viewerRequestEvent(req: { method?: string; url?: string; headers: http.IncomingHttpHeaders }, ip = "127.0.0.1", domain = "localhost"): CloudFrontRequestEvent {
    const url = new URL(req.url ?? "/", "http://localhost");
    const querystring: CloudFrontRequestEvent["request"]["querystring"] = {};
    for (const [k, v] of url.searchParams) {
        const prior = querystring[k];
        querystring[k] = prior ? { value: prior.value, multiValue: [...(prior.multiValue ?? [{ value: prior.value }]), { value: v }] } : { value: v };
    }
    const headers: Record<string, { value: string }> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "cookie") headers[k] = { value: v };
    return {
        version: "1.0",
        context: { eventType: "viewer-request", distributionDomainName: domain, requestId: "local" },
        viewer: { ip },
        request: { method: req.method ?? "GET", uri: url.pathname, querystring, headers, cookies: {} },
    };
}

/** The local console server. */
export class LocalConsole {
    readonly server: LoopbackServer;
    private readonly files: Map<string, SiteFile>;
    private readonly viewerRequest = loadViewerRequest();
    private headers: Record<string, string> = {};
    private config?: SiteFile;

    constructor(port = 0) {
        this.files = new Map(buildConsole().files.map(f => [`/${f.path}`, f]));
        this.server = new LoopbackServer((req, res) => this.handle(req, res), port);
    }

    get url(): string {
        return this.server.url;
    }

    /** Serves `config` as `/config.json` and sends the CSP that lets the console reach exactly its origins. */
    configure(config: ConsoleConfig): void {
        this.config = { path: "config.json", contents: Buffer.from(JSON.stringify(config, null, 2)), contentType: "application/json", cacheControl: "no-cache" };
        this.headers = renderPolicyHeaders(consoleHeadersPolicy(connectOrigins(config)));
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
        if (req.method !== "GET" && req.method !== "HEAD") {
            res.writeHead(403, { ...this.headers, "content-type": "text/plain" });
            return void res.end("This distribution is not configured to allow the HTTP request method that was used for this request.");
        }
        const request = this.viewerRequest(viewerRequestEvent(req, req.socket.remoteAddress ?? "127.0.0.1", req.headers.host ?? "localhost"));
        const file = request.uri === "/config.json" ? this.config : this.files.get(request.uri);
        if (!file) {
            res.writeHead(403, { ...this.headers, "content-type": "application/xml" });
            return void res.end("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");
        }
        res.writeHead(200, { ...this.headers, "content-type": file.contentType, "cache-control": file.cacheControl, "content-length": file.contents.length });
        res.end(req.method === "HEAD" ? undefined : file.contents);
    }
}
