/**
 * An outage drill on the local platform: simulated users in every region (traffic.ts) while a
 * scenario fails part of the platform and later recovers it; then the invariants are checked
 * (figures.ts) and the figures returned for the report (report.ts).
 *
 * Timeline: `before` (a quarter of the duration), the fault (two fifths), `after` (the rest);
 * then the traffic stops, replication settles, approvers decide what is still pending, and the
 * final state is read through the API in every region.
 */
import { endpointsFromReady, passwordTokenProvider, PlatformClient } from "../../../client";
import { LocalPlatform, PlatformOptions, startPlatform } from "../../../local/platform";
import { appliedWrites, lostWrites, readStamp, stampBody } from "../writeOracle";
import { brokenInvariants, failureCounts, firstSuccessAfter, outcomesAppliedTwice, PhaseFigures, phases } from "./figures";
import { decideRemaining, FINAL, runTraffic } from "./traffic";

/** What a scenario breaks, and in which region. */
export interface Scenario {
    readonly summary: string;
    /** The region it breaks, from the stack's regions (home first). */
    readonly target: (regions: readonly string[]) => string;
    readonly fault: (platform: LocalPlatform, region: string) => Promise<void> | void;
    readonly recover: (platform: LocalPlatform, region: string) => Promise<void> | void;
    /** The FIS action that causes it on AWS (docs/runbooks.md#outage-drill-on-aws). */
    readonly onAws: string;
}

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
    "region-outage": {
        summary: "a region other than home fails: its API, DynamoDB endpoint and Step Functions refuse connections, replication to and from it is held",
        target: regions => regions[1],
        fault: (p, r) => p.failRegion(r),
        recover: (p, r) => p.recoverRegion(r),
        onAws: "the region-outage template: the region drained (its health check fails, Route 53 and clients move away) for the experiment's duration",
    },
    "home-region-outage": {
        summary: "the home region fails (as region-outage), with the user pool's home: sign-in moves to the replica where the stack has one",
        target: regions => regions[0],
        fault: (p, r) => p.failRegion(r),
        recover: (p, r) => p.recoverRegion(r),
        onAws: "the region-outage template of the home region",
    },
    "replication-pause": {
        summary: "replication to and from the home region's replica pauses (every region keeps serving); held writes are delivered in order on resume",
        target: regions => regions[0],
        fault: (p, r) => p.table.pause({ region: r }),
        recover: (p, r) => p.table.resume({ region: r }),
        onAws: "aws:dynamodb:global-table-pause-replication on the home region's replica",
    },
};

export interface DrillOptions {
    readonly scenario: string;
    /** Stack whose config the platform runs. @default "prod" */
    readonly stack?: string;
    /** Before + fault + after, ms. @default 60000 */
    readonly durationMs?: number;
    /** Route 53 timings, the approval timeout and the takeover grace period are multiplied by it. @default 0.01 */
    readonly timeScale?: number;
    /** Calls per second per simulated device. @default 4 */
    readonly ratePerSecond?: number;
    /** How long approvers leave a request pending, ms: long enough that requests are pending when the fault starts. @default 30% of the duration */
    readonly thinkMs?: number;
    readonly seed?: number;
    /** Replication lag, ms. @default 350 */
    readonly replicationLagMs?: number;
    /** Laid over the platform's options (tests: regions, test-only switches that break guarantees). */
    readonly platform?: PlatformOptions;
    /** Progress lines (the command prints them). */
    readonly progress?: (line: string) => void;
}

