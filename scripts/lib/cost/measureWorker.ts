/**
 * One function's share of the request profile, measured in a process of its own (handler modules
 * read their environment and Powertools its service name once, at import, as in Lambda):
 *
 *   tsx scripts/lib/cost/measureWorker.ts <function> <out.json>
 *
 * The real handler runs against dynalite behind a small proxy that asks DynamoDB for
 * `ReturnConsumedCapacity: TOTAL` on every call and adds up what comes back, with Powertools at
 * its Lambda defaults (log level INFO, metrics on). Everything the handler writes to stdout and
 * stderr during a measured call is counted as log events. Step Functions and SNS are
 * aws-sdk-client-mock stubs: their calls cost API requests, not DynamoDB units or log lines.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { CONTROL_PK, GSI1, SENTINEL_SK, TABLE_KEYS } from "../../../handlers/shared/keys";
import type { InvocationProfile, MetricProfile, RouteProfile } from "../../../policies/cost/profile";

const dynalite = require("dynalite");

const TABLE = "platform-profile";
const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const MACHINE = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:platform-profile-${REGION}-approval`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:platform-profile-${REGION}-approvals`;
const ALICE = "3f1c2a9e-7b4d-4e21-9c55-0a8d6f1b2c3d";
const CAROL = "9a7e5c3b-1d2f-4a6b-8c9d-0e1f2a3b4c5d";
const BOB = "5b2d8f4a-6c1e-4d3b-9a7f-1e2d3c4b5a69";
/** A task token of realistic length (Step Functions tokens run to several hundred characters). */
const TOKEN = `AQCEAAAAKgAAAAMAAAAAAAAAA${"Q2FsbGJhY2tUb2tlbg".repeat(30)}`;

/** The item every route is measured with: a title, a body of ordinary length, two tags. */
export const PROFILE_ITEM = { title: "Quarterly report for the platform team", body: "Lorem ipsum dolor sit amet. ".repeat(20).trim(), tags: ["report", "q3"] };
/** Items in Alice's partition when the list route is measured. */
export const LIST_SIZE = 20;

/** Per-call accounting the proxy and the stdout tap fill in. */
class Meter {
    rru = 0;
    wru = 0;
    lines: string[] = [];
    reset(): void { this.rru = 0; this.wru = 0; this.lines = []; }
}

const READS = new Set(["GetItem", "BatchGetItem", "Query", "Scan"]);
const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"]);

