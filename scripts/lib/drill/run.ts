/**
 * An outage drill (docs/design.md, decision 16): simulated users in every region (traffic.ts)
 * while a scenario breaks part of the platform and later recovers it; then the invariants are
 * checked (figures.ts) and the figures returned for the report (report.ts). Where it runs is a
 * {@link DrillTarget}: the local platform in this process (local.ts), or a deployed stack broken by
 * its FIS templates (aws.ts).
 *
 * Timeline: `before`, the fault, `after`; then the traffic stops, approvers decide what is still
 * pending, replication settles, and the final state is read through the API in every region.
 */
import { createHash } from "node:crypto";
import { PlatformClient, PlatformError } from "../../../client";
import type { Endpoints, TokenProvider } from "../../../client";
import type { LocalPlatform } from "../../../local/platform";
import { appliedWrites, lostWrites, readStamp, stampBody } from "../writeOracle";
import { AuditRecord, brokenInvariants, failureCounts, firstSuccessAfter, outcomesAppliedTwice, PhaseFigures, phases } from "./figures";
import { decideRemaining, FINAL, runTraffic } from "./traffic";

/** What a scenario breaks, and in which region. */
export interface Scenario {
    readonly summary: string;
    /** The region it breaks, from the stack's regions (home first). */
    readonly target: (regions: readonly string[]) => string;
    readonly fault: (platform: LocalPlatform, region: string) => Promise<void> | void;
    readonly recover: (platform: LocalPlatform, region: string) => Promise<void> | void;
    /** The FIS template (per region, platform:drills.fis) that causes it on AWS: docs/runbooks.md#outage-drill-on-aws. */
    readonly fisTemplate: "region-outage" | "pause-replication";
}

/** A region's outage: its servers refuse connections; on AWS, the region drained for the experiment. */
const regionFails = {
    fault: (p: LocalPlatform, r: string) => p.failRegion(r),
    recover: (p: LocalPlatform, r: string) => p.recoverRegion(r),
    fisTemplate: "region-outage",
} as const;

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
    "region-outage": {
        summary: "a region other than home fails: its API, DynamoDB endpoint and Step Functions refuse connections, replication to and from it is held",
        target: regions => regions[1],
        ...regionFails,
    },
    "home-region-outage": {
        summary: "the home region fails (as region-outage), with the user pool's home: sign-in moves to the replica where the stack has one",
        target: regions => regions[0],
        ...regionFails,
    },
    "replication-pause": {
        summary: "replication to and from the home region's replica pauses (every region keeps serving); held writes are delivered in order on resume",
        target: regions => regions[0],
        fault: (p, r) => p.table.pause({ region: r }),
        recover: (p, r) => p.table.resume({ region: r }),
        fisTemplate: "pause-replication",
    },
};

/** The scenario called `name`, or an error listing the scenarios. */
export function scenarioNamed(name: string): Scenario {
    const scenario = SCENARIOS[name];
    if (!scenario) throw new Error(`Unknown scenario ${name} (one of ${Object.keys(SCENARIOS).join(", ")})`);
    return scenario;
}

export interface DrillResult {
    readonly scenario: string;
    readonly summary: string;
    /** Where it ran, e.g. "stack prod on the local platform". */
    readonly where: string;
    readonly regions: readonly string[];
    readonly target: string;
    readonly timeScale: number;
    readonly takeoverAfterSeconds: number | null;
    readonly timeline: { readonly faultAtMs: number; readonly recoveredAtMs: number; readonly endAtMs: number };
    readonly phases: readonly PhaseFigures[];
    /** Failed calls by route kind and error code, e.g. `decide SERVICE_UNAVAILABLE`. */
    readonly failures: Readonly<Record<string, number>>;
    /** From the fault to the first served call of the broken region's devices, ms. */
    readonly firstSuccessMs: number | null;
    /** The items the drill wrote (the user's). */
    readonly itemIds: readonly string[];
    readonly acknowledgedWrites: number;
    readonly lostWrites: readonly string[];
    /** AWS only: acknowledged writes neither kept nor read by an acknowledged successor, but read by a write that got no answer (it may have been applied). */
    readonly unverifiableWrites: readonly string[];
    readonly conflictCopies: number;
    readonly requests: number;
    readonly requestStatuses: Readonly<Record<string, number>>;
    readonly stranded: ReadonlyArray<{ readonly requestId: string; readonly status: string }>;
    /** Requests whose outcome two regions applied; null where the replicas' streams cannot be read (AWS). */
    readonly appliedTwice: ReadonlyArray<{ readonly requestId: string; readonly regions: readonly string[]; readonly writes: readonly string[] }> | null;
    /** From the recovery until every write made before it was in every replica, ms; null if not seen (AWS) or not within a minute. */
    readonly caughtUpAfterMs: number | null;
    /** From the traffic's end to the first moment every replica's checksum was the same, ms; null if not within a minute. */
    readonly replicasAgreeAfterMs: number | null;
    readonly replicasAgreeAtEnd: boolean;
    /** Every invariant that broke; empty = the drill passed. */
    readonly broken: readonly string[];
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, Math.max(0, ms)));

