/**
 * A DynamoDB global table (version 2019.11.21) on one machine: a replica per region, each behind a
 * DynamoDB endpoint of its own, and the replication between them with the semantics AWS documents
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html).
 *
 * Eventual mode (MREC): a write is decided by the replica that takes it (conditions see only that
 * replica's item), acknowledged, then shipped to every other replica after the replication lag,
 * per item in order; a replica applies a shipped write only if it is newer than what it holds
 * (last writer wins by write timestamp) and records nothing about the loser. Deletes replicate
 * like writes. Every change of an item in a replica, local or replicated, is a stream record there.
 *
 * Strong mode (MRSC): a write is applied to every replica before it is acknowledged, so conditions
 * see the latest item wherever they run, and a write to an item that a write from another region
 * is changing fails with ReplicatedWriteConflictException (retryable), as AWS answers.
 *
 * dynalite has no streams, so every write reaches a replica through {@link Replica}, which
 * serialises writes per item, reads the old and new image around each, stamps the write time and
 * emits the stream record: the write is exact, not inferred.
 */
import { createHash } from "node:crypto";
import type * as http from "node:http";
import { LoopbackServer, readBody, sleep } from "../lib/http";
import { KeyedMutex } from "../lib/mutex";
import { Backend, canonical, DynamoAnswer, Image, keyOf, keyString } from "./backend";
import { ReplicaStream, StreamListener } from "./stream";

/** A write's global-tables timestamp: ms since the epoch, ties broken by region so every replica orders writes alike. */
export interface WriteStamp {
    readonly ts: number;
    readonly region: string;
}

/** True when `a` was written after `b`. */
export const isNewer = (a: WriteStamp, b: WriteStamp) => a.ts > b.ts || (a.ts === b.ts && a.region > b.region);

/** One item's change on its way to another replica. */
interface Shipment {
    readonly key: Image;
    /** The item as written; undefined for a delete. */
    readonly image: Image | undefined;
    readonly stamp: WriteStamp;
}

interface Pair {
    readonly from: string;
    readonly to: string;
    readonly queue: Array<{ shipment: Shipment; due: number }>;
    lastDue: number;
    paused: boolean;
    busy: boolean;
    timer?: NodeJS.Timeout;
    delivered: number;
    discarded: number;
}

const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem"]);

/** Options of {@link LocalGlobalTable.start}. */
export interface GlobalTableOptions {
    readonly tableName: string;
    /** Replica regions; the first is the home region. */
    readonly regions: readonly string[];
    readonly consistency: "eventual" | "strong";
    /** Replication lag, ms (eventual mode). @default 500 */
    readonly lagMs?: number;
    /** Share of the lag drawn at random per write, 0-1: each write waits lag x (1 - jitter/2 .. 1 + jitter/2). @default 0.4 */
    readonly jitter?: number;
    readonly accountId: string;
    /** Port of each region's endpoint; 0 = a free port. */
    readonly ports?: Record<string, number>;
    readonly random?: () => number;
    /**
     * Last writer wins (a replica discards a shipped write older than its own). `false` applies every
     * shipped write as it arrives: only for tests that show a convergence check catching divergence.
     * @default true
     */
    readonly lastWriterWins?: boolean;
    /** Round trip added to a call from another region (its key id is `LOCAL-<region>`), ms. @default 0 */
    readonly interRegionRttMs?: number;
}

/** The replica of one region: its storage, its DynamoDB endpoint, its stream. */
export class Replica {
    readonly stream: ReplicaStream;
    readonly server: LoopbackServer;
    /** Added before every client request (fault injection: a slow region). */
    latencyMs = 0;
    /** Write stamps of the items (and tombstones of deleted ones) this replica holds. */
    private readonly stamps = new Map<string, WriteStamp>();
    readonly mutex = new KeyedMutex();

