/**
 * The platform's API client: one typed method per route, and regional failover inside each call.
 *
 * It knows every region's own API name (`<region>.<apiDomain>`, or the execute-api URLs without
 * DNS) and routes itself, as AWS's "client-driven request routing" guidance describes: a call goes
 * to the first region in preference order whose breaker is closed; when that region refuses the
 * connection, times out, answers 5xx or throttles, the call moves on to the next region at once,
 * within the retry budget and the call's deadline. DNS failover (Route 53 health checks + the
 * record's TTL + client caches) takes minutes; this takes one attempt.
 *
 * What makes moving safe (policy.ts has the rules): every create carries an `Idempotency-Key`
 * generated once per call and sent on every attempt in every region; conditional writes cannot
 * apply twice, and when a repeat's 409/404 may be the echo of the call's own first attempt the
 * client checks the current state before reporting it; a publish, which has no key, is never sent
 * again once an attempt may have reached a function. Every error is a {@link PlatformError}
 * carrying the status, the platform's error code and the region.
 *
 * Browsers and Node 20+ alike: global `fetch`, `AbortController`, `crypto.randomUUID`; no AWS SDK,
 * no Node modules.
 */
import { AttemptRecord, gatewayCode, PlatformError } from "./errors";
import { backoffMs, BreakerSettings, classify, DEFAULT_BREAKER, mayRepeat, Outcome, RegionBreaker, retryAfterMs, RetryBudget, Safety, TripReason } from "./policy";
import type {
    ConflictList, Decision, DecisionInput, HealthBody, Home, Item, ItemInput, ItemPage, ItemWithConflicts, NoticePage, PublishedPage, PublishResponse, RequestPage, RequestView,
} from "./types";

/** Where the API answers. */
export interface Endpoints {
    /** Each region's own API base URL (the stage included for execute-api URLs), in preference order. */
    readonly regions: Readonly<Record<string, string>>;
    /**
     * The latency-routed name (`https://api.example.com`). Used only when `regions` is empty: a
     * client that knows the regional names routes itself, faster than DNS can.
     */
    readonly latencyUrl?: string;
}

/** Returns the user's ID token (the REST API's Cognito authorizer takes the ID token); `forceRefresh` after a 401. */
export type TokenProvider = (o: { readonly forceRefresh: boolean }) => Promise<string> | string;

/** Options of {@link PlatformClient} (every default is documented on the field). */
export interface ClientOptions {
    readonly endpoints: Endpoints;
    /** Needed for every route but `GET /health`. */
    readonly token?: TokenProvider;
    /** Region tried first (the others follow in `endpoints.regions` order). @default the first region */
    readonly preferredRegion?: string;
    /** One attempt's limit, response body included. @default 5000 */
    readonly attemptTimeoutMs?: number;
    /** A whole call's limit, every attempt and wait included. @default 15000 */
    readonly callTimeoutMs?: number;
    /** Attempts per call, first included. @default 4 */
    readonly maxAttempts?: number;
    readonly breaker?: Partial<BreakerSettings>;
    /** Retry budget (gRPC retry throttling): tokens and the share a success gives back. @default { max: 20, ratio: 0.1 } */
    readonly budget?: { readonly max?: number; readonly ratio?: number };
    /**
     * How often a region in rotation has its `GET /health` asked (in the background; the first time
     * before its first call, so a fresh client skips a drained region). 0 turns health checks off
     * (breakers still open on failures and probe `/health` to close). @default 30000 (Route 53's standard interval)
     */
    readonly healthRefreshMs?: number;
    /** Sent with every request (e.g. the local front door's `X-Client-Region`). */
    readonly headers?: Readonly<Record<string, string>>;
    readonly fetch?: typeof fetch;
    /** Clock, sleep, random source and key generator: tests replace them. */
    readonly now?: () => number;
    readonly sleep?: (ms: number) => Promise<void>;
    readonly random?: () => number;
    readonly newIdempotencyKey?: () => string;
    /** Called after every attempt (the console shows which region served the last call). */
    readonly onAttempt?: (attempt: AttemptRecord & { readonly route: string }) => void;
}

