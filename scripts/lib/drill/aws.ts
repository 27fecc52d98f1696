/**
 * The drill against a deployed stack: the same simulated users through the client library, the
 * fault caused by the region's FIS experiment template (platform:drills.fis), started and watched
 * through the AWS CLI. The fault lasts as long as the experiment (components/faultInjection.ts:
 * DRILL_DURATION); recovery is the experiment's end.
 *
 * What differs from the local drill, because the replicas cannot be read from here: replicas agree
 * when each region's API serves the drill's items (version, body, conflict copies) the same; a
 * lost write is an acknowledged one neither kept nor read by an acknowledged successor, and one
 * read only by a write that got no answer is reported as unverifiable; outcomes applied twice and
 * the time for replication to catch up are not measured (the runbook says where to look).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { PlatformClient } from "../../../client";
import type { Endpoints, TokenProvider } from "../../../client";
import { apiDigest, DrillResult, drive, scenarioNamed, sleep, unthrottled } from "./run";

/** Starts an experiment and reads its state. */
export interface Fis {
    /** Starts an experiment from the template; returns its id. */
    start(templateId: string, region: string): Promise<string>;
    /** The experiment's state: `pending`, `initiating`, `running`, then `completed`, `stopped`, `failed` or `cancelled`. */
    state(experimentId: string, region: string): Promise<{ readonly status: string; readonly reason?: string }>;
}

type Exec = (file: string, args: readonly string[]) => Promise<{ stdout: string }>;

/** FIS through the AWS CLI (`aws fis start-experiment`, `aws fis get-experiment`) with the standard credential chain. */
export function awsCliFis(exec: Exec = promisify(execFile) as unknown as Exec): Fis {
    const run = async (args: string[]) => {
        try {
            return JSON.parse((await exec("aws", [...args, "--output", "json"])).stdout);
        } catch (e: any) {
            throw new Error(`aws ${args.slice(0, 2).join(" ")} failed: ${e?.code === "ENOENT" ? "the AWS CLI is not installed" : String(e?.stderr || e?.message).trim()}`);
        }
    };
    return {
        start: async (templateId, region) => {
            const out = await run(["fis", "start-experiment", "--experiment-template-id", templateId, "--region", region]);
            const id = out?.experiment?.id;
            if (typeof id !== "string") throw new Error(`aws fis start-experiment answered without an experiment id: ${JSON.stringify(out)}`);
            return id;
        },
        state: async (experimentId, region) => {
            const state = (await run(["fis", "get-experiment", "--id", experimentId, "--region", region]))?.experiment?.state;
            return { status: String(state?.status ?? "unknown"), ...(state?.reason ? { reason: String(state.reason) } : {}) };
        },
    };
}

const ENDED = new Set(["completed", "stopped", "failed", "cancelled"]);

export interface AwsDrillOptions {
    readonly scenario: string;
    readonly endpoints: Endpoints;
    /** The stack's regions, home first (stack output `regions`). */
    readonly regions: readonly string[];
    /** Stack output `drillTemplateIds`: per region, the template id of each drill. */
    readonly templateIds: Readonly<Record<string, Readonly<Record<string, string>>>>;
    readonly user: TokenProvider;
    readonly approver: TokenProvider;
    readonly fis: Fis;
    /** Traffic before the experiment starts, ms. @default 60000 */
    readonly beforeMs?: number;
    /** Traffic after it ends, ms. @default 120000 */
    readonly afterMs?: number;
    /** @default 4 */
    readonly ratePerSecond?: number;
    /** How long approvers leave a request pending, ms. @default 30000 */
    readonly thinkMs?: number;
    readonly seed?: number;
    /** How often the experiment's state is read, ms. @default 5000 */
    readonly pollMs?: number;
    /** The clients' health refresh, ms. @default 30000 (Route 53's standard interval) */
    readonly healthRefreshMs?: number;
    readonly progress?: (line: string) => void;
}

export async function runDrillOnAws(o: AwsDrillOptions): Promise<DrillResult & { readonly experiment: { readonly id: string; readonly status: string; readonly reason?: string } }> {
    const scenario = scenarioNamed(o.scenario);
    const region = scenario.target(o.regions);
    const templateId = o.templateIds[region]?.[scenario.fisTemplate];
    if (!templateId) throw new Error(`The stack has no ${scenario.fisTemplate} FIS template in ${region} (stack output drillTemplateIds): set platform:drills.fis: true and run pulumi up`);
    const healthRefreshMs = o.healthRefreshMs ?? 30_000;
    const reader = new PlatformClient({ endpoints: o.endpoints, token: o.user, healthRefreshMs });
    const checksums = (itemIds: readonly string[]) => Promise.all(o.regions.map(r => apiDigest(reader, r, itemIds)));
    const experiment: { id: string; status: string; reason?: string } = { id: "", status: "not started" };
    const pollMs = o.pollMs ?? 5000;
    const result = await drive(o.scenario, {
        where: `the deployed stack (FIS template ${templateId})`,
        endpoints: o.endpoints, regions: o.regions, user: o.user, approver: o.approver, healthRefreshMs,
        timeScale: 1, takeoverAfterSeconds: null,
        fault: async () => {
            experiment.id = await o.fis.start(templateId, region);
            experiment.status = "started";
            o.progress?.(`FIS experiment ${experiment.id} started in ${region}`);
        },
        recovered: async () => {
            for (;;) {
                const state = await o.fis.state(experiment.id, region);
                experiment.status = state.status;
                if (state.reason) experiment.reason = state.reason;
                if (ENDED.has(state.status)) return;
                await sleep(pollMs);
            }
        },
        // Replication on AWS is seen through the API: each region serves the drill's items alike.
        settled: async itemIds => {
            const deadline = Date.now() + 120_000;
            while (Date.now() < deadline) {
                const sums = await checksums(itemIds);
                if (sums.every(s => s === sums[0])) return;
                await sleep(1000);
            }
        },
        checksums,
    }, {
        beforeMs: o.beforeMs ?? 60_000, faultMs: 0, afterMs: o.afterMs ?? 120_000,
        ratePerSecond: o.ratePerSecond ?? 4, thinkMs: o.thinkMs ?? 30_000, seed: o.seed ?? 7, decideWithinMs: 180_000,
        progress: o.progress ?? (() => undefined),
    });
    // The drill's items are the test user's: removed, so that drills do not pile up in a live stack.
    for (const id of result.itemIds) await unthrottled(() => reader.deleteItem(id)).catch(() => undefined);
    const broken = experiment.status === "completed" ? result.broken
        : [...result.broken, `the FIS experiment ${experiment.id} ended ${experiment.status}${experiment.reason ? `: ${experiment.reason}` : ""} (its fault may not have run as planned)`];
    return { ...result, broken, experiment };
}
