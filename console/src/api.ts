/**
 * The console's calls to the platform API: one small fetch wrapper, and the only module that
 * knows URLs, headers and error shapes. The client library (`client/`) replaces it: the views use
 * {@link ConsoleApi} only, so the swap is `createApi` below.
 *
 * What it does and no more: the ID token in `Authorization` (the REST API's Cognito authorizer
 * takes the ID token), JSON in and out, errors as {@link ApiError} with the status, the error code
 * of `{ "error": { "code", "message" } }` (or API Gateway's `{ "message" }`), and the region that
 * answered (the `x-platform-region` header, readable cross-origin through the API's CORS headers).
 * A connection failure on a call that is safe to repeat moves on to the next region's own name once.
 */
import type { ConsoleConfig } from "./config";

/** An item of the caller (GET /items/{id}). */
export interface Item {
    readonly id: string;
    readonly title: string;
    readonly body?: string;
    readonly tags?: readonly string[];
    readonly version: number;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly updatedRegion: string;
    /** Conflict copies of the item, where the API reports them (issue "No lost updates"). */
    readonly conflicts?: number;
}

/** What a user writes. */
export interface ItemFields {
    readonly title: string;
    readonly body?: string;
    readonly tags?: readonly string[];
}

/** A conflict copy: a write another region's write replaced, kept so it is not lost. */
export interface ConflictCopy {
    readonly id: string;
    readonly item: Partial<Item>;
}

/** An approval request as the API shows it. */
export interface ApprovalRequest {
    readonly requestId: string;
    readonly status: string;
    readonly itemId: string;
    readonly itemVersion: number;
    readonly title: string;
    readonly region: string;
    readonly createdAt: string;
    readonly decision?: string;
    readonly comment?: string;
}

/** A published item (GET /published). */
export interface PublishedItem {
    readonly itemId: string;
    readonly itemVersion: number;
    readonly title: string;
    readonly body?: string;
    readonly tags?: readonly string[];
    readonly publishedAt: string;
    readonly mine: boolean;
}

/** An outcome notice (GET /notices). */
export interface Notice {
    readonly requestId: string;
    readonly itemId: string;
    readonly title?: string;
    readonly outcome: string;
    readonly at: string;
}

/** A refused call: HTTP status, the API's error code and message, and details such as `currentVersion`. */
export class ApiError extends Error {
    constructor(readonly status: number, readonly code: string, message: string, readonly details: Record<string, unknown> = {}, readonly region?: string) {
        super(message);
        this.name = "ApiError";
    }
}

/** What the views call. */
export interface ConsoleApi {
    listItems(): Promise<Item[]>;
    createItem(fields: ItemFields): Promise<Item>;
    getItem(id: string): Promise<Item>;
    /** 409 `STALE_VERSION` (ApiError, `details.currentVersion`) when `version` is not current. */
    updateItem(id: string, fields: ItemFields, version: number): Promise<Item>;
    /** Conflict copies; `undefined` when the API has no such route (403/404 from API Gateway). */
    listConflicts(id: string): Promise<ConflictCopy[] | undefined>;
    discardConflict(id: string, conflictId: string): Promise<void>;
    requestPublish(id: string): Promise<ApprovalRequest>;
    listPending(): Promise<ApprovalRequest[]>;
    decide(requestId: string, decision: "approve" | "reject", comment?: string): Promise<ApprovalRequest>;
    listPublished(): Promise<PublishedItem[]>;
    listNotices(): Promise<Notice[]>;
}

/** Options of {@link createApi}. */
export interface ApiOptions {
    /** The current ID token, or undefined when signed out. */
    readonly token: () => Promise<string | undefined>;
    /** Told the region of every answer. */
    readonly onRegion?: (region: string) => void;
    /** For tests. @default globalThis.fetch */
    readonly fetch?: typeof fetch;
}

interface Call {
    readonly method: string;
    readonly path: string;
    readonly body?: unknown;
    readonly query?: Record<string, string>;
    readonly headers?: Record<string, string>;
    /** May be sent again to another region after a connection failure (reads, versioned writes, keyed creates). */
    readonly repeatable: boolean;
}