/** Where a drill runs, and what it can see there. */
export interface DrillTarget {
    /** For the report, e.g. "stack prod on the local platform". */
    readonly where: string;
    readonly endpoints: Endpoints;
    /** The stack's regions, home first. */
    readonly regions: readonly string[];
    readonly user: TokenProvider;
    readonly approver: TokenProvider;
    /** The clients' health refresh, ms (scaled with the local platform's Route 53 timings). */
    readonly healthRefreshMs: number;
    /** Scale of Route 53 timings and the takeover grace period (1 on AWS), and the grace period in seconds where known. */
    readonly timeScale: number;
    readonly takeoverAfterSeconds: number | null;
    /** Breaks `region` as the scenario says; resolves once it is broken. */
    fault(scenario: Scenario, region: string): Promise<void>;
    /** Resolves once `region` has recovered: at `atMs` of the drill's clock locally, when the FIS experiment ends on AWS. */
    recovered(scenario: Scenario, region: string, atMs: number, clock: () => number): Promise<void>;
    /** Everything written is in every replica (locally: replication drained, detectors idle; on AWS: every region serves `itemIds` alike). */
    settled(itemIds: readonly string[]): Promise<void>;
    /** A digest per replica; equal digests = replicas agree. Locally of everything a replica holds; on AWS of the drill's items read in each region. */
    checksums(itemIds: readonly string[]): Promise<string[]>;
    /** True when every write made at or before `epochMs` is in every replica; undefined where that cannot be seen (AWS). */
    caughtUpTo?(epochMs: number): boolean;
    /** Every replica's stream (local only): applied writes and who applied outcomes. */
    streams?(): Array<Iterable<AuditRecord>>;
}

/** How long each part of a drill lasts and what its users do. */
export interface DriveOptions {
    readonly beforeMs: number;
    /** The fault's length where the drill decides it (locally); on AWS the experiment decides. */
    readonly faultMs: number;
    readonly afterMs: number;
    readonly ratePerSecond: number;
    readonly thinkMs: number;
    readonly seed: number;
    /** After the traffic, how long approvers keep deciding until every request is published or rejected, ms. */
    readonly decideWithinMs: number;
    readonly progress: (line: string) => void;
}

/**
 * A read of the final state, which reads every item in every region back to back: past the
 * stage's throttle (dev: 50 requests/s) API Gateway answers 429, so a throttled read waits and
 * is sent again.
 */
export async function unthrottled<T>(read: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await read();
        } catch (e) {
            if (!(e instanceof PlatformError && e.code === "THROTTLED") || attempt >= 30) throw e;
            await sleep(100 * attempt);
        }
    }
}

/** One item and its conflict copies as `region` serves them. */
async function readItem(reader: PlatformClient, id: string, region: string) {
    const item = await unthrottled(() => reader.getItem(id, { region }));
    const copies = (await unthrottled(() => reader.listConflicts(id, { region }))).conflicts;
    return { item, copies };
}

/** A digest of the drill's items as one region's API serves them (version, body, conflict copies). */
export async function apiDigest(reader: PlatformClient, region: string, itemIds: readonly string[]): Promise<string> {
    const hash = createHash("sha256");
    for (const id of itemIds) {
        const { item, copies: list } = await readItem(reader, id, region);
        const copies = list.map(c => c.id).sort();
        hash.update(JSON.stringify([id, item.version, item.body ?? null, copies]));
    }
    return hash.digest("hex");
}

