/**
 * Cold start of every handler: bundle size (bytes, gzip) and cold init in a fresh Node process
 * (load the code, serve one request against dynalite), median of N runs, against a baseline
 * measured in the same run: the same handler compiled from TypeScript file by file (no bundling)
 * and loaded with node_modules, which is what a zip-the-folder or closure-serialised deployment
 * ships. The AWS SDK is external in both (the Lambda runtime provides it), so the comparison is
 * about the platform's own code and its libraries (Powertools, zod).
 *
 * A second table prices the Powertools tracer: the same bundle with the tracer replaced by a
 * pass-through (bench/lib/tracerStub.js) against the real one, with tracing off (as outside
 * Lambda) and on (Lambda's environment emulated: AWS_EXECUTION_ENV, a sampled _X_AMZN_TRACE_ID,
 * segments sent by UDP to a daemon address nobody listens on).
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { buildHandlerCode } from "../components/logic/bundle";
import { CONTROL_PK, SENTINEL_SK } from "../handlers/shared/keys";
import { apiEvent, ITEMS_ENV, REGION, startLocalTable, TABLE } from "../tests/handlers/helpers/local";
import { fmt, markdownTable, median } from "./lib/table";

const ROOT = path.resolve(__dirname, "..");
const UNKNOWN_REQUEST = "00000000-0000-4000-8000-000000000000";

/** Each handler with one request that reaches DynamoDB and the env it needs. */
const CASES: readonly { name: string; request: string; event: unknown; env?: Record<string, string> }[] = [
    { name: "api/items", request: "GET /items", event: apiEvent({ method: "GET", resource: "/items", sub: "bench-0001" }) },
    { name: "health", request: "GET /health", event: {} },
    {
        name: "approval/api", request: "GET /requests/{id} (404)", event: apiEvent({ method: "GET", resource: "/requests/{id}", id: UNKNOWN_REQUEST, sub: "bench-0001" }),
        env: { STATE_MACHINE_ARN: `arn:aws:states:${REGION}:123456789012:stateMachine:m`, PLATFORM_REGIONS: REGION, TAKEOVER_AFTER_SECONDS: "900" },
    },
    {
        name: "approval/notify", request: "notify, unknown request (GetItem, then refused)", event: { requestId: UNKNOWN_REQUEST, taskToken: "t" },
        env: { APPROVERS_TOPIC_ARN: `arn:aws:sns:${REGION}:123456789012:t`, DECIDE_URL: "https://x" },
    },
    { name: "approval/worker", request: "expire, unknown request", event: { step: "expire", requestId: UNKNOWN_REQUEST } },
];

/** Loads a handler module, serves one event, prints `{ loadMs, firstMs }` (time inside the process, Node's own boot excluded). */
const PROBE = `
const t0 = performance.now();
const mod = require(process.argv[1]);
const t1 = performance.now();
Promise.resolve(mod.handler(JSON.parse(process.argv[2]))).catch(() => undefined).then(() => {
    process.stdout.write(JSON.stringify({ loadMs: t1 - t0, firstMs: performance.now() - t1 }));
});`;

/** What Lambda sets that turns Powertools tracing and the X-Ray SDK on (a sampled trace, a daemon address). */
const LAMBDA_TRACING_ENV = {
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x", LAMBDA_TASK_ROOT: os.tmpdir(), AWS_LAMBDA_FUNCTION_NAME: "bench",
    _X_AMZN_TRACE_ID: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", AWS_XRAY_DAEMON_ADDRESS: "127.0.0.1:2000",
};

const TRACER_STUB = { "@aws-lambda-powertools/tracer": path.join(__dirname, "lib", "tracerStub.js") };

function probe(file: string, event: unknown, env: Record<string, string>): Promise<{ loadMs: number; firstMs: number }> {
    return new Promise((resolve, reject) => execFile(process.execPath, ["-e", PROBE, file, JSON.stringify(event)], { env, cwd: os.tmpdir() },
        (err, stdout, stderr) => err ? reject(new Error(stderr || err.message)) : resolve(JSON.parse(stdout))));
}

/** The floor every handler pays: the AWS SDK's DynamoDB clients and one GetItem, nothing of the platform's. */
const SDK_FLOOR = `
const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, GetCommand } = require("@aws-sdk/lib-dynamodb");
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION, endpoint: process.env.DYNAMODB_ENDPOINT }));
exports.handler = () => db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: "CONTROL", sk: "HEALTH#SENTINEL" } }));`;

/** Every handler file compiled one-to-one (what `tsc` emits), imports left to node_modules. */
function compileUnbundled(outdir: string): void {
    const files = (function walk(dir: string): string[] {
        return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []);
    })(path.join(ROOT, "handlers"));
    esbuild.buildSync({ absWorkingDir: ROOT, entryPoints: files, outbase: ROOT, outdir, bundle: false, format: "cjs", platform: "node", target: "node22", logLevel: "silent" });
}