    constructor(readonly region: string, readonly backend: Backend, private readonly table: LocalGlobalTable, port: number, streamArn: string) {
        this.stream = new ReplicaStream(region, streamArn);
        this.server = new LoopbackServer((req, res) => this.handle(req, res).catch(e => {
            if (!res.headersSent) res.writeHead(500, { "content-type": "application/x-amz-json-1.0" });
            res.end(JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: String(e?.message ?? e) }));
        }), port);
    }

    get endpoint(): string {
        return this.server.url;
    }

    get available(): boolean {
        return this.server.running;
    }

    /** The write stamp of an item in this replica (undefined if it was never written here). */
    stampOf(key: Image): WriteStamp | undefined {
        return this.stamps.get(keyString(key));
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const raw = (await readBody(req)) ?? Buffer.alloc(0);
        const wait = this.latencyMs + this.table.roundTripFrom(String(req.headers.authorization ?? ""), this.region);
        if (wait > 0) await sleep(wait);
        const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
        let body: any;
        try { body = JSON.parse(raw.toString("utf8")); } catch { body = undefined; }
        let answer: DynamoAnswer;
        if (body && body.TableName === this.backend.tableName && WRITES.has(operation)) {
            const key = operation === "PutItem" ? keyOf(body.Item ?? {}) : body.Key ?? {};
            answer = await this.write(key, () => this.backend.send(req.headers, raw));
        } else if (body && operation === "BatchWriteItem" && Object.keys(body.RequestItems ?? {}).includes(this.backend.tableName)) {
            answer = await this.batchWrite(body);
        } else {
            answer = await this.backend.send(req.headers, raw);
        }
        const headers: Record<string, string> = {};
        for (const name of ["content-type", "x-amzn-requestid", "x-amz-crc32"]) {
            const value = answer.headers[name];
            if (typeof value === "string") headers[name] = value;
        }
        res.writeHead(answer.status, { ...headers, "content-length": answer.raw.length });
        res.end(answer.raw);
    }

    /** A client's write of one item: decided here (eventual) or everywhere at once (strong). */
    write(key: Image, send: () => Promise<DynamoAnswer>): Promise<DynamoAnswer> {
        if (this.table.consistency === "strong") return this.table.strongWrite(this, key, send);
        return this.mutex.run(keyString(key), async () => {
            const { answer, change } = await this.decide(key, send);
            if (change) this.table.ship(this.region, change);
            return answer;
        });
    }

    /**
     * Runs a client's write against this replica's storage with the old and new image around it.
     * Call with the item's lock held. Returns the change (stamped, already in this replica's stream)
     * when the write changed the item: an unchanged item makes no stream record, as in DynamoDB.
     */
    async decide(key: Image, send: () => Promise<DynamoAnswer>): Promise<{ answer: DynamoAnswer; change?: Shipment }> {
        const before = await this.backend.get(key);
        const answer = await send();
        if (answer.status !== 200) return { answer };
        const after = await this.backend.get(key);
        if (canonical(before) === canonical(after)) return { answer };
        const previous = this.stamps.get(keyString(key));
        const stamp: WriteStamp = { ts: Math.max(Date.now(), (previous?.ts ?? 0) + 1), region: this.region };
        this.stamps.set(keyString(key), stamp);
        this.stream.emit(key, before, after, { writerRegion: this.region, replicated: false, writeTimestamp: stamp.ts });
        return { answer, change: { key, image: after, stamp } };
    }

    /** Applies a write shipped from another replica if it is newer than this replica's; returns whether it was applied. */
    async receive(shipment: Shipment): Promise<boolean> {
        return this.mutex.run(keyString(shipment.key), () => this.receiveLocked(shipment));
    }

    /** {@link receive} with the item's lock already held. */
    async receiveLocked(shipment: Shipment): Promise<boolean> {
        const ks = keyString(shipment.key);
        const current = this.stamps.get(ks);
        if (current && this.table.lastWriterWins && !isNewer(shipment.stamp, current)) return false;
        const before = await this.backend.get(shipment.key);
        await this.backend.apply(shipment.key, shipment.image);
        this.stamps.set(ks, shipment.stamp);
        if (canonical(before) !== canonical(shipment.image)) {
            this.stream.emit(shipment.key, before, shipment.image, { writerRegion: shipment.stamp.region, replicated: true, writeTimestamp: shipment.stamp.ts });
        }
        return true;
    }

    /** BatchWriteItem on the platform's table: each put or delete is an item write of its own (the batch is not atomic in DynamoDB either). */
    private async batchWrite(body: any): Promise<DynamoAnswer> {
        const requests: any[] = body.RequestItems[this.backend.tableName] ?? [];
        const others = Object.keys(body.RequestItems).filter(t => t !== this.backend.tableName);
        if (others.length || requests.length < 1 || requests.length > 25) {
            return synthetic(400, { __type: "com.amazon.coral.validate#ValidationException", message: "BatchWriteItem takes 1-25 requests for this table" });
        }
        for (const request of requests) {
            const table = this.backend.tableName;
            const answer = request.PutRequest
                ? await this.write(keyOf(request.PutRequest.Item), () => this.backend.call("PutItem", { TableName: table, Item: request.PutRequest.Item }))
                : await this.write(request.DeleteRequest?.Key ?? {}, () => this.backend.call("DeleteItem", { TableName: table, Key: request.DeleteRequest?.Key }));
            if (answer.status !== 200) return answer;
        }
        return synthetic(200, { UnprocessedItems: {} });
    }
}

function synthetic(status: number, body: unknown): DynamoAnswer {
    const raw = Buffer.from(JSON.stringify(body));
    return { status, headers: { "content-type": "application/x-amz-json-1.0" }, raw, body };
}

