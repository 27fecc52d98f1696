/**
 * The control API: faults on demand and what the platform is doing. JSON in, JSON out.
 *
 * | route | does |
 * | --- | --- |
 * | `POST /regions/{region}/fail` | the region's API, DynamoDB endpoint, Step Functions and SNS refuse connections; replication to and from it is held; its user pool stops (a home-region failure fails sign-in over to the replica, or stops it without one) |
 * | `POST /regions/{region}/recover` | everything answers again on its port; held replication is delivered in order |
 * | `POST /regions/{region}/health/fail` | the region's `GET /health` answers 503 (the rest of its API works) |
 * | `POST /regions/{region}/health/recover` | `GET /health` reaches its function again |
 * | `PUT /regions/{region}/latency` `{"ms": N}` | every request to the region's DynamoDB endpoint waits N ms first |
 * | `POST /replication/pause` `[{"region"} \| {"from","to"}]` | holds replication: all pairs, to and from one region (AWS FIS `aws:dynamodb:global-table-pause-replication`), or one direction |
 * | `POST /replication/resume` (same body) | delivers what was held, in write order |
 * | `PUT /replication/lag` `{"ms": N}` | lag of later writes |
 * | `GET /state` | regions, replication, front door (health, answers, timings scaled and real), executions |
 * | `GET /streams/{region}?limit=N` | the region's last stream records (with writer region and timestamp) |
 * | `GET /logs?region=&function=&limit=N` | the functions' last log lines |
 * | `GET /cognito/emails` | what the user pool would have emailed (sign-up confirmation codes) |
 */
import type * as http from "node:http";
import { HttpError, LoopbackServer, readJson, router, sendJson } from "./lib/http";
import type { LocalPlatform } from "./platform";

const REGION = "([a-z]{2}(?:-[a-z]+)+-\\d)";

function nonNegativeMs(body: any): number {
    const ms = body?.ms;
    if (!Number.isInteger(ms) || ms < 0 || ms > 600_000) throw new HttpError(400, "VALIDATION", "Body must be {\"ms\": N} with N an integer from 0 to 600000");
    return ms;
}

function scope(body: any): { region?: string; from?: string; to?: string } {
    if (body === undefined) return {};
    if (typeof body !== "object" || Array.isArray(body) || Object.keys(body).some(k => !["region", "from", "to"].includes(k))) {
        throw new HttpError(400, "VALIDATION", "Body must be empty, {\"region\": R} or {\"from\": R1, \"to\": R2}");
    }
    return body;
}

/** Starts the control API for the platform `get()` returns. */
export async function startControl(get: () => LocalPlatform, port = 0): Promise<LoopbackServer> {
    const state = (p: LocalPlatform) => ({
        stack: p.ready.stack,
        consistency: p.config.table.consistency,
        regions: Object.fromEntries([...p.regions].map(([name, r]) => [name, {
            api: r.api.server.running ? "up" : "failed",
            health: r.api.healthFailing ? "failing" : "ok",
            dynamodb: p.table.replica(name).available ? "up" : "failed",
            dynamodbLatencyMs: p.table.replica(name).latencyMs,
            executions: r.stepFunctions.summary(),
            responses: Object.fromEntries(r.api.statuses),
            conflictDetector: r.detector?.state() ?? "off",
        }])),
        replication: p.table.state(),
        frontDoor: p.frontDoor.state(),
        userPool: { available: p.userPool.available, servingRegion: p.userPool.servingRegion ?? null, failedOver: p.userPool.failedOver },
        outbox: { messages: p.outbox.messages.length },
    });
    const region = (p: LocalPlatform, name: string) => {
        if (!p.regions.has(name)) throw new HttpError(404, "NO_SUCH_REGION", `${name} is not a region of this platform (${[...p.regions.keys()].join(", ")})`);
        return p.region(name);
    };
    const ok = (res: http.ServerResponse, p: LocalPlatform) => sendJson(res, 200, state(p));
    const server = new LoopbackServer(router([
        ["GET", /^\/state$/, (_q, res) => ok(res, get())],
        ["POST", new RegExp(`^/regions/${REGION}/fail$`), async (_q, res, m) => { region(get(), m[1]); await get().failRegion(m[1]); ok(res, get()); }],
        ["POST", new RegExp(`^/regions/${REGION}/recover$`), async (_q, res, m) => { region(get(), m[1]); await get().recoverRegion(m[1]); ok(res, get()); }],
        ["POST", new RegExp(`^/regions/${REGION}/health/fail$`), (_q, res, m) => { region(get(), m[1]).api.healthFailing = true; ok(res, get()); }],
        ["POST", new RegExp(`^/regions/${REGION}/health/recover$`), (_q, res, m) => { region(get(), m[1]).api.healthFailing = false; ok(res, get()); }],
        ["PUT", new RegExp(`^/regions/${REGION}/latency$`), async (req, res, m) => {
            region(get(), m[1]);
            get().table.replica(m[1]).latencyMs = nonNegativeMs(await readJson(req));
            ok(res, get());
        }],
        ["POST", /^\/replication\/pause$/, async (req, res) => {
            try { get().table.pause(scope(await readJson(req))); } catch (e) { if (e instanceof HttpError) throw e; throw new HttpError(409, "CANNOT_PAUSE", (e as Error).message); }
            ok(res, get());
        }],
        ["POST", /^\/replication\/resume$/, async (req, res) => {
            try { get().table.resume(scope(await readJson(req))); } catch (e) { if (e instanceof HttpError) throw e; throw new HttpError(400, "VALIDATION", (e as Error).message); }
            ok(res, get());
        }],
        ["PUT", /^\/replication\/lag$/, async (req, res) => { get().table.setLag(nonNegativeMs(await readJson(req))); ok(res, get()); }],
        ["GET", new RegExp(`^/streams/${REGION}$`), (req, res, m) => {
            const limit = Number(new URL(req.url ?? "/", "http://x").searchParams.get("limit") ?? 100);
            const records = get().table.replica(region(get(), m[1]).region).stream.records();
            sendJson(res, 200, { records: records.slice(-Math.max(1, Math.min(limit || 100, 10_000))) });
        }],
        ["GET", /^\/cognito\/emails$/, (_q, res) => sendJson(res, 200, { emails: get().userPool.emails })],
        ["GET", /^\/logs$/, (req, res) => {
            const q = new URL(req.url ?? "/", "http://x").searchParams;
            const lines = get().logs.filter(l => (!q.get("region") || l.region === q.get("region")) && (!q.get("function") || l.function.endsWith(`-${q.get("function")}`)));
            sendJson(res, 200, { lines: lines.slice(-Math.max(1, Math.min(Number(q.get("limit") ?? 200) || 200, 5000))) });
        }],
    ]), port);
    await server.start();
    return server;
}