/** Runs the traffic through the scenario on `target` and checks the invariants. */
export async function drive(name: string, target: DrillTarget, o: DriveOptions): Promise<DrillResult> {
    const scenario = scenarioNamed(name);
    const { endpoints, regions, healthRefreshMs } = target;
    const broken = scenario.target(regions);
    // Signed in before the fault: tokens outlive the drill (a home-region outage stops sign-in without a replica).
    await target.user({ forceRefresh: false });
    await target.approver({ forceRefresh: false });
    const reader = new PlatformClient({ endpoints, token: target.user, healthRefreshMs });
    const itemIds: string[] = [];
    // Four items per region to start with: enough for every device to have some awaiting approval at once.
    for (let i = 0; i < 4 * regions.length; i++) itemIds.push((await reader.createItem({ title: `drill item ${i}`, body: stampBody(`init-${i}`, "") })).id);
    await target.settled(itemIds);
    o.progress(`${name} on ${target.where} (${regions.join(", ")}): breaks ${broken}`);

    const started = performance.now();
    const clock = () => performance.now() - started;
    let stopTraffic!: () => void;
    const stop = new Promise<void>(resolve => { stopTraffic = resolve; });
    const traffic = runTraffic({
        endpoints, regions, user: target.user, approver: target.approver, ratePerSecond: o.ratePerSecond,
        thinkMs: o.thinkMs, itemIds, seed: o.seed, clock, healthRefreshMs,
    }, stop);

    await sleep(o.beforeMs - clock());
    const faultAt = clock();
    await target.fault(scenario, broken);
    o.progress(`${Math.round(faultAt)} ms: ${broken} broken`);
    await target.recovered(scenario, broken, faultAt + o.faultMs, clock);
    const recoveredAt = clock();
    o.progress(`${Math.round(recoveredAt)} ms: ${broken} recovered`);

    // Replication catches up: every write made before the recovery is in every replica.
    const recoveredEpoch = Date.now();
    let caughtUpAt: number | undefined;
    const watch = (async () => {
        while (target.caughtUpTo && caughtUpAt === undefined && clock() < recoveredAt + o.afterMs + 60_000) {
            if (target.caughtUpTo(recoveredEpoch)) caughtUpAt = clock();
            else await sleep(10);
        }
    })();
    await sleep(recoveredAt + o.afterMs - clock());
    stopTraffic();
    const log = await traffic;
    const endAt = clock();
    o.progress(`${Math.round(endAt)} ms: traffic stopped (${log.calls.length} calls); settling`);
    await watch;
    // Replicas agree: the first moment every replica's checksum is the same, from the last call's end.
    let agreeAt: number | undefined;
    while (agreeAt === undefined && clock() < endAt + 60_000) {
        const sums = await target.checksums(log.itemIds);
        if (sums.every(s => s === sums[0])) agreeAt = clock();
        else await sleep(20);
    }
    await target.settled(log.itemIds);
    const statuses = await decideRemaining({ endpoints, approver: target.approver, regions, healthRefreshMs }, log.requests, o.decideWithinMs);
    await target.settled(log.itemIds);

    // The final state, through the API in every region.
    const kept = new Set<string>();
    let conflictCopies = 0;
    for (const region of regions) {
        for (const id of log.itemIds) {
            const { item, copies } = await readItem(reader, id, region);
            for (const body of [item.body, ...copies.map(c => c.item.body)]) {
                const stamp = readStamp(body);
                if (stamp) kept.add(stamp.t);
            }
            if (region === regions[0]) conflictCopies += copies.length;
        }
    }
    // What replicas applied: every replica's stream locally; on AWS only what was acknowledged is
    // known, and a write read only by a successor that got no answer cannot be told lost or not.
    const streams = target.streams?.();
    const acknowledged = log.acked.map(a => a.token);
    let lost: string[];
    let unverifiable: string[] = [];
    if (streams) {
        lost = lostWrites({ acknowledged, kept, applied: appliedWrites(streams) });
    } else {
        const ackedBases = new Map(log.acked.map(a => [a.token, a.base]));
        const notKept = lostWrites({ acknowledged, kept, applied: ackedBases });
        const attempted = new Set(log.attempts.values());
        lost = notKept.filter(t => !attempted.has(t));
        unverifiable = notKept.filter(t => attempted.has(t));
    }
    const appliedTwice = streams ? outcomesAppliedTwice(streams) : null;
    const stranded = [...log.requests.keys()].filter(id => !FINAL.has(statuses.get(id) ?? "")).map(id => ({ requestId: id, status: statuses.get(id) ?? "unknown" }));
    const sums = await target.checksums(log.itemIds);
    const replicasAgreeAtEnd = sums.every(s => s === sums[0]);
    const requestStatuses: Record<string, number> = {};
    for (const s of statuses.values()) requestStatuses[s] = (requestStatuses[s] ?? 0) + 1;
    const timeline = { faultAtMs: Math.round(faultAt), recoveredAtMs: Math.round(recoveredAt), endAtMs: Math.round(endAt) };
    return {
        scenario: name, summary: scenario.summary, where: target.where, regions, target: broken,
        timeScale: target.timeScale, takeoverAfterSeconds: target.takeoverAfterSeconds,
        timeline,
        phases: phases(log.calls, timeline),
        failures: failureCounts(log.calls),
        firstSuccessMs: firstSuccessAfter(log.calls, faultAt, [broken]) ?? null,
        itemIds: log.itemIds, acknowledgedWrites: log.acked.length, lostWrites: lost, unverifiableWrites: unverifiable, conflictCopies,
        requests: log.requests.size, requestStatuses, stranded, appliedTwice,
        caughtUpAfterMs: caughtUpAt === undefined ? null : Math.round(caughtUpAt - recoveredAt),
        replicasAgreeAfterMs: agreeAt === undefined ? null : Math.round(agreeAt - endAt),
        replicasAgreeAtEnd,
        broken: brokenInvariants({ lostWrites: lost, stranded, appliedTwice: appliedTwice ?? [], replicasAgree: replicasAgreeAtEnd }),
    };
}
