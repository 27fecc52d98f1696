/**
 * Lambda functions on one machine: each function of each region runs the very bundle the program
 * deploys (esbuild, `components/logic/bundle.ts`) in a worker thread of its own, with the
 * environment the program gives it, so module-scope state (clients, config read at init) is per
 * function and per region as in Lambda. Results are serialised to JSON as the Lambda runtime
 * does, errors come back as `{ errorType, errorMessage }`, and a function that runs past its
 * timeout is a `Task timed out` error. The AWS SDK resolves from the repository's node_modules,
 * standing in for the one the Node.js runtime ships.
 */
import { createHash, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { Worker } from "node:worker_threads";
import { buildHandlerCode } from "../components/logic/handlerCode";

const ROOT = path.resolve(__dirname, "..");
/** Inside node_modules, so the bundles' `require("@aws-sdk/...")` finds the repository's packages. */
const BUNDLE_DIR = path.join(ROOT, "node_modules", ".cache", "platform-local");

/**
 * Writes `handlers/<bundle>/index.ts`'s bundle once per process and returns its path. The file
 * name carries the code's hash, so concurrent platforms never read a half-written file.
 */
const written = new Map<string, string>();
export function bundleFile(bundle: string): string {
    const hit = written.get(bundle);
    if (hit) return hit;
    const { code } = buildHandlerCode(bundle);
    const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
    const file = path.join(BUNDLE_DIR, `${bundle.replace(/\//g, "-")}-${hash}.js`);
    if (!fs.existsSync(file)) {
        fs.mkdirSync(BUNDLE_DIR, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, code);
        fs.renameSync(tmp, file);
    }
    written.set(bundle, file);
    return file;
}

/** A function as deployed: names, bundle, environment, limits. */
export interface FunctionSpec {
    /** Physical name, e.g. `platform-dev-us-east-1-items`. */
    readonly name: string;
    readonly region: string;
    /** Bundle path under handlers/. */
    readonly bundle: string;
    readonly environment: Record<string, string>;
    readonly timeoutSeconds: number;
    readonly memoryMb: number;
    readonly arn: string;
}

/** What an invocation returned. */
export type Invocation =
    | { readonly ok: true; readonly payload: string; readonly durationMs: number }
    | { readonly ok: false; readonly errorType: string; readonly errorMessage: string; readonly durationMs: number };

/** A log line a function wrote (stdout or stderr). */
export interface LogLine {
    readonly function: string;
    readonly region: string;
    readonly line: string;
}

/** The runtime inside each worker: load the bundle once (init), then serve invocations. */
const BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
let handler, initError;
try { handler = require(workerData.file).handler; if (typeof handler !== "function") throw new Error("index.handler is not a function"); }
catch (e) { initError = { errorType: "Runtime.ImportModuleError", errorMessage: String(e && e.message || e) }; }
parentPort.on("message", async ({ id, event, context }) => {
    if (initError) return parentPort.postMessage({ id, ...initError });
    const ctx = { ...context, callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => Math.max(0, context.deadline - Date.now()) };
    try {
        const result = await handler(event, ctx);
        parentPort.postMessage({ id, payload: result === undefined ? "null" : JSON.stringify(result) });
    } catch (e) {
        parentPort.postMessage({ id, errorType: (e && e.name) || "Error", errorMessage: String((e && e.message) || e) });
    }
});
parentPort.postMessage({ ready: true });
`;

/** One function of one region, warm from start-up to stop (one execution environment that takes concurrent invocations). */
export class LocalFunction {
    private worker?: Worker;
    private readonly pending = new Map<string, { settle: (result: any) => void; timer: NodeJS.Timeout }>();
    private readonly started: Promise<void>;
    invocations = 0;

    constructor(readonly spec: FunctionSpec, onLog: (line: LogLine) => void) {
        const worker = new Worker(BOOTSTRAP, {
            eval: true,
            workerData: { file: bundleFile(spec.bundle) },
            env: spec.environment,
            stdout: true,
            stderr: true,
        });
        this.worker = worker;
        for (const stream of [worker.stdout, worker.stderr]) {
            readline.createInterface({ input: stream }).on("line", line => onLog({ function: spec.name, region: spec.region, line }));
        }
        this.started = new Promise((resolve, reject) => {
            worker.once("message", () => resolve());
            worker.once("error", reject);
        });
        worker.on("message", (message: any) => {
            if (!message.id) return;
            this.settle(message.id, message);
        });
        worker.on("error", e => this.settleAll({ errorType: "Runtime.ExitError", errorMessage: String(e) }));
    }

    /** Resolves once the bundle has been loaded (the init phase). */
    ready(): Promise<void> {
        return this.started;
    }

    /** Invokes the function with `event`; a run past the function's timeout is a `Task timed out` error. */
    async invoke(event: unknown): Promise<Invocation> {
        const worker = this.worker;
        const start = Date.now();
        const timeoutMs = this.spec.timeoutSeconds * 1000;
        if (!worker) return { ok: false, errorType: "Runtime.Stopped", errorMessage: "The function's environment is stopped", durationMs: 0 };
        this.invocations++;
        const id = randomUUID();
        const context = {
            awsRequestId: id, functionName: this.spec.name, functionVersion: "$LATEST", invokedFunctionArn: this.spec.arn,
            memoryLimitInMB: String(this.spec.memoryMb), logGroupName: `/platform/local/${this.spec.name}`, logStreamName: "local", deadline: start + timeoutMs,
        };
        const result = await new Promise<any>(resolve => {
            const timer = setTimeout(() => this.settle(id, { errorType: "Sandbox.Timedout", errorMessage: `Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds` }), timeoutMs);
            this.pending.set(id, { settle: resolve, timer });
            worker.postMessage({ id, event, context });
        });
        const durationMs = Date.now() - start;
        return result.errorType
            ? { ok: false, errorType: result.errorType, errorMessage: result.errorMessage, durationMs }
            : { ok: true, payload: result.payload, durationMs };
    }

    private settle(id: string, result: unknown): void {
        const entry = this.pending.get(id);
        if (!entry) return;
        this.pending.delete(id);
        clearTimeout(entry.timer);
        entry.settle(result);
    }

    private settleAll(result: unknown): void {
        for (const id of [...this.pending.keys()]) this.settle(id, result);
    }

    async stop(): Promise<void> {
        const worker = this.worker;
        this.worker = undefined;
        this.settleAll({ errorType: "Runtime.Stopped", errorMessage: "The function's environment stopped" });
        if (worker) await worker.terminate();
    }
}