/** Per-call options. */
export interface CallOptions {
    /** Send to this region only: no failover (the smoke suite checks each region this way). */
    readonly region?: string;
    readonly signal?: AbortSignal;
}

/** A request as the transport sends it. */
interface Operation {
    /** The route template, e.g. `PUT /items/{id}`. */
    readonly route: string;
    readonly path: string;
    readonly query?: Readonly<Record<string, string | number | undefined>>;
    readonly body?: unknown;
    readonly headers?: Readonly<Record<string, string>>;
    readonly safety: Safety;
    readonly auth: boolean;
    readonly options?: CallOptions;
}

/** A call's successful answer. */
export interface Answer<T> {
    readonly status: number;
    readonly body: T;
    readonly headers: Headers;
    readonly region: string;
    readonly attempts: readonly AttemptRecord[];
}

/** The region name the latency-routed URL is known by. */
export const LATENCY_REGION = "*";

const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** Node's fetch says why a connection failed in `cause.code` (or in `cause.errors` for several addresses); browsers say nothing. */
function networkCodes(e: unknown): string[] {
    const codes: string[] = [];
    const visit = (x: any, depth: number) => {
        if (!x || depth > 4) return;
        if (typeof x.code === "string") codes.push(x.code);
        if (Array.isArray(x.errors)) for (const inner of x.errors) visit(inner, depth + 1);
        visit(x.cause, depth + 1);
    };
    visit(e, 0);
    return codes;
}

/** The same content: what an update sent and what an item holds. */
function sameContent(item: Item, input: ItemInput): boolean {
    const tags = (t?: readonly string[]) => JSON.stringify(t ?? null);
    return item.title === input.title && (item.body ?? null) === (input.body ?? null) && tags(item.tags) === tags(input.tags);
}

export class PlatformClient {
    private readonly urls: ReadonlyMap<string, string>;
    private readonly preference: string[];
    private readonly breakers = new Map<string, RegionBreaker>();
    private readonly checks = new Map<string, Promise<void>>();
    private readonly budget: RetryBudget;
    private readonly fetchFn: typeof fetch;
    private readonly now: () => number;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly random: () => number;
    private readonly attemptTimeoutMs: number;
    private readonly callTimeoutMs: number;
    private readonly maxAttempts: number;
    private readonly healthRefreshMs: number;
    /** The region that answered the last call (for display). */
    lastRegion?: string;

    constructor(private readonly options: ClientOptions) {
        const regional = Object.entries(options.endpoints.regions).map(([r, url]) => [r, url.replace(/\/+$/, "")] as const);
        if (!regional.length && !options.endpoints.latencyUrl) throw new Error("endpoints: give the regional API URLs (regions), the latency-routed URL (latencyUrl), or both");
        this.urls = new Map(regional.length ? regional : [[LATENCY_REGION, options.endpoints.latencyUrl!.replace(/\/+$/, "")]]);
        const names = [...this.urls.keys()];
        const preferred = options.preferredRegion;
        if (preferred !== undefined && !this.urls.has(preferred)) throw new Error(`preferredRegion ${preferred} is not one of ${names.join(", ")}`);
        this.preference = preferred ? [preferred, ...names.filter(r => r !== preferred)] : names;
        const breaker = { ...DEFAULT_BREAKER, ...options.breaker };
        for (const r of names) this.breakers.set(r, new RegionBreaker(r, breaker));
        this.budget = new RetryBudget(options.budget?.max, options.budget?.ratio);
        this.fetchFn = options.fetch ?? ((...args) => fetch(...args));
        this.now = options.now ?? (() => Date.now());
        this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
        this.random = options.random ?? Math.random;
        this.attemptTimeoutMs = options.attemptTimeoutMs ?? 5_000;
        this.callTimeoutMs = options.callTimeoutMs ?? 15_000;
        this.maxAttempts = options.maxAttempts ?? 4;
        this.healthRefreshMs = options.healthRefreshMs ?? 30_000;
    }