/** The console's API: the swap point for the client library. */
export function createApi(config: ConsoleConfig["api"], options: ApiOptions): ConsoleApi {
    const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
    const bases = [config.url, ...Object.values(config.regions).filter(u => u !== config.url)];

    async function send<T>(call: Call): Promise<{ status: number; body: T }> {
        const token = await options.token();
        if (!token) throw new ApiError(401, "SIGNED_OUT", "You are signed out");
        const query = call.query ? `?${new URLSearchParams(call.query)}` : "";
        let lastError: unknown;
        for (const base of call.repeatable ? bases.slice(0, 2) : bases.slice(0, 1)) {
            let res: Response;
            try {
                res = await doFetch(`${base}${call.path}${query}`, {
                    method: call.method,
                    headers: { authorization: token, ...(call.body !== undefined ? { "content-type": "application/json" } : {}), ...call.headers },
                    body: call.body === undefined ? undefined : JSON.stringify(call.body),
                });
            } catch (e) {
                lastError = e; // a connection failure (or a CORS refusal): the next region, if the call may be repeated
                continue;
            }
            const region = res.headers.get("x-platform-region") ?? undefined;
            if (region) options.onRegion?.(region);
            const text = await res.text();
            let body: any;
            try { body = text ? JSON.parse(text) : undefined; } catch { body = undefined; }
            if (res.ok) return { status: res.status, body: body as T };
            const err = body?.error;
            const { code: _c, message: _m, ...details } = err ?? {};
            throw new ApiError(res.status, typeof err?.code === "string" ? err.code : `HTTP_${res.status}`, typeof err?.message === "string" ? err.message : body?.message ?? res.statusText, details, region);
        }
        throw new ApiError(0, "UNREACHABLE", `The API could not be reached (${lastError instanceof Error ? lastError.message : String(lastError)})`);
    }
    const enc = encodeURIComponent;

    return {
        listItems: async () => (await send<{ items: Item[] }>({ method: "GET", path: "/items", query: { limit: "100" }, repeatable: true })).body.items,
        createItem: async fields => (await send<Item>({ method: "POST", path: "/items", body: fields, headers: { "idempotency-key": crypto.randomUUID() }, repeatable: true })).body,
        getItem: async id => (await send<Item>({ method: "GET", path: `/items/${enc(id)}`, repeatable: true })).body,
        updateItem: async (id, fields, version) => (await send<Item>({ method: "PUT", path: `/items/${enc(id)}`, body: { ...fields, version }, repeatable: true })).body,
        listConflicts: async id => {
            try {
                return (await send<{ conflicts: ConflictCopy[] }>({ method: "GET", path: `/items/${enc(id)}/conflicts`, repeatable: true })).body.conflicts;
            } catch (e) {
                // Not deployed yet: API Gateway answers an unknown route with 403 (Missing Authentication Token), a function with 404.
                if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return undefined;
                throw e;
            }
        },
        discardConflict: async (id, conflictId) => { await send({ method: "DELETE", path: `/items/${enc(id)}/conflicts/${enc(conflictId)}`, repeatable: true }); },
        requestPublish: async id => (await send<ApprovalRequest>({ method: "POST", path: `/items/${enc(id)}/publish`, repeatable: false })).body,
        listPending: async () => (await send<{ requests: ApprovalRequest[] }>({ method: "GET", path: "/approvals", query: { status: "pending", limit: "100" }, repeatable: true })).body.requests,
        decide: async (requestId, decision, comment) => (await send<ApprovalRequest>({
            method: "POST", path: `/approvals/${enc(requestId)}/decision`, body: comment ? { decision, comment } : { decision }, repeatable: false,
        })).body,
        listPublished: async () => (await send<{ items: PublishedItem[] }>({ method: "GET", path: "/published", query: { limit: "50" }, repeatable: true })).body.items,
        listNotices: async () => (await send<{ notices: Notice[] }>({ method: "GET", path: "/notices", query: { limit: "50" }, repeatable: true })).body.notices,
    };
}
