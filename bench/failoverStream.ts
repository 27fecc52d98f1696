/**
 * A steady client on the local platform while the region serving it fails and recovers: the
 * driver behind the failover benchmark (bench/failover.ts) and tests/client/failover.spec.ts.
 *
 * Calls start at a fixed rate (open loop: a slow call does not slow the next one down), half
 * reads (`GET /items?limit=10`) and half creates, each create with a title of its own so that
 * duplicates can be counted afterwards. Which region served a create is the item's
 * `updatedRegion` (the front door's clients cannot tell otherwise).
 */
import type { PlatformClient } from "../client";
import { PlatformError } from "../client";

/** One call as the caller saw it. */
export interface CallRecord {
    readonly kind: "read" | "create";
    /** Milliseconds since the stream started. */
    readonly startMs: number;
    readonly endMs: number;
    readonly ok: boolean;
    /** Region that created the item (creates only). */
    readonly region?: string;
    readonly title?: string;
    readonly error?: string;
}

/** Something done to the platform at a point of the stream. */
export interface StreamEvent {
    readonly name: string;
    readonly atMs: number;
    readonly action: () => Promise<void>;
}

/** Runs the stream for `durationMs` at `ratePerSecond`, firing `events` at their times. */
export async function runStream(o: {
    readonly client: PlatformClient;
    readonly ratePerSecond: number;
    readonly durationMs: number;
    readonly events: readonly StreamEvent[];
    readonly titlePrefix: string;
    /** Keep going after `durationMs` until this returns true (checked every call), at most `maxExtraMs`. */
    readonly until?: (calls: readonly CallRecord[], marks: Readonly<Record<string, number>>) => boolean;
    readonly maxExtraMs?: number;
}): Promise<{ calls: CallRecord[]; marks: Record<string, number> }> {
    const started = performance.now();
    const at = () => performance.now() - started;
    const calls: CallRecord[] = [];
    const marks: Record<string, number> = {};
    const pending: Promise<void>[] = [];
    const events = [...o.events].sort((a, b) => a.atMs - b.atMs);
    const fire = events.map(e => (async () => {
        await new Promise(r => setTimeout(r, Math.max(0, e.atMs - at())));
        marks[`${e.name}:start`] = at();
        await e.action();
        marks[e.name] = at();
    })());
    const interval = 1000 / o.ratePerSecond;
    for (let n = 0; ; n++) {
        const due = n * interval;
        if (due >= o.durationMs && (!o.until || o.until(calls, marks) || due >= o.durationMs + (o.maxExtraMs ?? 0))) break;
        await new Promise(r => setTimeout(r, Math.max(0, due - at())));
        const kind = n % 2 === 0 ? "read" : "create";
        const tag = `${o.titlePrefix}-${n}`;
        const startMs = at();
        pending.push((async () => {
            try {
                if (kind === "read") {
                    await o.client.listItems({ limit: 10 });
                    calls.push({ kind, startMs, endMs: at(), ok: true });
                } else {
                    const item = await o.client.createItem({ title: tag });
                    calls.push({ kind, startMs, endMs: at(), ok: true, region: item.updatedRegion, title: tag });
                }
            } catch (e) {
                calls.push({ kind, startMs, endMs: at(), ok: false, error: e instanceof PlatformError ? `${e.code} ${e.region ?? ""}: ${e.message} ${JSON.stringify(e.attempts)}` : String(e) });
            }
        })());
    }
    await Promise.all([...pending, ...fire]);
    calls.sort((a, b) => a.startMs - b.startMs);
    return { calls, marks };
}

/** What a stream says about a failover. */
export interface FailoverFigures {
    /** From the failure to the first call that succeeded after it (ms). */
    readonly toFirstSuccessMs: number;
    /** Calls the caller saw fail. */
    readonly failedCalls: number;
    readonly calls: number;
    /** From the recovery to the first create served by the recovered region again (ms); undefined if none was. */
    readonly backAfterRecoveryMs?: number;
}

export function figures(calls: readonly CallRecord[], failedAtMs: number, recoveredAtMs: number, region: string): FailoverFigures {
    const firstSuccess = calls.filter(c => c.ok && c.endMs >= failedAtMs).sort((a, b) => a.endMs - b.endMs)[0];
    const back = calls.filter(c => c.ok && c.startMs >= recoveredAtMs && c.region === region).sort((a, b) => a.endMs - b.endMs)[0];
    return {
        toFirstSuccessMs: firstSuccess ? firstSuccess.endMs - failedAtMs : Number.NaN,
        failedCalls: calls.filter(c => !c.ok).length,
        calls: calls.length,
        backAfterRecoveryMs: back ? back.endMs - recoveredAtMs : undefined,
    };
}

/** Titles created more than once, and acknowledged creates missing, in a list of every item. */
export function duplicates(calls: readonly CallRecord[], titles: readonly string[], prefix: string): { duplicates: number; missing: number; ours: number } {
    const count = new Map<string, number>();
    for (const t of titles) if (t.startsWith(`${prefix}-`)) count.set(t, (count.get(t) ?? 0) + 1);
    const acknowledged = calls.filter(c => c.kind === "create" && c.ok).map(c => c.title!);
    return {
        duplicates: [...count.values()].reduce((n, c) => n + (c - 1), 0),
        missing: acknowledged.filter(t => !count.has(t)).length,
        ours: [...count.values()].reduce((n, c) => n + c, 0),
    };
}