    /** Regions in the order calls try them. */
    get regions(): readonly string[] {
        return this.preference;
    }

    /** Tries `region` first from now on (e.g. the region the latency name routes this client to). */
    prefer(region: string): void {
        this.urlOf(region);
        this.preference.splice(0, this.preference.length, region, ...this.preference.filter(r => r !== region));
    }

    /** Each region's breaker: `closed` (in rotation), `open` (skipped, with why) or `half-open` (a health probe is out). */
    breakerStates(): Record<string, { state: RegionBreaker["state"]; reason?: TripReason }> {
        return Object.fromEntries([...this.breakers].map(([r, b]) => [r, { state: b.state, ...(b.reason ? { reason: b.reason } : {}) }]));
    }

    // ----------------------------------------------------------------------------------------
    // Routes (client/routes.ts maps every route of handlers/shared/routes.ts to one of these)
    // ----------------------------------------------------------------------------------------

    /** `GET /items`: one page of the caller's items. */
    async listItems(q: { limit?: number; cursor?: string } = {}, o?: CallOptions): Promise<ItemPage> {
        return (await this.send<ItemPage>({ route: "GET /items", path: "/items", query: q, safety: "read", auth: true, options: o })).body;
    }

    /** Every item of the caller, page after page. */
    async listAllItems(o?: CallOptions): Promise<Item[]> {
        const items: Item[] = [];
        let cursor: string | undefined;
        do {
            const page = await this.listItems({ limit: 100, cursor }, o);
            items.push(...page.items);
            cursor = page.cursor;
        } while (cursor);
        return items;
    }

    /**
     * `POST /items` with an `Idempotency-Key` (a new UUID unless given), the same on every attempt
     * in every region: the item is created once and a retry gets the first answer back.
     */
    async createItem(input: ItemInput, o?: CallOptions & { readonly idempotencyKey?: string }): Promise<Item> {
        const key = o?.idempotencyKey ?? this.options.newIdempotencyKey?.() ?? crypto.randomUUID();
        return (await this.send<Item>({ route: "POST /items", path: "/items", body: input, headers: { "idempotency-key": key }, safety: "keyed", auth: true, options: o })).body;
    }

    /** `GET /items/{id}`: the item, its `etag` (send it back on update and delete) and how many conflict copies it has. */
    async getItem(id: string, o?: CallOptions): Promise<ItemWithConflicts> {
        return (await this.send<ItemWithConflicts>({ route: "GET /items/{id}", path: `/items/${encodeURIComponent(id)}`, safety: "read", auth: true, options: o })).body;
    }

    /**
     * `PUT /items/{id}`: replaces the item if `version` (and `etag`, sent as `If-Match`, where the
     * API gives items one) is current. A 409 `STALE_VERSION` met on a retry after an attempt that
     * may have landed is checked: when the item is at `version + 1` with exactly the content sent,
     * that was this call's own write, and the item is returned.
     */
    async updateItem(id: string, input: ItemInput, at: { readonly version: number; readonly etag?: string }, o?: CallOptions): Promise<Item> {
        const headers = at.etag ? { "if-match": `"${at.etag}"` } : undefined;
        try {
            return (await this.send<Item>({ route: "PUT /items/{id}", path: `/items/${encodeURIComponent(id)}`, body: { ...input, version: at.version }, headers, safety: "conditional", auth: true, options: o })).body;
        } catch (e) {
            if (!(e instanceof PlatformError && e.status === 409 && e.code === "STALE_VERSION" && e.mayHaveBeenPerformed)) throw e;
            const current = await this.getItem(id, { ...o, region: e.region });
            if (current.version === at.version + 1 && sameContent(current, input)) return current;
            throw e;
        }
    }

    /** `DELETE /items/{id}[?version]`. A 404 on a retry after an attempt that may have landed means the item is gone: done. */
    async deleteItem(id: string, at: { readonly version?: number; readonly etag?: string } = {}, o?: CallOptions): Promise<void> {
        const headers = at.etag ? { "if-match": `"${at.etag}"` } : undefined;
        try {
            await this.send({ route: "DELETE /items/{id}", path: `/items/${encodeURIComponent(id)}`, query: { version: at.version }, headers, safety: "conditional", auth: true, options: o });
        } catch (e) {
            if (e instanceof PlatformError && e.status === 404 && e.mayHaveBeenPerformed) return;
            throw e;
        }
    }

