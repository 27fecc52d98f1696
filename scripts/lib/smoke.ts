/**
 * The post-deploy smoke suite: proves a deployment works in every region, each region on its own
 * (every call pinned to the region under test, so a failover cannot hide a broken region).
 *
 * Per region: `/health` answers 200 `ok`; the user creates an item, reads it, updates it; the
 * update is read from every other region before the deadline (replication); the user asks to
 * publish it and an approver sees the request pending in that region's queue, then rejects it (so
 * nothing is published and the workflow ends); the user deletes the item. Sign-in happens once.
 * Every step is recorded with its time; a failed step is reported with the region and the reason,
 * and the region's later steps still run where they can, so one report shows everything broken.
 */
import { PlatformClient, PlatformError } from "../../client";
import type { Endpoints, TokenProvider } from "../../client";
import type { StackOutputs } from "../../client/node";
import { srpTokenProvider } from "./srp";

/** Environment variables naming a deployed stack's test user and approver (README "Smoke test"). */
export const DEPLOYED_USER_VARIABLES = ["SMOKE_USERNAME", "SMOKE_PASSWORD", "SMOKE_APPROVER_USERNAME", "SMOKE_APPROVER_PASSWORD"] as const;

/**
 * The test user and the approver of a deployed stack, signed in with SRP from the environment
 * (SMOKE_USERNAME, SMOKE_PASSWORD, SMOKE_APPROVER_USERNAME, SMOKE_APPROVER_PASSWORD, and
 * SMOKE_TOTP_SECRET / SMOKE_APPROVER_TOTP_SECRET where the pool requires MFA). Throws naming the
 * variables missing.
 */
export function deployedUsers(outputs: Pick<StackOutputs, "userPoolId" | "userPoolClientId">, env: NodeJS.ProcessEnv = process.env): { user: TokenProvider; approver: TokenProvider } {
    const value = (name: string) => env[name] || undefined;
    const missing = DEPLOYED_USER_VARIABLES.filter(n => !value(n));
    if (missing.length) throw new Error(`Set ${missing.join(", ")} (a test user and a member of the approvers group; see README "Smoke test")`);
    const pool = { userPoolId: outputs.userPoolId, clientId: outputs.userPoolClientId };
    return {
        user: srpTokenProvider({ ...pool, username: value("SMOKE_USERNAME")!, password: value("SMOKE_PASSWORD")!, totpSecret: value("SMOKE_TOTP_SECRET") }),
        approver: srpTokenProvider({ ...pool, username: value("SMOKE_APPROVER_USERNAME")!, password: value("SMOKE_APPROVER_PASSWORD")!, totpSecret: value("SMOKE_APPROVER_TOTP_SECRET") }),
    };
}

/** What to check and as whom. */
export interface SmokeTarget {
    readonly endpoints: Endpoints;
    /** Signed-in user (owns the test items). */
    readonly user: TokenProvider;
    /** A member of the `approvers` group, not the same user. */
    readonly approver: TokenProvider;
    /** How long a write may take to be readable in another region. @default 30000 */
    readonly replicationDeadlineMs?: number;
    /** How long an approval request may take to reach the approvers' queue. @default 30000 */
    readonly approvalDeadlineMs?: number;
    /** Extra options for the clients (tests: fetch). */
    readonly fetch?: typeof fetch;
}

/** One step's result. */
export interface StepResult {
    /** `*` for steps that are not about one region (sign-in). */
    readonly region: string;
    readonly step: string;
    readonly ok: boolean;
    readonly ms: number;
    readonly detail?: string;
}