/** dynalite behind a proxy that adds ReturnConsumedCapacity and meters the answer. */
async function startTable(meter: Meter): Promise<{ endpoint: string; db: DynamoDBDocumentClient; close(): Promise<void> }> {
    const backend: http.Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>(r => backend.listen(0, "127.0.0.1", () => r()));
    const backendPort = (backend.address() as AddressInfo).port;
    const proxy = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", c => chunks.push(c));
        req.on("end", () => {
            const op = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
            let body = Buffer.concat(chunks);
            if (READS.has(op) || WRITES.has(op)) {
                const json = JSON.parse(body.toString("utf8"));
                json.ReturnConsumedCapacity = "TOTAL";
                body = Buffer.from(JSON.stringify(json));
            }
            const headers = { ...req.headers, "content-length": String(body.length) };
            const upstream = http.request({ host: "127.0.0.1", port: backendPort, method: req.method, path: req.url, headers }, up => {
                const out: Buffer[] = [];
                up.on("data", c => out.push(c));
                up.on("end", () => {
                    const text = Buffer.concat(out);
                    if (READS.has(op) || WRITES.has(op)) {
                        const parsed = JSON.parse(text.toString("utf8") || "{}");
                        const consumed = ([] as any[]).concat(parsed.ConsumedCapacity ?? []);
                        const units = consumed.reduce((sum, c) => sum + (c?.CapacityUnits ?? 0), 0);
                        if (READS.has(op)) meter.rru += units; else meter.wru += units;
                    }
                    res.writeHead(up.statusCode ?? 500, up.headers);
                    res.end(text);
                });
            });
            upstream.end(body);
        });
    });
    await new Promise<void>(r => proxy.listen(0, "127.0.0.1", () => r()));
    const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const raw = new DynamoDBClient({ region: REGION, endpoint: `http://127.0.0.1:${backendPort}`, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    const attrs = [TABLE_KEYS.partition, TABLE_KEYS.sort, GSI1.partition, GSI1.sort];
    await raw.send(new CreateTableCommand({
        TableName: TABLE, BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: attrs.map(n => ({ AttributeName: n, AttributeType: "S" })),
        KeySchema: [{ AttributeName: TABLE_KEYS.partition, KeyType: "HASH" }, { AttributeName: TABLE_KEYS.sort, KeyType: "RANGE" }],
        GlobalSecondaryIndexes: [{
            IndexName: GSI1.name,
            KeySchema: [{ AttributeName: GSI1.partition, KeyType: "HASH" }, { AttributeName: GSI1.sort, KeyType: "RANGE" }],
            Projection: { ProjectionType: "ALL" },
        }],
    }));
    const db = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    return {
        endpoint, db,
        close: async () => {
            raw.destroy();
            await new Promise<void>(r => proxy.close(() => r()));
            await new Promise<void>(r => backend.close(() => r()));
        },
    };
}

/** Runs `call` with stdout and stderr tapped; returns what it consumed and wrote. */
async function metered<T>(meter: Meter, call: () => Promise<T>): Promise<{ result: T; rru: number; wru: number; lines: string[] }> {
    meter.reset();
    const streams = [process.stdout, process.stderr];
    const writes = streams.map(s => s.write);
    const text: string[] = [];
    for (const s of streams) (s as any).write = (chunk: unknown) => { text.push(String(chunk)); return true; };
    try {
        const result = await call();
        return { result, rru: meter.rru, wru: meter.wru, lines: text.join("").split("\n").filter(l => l.length > 0) };
    } finally {
        streams.forEach((s, i) => { (s as any).write = writes[i]; });
    }
}

function invocation(fn: string, m: { rru: number; wru: number; lines: string[] }): InvocationProfile {
    return { function: fn, rru: m.rru, wru: m.wru, logEvents: m.lines.length, logBytes: m.lines.reduce((n, l) => n + Buffer.byteLength(l, "utf8"), 0) };
}

/**
 * An API Gateway REST proxy event as the Cognito authorizer passes it, with a request id of
 * API Gateway's length (it lands in every log line as the correlation id).
 */
function apiEvent(o: { method: string; resource: string; sub?: string; id?: string; body?: unknown; query?: Record<string, string>; groups?: string[] }): APIGatewayProxyEvent {
    return {
        httpMethod: o.method, resource: o.resource, path: o.resource.replace("{id}", o.id ?? ""),
        pathParameters: o.id === undefined ? null : { id: o.id },
        queryStringParameters: o.query ?? null, multiValueQueryStringParameters: null,
        headers: o.body === undefined ? {} : { "Content-Type": "application/json" }, multiValueHeaders: {},
        body: o.body === undefined ? null : JSON.stringify(o.body), isBase64Encoded: false, stageVariables: null,
        requestContext: {
            requestId: "c5b3a1f2-4d6e-4f80-9a1b-2c3d4e5f6a7b",
            authorizer: o.sub === undefined ? undefined : { claims: { sub: o.sub, ...(o.groups ? { "cognito:groups": o.groups.join(",") } : {}) } },
        } as any,
    } as APIGatewayProxyEvent;
}

type Api = (e: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

async function route(meter: Meter, fn: string, handler: Api, e: APIGatewayProxyEvent, expected: number): Promise<{ profile: RouteProfile; body: any }> {
    const m = await metered(meter, () => handler(e));
    if (m.result.statusCode !== expected) throw new Error(`${e.httpMethod} ${e.resource} answered ${m.result.statusCode}, expected ${expected}: ${m.result.body}`);
    const body = m.result.body ? JSON.parse(m.result.body) : undefined;
    return { profile: { ...invocation(fn, m), status: m.result.statusCode, responseBytes: Buffer.byteLength(m.result.body ?? "", "utf8") }, body };
}

/** The EMF metrics in `lines`, region dimension left out. */
function metricsOf(fn: string, lines: readonly string[]): MetricProfile[] {
    const out: MetricProfile[] = [];
    for (const line of lines) {
        if (!line.includes("\"_aws\"")) continue;
        const doc = JSON.parse(line);
        for (const directive of doc._aws.CloudWatchMetrics ?? []) {
            for (const dims of directive.Dimensions ?? []) {
                for (const metric of directive.Metrics ?? []) {
                    const dimensions = Object.fromEntries((dims as string[]).filter(d => d !== "region").map(d => [d, String(doc[d])]));
                    out.push({ function: fn, namespace: directive.Namespace, name: metric.Name, dimensions });
                }
            }
        }
    }
    return out;
}

/** Everything one function contributes to the profile. */
export interface WorkerResult {
    readonly itemBytes?: number;
    readonly routes: Record<string, RouteProfile>;
    readonly steps: Record<string, InvocationProfile>;
    readonly metrics: MetricProfile[];
}

async function measure(fn: string): Promise<WorkerResult> {
    const meter = new Meter();
    const local = await startTable(meter);
    Object.assign(process.env, {
        TABLE_NAME: TABLE, TTL_ATTRIBUTE: "expiresAt", PARTITION_DECISIONS: "eventual", HOME_TIMEOUT_MS: "1000", AWS_REGION: REGION, DYNAMODB_ENDPOINT: local.endpoint,
        AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        POWERTOOLS_SERVICE_NAME: fn, POWERTOOLS_LOG_LEVEL: "INFO",
        // Lambda sets the trace header with active tracing on; Powertools copies its root into every log line.
        _X_AMZN_TRACE_ID: "Root=1-6744a1b2-710d76f009d6e7785905449a;Parent=0efbd19962d95b05;Sampled=1",
        STATE_MACHINE_ARN: MACHINE, PLATFORM_REGIONS: `${REGION},eu-west-1`, TAKEOVER_AFTER_SECONDS: "900", APPROVERS_TOPIC_ARN: TOPIC, DECIDE_URL: "https://api.example.com/v1/approvals",
    });
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    const sfn = mockClient(SFNClient);
    const sns = mockClient(SNSClient);
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${MACHINE.replace(":stateMachine:", ":execution:")}:run`, startDate: new Date() });
    sfn.on(SendTaskSuccessCommand).resolves({});
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });
    const routes: Record<string, RouteProfile> = {};
    const steps: Record<string, InvocationProfile> = {};
    const seedItem = async (sub: string, id: string) => local.db.send(new PutCommand({ TableName: TABLE, Item: {
        pk: `USER#${sub}`, sk: `ITEM#${id}`, id, ...PROFILE_ITEM, version: 1, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z", updatedRegion: REGION,
    } }));
    try {
        if (fn === "items") {
            const handler: Api = require("../../../handlers/api/items").handler;
            let created: any;
            for (let i = 0; i < LIST_SIZE; i++) {
                const r = await route(meter, fn, handler, apiEvent({ method: "POST", resource: "/items", sub: ALICE, body: PROFILE_ITEM }), 201);
                routes["POST /items"] = r.profile;
                created = r.body;
            }
            const list = await route(meter, fn, handler, apiEvent({ method: "GET", resource: "/items", sub: ALICE }), 200);
            if (list.body.items.length !== LIST_SIZE) throw new Error(`GET /items listed ${list.body.items.length} items, expected ${LIST_SIZE}`);
            routes["GET /items"] = list.profile;
            routes["GET /items/{id}"] = (await route(meter, fn, handler, apiEvent({ method: "GET", resource: "/items/{id}", sub: ALICE, id: created.id }), 200)).profile;
            routes["PUT /items/{id}"] = (await route(meter, fn, handler, apiEvent({ method: "PUT", resource: "/items/{id}", sub: ALICE, id: created.id, body: { ...PROFILE_ITEM, title: "Quarterly report for the platform team, v2", version: 1 } }), 200)).profile;
            routes["GET /items/{id}/conflicts"] = (await route(meter, fn, handler, apiEvent({ method: "GET", resource: "/items/{id}/conflicts", sub: ALICE, id: created.id }), 200)).profile;
            routes["GET /home"] = (await route(meter, fn, handler, apiEvent({ method: "GET", resource: "/home", sub: ALICE }), 200)).profile;
            routes["PUT /home"] = (await route(meter, fn, handler, apiEvent({ method: "PUT", resource: "/home", sub: ALICE, body: { region: REGION } }), 200)).profile;
            routes["DELETE /items/{id}"] = (await route(meter, fn, handler, apiEvent({ method: "DELETE", resource: "/items/{id}", sub: ALICE, id: created.id, query: { version: "2" } }), 204)).profile;
            // A conflict copy as the detector writes it, then the user resolves (deletes) it.
            const copyId = "c".repeat(22);
            await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: `USER#${ALICE}`, sk: `CONFLICT#${created.id}#${copyId}`, copyId, itemId: created.id, item: { ...PROFILE_ITEM, version: 2 }, overwrittenBy: { version: 2, region: "eu-west-1", updatedAt: "2026-01-01T00:00:00.000Z" } } }));
            const resolved = apiEvent({ method: "DELETE", resource: "/items/{id}/conflicts/{conflictId}", sub: ALICE, id: created.id });
            routes["DELETE /items/{id}/conflicts/{conflictId}"] = (await route(meter, fn, handler, { ...resolved, pathParameters: { id: created.id, conflictId: copyId } }, 204)).profile;
            const sample = (await route(meter, fn, handler, apiEvent({ method: "POST", resource: "/items", sub: ALICE, body: PROFILE_ITEM }), 201)).body;
            const stored = (await local.db.send(new GetCommand({ TableName: TABLE, Key: { pk: `USER#${ALICE}`, sk: `ITEM#${sample.id}` }, ConsistentRead: true }))).Item!;
            return { itemBytes: itemBytes(stored), routes, steps, metrics: await emfOf(fn, meter, handler) };
        }
        if (fn === "health") {
            await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: CONTROL_PK, sk: SENTINEL_SK, purpose: "Read by GET /health in every region" } }));
            const handler: Api = require("../../../handlers/health").handler;
            routes["GET /health"] = (await route(meter, fn, handler, apiEvent({ method: "GET", resource: "/health" }), 200)).profile;
            return { routes, steps, metrics: [] };
        }
        const domain = require("../../../handlers/approval/domain") as typeof import("../../../handlers/approval/domain");
        const wctx = { table: TABLE, db: local.db };
        if (fn === "approvals") {
            const handler: Api = require("../../../handlers/approval/api").handler;
            const all: string[] = [];
            for (const decision of ["approve", "reject"] as const) {
                const itemId = `item-${decision}`;
                await seedItem(ALICE, itemId);
                const pub = await route(meter, fn, handler, apiEvent({ method: "POST", resource: "/items/{id}/publish", sub: ALICE, id: itemId }), 202);
                const requestId = pub.body.requestId;
                await domain.recordExecution(wctx, requestId, `${MACHINE.replace(":stateMachine:", ":execution:")}:${requestId}`);
                await domain.notifyApprovers({ ...wctx, sns: new SNSClient({ region: REGION }), topicArn: TOPIC, decideUrl: "https://api.example.com/v1/approvals" }, requestId, TOKEN);
                const status = await route(meter, fn, handler, apiEvent({ method: "GET", resource: "/requests/{id}", sub: ALICE, id: requestId }), 200);
                const queue = await route(meter, fn, handler, apiEvent({ method: "GET", resource: "/approvals", sub: CAROL, groups: ["approvers"], query: { status: "pending" } }), 200);
                const m = await metered(meter, () => handler(apiEvent({ method: "POST", resource: "/approvals/{id}/decision", sub: CAROL, groups: ["approvers"], id: requestId, body: { decision } })));
                if (m.result.statusCode !== 200) throw new Error(`decision answered ${m.result.statusCode}: ${m.result.body}`);
                all.push(...m.lines);
                // The workflow's steps after the decision (not metered: they are the worker's), so the readers below have rows to read.
                if (decision === "approve") await domain.applyApproved(wctx, requestId);
                await domain.notifyRequester(wctx, requestId);
                if (decision === "approve") {
                    routes["POST /items/{id}/publish"] = pub.profile;
                    routes["GET /requests/{id}"] = status.profile;
                    routes["GET /approvals"] = queue.profile;
                    routes["POST /approvals/{id}/decision"] = { ...invocation(fn, m), status: 200, responseBytes: Buffer.byteLength(m.result.body ?? "", "utf8") };
                }
            }
            const feed = await route(meter, fn, handler, apiEvent({ method: "GET", resource: "/published", sub: BOB }), 200);
            if (feed.body.items.length !== 1) throw new Error(`GET /published listed ${feed.body.items.length} items, expected 1`);
            routes["GET /published"] = feed.profile;
            const notices = await route(meter, fn, handler, apiEvent({ method: "GET", resource: "/notices", sub: ALICE }), 200);
            if (notices.body.notices.length !== 2) throw new Error(`GET /notices listed ${notices.body.notices.length} notices, expected 2`);
            routes["GET /notices"] = notices.profile;
            const publishLines = (await metered(meter, async () => { await seedItem(ALICE, "item-metrics"); return handler(apiEvent({ method: "POST", resource: "/items/{id}/publish", sub: ALICE, id: "item-metrics" })); })).lines;
            return { routes, steps, metrics: dedupe([...metricsOf(fn, publishLines), ...metricsOf(fn, all)]) };
        }
        if (fn === "approval-notify" || fn === "approval-worker") {
            await seedItem(ALICE, "item-1");
            const caller = { sub: ALICE, approver: false };
            const actx = { table: TABLE, region: REGION, regions: [REGION], db: () => local.db, sfn: () => new SFNClient({ region: REGION }) };
            const view = await domain.requestPublish(actx, caller, "item-1", MACHINE);
            const requestId = view.requestId;
            const executionArn = `${MACHINE.replace(":stateMachine:", ":execution:")}:${requestId}`;
            if (fn === "approval-notify") {
                await domain.recordExecution(wctx, requestId, executionArn);
                const handler = require("../../../handlers/approval/notify").handler as (e: unknown) => Promise<unknown>;
                steps["approval-notify"] = invocation(fn, await metered(meter, () => handler({ requestId, taskToken: TOKEN })));
                return { routes, steps, metrics: [] };
            }
            const handler = require("../../../handlers/approval/worker").handler as (e: unknown) => Promise<unknown>;
            steps["approval-worker:record"] = invocation(fn, await metered(meter, () => handler({ step: "record", requestId, executionArn })));
            await domain.notifyApprovers({ ...wctx, sns: new SNSClient({ region: REGION }), topicArn: TOPIC, decideUrl: "https://api.example.com/v1/approvals" }, requestId, TOKEN);
            await domain.decide(actx, { sub: CAROL, approver: true }, requestId, "approve");
            steps["approval-worker:apply"] = invocation(fn, await metered(meter, () => handler({ step: "apply", requestId })));
            steps["approval-worker:finish"] = invocation(fn, await metered(meter, () => handler({ step: "finish", requestId })));
            // The reject path: its finish writes a notice for a rejected request.
            await seedItem(ALICE, "item-2");
            const rejected = (await domain.requestPublish(actx, caller, "item-2", MACHINE)).requestId;
            await handler({ step: "record", requestId: rejected, executionArn: `${executionArn}-2` });
            await domain.notifyApprovers({ ...wctx, sns: new SNSClient({ region: REGION }), topicArn: TOPIC, decideUrl: "https://api.example.com/v1/approvals" }, rejected, TOKEN);
            await domain.decide(actx, { sub: CAROL, approver: true }, rejected, "reject");
            const expire = await metered(meter, async () => {
                await seedItem(ALICE, "item-3");
                const expiring = (await domain.requestPublish(actx, caller, "item-3", MACHINE)).requestId;
                await handler({ step: "record", requestId: expiring, executionArn: `${executionArn}-3` });
                return handler({ step: "expire", requestId: expiring });
            });
            return { routes, steps, metrics: metricsOf(fn, expire.lines) };
        }
        throw new Error(`unknown function ${fn}`);
    } finally {
        sfn.restore();
        sns.restore();
        await local.close();
    }
}