    /** `GET /items/{id}/conflicts`: versions of the item another region's write overwrote without having seen them, oldest first. */
    async listConflicts(id: string, o?: CallOptions): Promise<ConflictList> {
        return (await this.send<ConflictList>({ route: "GET /items/{id}/conflicts", path: `/items/${encodeURIComponent(id)}/conflicts`, safety: "read", auth: true, options: o })).body;
    }

    /** `DELETE /items/{id}/conflicts/{conflictId}`: dismisses a copy the user resolved. A 404 on a retry after an attempt that may have landed means it is gone: done. */
    async deleteConflict(id: string, conflictId: string, o?: CallOptions): Promise<void> {
        try {
            await this.send({ route: "DELETE /items/{id}/conflicts/{conflictId}", path: `/items/${encodeURIComponent(id)}/conflicts/${encodeURIComponent(conflictId)}`, safety: "conditional", auth: true, options: o });
        } catch (e) {
            if (e instanceof PlatformError && e.status === 404 && e.mayHaveBeenPerformed) return;
            throw e;
        }
    }

    /** `GET /home`: the caller's home region (null before the first write) and every region. */
    async getHome(o?: CallOptions): Promise<Home> {
        return (await this.send<Home>({ route: "GET /home", path: "/home", safety: "read", auth: true, options: o })).body;
    }

    /** `PUT /home`: moves the caller's home region (idempotent: the same body twice leaves the same home). */
    async moveHome(region: string, o?: CallOptions): Promise<Home> {
        return (await this.send<Home>({ route: "PUT /home", path: "/home", body: { region }, safety: "idempotent", auth: true, options: o })).body;
    }

    /**
     * `POST /items/{id}/publish`: asks approvers to publish the item (202). Never repeated once an
     * attempt may have reached a function (the API takes no key here, and a repeat in another
     * region within the replication delay could open a second request): such a failure is thrown
     * with `mayHaveBeenPerformed`; publishing again is then safe in the same region, where a
     * duplicate gets 409 `PUBLISH_ALREADY_REQUESTED` naming the open request.
     */
    async publishItem(id: string, o?: CallOptions): Promise<PublishResponse> {
        return (await this.send<PublishResponse>({ route: "POST /items/{id}/publish", path: `/items/${encodeURIComponent(id)}/publish`, safety: "unsafe", auth: true, options: o })).body;
    }

    /** `GET /requests/{id}`: the requester or an approver sees it. */
    async getRequest(id: string, o?: CallOptions): Promise<RequestView> {
        return (await this.send<RequestView>({ route: "GET /requests/{id}", path: `/requests/${encodeURIComponent(id)}`, safety: "read", auth: true, options: o })).body;
    }

    /** `GET /approvals?status=pending`: approvers only, oldest first. */
    async listApprovals(q: { limit?: number; cursor?: string } = {}, o?: CallOptions): Promise<RequestPage> {
        return (await this.send<RequestPage>({ route: "GET /approvals", path: "/approvals", query: { status: "pending", ...q }, safety: "read", auth: true, options: o })).body;
    }

    /**
     * `POST /approvals/{id}/decision`. A decision is a conditional update from PENDING in the
     * region that runs the request's execution, whichever region takes the POST, so a retry in
     * another region meets the same arbiter. A 409 `ALREADY_DECIDED` on a retry after an attempt
     * that may have landed is checked: when the request carries the decision sent, it is returned
     * (the decision stands, whoever's attempt recorded it); otherwise the 409 is thrown.
     */
    async decide(id: string, input: DecisionInput, o?: CallOptions): Promise<RequestView> {
        try {
            return (await this.send<RequestView>({ route: "POST /approvals/{id}/decision", path: `/approvals/${encodeURIComponent(id)}/decision`, body: input, safety: "conditional", auth: true, options: o })).body;
        } catch (e) {
            if (!(e instanceof PlatformError && e.status === 409 && e.code === "ALREADY_DECIDED" && e.mayHaveBeenPerformed)) throw e;
            const request = await this.getRequest(id, o);
            if (request.decision === input.decision) return request;
            throw e;
        }
    }