/** The global table: its replicas and the replication between every ordered pair of regions. */
export class LocalGlobalTable {
    readonly replicas = new Map<string, Replica>();
    private readonly pairs = new Map<string, Pair>();
    private readonly strongLocks = new KeyedMutex();
    private readonly strongWriters = new Map<string, { region: string; count: number }>();
    /** Writes refused with ReplicatedWriteConflictException (strong mode). */
    replicatedWriteConflicts = 0;
    lagMs: number;
    readonly lastWriterWins: boolean;
    interRegionRttMs: number;
    private readonly jitter: number;
    private readonly random: () => number;

    private constructor(readonly tableName: string, readonly regions: readonly string[], readonly consistency: "eventual" | "strong", options: GlobalTableOptions) {
        this.lagMs = options.lagMs ?? 500;
        this.jitter = options.jitter ?? 0.4;
        this.random = options.random ?? Math.random;
        this.lastWriterWins = options.lastWriterWins ?? true;
        this.interRegionRttMs = options.interRegionRttMs ?? 0;
        for (const from of regions) for (const to of regions) {
            if (from !== to) this.pairs.set(`${from}>${to}`, { from, to, queue: [], lastDue: 0, paused: false, busy: false, delivered: 0, discarded: 0 });
        }
    }

    static async start(options: GlobalTableOptions): Promise<LocalGlobalTable> {
        const table = new LocalGlobalTable(options.tableName, options.regions, options.consistency, options);
        const label = new Date().toISOString().replace(/Z$/, "");
        const backends = await Promise.all(options.regions.map(region => Backend.start(region, options.tableName)));
        for (const backend of backends) {
            const region = backend.region;
            const arn = `arn:aws:dynamodb:${region}:${options.accountId}:table/${options.tableName}/stream/${label}`;
            table.replicas.set(region, new Replica(region, backend, table, options.ports?.[region] ?? 0, arn));
        }
        await Promise.all([...table.replicas.values()].map(r => r.server.start()));
        return table;
    }

    replica(region: string): Replica {
        const replica = this.replicas.get(region);
        if (!replica) throw new Error(`No replica in ${region}`);
        return replica;
    }

    /** The round trip a call signed with `authorization` pays to reach `region` (0 from the same region or an unknown caller). */
    roundTripFrom(authorization: string, region: string): number {
        const caller = /Credential=LOCAL-([a-z0-9-]+)\//.exec(authorization)?.[1];
        return caller && caller !== region && this.replicas.has(caller) ? this.interRegionRttMs : 0;
    }

    /** Subscribes to a region's stream. */
    subscribe(region: string, listener: StreamListener): () => void {
        return this.replica(region).stream.subscribe(listener);
    }

    /** Queues a write of `from` for every other replica, after the lag, behind that pair's earlier writes. */
    ship(from: string, shipment: Shipment): void {
        const now = Date.now();
        for (const pair of this.pairs.values()) {
            if (pair.from !== from) continue;
            const lag = this.lagMs * (1 - this.jitter / 2 + this.jitter * this.random());
            pair.lastDue = Math.max(pair.lastDue, now + lag);
            pair.queue.push({ shipment, due: pair.lastDue });
            this.pump(pair);
        }
    }

    private pump(pair: Pair): void {
        if (pair.busy || pair.paused || pair.timer || !pair.queue.length) return;
        if (!this.replica(pair.from).available || !this.replica(pair.to).available) return;
        const wait = pair.queue[0].due - Date.now();
        if (wait > 0) {
            pair.timer = setTimeout(() => { pair.timer = undefined; this.pump(pair); }, wait);
            return;
        }
        pair.busy = true;
        const { shipment } = pair.queue[0];
        this.replica(pair.to).receive(shipment).then(applied => {
            pair.queue.shift();
            if (applied) pair.delivered++; else pair.discarded++;
        }, () => {
            // The target could not take it (it is stopping): the write stays first in line.
        }).finally(() => {
            pair.busy = false;
            this.pump(pair);
        });
    }

    private pumpAll(): void {
        for (const pair of this.pairs.values()) this.pump(pair);
    }

