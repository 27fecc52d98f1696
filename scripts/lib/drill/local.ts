/**
 * The drill on the local platform, started in this process: the scenario's fault and recovery are
 * the platform's own (a region's servers refuse connections, replication pauses), and the
 * replicas are in reach, so the drill reads their streams (every write each applied, with its
 * region) and compares a checksum of everything each holds.
 */
import { endpointsFromReady, passwordTokenProvider } from "../../../client";
import { PlatformOptions, startPlatform } from "../../../local/platform";
import { DrillResult, drive, scenarioNamed, sleep } from "./run";

export interface DrillOptions {
    readonly scenario: string;
    /** Stack whose config the platform runs. @default "prod" */
    readonly stack?: string;
    /** Before + fault + after, ms: a quarter before the fault, two fifths of fault, the rest after. @default 60000 */
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

export async function runDrill(o: DrillOptions): Promise<DrillResult> {
    scenarioNamed(o.scenario); // before the platform starts
    const durationMs = o.durationMs ?? 60_000;
    const timeScale = o.timeScale ?? 0.01;
    const platform = await startPlatform({
        stack: o.stack ?? "prod", port: 0, timeScale, replicationLagMs: o.replicationLagMs ?? 350, replicationJitter: 0.6, ...o.platform,
    });
    try {
        const pool = { endpoint: platform.ready.cognito.endpoint, clientId: platform.ready.cognito.clientId };
        const user = platform.ready.users.find(u => u.groups.length === 0)!;
        const approver = platform.ready.users.find(u => u.groups.includes("approvers"))!;
        const regions = Object.keys(platform.ready.regions);
        const beforeMs = Math.round(durationMs * 0.25);
        const faultMs = Math.round(durationMs * 0.4);
        return await drive(o.scenario, {
            where: `stack ${platform.ready.stack} on the local platform`,
            endpoints: endpointsFromReady(platform.ready),
            regions,
            user: passwordTokenProvider(pool, user.username, user.password),
            approver: passwordTokenProvider(pool, approver.username, approver.password),
            healthRefreshMs: Math.max(250, Math.round(30_000 * timeScale)),
            timeScale,
            takeoverAfterSeconds: Math.max(1, Math.round(platform.config.approval.takeoverAfterMinutes * 60 * timeScale)),
            fault: async (scenario, region) => { await scenario.fault(platform, region); },
            recovered: async (scenario, region, atMs, clock) => {
                await sleep(atMs - clock());
                await scenario.recover(platform, region);
            },
            settled: () => platform.settled(60_000),
            checksums: async () => Object.values(await platform.table.checksums()),
            caughtUpTo: epochMs => platform.table.caughtUpTo(epochMs),
            streams: () => regions.map(r => platform.table.replica(r).stream.records()),
        }, {
            beforeMs, faultMs, afterMs: durationMs - beforeMs - faultMs,
            ratePerSecond: o.ratePerSecond ?? 4, thinkMs: o.thinkMs ?? Math.round(durationMs * 0.3), seed: o.seed ?? 7, decideWithinMs: 15_000,
            progress: o.progress ?? (() => undefined),
        });
    } finally {
        await platform.stop();
    }
}