/** DynamoDB's item size: attribute names plus values, UTF-8 (numbers counted by their text, an upper bound). */
export function itemBytes(item: Record<string, unknown>): number {
    const size = (v: unknown): number => {
        if (typeof v === "string") return Buffer.byteLength(v, "utf8");
        if (typeof v === "number") return Math.ceil(String(v).replace(/^-/, "").replace(".", "").length / 2) + 1;
        if (typeof v === "boolean" || v === null) return 1;
        if (Array.isArray(v)) return 3 + v.reduce((n, x) => n + 1 + size(x), 0);
        if (v && typeof v === "object") return 3 + Object.entries(v).reduce((n, [k, x]) => n + 1 + Buffer.byteLength(k, "utf8") + size(x), 0);
        return 0;
    };
    return Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k, "utf8") + size(v), 0);
}

/** One write of each kind that emits a metric, to list the items function's metrics. */
async function emfOf(fn: string, meter: Meter, handler: Api): Promise<MetricProfile[]> {
    const m = await metered(meter, () => handler(apiEvent({ method: "POST", resource: "/items", sub: ALICE, body: PROFILE_ITEM })));
    return metricsOf(fn, m.lines);
}

function dedupe(metrics: MetricProfile[]): MetricProfile[] {
    const seen = new Map<string, MetricProfile>();
    for (const m of metrics) seen.set(JSON.stringify(m), m);
    return [...seen.values()];
}

if (require.main === module) {
    const [fn, out] = process.argv.slice(2);
    measure(fn).then(
        r => { fs.writeFileSync(out, JSON.stringify(r)); process.exit(0); },
        e => { process.stderr.write(`${e instanceof Error ? e.stack : e}\n`); process.exit(1); },
    );
}
