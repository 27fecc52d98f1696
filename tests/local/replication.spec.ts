/**
 * The local global table has the replication semantics AWS documents for version 2019.11.21:
 * asynchronous per item after a lag, last writer wins by write timestamp, deletes replicate, order
 * per item kept, pause/resume per region pair, a stream per replica with old and new images for
 * local and replicated writes; and, in strong mode, writes applied everywhere before the answer.
 */
import { expect } from "chai";
import { ConditionalCheckFailedException, DynamoDBClient, ReplicatedWriteConflictException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { LocalGlobalTable } from "../../local/dynamodb/globalTable";
import type { ChangeOrigin, StreamRecord } from "../../local/dynamodb/stream";

const US = "us-east-1";
const EU = "eu-west-1";
const AP = "ap-northeast-2";
const TABLE = "platform-test";

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function clientOf(table: LocalGlobalTable, region: string) {
    return DynamoDBDocumentClient.from(new DynamoDBClient({ region, endpoint: table.replica(region).endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 }));
}

describe("local global table: eventual consistency (MREC)", () => {
    let table: LocalGlobalTable;
    let us: DynamoDBDocumentClient;
    let eu: DynamoDBDocumentClient;
    const streams: Record<string, Array<{ record: StreamRecord; origin: ChangeOrigin }>> = { [US]: [], [EU]: [] };

    before(async () => {
        table = await LocalGlobalTable.start({ tableName: TABLE, regions: [US, EU], consistency: "eventual", accountId: "000000000000", lagMs: 300, jitter: 0 });
        us = clientOf(table, US);
        eu = clientOf(table, EU);
        for (const region of [US, EU]) table.subscribe(region, (record, origin) => streams[region].push({ record, origin }));
    });
    after(() => table.stop());
    afterEach(async () => { table.resume(); table.setLag(300); await table.drained(); });

    const get = async (db: DynamoDBDocumentClient, id: string) => (await db.send(new GetCommand({ TableName: TABLE, Key: { pk: "P", sk: id }, ConsistentRead: true }))).Item;
    const recordsOf = (region: string, id: string) => streams[region].filter(s => s.record.dynamodb.Keys.sk.S === id);

    it("a write in one region is invisible in the other before the lag and visible after it", async () => {
        await us.send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "lag", v: 1 } }));
        expect(await get(us, "lag")).to.deep.equal({ pk: "P", sk: "lag", v: 1 });
        await sleep(150);
        expect(await get(eu, "lag")).to.equal(undefined);
        await sleep(300);
        expect(await get(eu, "lag")).to.deep.equal({ pk: "P", sk: "lag", v: 1 });
    });

    it("two conditional writes on the same version both succeed in their regions, and the later one wins in both replicas", async () => {
        await us.send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "race", v: 0 } }));
        await table.drained();
        const update = (db: DynamoDBDocumentClient, value: string) => db.send(new UpdateCommand({
            TableName: TABLE, Key: { pk: "P", sk: "race" }, UpdateExpression: "SET v = :v", ConditionExpression: "v = :zero",
            ExpressionAttributeValues: { ":v": value, ":zero": 0 },
        }));
        await update(us, "from us");
        await sleep(20); // eu-west-1's write is the later one, and it has not seen us-east-1's yet
        await update(eu, "from eu");
        await table.drained();
        expect(await get(us, "race")).to.deep.include({ v: "from eu" });
        expect(await get(eu, "race")).to.deep.include({ v: "from eu" });
        const pairs = table.state().pairs;
        expect(pairs.find(p => p.from === US && p.to === EU)!.discarded).to.be.greaterThan(0);
        const sums = await table.checksums();
        expect(sums[US]).to.equal(sums[EU]);
    });

    it("a delete replicates, and a later write is not undone by the delete arriving late", async () => {
        await us.send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "del", v: 1 } }));
        await table.drained();
        await eu.send(new DeleteCommand({ TableName: TABLE, Key: { pk: "P", sk: "del" } }));
        await table.drained();
        expect(await get(us, "del")).to.equal(undefined);
        // Delete in us-east-1, then (later) a put in eu-west-1 before the delete arrives: the put wins everywhere.
        await us.send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "del2", v: 1 } }));
        await table.drained();
        await us.send(new DeleteCommand({ TableName: TABLE, Key: { pk: "P", sk: "del2" } }));
        await sleep(5);
        await eu.send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "del2", v: 2 } }));
        await table.drained();
        expect(await get(us, "del2")).to.deep.include({ v: 2 });
        expect(await get(eu, "del2")).to.deep.include({ v: 2 });
    });

    it("pausing holds writes back; resuming delivers them in write order", async () => {
        table.pause({ from: US, to: EU });
        for (const v of [1, 2, 3]) await us.send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "paused", v } }));
        await sleep(500);
        expect(await get(eu, "paused")).to.equal(undefined);
        expect(table.state().pairs.find(p => p.from === US && p.to === EU)).to.deep.include({ paused: true, pending: 3 });
        const before = recordsOf(EU, "paused").length;
        table.resume({ from: US, to: EU });
        await table.drained();
        expect(await get(eu, "paused")).to.deep.include({ v: 3 });
        const arrived = recordsOf(EU, "paused").slice(before).map(s => Number(s.record.dynamodb.NewImage!.v.N));
        expect(arrived).to.deep.equal([1, 2, 3]);
    });

    it("pausing a region (as AWS FIS does) holds both directions; the other pairs keep replicating", async () => {
        const table3 = await LocalGlobalTable.start({ tableName: TABLE, regions: [US, EU, AP], consistency: "eventual", accountId: "000000000000", lagMs: 50, jitter: 0 });
        try {
            table3.pause({ region: AP });
            const state = table3.state().pairs;
            expect(state.filter(p => p.paused).map(p => `${p.from}>${p.to}`).sort()).to.deep.equal([`${AP}>${EU}`, `${AP}>${US}`, `${EU}>${AP}`, `${US}>${AP}`]);
            await clientOf(table3, US).send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "fis", v: 1 } }));
            await sleep(200);
            expect(await get(clientOf(table3, EU), "fis")).to.deep.include({ v: 1 });
            expect(await get(clientOf(table3, AP), "fis")).to.equal(undefined);
            table3.resume({ region: AP });
            await table3.drained();
            expect(await get(clientOf(table3, AP), "fis")).to.deep.include({ v: 1 });
        } finally {
            await table3.stop();
        }
    });

    it("every replica's stream carries old and new images, for local and for replicated writes", async () => {
        await us.send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "images", v: 1 } }));
        await us.send(new UpdateCommand({ TableName: TABLE, Key: { pk: "P", sk: "images" }, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": 2 } }));
        await table.drained();
        await eu.send(new DeleteCommand({ TableName: TABLE, Key: { pk: "P", sk: "images" } }));
        await table.drained();
        const shape = (region: string) => recordsOf(region, "images").map(({ record, origin }) => ({
            event: record.eventName, old: record.dynamodb.OldImage?.v?.N, new: record.dynamodb.NewImage?.v?.N,
            writer: origin.writerRegion, replicated: origin.replicated, view: record.dynamodb.StreamViewType, region: record.awsRegion,
        }));
        expect(shape(US)).to.deep.equal([
            { event: "INSERT", old: undefined, new: "1", writer: US, replicated: false, view: "NEW_AND_OLD_IMAGES", region: US },
            { event: "MODIFY", old: "1", new: "2", writer: US, replicated: false, view: "NEW_AND_OLD_IMAGES", region: US },
            { event: "REMOVE", old: "2", new: undefined, writer: EU, replicated: true, view: "NEW_AND_OLD_IMAGES", region: US },
        ]);
        expect(shape(EU)).to.deep.equal([
            { event: "INSERT", old: undefined, new: "1", writer: US, replicated: true, view: "NEW_AND_OLD_IMAGES", region: EU },
            { event: "MODIFY", old: "1", new: "2", writer: US, replicated: true, view: "NEW_AND_OLD_IMAGES", region: EU },
            { event: "REMOVE", old: "2", new: undefined, writer: EU, replicated: false, view: "NEW_AND_OLD_IMAGES", region: EU },
        ]);
        const record = recordsOf(US, "images")[0].record;
        expect(record.eventSourceARN).to.match(new RegExp(`^arn:aws:dynamodb:${US}:000000000000:table/${TABLE}/stream/`));
        expect(record.dynamodb.Keys).to.deep.equal({ pk: { S: "P" }, sk: { S: "images" } });
        // Sequence numbers grow within a stream.
        const seqs = recordsOf(US, "images").map(s => BigInt(s.record.dynamodb.SequenceNumber));
        expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).to.deep.equal(seqs);
    });

    it("a write that changes nothing makes no stream record (as DynamoDB)", async () => {
        await us.send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "same", v: 1 } }));
        const count = recordsOf(US, "same").length;
        await us.send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "same", v: 1 } }));
        expect(recordsOf(US, "same").length).to.equal(count);
    });

    it("a failed conditional write makes no stream record and ships nothing", async () => {
        await us.send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "cond", v: 1 } }));
        await table.drained();
        const count = recordsOf(EU, "cond").length;
        const refused = await us.send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "cond", v: 2 }, ConditionExpression: "attribute_not_exists(pk)" })).catch(e => e);
        expect(refused).to.be.instanceOf(ConditionalCheckFailedException);
        await table.drained();
        expect(recordsOf(EU, "cond").length).to.equal(count);
        expect(await get(eu, "cond")).to.deep.include({ v: 1 });
    });

    it("the convergence check catches divergence: with last-writer-wins switched off, two concurrent writes leave the replicas different", async () => {
        const broken = await LocalGlobalTable.start({ tableName: TABLE, regions: [US, EU], consistency: "eventual", accountId: "000000000000", lagMs: 100, jitter: 0, lastWriterWins: false });
        try {
            await clientOf(broken, US).send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "x", v: "us" } }));
            await clientOf(broken, EU).send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "x", v: "eu" } }));
            await broken.drained();
            const sums = await broken.checksums();
            expect(sums[US]).to.not.equal(sums[EU]);
        } finally {
            await broken.stop();
        }
    });
});