    /** `GET /published`: what approvals published, newest first (`mine` marks the caller's own). */
    async listPublished(q: { limit?: number; cursor?: string } = {}, o?: CallOptions): Promise<PublishedPage> {
        return (await this.send<PublishedPage>({ route: "GET /published", path: "/published", query: q, safety: "read", auth: true, options: o })).body;
    }

    /** `GET /notices`: the outcomes of the caller's ended approval requests. */
    async listNotices(q: { limit?: number; cursor?: string } = {}, o?: CallOptions): Promise<NoticePage> {
        return (await this.send<NoticePage>({ route: "GET /notices", path: "/notices", query: q, safety: "read", auth: true, options: o })).body;
    }

    /** `GET /health` of one region (no failover, no retry, no token): 200 `ok`, or 503 `drained` / `unavailable`. */
    async health(region: string, o: { readonly signal?: AbortSignal } = {}): Promise<{ readonly httpStatus: number; readonly body?: HealthBody; readonly ms: number }> {
        const base = this.urlOf(region);
        const started = this.now();
        const { res, text } = await this.fetchWithTimeout(`${base}/health`, { method: "GET", headers: { ...this.options.headers } }, this.attemptTimeoutMs, o.signal);
        let body: HealthBody | undefined;
        try { body = JSON.parse(text); } catch { body = undefined; }
        return { httpStatus: res.status, body, ms: this.now() - started };
    }

    /**
     * Asks every region's `/health` now and orders regions by how fast they answered (healthy ones
     * first): client-side latency routing for a client that does not know where it is.
     */
    async rankByLatency(): Promise<readonly string[]> {
        const results = await Promise.all(this.preference.map(async region => {
            const started = this.now();
            await this.checkHealth(region);
            return { region, ms: this.now() - started, healthy: this.breakers.get(region)!.available };
        }));
        results.sort((a, b) => Number(b.healthy) - Number(a.healthy) || a.ms - b.ms);
        this.preference.splice(0, this.preference.length, ...results.map(r => r.region));
        return this.preference;
    }

    // ----------------------------------------------------------------------------------------
    // Transport
    // ----------------------------------------------------------------------------------------

    private urlOf(region: string): string {
        const url = this.urls.get(region);
        if (!url) throw new Error(`${region} is not one of ${[...this.urls.keys()].join(", ")}`);
        return url;
    }

    /** One `GET /health` for a breaker (deduplicated per region): 200 closes it, anything else opens it. */
    private checkHealth(region: string): Promise<void> {
        const running = this.checks.get(region);
        if (running) return running;
        const breaker = this.breakers.get(region)!;
        const check = (async () => {
            let healthy = false;
            let reason: TripReason = "unhealthy";
            try {
                const h = await this.health(region);
                healthy = h.httpStatus === 200;
                if (h.body?.status === "drained") reason = "drained";
            } catch {
                reason = "unreachable";
            }
            breaker.onHealth(this.now(), healthy, reason);
        })().finally(() => this.checks.delete(region));
        this.checks.set(region, check);
        return check;
    }

    /** Sends due half-open probes (in the background). */
    private probeDue(): void {
        const now = this.now();
        for (const [region, breaker] of this.breakers) {
            if (!breaker.probeDue(now)) continue;
            breaker.startProbe();
            void this.checkHealth(region);
        }
    }