/** The suite's outcome. */
export interface SmokeReport {
    readonly ok: boolean;
    readonly results: readonly StepResult[];
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function describe(e: unknown): string {
    if (e instanceof PlatformError) return `${e.status ?? e.code} ${e.code}: ${e.message}${e.region ? ` [${e.region}]` : ""}`;
    return e instanceof Error ? e.message : String(e);
}

/** Polls `check` until it returns a value, or throws the last reason after `deadlineMs`. */
async function until<T>(deadlineMs: number, what: string, check: () => Promise<T | undefined>): Promise<T> {
    const end = Date.now() + deadlineMs;
    let last = "";
    for (;;) {
        try {
            const value = await check();
            if (value !== undefined) return value;
        } catch (e) {
            last = describe(e);
        }
        if (Date.now() > end) throw new Error(`${what} not seen within ${deadlineMs} ms${last ? ` (last: ${last})` : ""}`);
        await sleep(Math.min(500, Math.max(50, deadlineMs / 40)));
    }
}

/** Runs the suite; never throws for a failed check (they are in the report). */
export async function runSmoke(target: SmokeTarget): Promise<SmokeReport> {
    const results: StepResult[] = [];
    const regions = Object.keys(target.endpoints.regions);
    const replicationMs = target.replicationDeadlineMs ?? 30_000;
    const approvalMs = target.approvalDeadlineMs ?? 30_000;
    const common = { endpoints: target.endpoints, healthRefreshMs: 0, attemptTimeoutMs: 10_000, callTimeoutMs: 30_000, ...(target.fetch ? { fetch: target.fetch } : {}) };
    const user = new PlatformClient({ ...common, token: target.user });
    const approver = new PlatformClient({ ...common, token: target.approver });

    const step = async <T>(region: string, name: string, run: () => Promise<T>): Promise<T | undefined> => {
        const started = Date.now();
        try {
            const value = await run();
            results.push({ region, step: name, ok: true, ms: Date.now() - started });
            return value;
        } catch (e) {
            results.push({ region, step: name, ok: false, ms: Date.now() - started, detail: describe(e) });
            return undefined;
        }
    };

    const signedIn = await step("*", "sign in (user and approver)", async () => {
        await Promise.all([target.user({ forceRefresh: false }), target.approver({ forceRefresh: false })]);
        return true;
    });
    if (!signedIn) return { ok: false, results };

    for (const region of regions) {
        const at = { region };
        await step(region, "health", async () => {
            const h = await user.health(region);
            if (h.httpStatus !== 200 || h.body?.status !== "ok") throw new Error(`GET /health answered ${h.httpStatus} ${JSON.stringify(h.body ?? null)}`);
        });
        const title = `smoke ${region} ${new Date().toISOString()}`;
        const created = await step(region, "create item", () => user.createItem({ title, tags: ["smoke"] }, at));
        if (!created) continue;
        await step(region, "read item", async () => {
            const item = await user.getItem(created.id, at);
            if (item.title !== title) throw new Error(`read back title ${JSON.stringify(item.title)}`);
        });
        const updated = await step(region, "update item", () => user.updateItem(created.id, { title: `${title} (updated)`, tags: ["smoke"] }, { version: created.version }, at));
        const version = updated?.version ?? created.version;
        for (const other of regions.filter(r => r !== region)) {
            await step(region, `replicated to ${other}`, () => until(replicationMs, `version ${version} in ${other}`, async () => {
                const item = await user.getItem(created.id, { region: other });
                return item.version === version ? item : undefined;
            }));
        }
        const requested = await step(region, "publish request", () => user.publishItem(created.id, at));
        if (requested) {
            await step(region, "approver sees it pending", () => until(approvalMs, `request ${requested.requestId} in the approvers' queue`, async () => {
                const page = await approver.listApprovals({ limit: 100 }, at);
                const mine = page.requests.find(r => r.requestId === requested.requestId);
                if (mine) return mine;
                // Older pending requests may fill the first page: the request itself must still say PENDING.
                const view = await approver.getRequest(requested.requestId, at);
                return page.cursor && view.status === "PENDING" ? view : undefined;
            }));
            await step(region, "approver rejects it", async () => {
                const decided = await approver.decide(requested.requestId, { decision: "reject", comment: "smoke test" }, at);
                if (decided.status !== "REJECTED") throw new Error(`status ${decided.status} after rejecting`);
            });
        }
        const current = await user.getItem(created.id, at).catch(() => undefined);
        await step(region, "delete item", () => user.deleteItem(created.id, { version: current?.version ?? version }, at));
    }
    return { ok: results.every(r => r.ok), results };
}

/** The report as text: a table per region, then every failure named by region and step. */
export function renderSmoke(report: SmokeReport): string {
    const lines: string[] = [];
    const regions = [...new Set(report.results.map(r => r.region))];
    for (const region of regions) {
        const rows = report.results.filter(r => r.region === region);
        lines.push(region === "*" ? "all regions" : region);
        const width = Math.max(...rows.map(r => r.step.length));
        for (const r of rows) lines.push(`  ${r.step.padEnd(width)}  ${r.ok ? "ok  " : "FAIL"}  ${String(r.ms).padStart(6)} ms${r.detail ? `  ${r.detail}` : ""}`);
        lines.push("");
    }
    const failed = report.results.filter(r => !r.ok);
    lines.push(failed.length
        ? `SMOKE FAILED: ${failed.map(f => `${f.region === "*" ? "" : `${f.region}: `}${f.step}`).join("; ")}`
        : `SMOKE PASSED: ${report.results.length} checks in ${regions.filter(r => r !== "*").length} regions`);
    return lines.join("\n");
}