describe("local global table: strong consistency (MRSC)", () => {
    let table: LocalGlobalTable;
    before(async () => {
        table = await LocalGlobalTable.start({ tableName: TABLE, regions: ["us-east-1", "us-east-2", "us-west-2"], consistency: "strong", accountId: "000000000000" });
    });
    after(() => table.stop());

    const get = async (region: string, id: string) => (await clientOf(table, region).send(new GetCommand({ TableName: TABLE, Key: { pk: "P", sk: id }, ConsistentRead: true }))).Item;

    it("an acknowledged write is in every replica at once, and conditions see it from any region", async () => {
        await clientOf(table, "us-east-1").send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "s1", v: 0 } }));
        for (const region of ["us-east-1", "us-east-2", "us-west-2"]) expect(await get(region, "s1")).to.deep.include({ v: 0 });
        await clientOf(table, "us-east-2").send(new UpdateCommand({ TableName: TABLE, Key: { pk: "P", sk: "s1" }, UpdateExpression: "SET v = :one", ConditionExpression: "v = :zero", ExpressionAttributeValues: { ":one": 1, ":zero": 0 } }));
        const stale = await clientOf(table, "us-west-2").send(new UpdateCommand({ TableName: TABLE, Key: { pk: "P", sk: "s1" }, UpdateExpression: "SET v = :one", ConditionExpression: "v = :zero", ExpressionAttributeValues: { ":one": 2, ":zero": 0 } })).catch(e => e);
        expect(stale).to.be.instanceOf(ConditionalCheckFailedException);
    });

    it("concurrent conditional writes from three regions: exactly one succeeds; the others get a condition failure or ReplicatedWriteConflictException", async () => {
        await clientOf(table, "us-east-1").send(new PutCommand({ TableName: TABLE, Item: { pk: "P", sk: "s2", v: 0 } }));
        const outcomes = await Promise.all(["us-east-1", "us-east-2", "us-west-2", "us-east-1", "us-east-2", "us-west-2"].map((region, i) =>
            clientOf(table, region).send(new UpdateCommand({ TableName: TABLE, Key: { pk: "P", sk: "s2" }, UpdateExpression: "SET v = :me", ConditionExpression: "v = :zero", ExpressionAttributeValues: { ":me": i + 1, ":zero": 0 } }))
                .then(() => "ok", e => e instanceof ConditionalCheckFailedException ? "condition" : e instanceof ReplicatedWriteConflictException ? "conflict" : String(e))));
        expect(outcomes.filter(o => o === "ok")).to.have.length(1);
        expect(outcomes.every(o => ["ok", "condition", "conflict"].includes(o))).to.equal(true);
        const sums = await table.checksums();
        expect(new Set(Object.values(sums)).size).to.equal(1);
    });

    it("replication cannot be paused in strong mode", () => {
        expect(() => table.pause()).to.throw("cannot be paused in strong (MRSC) mode");
    });
});
