/** The health handler's domain against dynalite, an unreachable endpoint and a replica that never answers. */
import { expect } from "chai";
import * as net from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { LocalTable, REGION, startLocalTable, TABLE } from "./helpers/local";
import { checkHealth } from "../../handlers/health/domain";
import { CONTROL_PK, drainSk, SENTINEL_SK } from "../../handlers/shared/keys";

const clientAt = (endpoint: string) => DynamoDBDocumentClient.from(new DynamoDBClient({ region: REGION, endpoint, maxAttempts: 1, credentials: { accessKeyId: "l", secretAccessKey: "l" } }));

describe("health (dynalite)", () => {
    let local: LocalTable;
    before(async () => { local = await startLocalTable(); });
    after(async () => { await local.close(); });

    it("answers 503 unavailable while the sentinel is missing, 200 once it exists", async () => {
        expect(await checkHealth(local.db, TABLE, REGION, 1000)).to.deep.equal({ statusCode: 503, status: "unavailable", region: REGION });
        await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: CONTROL_PK, sk: SENTINEL_SK } }));
        expect(await checkHealth(local.db, TABLE, REGION, 1000)).to.deep.equal({ statusCode: 200, status: "ok", region: REGION });
    });

    it("answers 503 drained when the region's drain flag is set, and only that region's", async () => {
        await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: CONTROL_PK, sk: drainSk(REGION), drained: true } }));
        expect(await checkHealth(local.db, TABLE, REGION, 1000)).to.deep.equal({ statusCode: 503, status: "drained", region: REGION });
        expect((await checkHealth(local.db, TABLE, "eu-west-1", 1000)).statusCode).to.equal(200);
        await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: CONTROL_PK, sk: drainSk(REGION), drained: false } }));
        expect((await checkHealth(local.db, TABLE, REGION, 1000)).statusCode).to.equal(200);
    });

    it("answers 503 when the replica is unreachable", async () => {
        const closed = net.createServer();
        await new Promise<void>(r => closed.listen(0, "127.0.0.1", () => r()));
        const port = (closed.address() as net.AddressInfo).port;
        await new Promise<void>(r => closed.close(() => r()));
        expect(await checkHealth(clientAt(`http://127.0.0.1:${port}`), TABLE, REGION, 1000)).to.deep.equal({ statusCode: 503, status: "unavailable", region: REGION });
    });

    it("answers 503 within the timeout when the replica never answers", async () => {
        const sockets: net.Socket[] = [];
        const silent = net.createServer(s => { sockets.push(s); });
        await new Promise<void>(r => silent.listen(0, "127.0.0.1", () => r()));
        const started = Date.now();
        const result = await checkHealth(clientAt(`http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`), TABLE, REGION, 300);
        const elapsed = Date.now() - started;
        sockets.forEach(s => s.destroy());
        await new Promise<void>(r => silent.close(() => r()));
        expect(result).to.deep.equal({ statusCode: 503, status: "unavailable", region: REGION });
        expect(elapsed).to.be.below(300 + 500);
    });
});