    /** The first region for a call: pinned, else the first in rotation (its health asked first if never asked). */
    private async firstRegion(op: Operation): Promise<string> {
        if (op.options?.region !== undefined) return (this.urlOf(op.options.region), op.options.region);
        this.probeDue();
        for (const region of this.preference) {
            const breaker = this.breakers.get(region)!;
            if (!breaker.available) continue;
            if (this.healthRefreshMs > 0 && region !== LATENCY_REGION) {
                if (breaker.lastCheckedAt === undefined) {
                    await this.checkHealth(region);
                    if (!breaker.available) continue;
                } else if (this.now() - breaker.lastCheckedAt > this.healthRefreshMs) {
                    void this.checkHealth(region);
                }
            }
            return region;
        }
        // Every region out of rotation: try them anyway, as Route 53 answers when no record is healthy.
        return this.preference[0];
    }

    /** The region after `current` for a retry: the next one in rotation not yet tried, else any in rotation, else the next. */
    private nextRegion(op: Operation, current: string, tried: ReadonlySet<string>): string {
        if (op.options?.region !== undefined) return current;
        const i = this.preference.indexOf(current);
        const rotated = [...this.preference.slice(i + 1), ...this.preference.slice(0, i + 1)];
        const open = (r: string) => this.breakers.get(r)!.available;
        return rotated.find(r => open(r) && !tried.has(r)) ?? rotated.find(open) ?? rotated.find(r => !tried.has(r)) ?? rotated[0];
    }

    private async fetchWithTimeout(url: string, init: RequestInit, timeoutMs: number, signal?: AbortSignal): Promise<{ res: Response; text: string }> {
        const abort = new AbortController();
        const onAbort = () => abort.abort(signal?.reason);
        signal?.addEventListener("abort", onAbort, { once: true });
        const timer = setTimeout(() => abort.abort(new TimeoutSignal()), Math.max(1, timeoutMs));
        try {
            const res = await this.fetchFn(url, { ...init, signal: abort.signal });
            return { res, text: await res.text() };
        } catch (e) {
            if (abort.signal.reason instanceof TimeoutSignal) throw abort.signal.reason;
            throw e;
        } finally {
            clearTimeout(timer);
            signal?.removeEventListener("abort", onAbort);
        }
    }

    /** Sends a call with the failover policy; resolves with a 2xx answer, or throws a {@link PlatformError}. */
    async send<T>(op: Operation): Promise<Answer<T>> {
        const started = this.now();
        const deadline = started + this.callTimeoutMs;
        const attempts: AttemptRecord[] = [];
        const tried = new Set<string>();
        let region = await this.firstRegion(op);
        let token = op.auth && this.options.token ? await this.options.token({ forceRefresh: false }) : undefined;
        let refreshed = false;
        let maybePerformed = false;
        let sameRegionRetries = 0;
        let last: { outcome: Outcome; status?: number; code: string; message: string; details: Record<string, unknown> } | undefined;

        const fail = (why?: string): never => {
            const l = last!;
            throw new PlatformError(
                why ? `${l.message} (${why})` : l.message, l.code, l.status, attempts.at(-1)?.region, [...attempts], l.details, maybePerformed,
            );
        };

        for (;;) {
            tried.add(region);
            const t0 = this.now();
            const outcome = await this.attempt<T>(op, region, Math.min(this.attemptTimeoutMs, deadline - t0), token);
            const record: AttemptRecord = {
                region, ms: this.now() - t0,
                result: outcome.kind === "response" ? outcome.status : outcome.kind,
                ...(outcome.kind === "response" && outcome.code ? { code: outcome.code } : {}),
            };
            attempts.push(record);
            this.options.onAttempt?.({ ...record, route: op.route });
            const breaker = this.breakers.get(region)!;

            if (outcome.kind === "response" && outcome.status < 400) {
                breaker.onSuccess(this.now());
                this.budget.onSuccess();
                this.lastRegion = region;
                return { status: outcome.status, body: outcome.body as T, headers: outcome.headers, region, attempts };
            }
            last = outcome.kind === "response"
                ? { outcome, status: outcome.status, code: outcome.code ?? gatewayCode(outcome.status), message: outcome.message, details: outcome.details }
                : outcome.kind === "timeout"
                    ? { outcome, code: "TIMEOUT", message: `No answer from ${region} within ${record.ms} ms`, details: {} }
                    : { outcome, code: "NETWORK_ERROR", message: `${region} could not be reached${outcome.detail ? ` (${outcome.detail})` : ""}`, details: {} };

            // An expired token: API Gateway refused before any function ran; ask for a fresh one once.
            if (outcome.kind === "response" && outcome.status === 401 && token !== undefined && !refreshed) {
                refreshed = true;
                token = await this.options.token!({ forceRefresh: true });
                continue;
            }
            const verdict = classify(outcome);
            if (verdict.regionFailure) breaker.onFailure(this.now(), outcome.kind === "network");
            else breaker.onSuccess(this.now());
            if (!verdict.retryable) {
                this.budget.onSuccess();
                this.lastRegion = region;
                fail();
            }
            this.budget.onFailure();
            if (!mayRepeat(op.safety, verdict)) {
                maybePerformed ||= verdict.mayHaveBeenPerformed;
                fail("not repeated: the request may have been performed, and this call cannot be sent twice safely");
            }
            maybePerformed ||= verdict.mayHaveBeenPerformed;
            if (op.options?.signal?.aborted) fail("aborted");
            if (attempts.length >= this.maxAttempts) fail(`gave up after ${attempts.length} attempts`);
            const next = verdict.sameRegion ? region : this.nextRegion(op, region, tried);
            // A call's first attempt in each region is free: moving away from a region that failed
            // does not add load where it failed, and when a region dies with many calls in flight
            // they must all move. Going back to a region already tried is a retry, and budgeted.
            if (tried.has(next) && !this.budget.allows()) fail("retry budget exhausted");
            const wait = next === region
                ? Math.max(verdict.retryAfterMs ?? 0, backoffMs(sameRegionRetries++, this.random))
                : 0;
            if (this.now() + wait >= deadline) fail(`call deadline of ${this.callTimeoutMs} ms`);
            if (wait > 0) await this.sleep(wait);
            region = next;
        }
    }

