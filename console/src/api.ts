/**
 * The console's calls to the platform API, through the client library (`client/`): regional
 * failover inside each call (breakers per region, retry budget, idempotency keys on creates,
 * `If-Match` on edits), typed by the API's OpenAPI document. This module only adapts it to what
 * the views need: {@link ConsoleApi}, errors as {@link ApiError}, the region of every answer.
 *
 * Which region first: the one the latency name routes this browser to. When `config.api.url` is
 * one of the regional names, that one; otherwise the console asks `GET <latency name>/health`
 * once, whose body names the region that answered, and calls go there first (home first until
 * that answer comes, at most {@link LOCATE_TIMEOUT_MS}).
 */
import { PlatformClient } from "../../client/client";
import { PlatformError } from "../../client/errors";
import type { ConflictCopy, Item, ItemInput, ItemWithConflicts, Notice, PublishedView, RequestView } from "../../client/types";
import type { ConsoleConfig } from "./config";

export type { ConflictCopy, Item, ItemWithConflicts, Notice };
/** What a user writes. */
export type ItemFields = ItemInput;
/** An approval request as the API shows it. */
export type ApprovalRequest = RequestView;
/** A published item (GET /published). */
export type PublishedItem = PublishedView;

/** How long the first calls wait for the latency name to say which region is nearest. */
export const LOCATE_TIMEOUT_MS = 2000;

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
    getItem(id: string): Promise<ItemWithConflicts>;
    /** 409 `STALE_VERSION` (ApiError, `details.currentVersion`) when the version read (`version` and `etag`) is not current. */
    updateItem(id: string, fields: ItemFields, read: { readonly version: number; readonly etag?: string }): Promise<Item>;
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

/** A {@link PlatformError} as the views show it (status 0: no region could be reached). */
function toApiError(e: unknown): unknown {
    if (!(e instanceof PlatformError)) return e;
    return new ApiError(e.status ?? 0, e.status === undefined ? "UNREACHABLE" : e.code, e.message, { ...e.details }, e.region);
}

/** The console's API: the client library, preferring the region the latency name routes to. */
export function createApi(config: ConsoleConfig["api"], options: ApiOptions): ConsoleApi {
    const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
    const pinned = Object.entries(config.regions).find(([, url]) => url === config.url)?.[0];
    const client = new PlatformClient({
        endpoints: { regions: config.regions },
        preferredRegion: pinned,
        fetch: doFetch,
        token: async () => {
            const token = await options.token();
            if (!token) throw new ApiError(401, "SIGNED_OUT", "You are signed out");
            return token;
        },
        onAttempt: a => { if (typeof a.result === "number" && a.result < 500) options.onRegion?.(a.region); },
    });
    const located = pinned ? Promise.resolve() : locate();

    /** Asks the latency name which region it routes this browser to, and prefers it. */
    async function locate(): Promise<void> {
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(), LOCATE_TIMEOUT_MS);
        try {
            const res = await doFetch(`${config.url}/health`, { signal: abort.signal });
            const region = (await res.json() as { region?: unknown }).region;
            if (typeof region === "string" && client.regions.includes(region)) client.prefer(region);
        } catch {
            // Unreachable or slow: the regions' own order (home first) stands, and failover does the rest.
        } finally {
            clearTimeout(timer);
        }
    }
    /** Every call: after the nearest region is known, errors as ApiError. */
    const call = async <T>(f: () => Promise<T>): Promise<T> => {
        await located;
        try {
            return await f();
        } catch (e) {
            throw toApiError(e);
        }
    };

    return {
        listItems: () => call(async () => (await client.listItems({ limit: 100 })).items),
        createItem: fields => call(() => client.createItem(fields)),
        getItem: id => call(() => client.getItem(id)),
        updateItem: (id, fields, read) => call(() => client.updateItem(id, fields, read)),
        listConflicts: id => call(async () => {
            try {
                return (await client.listConflicts(id)).conflicts;
            } catch (e) {
                // An API without the route: API Gateway answers an unknown route with 403 (Missing Authentication Token), a function with 404.
                if (e instanceof PlatformError && (e.status === 403 || e.status === 404)) return undefined;
                throw e;
            }
        }),
        discardConflict: (id, conflictId) => call(() => client.deleteConflict(id, conflictId)),
        requestPublish: id => call(() => client.publishItem(id)),
        listPending: () => call(async () => (await client.listApprovals({ limit: 100 })).requests),
        decide: (requestId, decision, comment) => call(() => client.decide(requestId, comment ? { decision, comment } : { decision })),
        listPublished: () => call(async () => (await client.listPublished({ limit: 50 })).items),
        listNotices: () => call(async () => (await client.listNotices({ limit: 50 })).notices),
    };
}
