/**
 * The items domain across two replicas of the local global table (real replication, 300 ms lag):
 * a partition's home decides its conditional writes and serves its reads, a region that is not
 * home reaches it, a home that does not answer within the budget is replaced by the local replica
 * (and skipped for a while), and without homes two regions lose an update (the reason for them).
 */
import { expect } from "chai";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { LocalGlobalTable } from "../../local/dynamodb/globalTable";
import type * as Domain from "../../handlers/api/items/domain";
import type * as Homes from "../../handlers/shared/partitionHome";

const US = "us-east-1";
const EU = "eu-west-1";
const TABLE = "platform-home-test";

describe("partition homes (items domain on two replicas)", function () {
    this.timeout(30_000);
    let table: LocalGlobalTable;
    let domain: typeof Domain;
    let homes: typeof Homes;
    const clients: Record<string, DynamoDBDocumentClient> = {};

    before(async () => {
        table = await LocalGlobalTable.start({ tableName: TABLE, regions: [US, EU], consistency: "eventual", accountId: "000000000000", lagMs: 300, jitter: 0 });
        for (const r of [US, EU]) {
            clients[r] = DynamoDBDocumentClient.from(new DynamoDBClient({ region: r, endpoint: table.replica(r).endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 }), { marshallOptions: { removeUndefinedValues: true } });
        }
        domain = require("../../handlers/api/items/domain");
        homes = require("../../handlers/shared/partitionHome");
    });
    after(() => table.stop());
    beforeEach(() => homes.resetHomeHealth());

    const ctx = (region: string, sub: string, o: { arbitrate?: boolean; budgetMs?: number } = {}): Domain.Ctx => ({
        db: clients[region], table: TABLE, region, sub, ttlAttribute: "expiresAt",
        ...(o.arbitrate === false ? {} : { homes: { regions: [US, EU], db: (r: string) => clients[r], budgetMs: o.budgetMs ?? 1000 } }),
    });
    const raw = async (region: string, sub: string, id: string) =>
        (await clients[region].send(new GetCommand({ TableName: TABLE, Key: { pk: `USER#${sub}`, sk: `ITEM#${id}` }, ConsistentRead: true }))).Item;

    it("the region of the first write becomes home (claimed at the coordinator, us-east-1); the other region's writes and reads are decided there", async () => {
        const sub = "home-first";
        const created = await domain.createItem(ctx(EU, sub), { title: "v1" });
        expect(created).to.deep.include({ decidedIn: EU, fallback: false });
        expect(await homes.readHome(clients[US], TABLE, sub)).to.deep.include({ region: EU });
        // Immediately, before any replication: us-east-1 learns the home from the coordinator (itself here).
        const updated = await domain.updateItem(ctx(US, sub), created.result.item.id, { title: "v2 from us", version: 1 });
        expect(updated).to.deep.include({ decidedIn: EU, fallback: false });
        expect(updated.result).to.deep.include({ version: 2, updatedRegion: US });
        // Decided in eu-west-1's replica: there at once, in us-east-1's only after replication.
        expect(await raw(EU, sub, created.result.item.id)).to.deep.include({ version: 2, baseVersion: 1, decidedIn: EU });
        expect(await raw(US, sub, created.result.item.id)).to.equal(undefined);
        await table.drained();
        expect(await raw(US, sub, created.result.item.id)).to.deep.include({ version: 2 });
    });

    it("two regions serving a new partition's first writes at once agree on one home", async () => {
        const sub = "home-both";
        const [a, b] = await Promise.all([domain.createItem(ctx(US, sub), { title: "from us" }), domain.createItem(ctx(EU, sub), { title: "from eu" })]);
        expect(a.decidedIn).to.equal(b.decidedIn);
    });

    it("read-your-writes for a client alternating regions (reads go home too)", async () => {
        const sub = "home-ryw";
        const { result } = await domain.createItem(ctx(US, sub), { title: "v1" });
        const id = result.item.id;
        let version = 1;
        for (let i = 0; i < 6; i++) {
            const writer = i % 2 ? EU : US;
            const reader = i % 2 ? US : EU;
            await domain.updateItem(ctx(writer, sub), id, { title: `v${version + 1}`, version });
            version++;
            const read = await domain.getItem(ctx(reader, sub), id);
            expect(read.result.version, `read in ${reader} right after a write in ${writer}`).to.equal(version);
            expect(read.decidedIn).to.equal(US);
        }
    });

    it("concurrent updates of one version from both regions: exactly one wins, the other is a 409 (both decided at home)", async () => {
        const sub = "home-race";
        const { result } = await domain.createItem(ctx(US, sub), { title: "v1" });
        await table.drained();
        const outcomes = await Promise.all([US, EU, US, EU].map((r, i) =>
            domain.updateItem(ctx(r, sub), result.item.id, { title: `try ${i}`, version: 1 }).then(() => 200, (e: any) => (e.code === "STALE_VERSION" ? 409 : String(e)))));
        expect(outcomes.filter(o => o === 200)).to.have.length(1);
        expect(outcomes.filter(o => o === 409)).to.have.length(3);
    });

    it("a home slower than the budget: the write is decided locally within about the budget, and the home is skipped for a while", async () => {
        const sub = "home-slow";
        const { result } = await domain.createItem(ctx(US, sub), { title: "v1" });
        await table.drained();
        table.replica(US).latencyMs = 2000;
        try {
            const started = Date.now();
            const fallback = await domain.updateItem(ctx(EU, sub, { budgetMs: 300 }), result.item.id, { title: "v2 decided in eu", version: 1 });
            const took = Date.now() - started;
            expect(fallback).to.deep.include({ decidedIn: EU, fallback: true });
            expect(took).to.be.within(300, 1500);
            expect(await raw(EU, sub, result.item.id)).to.deep.include({ version: 2, baseVersion: 1, updatedRegion: EU, decidedIn: EU });
            const next = Date.now();
            const again = await domain.getItem(ctx(EU, sub, { budgetMs: 300 }), result.item.id);
            expect(again).to.deep.include({ decidedIn: EU, fallback: true });
            expect(Date.now() - next).to.be.below(250);
        } finally {
            table.replica(US).latencyMs = 0;
        }
    });

    it("a home that refuses connections: decided locally at once", async () => {
        const sub = "home-down";
        const { result } = await domain.createItem(ctx(US, sub), { title: "v1" });
        await table.drained();
        await table.fail(US);
        try {
            const started = Date.now();
            const out = await domain.updateItem(ctx(EU, sub), result.item.id, { title: "v2", version: 1 });
            expect(out).to.deep.include({ decidedIn: EU, fallback: true });
            expect(Date.now() - started).to.be.below(1000);
        } finally {
            await table.recover(US);
        }
    });

    it("a home skipped because it failed recently is still asked before a lagging replica's 404 or 409 is believed (right after a recovery)", async () => {
        const sub = "home-remembered";
        await domain.createItem(ctx(US, sub), { title: "makes us-east-1 home" });
        await table.drained();
        // eu-west-1 remembers the home as failed (a timeout a moment ago) ...
        table.replica(US).latencyMs = 2000;
        try {
            await domain.getItem(ctx(EU, sub, { budgetMs: 200 }), "00000000-0000-4000-8000-000000000000").catch(() => undefined);
        } finally {
            table.replica(US).latencyMs = 0;
        }
        // ... while another environment (here: us-east-1 itself) writes at the home, which eu-west-1's replica does not have yet.
        const { result } = await domain.createItem(ctx(US, sub), { title: "new at home" });
        expect(await raw(EU, sub, result.item.id)).to.equal(undefined);
        const read = await domain.getItem(ctx(EU, sub), result.item.id);
        expect(read).to.deep.include({ decidedIn: US, fallback: false });
        expect(read.result).to.deep.include({ title: "new at home", version: 1 });
        const updated = await domain.updateItem(ctx(EU, sub), result.item.id, { title: "edited from eu", version: 1 });
        expect(updated).to.deep.include({ decidedIn: US, fallback: false });
        // An answer that does not depend on lag (the item really is missing) is still given, once asked at the home.
        const missing = await domain.getItem(ctx(EU, sub), "00000000-0000-4000-8000-000000000001").catch(e => e);
        expect(missing).to.have.property("statusCode", 404);
    });

    it("without homes, the same two writes on one version both succeed and replication keeps only one: the lost update homes prevent", async () => {
        const sub = "home-none";
        const { result } = await domain.createItem(ctx(US, sub, { arbitrate: false }), { title: "v1" });
        await table.drained();
        const id = result.item.id;
        await domain.updateItem(ctx(US, sub, { arbitrate: false }), id, { title: "us edit", version: 1 });
        await domain.updateItem(ctx(EU, sub, { arbitrate: false }), id, { title: "eu edit", version: 1 });
        await table.drained();
        const [us, eu] = [await raw(US, sub, id), await raw(EU, sub, id)];
        expect(us!.title).to.equal(eu!.title);
        expect(["us edit", "eu edit"].filter(t => t !== us!.title)).to.have.length(1);
    });

    it("moves a partition's home", async () => {
        const sub = "home-move";
        await domain.createItem(ctx(US, sub), { title: "v1" });
        const moved = await homes.moveHome({ table: TABLE, region: EU, regions: [US, EU], db: r => clients[r], sub, budgetMs: 1000, arbitrate: true }, EU);
        expect(moved.region).to.equal(EU);
        expect(await homes.readHome(clients[US], TABLE, sub)).to.deep.include({ region: EU });
        await table.drained();
        expect(await homes.readHome(clients[EU], TABLE, sub)).to.deep.include({ region: EU });
        const next = await domain.createItem(ctx(US, sub), { title: "v1b" });
        expect(next.decidedIn).to.equal(EU);
    });
});