export async function run(quick: boolean): Promise<{ markdown: string; targets: string[] }> {
    const runs = quick ? 1 : 10;
    const local = await startLocalTable();
    await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: CONTROL_PK, sk: SENTINEL_SK } }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cold-"));
    try {
        compileUnbundled(path.join(dir, "unbundled"));
        const baseEnv = {
            PATH: process.env.PATH ?? "", NODE_PATH: path.join(ROOT, "node_modules"), TABLE_NAME: TABLE, AWS_REGION: REGION, ...ITEMS_ENV,
            DYNAMODB_ENDPOINT: local.endpoint, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local",
            POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        };
        const floorFile = path.join(dir, "sdk-floor.js");
        fs.writeFileSync(floorFile, SDK_FLOOR);
        const floors: number[] = [];
        for (let i = 0; i < runs; i++) { const f = await probe(floorFile, {}, baseEnv); floors.push(f.loadMs + f.firstMs); }
        const floor = median(floors);
        const rows: (string | number)[][] = [];
        const ownRows: (string | number)[][] = [];
        const tracerRows: (string | number)[][] = [];
        const targets: string[] = [];
        for (const c of CASES) {
            const { code } = buildHandlerCode(c.name);
            const bundled = path.join(dir, `${c.name.replace("/", "-")}.js`);
            fs.writeFileSync(bundled, code);
            const unbundled = path.join(dir, "unbundled", "handlers", c.name, "index.js");
            const env = { ...baseEnv, ...(c.env ?? {}) };
            const withSdk = buildHandlerCode(c.name, { external: [] }).code;
            const inlined = path.join(dir, `${c.name.replace("/", "-")}-sdk.js`);
            fs.writeFileSync(inlined, withSdk);
            const untraced = buildHandlerCode(c.name, { alias: TRACER_STUB }).code;
            const untracedFile = path.join(dir, `${c.name.replace("/", "-")}-no-tracer.js`);
            fs.writeFileSync(untracedFile, untraced);
            const b: number[] = [], u: number[] = [], s: number[] = [], bLoad: number[] = [], uLoad: number[] = [], t: number[] = [], n: number[] = [];
            // Interleaved, so drift on a shared machine hits all variants alike.
            for (let i = 0; i < runs; i++) {
                const x = await probe(bundled, c.event, env);
                const y = await probe(unbundled, c.event, env);
                const z = await probe(inlined, c.event, env);
                const traced = await probe(bundled, c.event, { ...env, ...LAMBDA_TRACING_ENV });
                const none = await probe(untracedFile, c.event, env);
                b.push(x.loadMs + x.firstMs); bLoad.push(x.loadMs);
                u.push(y.loadMs + y.firstMs); uLoad.push(y.loadMs);
                s.push(z.loadMs + z.firstMs);
                t.push(traced.loadMs + traced.firstMs);
                n.push(none.loadMs + none.firstMs);
            }
            tracerRows.push([c.name, fmt(Buffer.byteLength(untraced) / 1024), fmt(Buffer.byteLength(code) / 1024), fmt(median(n)), fmt(median(b)), fmt(median(t)),
                `+${fmt(median(b) - median(n))}`, `+${fmt(median(t) - median(n))}`]);
            const bytes = Buffer.byteLength(code);
            const ratio = median(u) / median(b);
            rows.push([c.name, c.request, fmt(bytes / 1024), fmt(gzipSync(code).length / 1024), fmt(median(bLoad)), fmt(median(b)), fmt(median(uLoad)), fmt(median(u)), `${fmt(ratio, 2)}x`,
                fmt(Buffer.byteLength(withSdk) / 1024), fmt(median(s)), `${fmt(median(u) / median(s), 2)}x`]);
            const own = (median(u) - floor) / Math.max(0.1, median(b) - floor);
            ownRows.push([c.name, fmt(median(b) - floor), fmt(median(u) - floor), `${fmt(own, 2)}x`]);
            targets.push(`cold start ${c.name}: bundle ${fmt(bytes / 1024)} KB <= 250 KB ${bytes <= 250 * 1024 ? "MET" : "MISSED"}; init ${fmt(ratio, 2)}x faster than unbundled (>= 2x) ${ratio >= 2 ? "MET" : `MISSED (the AWS SDK floor of ${fmt(floor)} ms is in both; above it the bundle is ${fmt(own, 2)}x faster)`}`);
        }
        const markdown = [
            `### Cold start (median of ${runs} fresh Node processes each; baseline = the same handler unbundled, compiled file by file, with node_modules)`,
            "",
            "Init = load the code + serve one request against dynalite, measured inside the process (Node's own ~40 ms boot is the same for both and excluded). The AWS SDK is external in both: the Lambda Node.js runtime provides it, and inlining it would add ~500 KB to every bundle.",
            "",
            markdownTable(["handler", "request", "bundle KB", "gzip KB", "bundle load ms", "bundle init ms", "unbundled load ms", "unbundled init ms", "speed-up", "bundle+SDK KB", "bundle+SDK init ms", "speed-up"], rows),
            "",
            `The AWS SDK floor (require the DynamoDB clients and do one GetItem, no platform code): median ${fmt(floor)} ms. Above that floor, the platform's own code and libraries:`,
            "",
            markdownTable(["handler", "bundle ms above floor", "unbundled ms above floor", "speed-up"], ownRows),
            "",
            `### Tracer cost (median of ${runs} fresh Node processes each; baseline = the same bundle with the Powertools tracer replaced by a pass-through)`,
            "",
            "The tracer wraps every SDK client so each AWS call is an X-Ray subsegment; it brings the X-Ray SDK into every bundle. \"Tracing on\" emulates Lambda's environment (a sampled trace id and a daemon address), so the SDK calls are captured and their segments sent over UDP.",
            "",
            markdownTable(["handler", "KB without tracer", "KB with tracer", "init without tracer ms", "init, tracing off ms", "init, tracing on ms", "cost off ms", "cost on ms"], tracerRows),
        ].join("\n");
        return { markdown, targets };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        await local.close();
    }
}
