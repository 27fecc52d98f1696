/**
 * One region's storage: dynalite (a DynamoDB implementation) on loopback, created from the same
 * key schema as the GlobalTable component, plus raw DynamoDB JSON calls to it. Raw JSON keeps
 * items in DynamoDB's attribute-value form end to end: the replica copies images byte for byte.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { GSI1, TABLE_KEYS } from "../../handlers/shared/keys";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite");

/** An item (or key) in DynamoDB JSON: attribute name -> attribute value. */
export type Image = Record<string, Record<string, unknown>>;

/** A raw DynamoDB answer. */
export interface DynamoAnswer {
    readonly status: number;
    readonly headers: http.IncomingHttpHeaders;
    readonly raw: Buffer;
    /** The parsed body (`{}` when it is empty). */
    readonly body: any;
}

/** The `CreateTable` input of the platform's table: keys and the sparse queue index, as GlobalTable declares them. */
export function createTableInput(tableName: string) {
    return {
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [TABLE_KEYS.partition, TABLE_KEYS.sort, GSI1.partition, GSI1.sort].map(name => ({ AttributeName: name, AttributeType: "S" })),
        KeySchema: [{ AttributeName: TABLE_KEYS.partition, KeyType: "HASH" }, { AttributeName: TABLE_KEYS.sort, KeyType: "RANGE" }],
        GlobalSecondaryIndexes: [{
            IndexName: GSI1.name,
            KeySchema: [{ AttributeName: GSI1.partition, KeyType: "HASH" }, { AttributeName: GSI1.sort, KeyType: "RANGE" }],
            Projection: { ProjectionType: "ALL" },
        }],
    };
}

/** The key attributes of an item. */
export function keyOf(item: Image): Image {
    return { [TABLE_KEYS.partition]: item[TABLE_KEYS.partition], [TABLE_KEYS.sort]: item[TABLE_KEYS.sort] };
}

/** A stable string for a key (map key of locks and write timestamps). */
export function keyString(key: Image): string {
    return JSON.stringify([key[TABLE_KEYS.partition], key[TABLE_KEYS.sort]]);
}

/** JSON with object keys sorted, so two images compare equal whatever their attribute order. */
export function canonical(value: unknown): string {
    return JSON.stringify(value, (_k, v) => v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.keys(v).sort().map(k => [k, v[k]]))
        : v);
}

/** A dynalite server of one region with the platform's table. */
export class Backend {
    private constructor(private readonly server: http.Server, readonly port: number, readonly region: string, readonly tableName: string) {}

    static async start(region: string, tableName: string): Promise<Backend> {
        const server: http.Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
        await new Promise<void>(resolve => server.listen(0, "127.0.0.1", () => resolve()));
        const backend = new Backend(server, (server.address() as AddressInfo).port, region, tableName);
        const created = await backend.call("CreateTable", createTableInput(tableName));
        if (created.status !== 200) throw new Error(`dynalite CreateTable failed in ${region}: ${created.raw.toString()}`);
        // dynalite answers CreateTable with CREATING and turns the table ACTIVE on a timer; until
        // then every item call is a ResourceNotFoundException.
        for (let tries = 0; ; tries++) {
            const described = await backend.call("DescribeTable", { TableName: tableName });
            if (described.body?.Table?.TableStatus === "ACTIVE") return backend;
            if (tries >= 200) throw new Error(`dynalite table ${tableName} in ${region} did not become ACTIVE: ${described.raw.toString()}`);
            await new Promise(r => setTimeout(r, 5));
        }
    }

    /** Calls a DynamoDB operation with a DynamoDB JSON body. */
    call(operation: string, body: unknown): Promise<DynamoAnswer> {
        const text = JSON.stringify(body);
        const amzDate = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
        return this.send({
            "content-type": "application/x-amz-json-1.0",
            "x-amz-target": `DynamoDB_20120810.${operation}`,
            "x-amz-date": amzDate,
            // dynalite checks the header's shape, not the signature.
            authorization: `AWS4-HMAC-SHA256 Credential=local/${amzDate.slice(0, 8)}/${this.region}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
        }, Buffer.from(text));
    }

    /** Sends a client's request unchanged (headers and body) and buffers the answer. */
    send(headers: http.IncomingHttpHeaders, body: Buffer): Promise<DynamoAnswer> {
        return new Promise((resolve, reject) => {
            const req = http.request({
                host: "127.0.0.1", port: this.port, method: "POST", path: "/",
                headers: { ...headers, host: `127.0.0.1:${this.port}`, "content-length": body.length },
            }, res => {
                const chunks: Buffer[] = [];
                res.on("data", c => chunks.push(c));
                res.on("end", () => {
                    const raw = Buffer.concat(chunks);
                    let parsed: any = {};
                    try { parsed = raw.length ? JSON.parse(raw.toString("utf8")) : {}; } catch { /* left as {} */ }
                    resolve({ status: res.statusCode ?? 500, headers: res.headers, raw, body: parsed });
                });
                res.on("error", reject);
            });
            req.on("error", reject);
            req.end(body);
        });
    }

    /** The item under `key` as stored now (strongly consistent), or undefined. */
    async get(key: Image): Promise<Image | undefined> {
        const out = await this.call("GetItem", { TableName: this.tableName, Key: key, ConsistentRead: true });
        if (out.status !== 200) throw new Error(`GetItem failed in ${this.region}: ${out.raw.toString()}`);
        return out.body.Item;
    }

    /** Stores `image` under its key, or deletes the key when `image` is undefined (replicated writes, no condition). */
    async apply(key: Image, image: Image | undefined): Promise<void> {
        const out = image
            ? await this.call("PutItem", { TableName: this.tableName, Item: image })
            : await this.call("DeleteItem", { TableName: this.tableName, Key: key });
        if (out.status !== 200) throw new Error(`Replicated write failed in ${this.region}: ${out.raw.toString()}`);
    }

    /** Every item of the table (Scan, all pages): for convergence checks. */
    async scanAll(): Promise<Image[]> {
        const items: Image[] = [];
        let start: Image | undefined;
        do {
            const out = await this.call("Scan", { TableName: this.tableName, ...(start ? { ExclusiveStartKey: start } : {}) });
            if (out.status !== 200) throw new Error(`Scan failed in ${this.region}: ${out.raw.toString()}`);
            items.push(...(out.body.Items ?? []));
            start = out.body.LastEvaluatedKey;
        } while (start);
        return items;
    }

    async stop(): Promise<void> {
        await new Promise<void>(resolve => this.server.close(() => resolve()));
    }
}
