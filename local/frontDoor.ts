/**
 * The latency-routed API name (`api.<zone>` behind Route 53), on loopback. A client says where it
 * is with the `X-Client-Region` header (default: the home region); the front door answers as Route
 * 53 latency routing with health checks does:
 *
 * - every region's `GET /health` is probed each `intervalSeconds`; `failureThreshold` consecutive
 *   failures make it unhealthy, as many consecutive successes healthy again (one checker here,
 *   where Route 53 has many and needs 18% of them to agree);
 * - the answer for a client region is its own region if healthy, else the next healthy one (the
 *   stack's region order); when every region is unhealthy Route 53 answers as if all were healthy;
 * - an answer is cached for the record's TTL (60 s), as resolvers cache it: a client keeps reaching
 *   a region that just failed until the TTL expires, then moves.
 *
 * `timeScale` shrinks every Route 53 timing (interval, probe timeout, TTL) for tests; the state and
 * events report both the scaled milliseconds and the real-world seconds they stand for.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html
 */
import * as http from "node:http";
import { LoopbackServer, readBody, sendJson } from "./lib/http";

/** The TTL of the platform's latency alias records as resolvers see it (alias records to API Gateway answer with 60 s). */
export const ALIAS_TTL_SECONDS = 60;
/** Route 53 waits up to 4 s for the connection and 2 s for the status. */
export const PROBE_TIMEOUT_SECONDS = 6;

export interface FrontDoorOptions {
    /** The stack's regions, home first. */
    readonly regions: readonly string[];
    /** Base URL of each region's API. */
    readonly apis: Record<string, string>;
    readonly healthCheck: { readonly intervalSeconds: number; readonly failureThreshold: number };
    /** Multiplies every Route 53 timing (0.01 = a hundred times faster). @default 1 */
    readonly timeScale?: number;
    readonly port?: number;
}

interface RegionHealth {
    healthy: boolean;
    consecutiveFailures: number;
    consecutiveSuccesses: number;
    lastStatus?: number | string;
    probing: boolean;
}

/** Something the front door did: a region changed health, or the answer for a client region changed. */
export interface FrontDoorEvent {
    readonly kind: "unhealthy" | "healthy" | "route";
    readonly region: string;
    readonly clientRegion?: string;
    readonly from?: string;
    /** Milliseconds since the front door started. */
    readonly atMs: number;
    /** `atMs` in real-world seconds (divided by the time scale). */
    readonly realWorldSeconds: number;
}

export class FrontDoor {
    readonly server: LoopbackServer;
    private readonly health = new Map<string, RegionHealth>();
    private readonly answers = new Map<string, { region: string; expires: number }>();
    private readonly started = Date.now();
    private timer?: NodeJS.Timeout;
    private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    readonly events: FrontDoorEvent[] = [];
    readonly timeScale: number;

    constructor(private readonly options: FrontDoorOptions) {
        this.timeScale = options.timeScale ?? 1;
        for (const region of options.regions) this.health.set(region, { healthy: true, consecutiveFailures: 0, consecutiveSuccesses: 0, probing: false });
        this.server = new LoopbackServer((req, res) => this.handle(req, res).catch(() => { if (!res.headersSent) sendJson(res, 502, { message: "Front door error" }); }), options.port ?? 0);
    }

    get url(): string {
        return this.server.url;
    }

    /** Scaled milliseconds of a Route 53 timing given in seconds. */
    scaled(seconds: number): number {
        return Math.max(1, Math.round(seconds * 1000 * this.timeScale));
    }

    async start(): Promise<void> {
        await this.server.start();
        this.timer = setInterval(() => this.probeAll(), this.scaled(this.options.healthCheck.intervalSeconds));
        this.timer.unref();
    }

    private record(event: Omit<FrontDoorEvent, "atMs" | "realWorldSeconds">): void {
        const atMs = Date.now() - this.started;
        this.events.push({ ...event, atMs, realWorldSeconds: Math.round((atMs / 1000 / this.timeScale) * 10) / 10 });
        if (this.events.length > 1000) this.events.shift();
    }

    private probeAll(): void {
        for (const region of this.options.regions) void this.probe(region);
    }

