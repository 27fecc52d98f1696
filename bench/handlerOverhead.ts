/**
 * Handler overhead: GET and PUT of an item through the items handler (event parsing, zod, domain
 * logic, response mapping, Powertools logger) against the bare SDK call the handler makes, on
 * dynalite over loopback, sequential and 16 concurrent. Both use identically configured clients;
 * the baseline is measured in the same run, interleaved block by block.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { apiEvent, REGION, startLocalTable, TABLE } from "../tests/handlers/helpers/local";
import { fmt, markdownTable, percentile } from "./lib/table";

const CONCURRENCY = 16;
const sub = (worker: number) => `bench-${String(worker).padStart(4, "0")}`;

interface Sample { readonly opsPerSecond: number; readonly p50: number; readonly p99: number }

/** Runs `op(worker, i)` `total` times over `workers` sequential loops; latency per call. */
async function measure(total: number, workers: number, op: (worker: number, i: number) => Promise<void>): Promise<Sample> {
    const latencies: number[] = [];
    const per = Math.ceil(total / workers);
    const start = performance.now();
    await Promise.all(Array.from({ length: workers }, async (_, w) => {
        for (let i = 0; i < per; i++) {
            const t = performance.now();
            await op(w, i);
            latencies.push(performance.now() - t);
        }
    }));
    const seconds = (performance.now() - start) / 1000;
    return { opsPerSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function run(quick: boolean): Promise<{ markdown: string; targets: string[] }> {
    const total = quick ? 160 : 1600;
    const local = await startLocalTable();
    try {
        // Imported after startLocalTable: handler modules read their environment at import, as in Lambda.
        const { handler } = require("../handlers/api/items") as { handler: (e: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> };
        const { documentClient } = require("../handlers/shared/clients") as typeof import("../handlers/shared/clients");
        const bare = documentClient(REGION);
        const versions = new Map<string, number>();
        for (let w = 0; w < CONCURRENCY; w++) {
            for (const kind of ["h", "b"]) {
                await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: `USER#${sub(w)}`, sk: `ITEM#${kind}`, id: kind, title: "bench", version: 1, createdAt: "2026-01-01T00:00:00.000Z" } }));
                versions.set(`${w}/${kind}`, 1);
            }
        }
        const expectStatus = (res: APIGatewayProxyResult, status: number) => {
            if (res.statusCode !== status) throw new Error(`handler answered ${res.statusCode}: ${res.body}`);
        };
        const ops = {
            GET: {
                handler: async (w: number) => expectStatus(await handler(apiEvent({ method: "GET", resource: "/items/{id}", id: "h", sub: sub(w) })), 200),
                bare: async (w: number) => { await bare.send(new GetCommand({ TableName: TABLE, Key: { pk: `USER#${sub(w)}`, sk: "ITEM#b" }, ConsistentRead: true })); },
            },
            PUT: {
                handler: async (w: number) => {
                    const version = versions.get(`${w}/h`)!;
                    expectStatus(await handler(apiEvent({ method: "PUT", resource: "/items/{id}", id: "h", sub: sub(w), body: { title: "bench", version } })), 200);
                    versions.set(`${w}/h`, version + 1);
                },
                // The update the handler sends for that body (components of updateItem), without the handler.
                bare: async (w: number) => {
                    const version = versions.get(`${w}/b`)!;
                    await bare.send(new UpdateCommand({
                        TableName: TABLE, Key: { pk: `USER#${sub(w)}`, sk: "ITEM#b" },
                        UpdateExpression: "SET title = :title, version = version + :one, updatedAt = :now, updatedRegion = :region REMOVE #body, #tags",
                        ConditionExpression: "attribute_exists(pk) AND version = :expected",
                        ExpressionAttributeNames: { "#body": "body", "#tags": "tags" },
                        ExpressionAttributeValues: { ":title": "bench", ":one": 1, ":now": new Date().toISOString(), ":region": REGION, ":expected": version },
                        ReturnValues: "ALL_NEW",
                    }));
                    versions.set(`${w}/b`, version + 1);
                },
            },
        };
        const rows: (string | number)[][] = [];
        const targets: string[] = [];
        for (const [op, impl] of Object.entries(ops)) {
            for (const workers of [1, CONCURRENCY]) {
                await measure(64, workers, impl.bare); // warm-up: connections, JIT
                await measure(64, workers, impl.handler);
                const blocks = 4;
                const bare: Sample[] = [], handled: Sample[] = [];
                for (let i = 0; i < blocks; i++) {
                    bare.push(await measure(total / blocks, workers, impl.bare));
                    handled.push(await measure(total / blocks, workers, impl.handler));
                }
                const avg = (xs: Sample[], k: keyof Sample) => xs.reduce((a, x) => a + x[k], 0) / xs.length;
                const ratio = avg(handled, "p50") / avg(bare, "p50");
                rows.push([op, workers === 1 ? "sequential" : `${workers} concurrent`,
                    fmt(avg(bare, "opsPerSecond"), 0), fmt(avg(bare, "p50"), 2), fmt(avg(bare, "p99"), 2),
                    fmt(avg(handled, "opsPerSecond"), 0), fmt(avg(handled, "p50"), 2), fmt(avg(handled, "p99"), 2), `${fmt(ratio, 2)}x`]);
                targets.push(`handler overhead ${op} ${workers === 1 ? "sequential" : `${workers} concurrent`}: p50 ${fmt(ratio, 2)}x the bare SDK call (<= 1.3x) ${ratio <= 1.3 ? "MET" : "MISSED"}`);
            }
        }
        const markdown = [
            `### Handler overhead (items handler vs the bare SDK call, dynalite on loopback; ${total} ops per row in ${4} interleaved blocks)`,
            "",
            "Latencies in ms. Powertools metrics are disabled in both (in Lambda they add one EMF line to stdout per write); the logger is SILENT (a successful request logs nothing at INFO either).",
            "",
            markdownTable(["op", "mode", "bare ops/s", "bare p50", "bare p99", "handler ops/s", "handler p50", "handler p99", "p50 ratio"], rows),
        ].join("\n");
        return { markdown, targets };
    } finally {
        await local.close();
    }
}