export interface DrillResult {
    readonly scenario: string;
    readonly summary: string;
    readonly stack: string;
    readonly regions: readonly string[];
    readonly target: string;
    readonly timeScale: number;
    readonly takeoverAfterSeconds: number;
    readonly timeline: { readonly faultAtMs: number; readonly recoveredAtMs: number; readonly endAtMs: number };
    readonly phases: readonly PhaseFigures[];
    /** Failed calls by route kind and error code, e.g. `decide SERVICE_UNAVAILABLE`. */
    readonly failures: Readonly<Record<string, number>>;
    /** From the fault to the first served call of the broken region's devices, ms. */
    readonly firstSuccessMs: number | null;
    readonly acknowledgedWrites: number;
    readonly lostWrites: readonly string[];
    readonly conflictCopies: number;
    readonly requests: number;
    readonly requestStatuses: Readonly<Record<string, number>>;
    readonly stranded: ReadonlyArray<{ readonly requestId: string; readonly status: string }>;
    readonly appliedTwice: ReadonlyArray<{ readonly requestId: string; readonly regions: readonly string[] }>;
    /** From the recovery until every write made before it was in every replica, ms; null if not within a minute of the traffic's end. */
    readonly caughtUpAfterMs: number | null;
    /** From the traffic's end to the first moment every replica's checksum was the same, ms; null if not within a minute. */
    readonly replicasAgreeAfterMs: number | null;
    readonly replicasAgreeAtEnd: boolean;
    /** Every invariant that broke; empty = the drill passed. */
    readonly broken: readonly string[];
}

/** A seeded random source (the same seed, the same choices; timing still varies). */
function seeded(seed: number): () => number {
    let s = seed >>> 0 || 1;
    return () => { s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0; return s / 2 ** 32; };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, Math.max(0, ms)));