    /** One health check of one region: HTTP GET /health, healthy on 2xx/3xx within the probe timeout. */
    async probe(region: string): Promise<void> {
        const h = this.health.get(region)!;
        if (h.probing) return;
        h.probing = true;
        try {
            const status = await new Promise<number | string>(resolve => {
                const req = http.get(`${this.options.apis[region]}/health`, { agent: false, timeout: Math.max(250, this.scaled(PROBE_TIMEOUT_SECONDS)) }, res => {
                    res.resume();
                    resolve(res.statusCode ?? 0);
                });
                req.on("timeout", () => { req.destroy(); resolve("timeout"); });
                req.on("error", e => resolve((e as NodeJS.ErrnoException).code ?? "error"));
            });
            h.lastStatus = status;
            const ok = typeof status === "number" && status >= 200 && status < 400;
            const threshold = this.options.healthCheck.failureThreshold;
            if (ok) { h.consecutiveSuccesses++; h.consecutiveFailures = 0; } else { h.consecutiveFailures++; h.consecutiveSuccesses = 0; }
            if (h.healthy && h.consecutiveFailures >= threshold) { h.healthy = false; this.record({ kind: "unhealthy", region }); }
            if (!h.healthy && h.consecutiveSuccesses >= threshold) { h.healthy = true; this.record({ kind: "healthy", region }); }
        } finally {
            h.probing = false;
        }
    }

    /** The region the latency record answers for a client in `clientRegion` (fresh, before resolver caching). */
    route(clientRegion: string): string {
        const order = [clientRegion, ...this.options.regions.filter(r => r !== clientRegion)];
        // When no record is healthy, Route 53 answers as if every record were.
        return order.find(r => this.health.get(r)!.healthy) ?? clientRegion;
    }

    /** The answer a resolver near `clientRegion` holds now: cached for the TTL. */
    resolve(clientRegion: string): string {
        const cached = this.answers.get(clientRegion);
        if (cached && cached.expires > Date.now()) return cached.region;
        const region = this.route(clientRegion);
        if (cached && cached.region !== region) this.record({ kind: "route", region, clientRegion, from: cached.region });
        this.answers.set(clientRegion, { region, expires: Date.now() + this.scaled(ALIAS_TTL_SECONDS) });
        return region;
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const asked = req.headers["x-client-region"];
        const clientRegion = typeof asked === "string" && asked ? asked : this.options.regions[0];
        if (!this.health.has(clientRegion)) return sendJson(res, 400, { message: `X-Client-Region must be one of ${this.options.regions.join(", ")}` });
        const region = this.resolve(clientRegion);
        const body = (await readBody(req)) ?? Buffer.alloc(0);
        const target = new URL(req.url ?? "/", this.options.apis[region]);
        const headers: http.OutgoingHttpHeaders = { ...req.headers, host: target.host };
        delete headers["x-client-region"];
        await new Promise<void>(resolve => {
            const upstream = http.request(target, { method: req.method, headers, agent: this.agent }, up => {
                res.writeHead(up.statusCode ?? 502, { ...up.headers, "x-frontdoor-region": region });
                up.pipe(res);
                up.on("end", resolve);
                up.on("error", () => { res.destroy(); resolve(); });
            });
            upstream.on("error", e => {
                // What a client of the latency name sees while DNS still points at a failed region.
                if (!res.headersSent) sendJson(res, 502, { message: `Region ${region} is unreachable (${(e as NodeJS.ErrnoException).code ?? "error"}); the latency record still answers it until health checks and the TTL move clients away` }, { "x-frontdoor-region": region });
                else res.destroy();
                resolve();
            });
            upstream.end(body);
        });
    }

    /** Health, answers and timings, for the control API. */
    state() {
        const hc = this.options.healthCheck;
        return {
            timeScale: this.timeScale,
            timings: {
                intervalSeconds: hc.intervalSeconds, failureThreshold: hc.failureThreshold, ttlSeconds: ALIAS_TTL_SECONDS,
                scaledIntervalMs: this.scaled(hc.intervalSeconds), scaledTtlMs: this.scaled(ALIAS_TTL_SECONDS),
                /** Worst case from a failure to every client moving (detection + TTL), in real-world seconds. */
                worstCaseFailoverSeconds: hc.intervalSeconds * hc.failureThreshold + ALIAS_TTL_SECONDS,
            },
            health: Object.fromEntries([...this.health].map(([r, h]) => [r, { healthy: h.healthy, lastStatus: h.lastStatus, consecutiveFailures: h.consecutiveFailures }])),
            routes: Object.fromEntries(this.options.regions.map(r => [r, this.answers.get(r)?.region ?? this.route(r)])),
            events: this.events.slice(-50),
        };
    }

    async stop(): Promise<void> {
        if (this.timer) clearInterval(this.timer);
        this.agent.destroy();
        await this.server.stop();
    }
}
