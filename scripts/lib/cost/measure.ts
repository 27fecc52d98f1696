/**
 * Measures the request profile (policies/cost/request-profile.json): for every API route and
 * workflow step, the DynamoDB units and log bytes the real handler spends, one process per
 * function (scripts/lib/cost/measureWorker.ts), plus Lambda's own per-invocation log events.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { RequestProfile } from "../../../policies/cost/profile";
import type { WorkerResult } from "./measureWorker";
import { LIST_SIZE } from "./measureWorker";

const ROOT = path.resolve(__dirname, "../../..");

/** Where the profile is checked in. */
export const PROFILE_FILE = path.join(ROOT, "policies/cost/request-profile.json");

/** Every function the platform deploys, by handler name. */
export const MEASURED_FUNCTIONS = ["items", "approvals", "health", "approval-notify", "approval-worker"] as const;

/**
 * Lambda's own log events per invocation: with the JSON log format and the default system log
 * level INFO, Lambda sends `platform.start` and `platform.report` to the function's log group
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html). They
 * cannot be captured offline, so they are built from the documented record schema
 * (https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html) with
 * realistic values (X-Ray active: both carry the trace header) and counted.
 */
export function platformLogEvents(): string[] {
    const time = "2026-11-25T06:40:11.123Z";
    const requestId = "c5b3a1f2-4d6e-4f80-9a1b-2c3d4e5f6a7b";
    const tracing = { spanId: "54565fb41ac79632", type: "X-Amzn-Trace-Id", value: "Root=1-6744a1b2-710d76f009d6e7785905449a;Parent=0efbd19962d95b05;Sampled=1" };
    return [
        JSON.stringify({ time, type: "platform.start", record: { requestId, version: "$LATEST", tracing } }),
        JSON.stringify({ time, type: "platform.report", record: { requestId, metrics: { durationMs: 25.61, billedDurationMs: 26, memorySizeMB: 1024, maxMemoryUsedMB: 96 }, tracing, status: "success" } }),
    ];
}

/** Runs every worker (in parallel) and assembles the profile. */
export async function measureRequestProfile(): Promise<RequestProfile> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-profile-"));
    const tsx = path.join(ROOT, "node_modules/.bin/tsx");
    const worker = path.join(__dirname, "measureWorker.ts");
    // A clean environment: only what runs node. The worker sets what Lambda would; nothing of this
    // process (a test run's POWERTOOLS_LOG_LEVEL, LOCAL_AWS_ENDPOINTS, ...) leaks into the measurement.
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
    try {
        const results = await Promise.all(MEASURED_FUNCTIONS.map(async fn => {
            const out = path.join(dir, `${fn}.json`);
            await promisify(execFile)(tsx, [worker, fn, out], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 });
            return JSON.parse(fs.readFileSync(out, "utf8")) as WorkerResult;
        }));
        const platform = platformLogEvents();
        const routes = Object.assign({}, ...results.map(r => r.routes));
        const steps = Object.assign({}, ...results.map(r => r.steps));
        const itemBytes = results.find(r => r.itemBytes !== undefined)?.itemBytes;
        if (itemBytes === undefined) throw new Error("the items worker reported no item size");
        return {
            about: "Measured by `npm run cost -- --measure`: each function's real handler against dynalite in a process of its own, Powertools at its Lambda defaults (log level INFO, metrics on), "
                + "DynamoDB units as dynalite reports consumed capacity (ReturnConsumedCapacity TOTAL on every call; global secondary index writes are not counted: only approval rows carry gsi1pk), "
                + "log events = lines the handler writes to stdout/stderr during the call, their bytes UTF-8 without Lambda's per-event overhead. Step Functions and SNS calls are stubbed.",
            itemBytes,
            listSize: LIST_SIZE,
            routes: sortKeys(routes),
            steps: sortKeys(steps),
            metrics: results.flatMap(r => r.metrics),
            platformLog: {
                events: platform.length,
                bytes: platform.reduce((n, l) => n + Buffer.byteLength(l, "utf8"), 0),
                how: "platform.start + platform.report built from Lambda's documented telemetry schema (JSON log format, system log level INFO, X-Ray active); not capturable offline",
            },
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
    return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** The profile as checked in: stable key order, newline at the end. */
export function profileJson(profile: RequestProfile): string {
    return `${JSON.stringify(profile, null, 2)}\n`;
}
