/**
 * The drill's simulated users: in every region, one device of a user and one of an approver, each
 * a {@link PlatformClient} that prefers its own region and fails over by itself.
 *
 * The user's devices share one user's items, so two regions write the same items at once (the
 * conflicts active-active has to survive): reads, versioned updates (read, then write with the
 * version and etag read), creates and publish requests. Every write stamps the item's body with
 * its own token and the token it read (scripts/lib/writeOracle.ts), and every acknowledged write
 * and publish request is logged. The approvers' devices list the pending queue and approve what
 * has waited longer than a think time, so an approval is pending when a fault starts and two
 * approvers in two regions decide the same requests.
 *
 * Open loop: each device starts a call every `1000 / ratePerSecond` ms whether or not the last
 * one has answered, so a slow region shows up as latency, not as fewer calls.
 */
import { PlatformClient, PlatformError } from "../../../client";
import type { Endpoints, ItemWithConflicts, RequestView, TokenProvider } from "../../../client";
import { readStamp, stampBody } from "../writeOracle";

/** How a call ended: `ok` (2xx), `refused` (an answer the caller expects under concurrency: 404, 409, 410, 412), `failed` (5xx, 429, no answer, anything else). */
export type CallResult = "ok" | "refused" | "failed";

export type CallKind = "read" | "update" | "create" | "publish" | "queue" | "decide";

/** One call as its caller saw it. */
export interface CallRecord {
    readonly device: string;
    /** The device's preferred region. */
    readonly region: string;
    readonly kind: CallKind;
    /** Milliseconds since the drill's start. */
    readonly startMs: number;
    readonly endMs: number;
    readonly result: CallResult;
    /** The error's code when not ok. */
    readonly code?: string;
}

/** An acknowledged write: the token it stamped and the item. */
export interface AckedWrite {
    readonly token: string;
    /** The token of the value it read ("" for a create). */
    readonly base: string;
    readonly itemId: string;
    readonly kind: "update" | "create";
    readonly atMs: number;
}

export interface TrafficOptions {
    readonly endpoints: Endpoints;
    readonly regions: readonly string[];
    readonly user: TokenProvider;
    readonly approver: TokenProvider;
    /** Calls per second per device. */
    readonly ratePerSecond: number;
    /** How long an approver leaves a request pending before deciding it, ms. */
    readonly thinkMs: number;
    /** Items the user starts with (created before the drill starts). */
    readonly itemIds: readonly string[];
    /** Seed of every device's own random choices: a device's n-th call makes the same choice in every run with that seed. */
    readonly seed: number;
    /** Milliseconds since the drill's start. */
    readonly clock: () => number;
    /** Client settings (tests and short drills shorten the health refresh). */
    readonly healthRefreshMs: number;
}

/** Everything the traffic saw, filled in while it runs. */
export interface TrafficLog {
    readonly calls: CallRecord[];
    readonly acked: AckedWrite[];
    /** Publish requests the platform acknowledged: request id to the region that took it. */
    readonly requests: Map<string, string>;
    /** Items the user holds (the initial ones, then every acknowledged create). */
    readonly itemIds: string[];
    /** Every update sent, acknowledged or not: its token to the token it read. */
    readonly attempts: Map<string, string>;
}

const REFUSALS = new Set([404, 409, 410, 412]);

function classify(e: unknown): { result: CallResult; code: string } {
    if (e instanceof PlatformError) return { result: e.status !== undefined && REFUSALS.has(e.status) ? "refused" : "failed", code: e.code };
    return { result: "failed", code: e instanceof Error ? e.name : "ERROR" };
}