    /** One attempt in one region, read into an {@link Outcome} (plus the body for answers). */
    private async attempt<T>(op: Operation, region: string, timeoutMs: number, token?: string): Promise<
        | { kind: "response"; status: number; code?: string; retryAfterMs?: number; body: T | undefined; headers: Headers; message: string; details: Record<string, unknown> }
        | Exclude<Outcome, { kind: "response" }>
    > {
        const query = Object.entries(op.query ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
        const url = `${this.urlOf(region)}${op.path}${query.length ? `?${query.join("&")}` : ""}`;
        const headers: Record<string, string> = { accept: "application/json", ...this.options.headers, ...op.headers };
        if (token !== undefined) headers.authorization = token;
        if (op.body !== undefined) headers["content-type"] = "application/json";
        const method = op.route.split(" ")[0];
        let res: Response;
        let text: string;
        try {
            ({ res, text } = await this.fetchWithTimeout(url, { method, headers, body: op.body === undefined ? undefined : JSON.stringify(op.body) }, timeoutMs, op.options?.signal));
        } catch (e) {
            if (e instanceof TimeoutSignal) return { kind: "timeout" };
            if (op.options?.signal?.aborted) throw e;
            const codes = networkCodes(e);
            return { kind: "network", reached: codes.length && codes.every(c => NOT_SENT.has(c)) ? "no" : "maybe", detail: codes[0] };
        }
        let body: any;
        try { body = text ? JSON.parse(text) : undefined; } catch { body = undefined; }
        const error = body && typeof body === "object" && body.error && typeof body.error === "object" ? body.error : undefined;
        const { code, message, ...details } = error ?? {};
        return {
            kind: "response", status: res.status, body, headers: res.headers,
            code: typeof code === "string" ? code : undefined,
            message: typeof message === "string" ? message : typeof body?.message === "string" ? body.message : `HTTP ${res.status} from ${region}`,
            details,
            retryAfterMs: retryAfterMs(res.headers.get("retry-after"), this.now()),
        };
    }
}

/** The reason an attempt's own timer aborts its fetch with. */
class TimeoutSignal extends Error {
    constructor() {
        super("attempt timed out");
        this.name = "TimeoutError";
    }
}

export type { Decision };