export async function runDrill(o: DrillOptions): Promise<DrillResult> {
    const scenario = SCENARIOS[o.scenario];
    if (!scenario) throw new Error(`Unknown scenario ${o.scenario} (one of ${Object.keys(SCENARIOS).join(", ")})`);
    const durationMs = o.durationMs ?? 60_000;
    const timeScale = o.timeScale ?? 0.01;
    const progress = o.progress ?? (() => undefined);
    const platform = await startPlatform({
        stack: o.stack ?? "prod", port: 0, timeScale, replicationLagMs: o.replicationLagMs ?? 350, replicationJitter: 0.6, ...o.platform,
    });
    try {
        const regions = Object.keys(platform.ready.regions);
        const target = scenario.target(regions);
        const pool = { endpoint: platform.ready.cognito.endpoint, clientId: platform.ready.cognito.clientId };
        const user = platform.ready.users.find(u => u.groups.length === 0)!;
        const approver = platform.ready.users.find(u => u.groups.includes("approvers"))!;
        const userToken = passwordTokenProvider(pool, user.username, user.password);
        const approverToken = passwordTokenProvider(pool, approver.username, approver.password);
        // Signed in before the fault: tokens outlive the drill (a home-region outage stops sign-in without a replica).
        await userToken({ forceRefresh: false });
        await approverToken({ forceRefresh: false });
        const endpoints = endpointsFromReady(platform.ready);
        const healthRefreshMs = Math.max(250, Math.round(30_000 * timeScale));
        const setup = new PlatformClient({ endpoints, token: userToken, healthRefreshMs });
        const itemIds: string[] = [];
        for (let i = 0; i < 6; i++) itemIds.push((await setup.createItem({ title: `drill item ${i}`, body: stampBody(`init-${i}`, "") })).id);
        await platform.settled();
        progress(`${o.scenario} on ${platform.ready.stack} (${regions.join(", ")}): breaks ${target}; ${durationMs / 1000} s of traffic`);

        const started = performance.now();
        const clock = () => performance.now() - started;
        const faultAtMs = Math.round(durationMs * 0.25);
        const recoveredAtMs = faultAtMs + Math.round(durationMs * 0.4);
        let stopTraffic!: () => void;
        const stop = new Promise<void>(resolve => { stopTraffic = resolve; });
        const traffic = runTraffic({
            endpoints, regions, user: userToken, approver: approverToken, ratePerSecond: o.ratePerSecond ?? 4,
            thinkMs: o.thinkMs ?? Math.round(durationMs * 0.3), itemIds, random: seeded(o.seed ?? 7), clock, healthRefreshMs,
        }, stop);

        await sleep(faultAtMs - clock());
        const faultAt = clock();
        await scenario.fault(platform, target);
        progress(`${Math.round(faultAt)} ms: ${target} broken`);
        await sleep(recoveredAtMs - clock());
        const recoveredAt = clock();
        await scenario.recover(platform, target);
        progress(`${Math.round(recoveredAt)} ms: ${target} recovered`);

        // Replication catches up: every write made before the recovery is in every replica.
        const recoveredEpoch = Date.now();
        let caughtUpAt: number | undefined;
        const watch = (async () => {
            while (caughtUpAt === undefined && clock() < durationMs + 60_000) {
                if (platform.table.caughtUpTo(recoveredEpoch)) caughtUpAt = clock();
                else await sleep(10);
            }
        })();
        await sleep(durationMs - clock());
        stopTraffic();
        const log = await traffic;
        const endAt = clock();
        progress(`${Math.round(endAt)} ms: traffic stopped (${log.calls.length} calls); settling`);
        await watch;
        // Replicas agree: the first moment every replica's checksum is the same, from the last call's end.
        let agreeAt: number | undefined;
        while (agreeAt === undefined && clock() < endAt + 60_000) {
            const sums = Object.values(await platform.table.checksums());
            if (sums.every(s => s === sums[0])) agreeAt = clock();
            else await sleep(20);
        }
        await platform.settled(60_000);
        const statuses = await decideRemaining({ endpoints, approver: approverToken, regions, healthRefreshMs }, log.requests, 45_000);
        await platform.settled(60_000);

        // The final state, through the API in every region; the streams for what was applied.
        const kept = new Set<string>();
        let conflictCopies = 0;
        const reader = new PlatformClient({ endpoints, token: userToken, healthRefreshMs });
        for (const region of regions) {
            for (const id of log.itemIds) {
                const item = await reader.getItem(id, { region });
                const copies = (await reader.listConflicts(id, { region })).conflicts;
                for (const body of [item.body, ...copies.map(c => c.item.body)]) {
                    const stamp = readStamp(body);
                    if (stamp) kept.add(stamp.t);
                }
                if (region === regions[0]) conflictCopies += copies.length;
            }
        }
        const streams = regions.map(r => platform.table.replica(r).stream.records());
        const lost = lostWrites({ acknowledged: log.acked.map(a => a.token), kept, applied: appliedWrites(streams) });
        const appliedTwice = outcomesAppliedTwice(streams);
        const stranded = [...log.requests.keys()].filter(id => !FINAL.has(statuses.get(id) ?? "")).map(id => ({ requestId: id, status: statuses.get(id) ?? "unknown" }));
        const sums = Object.values(await platform.table.checksums());
        const replicasAgreeAtEnd = sums.every(s => s === sums[0]);
        const requestStatuses: Record<string, number> = {};
        for (const s of statuses.values()) requestStatuses[s] = (requestStatuses[s] ?? 0) + 1;
        const timeline = { faultAtMs: Math.round(faultAt), recoveredAtMs: Math.round(recoveredAt), endAtMs: Math.round(endAt) };
        return {
            scenario: o.scenario, summary: scenario.summary, stack: platform.ready.stack, regions, target, timeScale,
            takeoverAfterSeconds: Math.max(1, Math.round(platform.config.approval.takeoverAfterMinutes * 60 * timeScale)),
            timeline,
            phases: phases(log.calls, timeline),
            failures: failureCounts(log.calls),
            firstSuccessMs: firstSuccessAfter(log.calls, faultAt, [target]) ?? null,
            acknowledgedWrites: log.acked.length, lostWrites: lost, conflictCopies,
            requests: log.requests.size, requestStatuses, stranded, appliedTwice,
            caughtUpAfterMs: caughtUpAt === undefined ? null : Math.round(caughtUpAt - recoveredAt),
            replicasAgreeAfterMs: agreeAt === undefined ? null : Math.round(agreeAt - endAt),
            replicasAgreeAtEnd,
            broken: brokenInvariants({ lostWrites: lost, stranded, appliedTwice, replicasAgree: replicasAgreeAtEnd }),
        };
    } finally {
        await platform.stop();
    }
}