    /**
     * A strong-mode write: decided in `origin` with every replica's copy of the item locked, then
     * applied to every other available replica before the client hears back. A write racing one
     * from another region on the same item is refused, as MRSC does.
     */
    async strongWrite(origin: Replica, key: Image, send: () => Promise<DynamoAnswer>): Promise<DynamoAnswer> {
        const ks = keyString(key);
        const holder = this.strongWriters.get(ks);
        if (holder && holder.region !== origin.region) {
            this.replicatedWriteConflicts++;
            return synthetic(400, {
                __type: "com.amazonaws.dynamodb.v20120810#ReplicatedWriteConflictException",
                message: "Transaction request cannot be processed because of a replicated write conflict on the item",
            });
        }
        this.strongWriters.set(ks, { region: origin.region, count: (holder?.count ?? 0) + 1 });
        try {
            return await this.strongLocks.run(ks, async () => {
                const { answer, change } = await origin.mutex.run(ks, () => origin.decide(key, send));
                if (!change) return answer;
                for (const replica of this.replicas.values()) {
                    if (replica === origin) continue;
                    if (replica.available) await replica.receive(change);
                    else this.queueFor(origin.region, replica.region, change);
                }
                return answer;
            });
        } finally {
            const now = this.strongWriters.get(ks)!;
            if (now.count <= 1) this.strongWriters.delete(ks); else this.strongWriters.set(ks, { ...now, count: now.count - 1 });
        }
    }

    /** Holds a strong-mode write for a replica that is down: it catches up when it recovers. */
    private queueFor(from: string, to: string, shipment: Shipment): void {
        const pair = this.pairs.get(`${from}>${to}`)!;
        pair.queue.push({ shipment, due: Date.now() });
    }

    /** Stops a region's DynamoDB endpoint (connections refused) and holds replication to and from it. */
    async fail(region: string): Promise<void> {
        await this.replica(region).server.stop();
    }

    /** Restarts a region's endpoint on its port; held replication resumes, in order. */
    async recover(region: string): Promise<void> {
        await this.replica(region).server.start();
        this.pumpAll();
    }

    private select(scope: ReplicationScope): Pair[] {
        if (scope.region && !this.replicas.has(scope.region)) throw new Error(`${scope.region} is not a replica region`);
        for (const r of [scope.from, scope.to]) if (r && !this.replicas.has(r)) throw new Error(`${r} is not a replica region`);
        return [...this.pairs.values()].filter(p =>
            (!scope.region || p.from === scope.region || p.to === scope.region) &&
            (!scope.from || p.from === scope.from) && (!scope.to || p.to === scope.to));
    }

    /** Pauses replication: every pair, the pairs to and from a region (as AWS FIS's pause-replication action), or one direction. */
    pause(scope: ReplicationScope = {}): void {
        if (this.consistency === "strong") throw new Error("Replication cannot be paused in strong (MRSC) mode: writes are synchronous");
        for (const pair of this.select(scope)) {
            pair.paused = true;
            if (pair.timer) { clearTimeout(pair.timer); pair.timer = undefined; }
        }
    }

    /** Resumes paused pairs; what they held is delivered in write order. */
    resume(scope: ReplicationScope = {}): void {
        for (const pair of this.select(scope)) pair.paused = false;
        this.pumpAll();
    }

    /** Sets the replication lag of later writes. */
    setLag(ms: number): void {
        this.lagMs = ms;
    }

    /** Resolves once nothing is waiting to replicate (paused or held pairs included: resume them first). */
    async drained(timeoutMs = 30_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while ([...this.pairs.values()].some(p => p.queue.length || p.busy)) {
            if (Date.now() > deadline) throw new Error(`Replication did not drain within ${timeoutMs} ms: ${JSON.stringify(this.state().pairs)}`);
            await sleep(10);
        }
    }

    /** True when every write stamped at or before `epochMs` is in every replica (no replication queue holds one). */
    caughtUpTo(epochMs: number): boolean {
        return [...this.pairs.values()].every(p => p.queue.every(q => q.shipment.stamp.ts > epochMs));
    }

    /** A digest per replica of everything it holds: equal digests = replicas agree. */
    async checksums(): Promise<Record<string, string>> {
        const out: Record<string, string> = {};
        for (const [region, replica] of this.replicas) {
            const items = (await replica.backend.scanAll()).map(canonical).sort();
            out[region] = createHash("sha256").update(items.join("\n")).digest("hex");
        }
        return out;
    }

    state() {
        return {
            consistency: this.consistency,
            lagMs: this.lagMs,
            replicatedWriteConflicts: this.replicatedWriteConflicts,
            pairs: [...this.pairs.values()].map(p => ({ from: p.from, to: p.to, paused: p.paused, pending: p.queue.length, delivered: p.delivered, discarded: p.discarded })),
            replicas: Object.fromEntries([...this.replicas].map(([region, r]) => [region, { endpoint: r.endpoint, available: r.available, latencyMs: r.latencyMs }])),
        };
    }

    async stop(): Promise<void> {
        for (const pair of this.pairs.values()) if (pair.timer) clearTimeout(pair.timer);
        await Promise.all([...this.replicas.values()].map(async r => { await r.server.stop(); await r.backend.stop(); }));
    }
}

/** Which replication pairs a pause or resume concerns; empty = all. */
export interface ReplicationScope {
    /** Both directions between this region and every other. */
    readonly region?: string;
    readonly from?: string;
    readonly to?: string;
}