/** Runs the simulated users until `stop` resolves; returns when every call started has ended. */
export async function runTraffic(o: TrafficOptions, stop: Promise<void>): Promise<TrafficLog> {
    const log: TrafficLog = { calls: [], acked: [], requests: new Map(), itemIds: [...o.itemIds], attempts: new Map() };
    const client = (token: TokenProvider, region: string) => new PlatformClient({
        endpoints: o.endpoints, token, preferredRegion: region, healthRefreshMs: o.healthRefreshMs,
        attemptTimeoutMs: 3_000, callTimeoutMs: 10_000,
    });
    let stopped = false;
    void stop.then(() => { stopped = true; });
    let counter = 0;
    /** When each item was last sent for publishing (drill clock). */
    const published = new Map<string, number>();

    const timed = async (device: string, region: string, kind: CallKind, run: () => Promise<void>) => {
        const startMs = o.clock();
        try {
            await run();
            log.calls.push({ device, region, kind, startMs, endMs: o.clock(), result: "ok" });
        } catch (e) {
            log.calls.push({ device, region, kind, startMs, endMs: o.clock(), ...classify(e) });
        }
    };

    const userStep = (api: PlatformClient, device: string, region: string, random: () => number) => {
        const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
        const roll = random();
        const id = pick(log.itemIds);
        if (roll < 0.4) return timed(device, region, "read", async () => { await api.getItem(id); });
        if (roll < 0.75) {
            return (async () => {
                // The read is a call of its own (timed, served or not); the update follows a served one.
                let read: ItemWithConflicts | undefined;
                await timed(device, region, "read", async () => { read = await api.getItem(id); });
                const current = read as ItemWithConflicts | undefined;
                if (!current) return;
                const token = `${device}-${counter++}`;
                const base = readStamp(current.body)?.t ?? "";
                log.attempts.set(token, base);
                await timed(device, region, "update", async () => {
                    await api.updateItem(id, { title: current.title, body: stampBody(token, base) }, { version: current.version, etag: current.etag });
                    log.acked.push({ token, base, itemId: id, kind: "update", atMs: o.clock() });
                });
            })();
        }
        if (roll < 0.85) {
            const token = `${device}-${counter++}`;
            return timed(device, region, "create", async () => {
                const item = await api.createItem({ title: `drill ${token}`, body: stampBody(token, "") });
                log.itemIds.push(item.id);
                log.acked.push({ token, base: "", itemId: item.id, kind: "create", atMs: o.clock() });
            });
        }
        // A user publishes an item that is not already waiting for a decision (as far as this device knows).
        const free = log.itemIds.filter(i => !(o.clock() - (published.get(i) ?? -Infinity) < o.thinkMs));
        if (!free.length) return timed(device, region, "read", async () => { await api.getItem(id); });
        const target = pick(free);
        published.set(target, o.clock());
        return timed(device, region, "publish", async () => {
            const request = await api.publishItem(target);
            log.requests.set(request.requestId, request.region);
        });
    };

    // What each approver has decided or is deciding (each device on its own: two approvers may decide the same request).
    const decidedBy = new Map<string, Set<string>>();
    const approverStep = async (api: PlatformClient, device: string, region: string, random: () => number) => {
        const decided = decidedBy.get(device) ?? decidedBy.set(device, new Set()).get(device)!;
        let due: RequestView[] = [];
        await timed(device, region, "queue", async () => {
            const page = await api.listApprovals({ limit: 20 });
            due = page.requests.filter(r => !decided.has(r.requestId) && Date.now() - Date.parse(r.createdAt) >= o.thinkMs);
        });
        // One decision at a time per request and approver: a later tick skips what this one is still deciding.
        for (const request of due) decided.add(request.requestId);
        for (const request of due) {
            let done = false;
            await timed(device, region, "decide", async () => {
                try {
                    await api.decide(request.requestId, { decision: random() < 0.8 ? "approve" : "reject", comment: `drill ${device}` });
                    done = true;
                } catch (e) {
                    // Decided elsewhere, gone: nothing left for this approver. Anything else: try again on a later tick.
                    done = e instanceof PlatformError && e.status !== undefined && REFUSALS.has(e.status);
                    throw e;
                }
            });
            if (!done) decided.delete(request.requestId);
        }
    };

    type Step = (api: PlatformClient, device: string, region: string, random: () => number) => Promise<void>;
    const device = async (name: string, region: string, step: Step, api: PlatformClient, random: () => number) => {
        const interval = 1000 / o.ratePerSecond;
        const started = o.clock();
        const pending: Promise<void>[] = [];
        for (let n = 0; !stopped; n++) {
            const wait = started + n * interval - o.clock();
            if (wait > 0) await new Promise(r => setTimeout(r, wait));
            if (stopped) break;
            pending.push(step(api, name, region, random));
        }
        await Promise.all(pending);
    };

    await Promise.all(o.regions.flatMap((region, i) => [
        device(`user@${region}`, region, userStep, client(o.user, region), seeded(o.seed * 1000 + 2 * i)),
        device(`approver@${region}`, region, approverStep, client(o.approver, region), seeded(o.seed * 1000 + 2 * i + 1)),
    ]));
    return log;
}

/** The approvers' devices keep deciding until every logged request is decided or `deadlineMs` passes (after the traffic stopped). */
export async function decideRemaining(o: Pick<TrafficOptions, "endpoints" | "approver" | "regions" | "healthRefreshMs">, requests: ReadonlyMap<string, string>, deadlineMs: number): Promise<Map<string, string>> {
    const api = new PlatformClient({ endpoints: o.endpoints, token: o.approver, healthRefreshMs: o.healthRefreshMs });
    const status = new Map<string, string>();
    const end = Date.now() + deadlineMs;
    for (;;) {
        for (const id of requests.keys()) {
            if (FINAL.has(status.get(id) ?? "")) continue;
            try {
                const view = await api.getRequest(id);
                status.set(id, view.status);
                if (view.status === "PENDING") await api.decide(id, { decision: "approve", comment: "drill: after the traffic" }).catch(() => undefined);
            } catch (e) {
                status.set(id, `unreadable: ${e instanceof PlatformError ? e.code : String(e)}`);
            }
        }
        if ([...requests.keys()].every(id => FINAL.has(status.get(id) ?? "")) || Date.now() > end) return status;
        await new Promise(r => setTimeout(r, 250));
    }
}

/** A seeded random source (LCG): the same seed, the same sequence. */
export function seeded(seed: number): () => number {
    let s = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) >>> 0 || 1;
    return () => { s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0; return s / 2 ** 32; };
}

/** Where a request's work is done: published, or rejected (its notice written). */
export const FINAL = new Set(["PUBLISHED", "REJECTED"]);
