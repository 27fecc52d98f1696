/**
 * Approvals outlive their region (handlers/approval/domain.ts, takeovers), on three replicas of the
 * local global table with the request's region (us-east-1) failed: before the grace period a
 * decision is a 503; after it one arbiter region (eu-west-1) decides, whichever region took the
 * POST, and applies the outcome once; a retried decision changes nothing; when the old region is
 * back its reconcile step supersedes the waiting execution, whose own steps then do nothing. With
 * the fencing off (test-only), two regions both decide: the check can fail.
 */
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { SFNClient } from "@aws-sdk/client-sfn";
import { LocalGlobalTable } from "../../local/dynamodb/globalTable";
import type * as Domain from "../../handlers/approval/domain";

const US = "us-east-1";
const EU = "eu-west-1";
const AP = "ap-northeast-2";
const TABLE = "platform-takeover-test";
const GRACE = 60_000;
const ALICE = "alice-0001";
const CAROL = { sub: "carol-0003", approver: true };
const DAVE = { sub: "dave-0004", approver: true };

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });

describe("approval takeovers (three replicas, the request's region out)", function () {
    this.timeout(30_000);
    let table: LocalGlobalTable;
    let domain: typeof Domain;
    const db: Record<string, DynamoDBDocumentClient> = {};
    const sent: Array<{ region: string; token: string; output: any }> = [];
    const down = new Set<string>();

    before(async () => {
        table = await LocalGlobalTable.start({ tableName: TABLE, regions: [US, EU, AP], consistency: "eventual", accountId: "000000000000", lagMs: 50, jitter: 0 });
        for (const r of [US, EU, AP]) {
            db[r] = DynamoDBDocumentClient.from(new DynamoDBClient({ region: r, endpoint: table.replica(r).endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 }), { marshallOptions: { removeUndefinedValues: true } });
        }
        domain = require("../../handlers/approval/domain");
    });
    after(() => table.stop());
    afterEach(async () => { for (const r of [...down]) { down.delete(r); await table.recover(r); } await table.drained(); sent.length = 0; });

    /** A fake Step Functions per region: refuses when the region is down, records task success otherwise. */
    const sfn = (region: string) => ({
        send: async (command: any) => {
            if (down.has(region)) throw refused();
            sent.push({ region, token: command.input.taskToken, output: JSON.parse(command.input.output) });
            return {};
        },
    }) as unknown as SFNClient;

    const ctx = (region: string, o: { now?: number; fencing?: boolean } = {}): Domain.ApprovalCtx => ({
        table: TABLE, region, regions: [US, EU, AP], db: r => db[r], sfn, takeoverAfterMs: GRACE,
        ...(o.now ? { now: () => new Date(o.now!) } : {}), ...(o.fencing === false ? { takeoverFencing: false } : {}),
    });

    /** A pending request of alice's, run by us-east-1's workflow (token stored there), replicated everywhere. */
    async function pendingInUs(): Promise<string> {
        const requestId = randomUUID();
        const itemId = `item-${requestId.slice(0, 8)}`;
        const createdAt = new Date().toISOString();
        await db[US].send(new PutCommand({ TableName: TABLE, Item: { pk: `REQUEST#${requestId}`, sk: "REQUEST", requestId, kind: "publish", status: "PENDING", requesterSub: ALICE, itemId, itemVersion: 1, snapshot: { title: "report" }, region: US, createdAt, gsi1pk: "APPROVAL#PENDING", gsi1sk: `${createdAt}#${requestId}` } }));
        await db[US].send(new PutCommand({ TableName: TABLE, Item: { pk: `REQUEST#${requestId}`, sk: "TOKEN", taskToken: `token-${requestId}` } }));
        await db[US].send(new PutCommand({ TableName: TABLE, Item: { pk: `OPENREQUEST#${ALICE}#${itemId}`, sk: "OPEN", requestId, claimedAt: Date.now() } }));
        await table.drained();
        return requestId;
    }
    const fail = async (region: string) => { down.add(region); await table.fail(region); };
    /** Replication among the regions still up (held shipments to a failed one never drain). */
    const settle = () => new Promise(r => setTimeout(r, 400));
    const get = async (region: string, pk: string, sk: string) => (await db[region].send(new GetCommand({ TableName: TABLE, Key: { pk, sk }, ConsistentRead: true }))).Item;
    /** Writes of the published copy made in each replica by its own clients (not replication). */
    const publishes = (requestId: string) => [...table.replicas.values()].flatMap(r => r.stream.records())
        .filter(x => !x.origin.replicated && x.record.dynamodb.Keys.pk.S === `PUBLISHED#${ALICE}` && x.record.dynamodb.NewImage?.requestId?.S === requestId).length;

    it("before the grace period: 503 with Retry-After, nothing decided; the first failure is noted", async () => {
        const requestId = await pendingInUs();
        await fail(US);
        const refusedDecision = await domain.decide(ctx(EU), CAROL, requestId, "approve").catch(e => e);
        expect(refusedDecision.statusCode).to.equal(503);
        expect(refusedDecision.details.retryAfterSeconds).to.be.within(1, 60);
        expect((await get(EU, `REQUEST#${requestId}`, "REQUEST"))!.status).to.equal("PENDING");
        expect(await get(EU, "CONTROL", `UNREACHABLE#${US}`)).to.have.property("since");
    });

    it("after it: the arbiter (eu-west-1) decides whichever region took the POST, applies the outcome once, and queues the old execution for superseding", async () => {
        const requestId = await pendingInUs();
        await fail(US);
        await domain.decide(ctx(AP), CAROL, requestId, "approve").catch(() => undefined); // notes since when
        const view = await domain.decide(ctx(AP, { now: Date.now() + GRACE + 1 }), CAROL, requestId, "approve");
        expect(view).to.deep.include({ status: "PUBLISHED", decision: "approve", takenOverBy: EU });
        const row = (await get(EU, `REQUEST#${requestId}`, "REQUEST"))!;
        expect(row).to.deep.include({ status: "PUBLISHED", takenOverBy: EU, takenOverFrom: US, gsi1pk: `APPROVAL#SUPERSEDE#${US}` });
        expect(await get(EU, `PUBLISHED#${ALICE}`, row.sk === "REQUEST" ? `ITEM#${row.itemId}` : "")).to.deep.include({ requestId, title: "report" });
        expect(await get(EU, `USER#${ALICE}`, `NOTICE#${requestId}`)).to.deep.include({ outcome: "PUBLISHED" });
        expect(await get(EU, `OPENREQUEST#${ALICE}#${row.itemId}`, "OPEN")).to.equal(undefined);
        expect(sent).to.deep.equal([]);
        expect(publishes(requestId)).to.equal(1);
    });

    it("two approvers in two regions at once: exactly one decision wins, one outcome; a retried decision changes nothing", async () => {
        const requestId = await pendingInUs();
        await fail(US);
        const later = Date.now() + GRACE + 1;
        await domain.decide(ctx(EU), CAROL, requestId, "approve").catch(() => undefined);
        await domain.decide(ctx(AP), DAVE, requestId, "reject").catch(() => undefined);
        const [a, b] = await Promise.all([
            domain.decide(ctx(EU, { now: later }), CAROL, requestId, "approve").then(v => v.status, e => e.code),
            domain.decide(ctx(AP, { now: later }), DAVE, requestId, "reject").then(v => v.status, e => e.code),
        ]);
        expect([a, b].filter(x => x === "ALREADY_DECIDED")).to.have.length(1);
        expect([a, b].filter(x => x === "PUBLISHED" || x === "REJECTED")).to.have.length(1);
        const again = await domain.decide(ctx(EU, { now: later }), CAROL, requestId, "approve").catch(e => e.code);
        expect(again).to.equal("ALREADY_DECIDED");
        await settle();
        expect(publishes(requestId)).to.equal(a === "PUBLISHED" ? 1 : 0);
    });

    it("the old region returns: its reconcile step supersedes the waiting execution once; that execution's steps then do nothing", async () => {
        const requestId = await pendingInUs();
        await fail(US);
        await domain.decide(ctx(EU), CAROL, requestId, "reject").catch(() => undefined);
        await domain.decide(ctx(EU, { now: Date.now() + GRACE + 1 }), CAROL, requestId, "reject");
        const noticeBefore = await get(EU, `USER#${ALICE}`, `NOTICE#${requestId}`);
        down.delete(US);
        await table.recover(US);
        await table.drained();
        const wctx = { table: TABLE, db: db[US], region: US, sfn: sfn(US) };
        await domain.reconcileTakenOver(wctx); // (earlier tests' takeovers are in the queue too)
        expect(sent.filter(x => x.output.requestId === requestId)).to.deep.equal([{ region: US, token: `token-${requestId}`, output: { requestId, decision: "superseded" } }]);
        expect(await get(US, `REQUEST#${requestId}`, "TOKEN")).to.equal(undefined);
        expect(await domain.reconcileTakenOver(wctx)).to.deep.equal({ superseded: 0 });
        // Had the execution timed out instead, its expire and finish steps would change nothing.
        expect(await domain.expireRequest(wctx, requestId)).to.equal(false);
        expect(await domain.notifyRequester(wctx, requestId)).to.equal("REJECTED");
        await table.drained();
        expect((await get(US, `REQUEST#${requestId}`, "REQUEST"))!.status).to.equal("REJECTED");
        expect(await get(US, `USER#${ALICE}`, `NOTICE#${requestId}`)).to.deep.equal(noticeBefore);
    });

    it("the old region back before its replica has caught up: a decision there is refused (the arbiter's replica has the takeover), nothing acts twice", async () => {
        const requestId = await pendingInUs();
        await fail(US);
        await domain.decide(ctx(AP), CAROL, requestId, "approve").catch(() => undefined);
        await domain.decide(ctx(AP, { now: Date.now() + GRACE + 1 }), CAROL, requestId, "approve");
        table.pause({ region: US }); // what the arbiter wrote has not reached us-east-1 yet
        down.delete(US);
        await table.recover(US);
        expect((await get(US, `REQUEST#${requestId}`, "REQUEST"))!.status).to.equal("PENDING");
        const answer = await domain.decide(ctx(US), DAVE, requestId, "reject").then(v => v.status, e => `${e.code} ${JSON.stringify(e.details ?? {})}`);
        expect(answer).to.equal('ALREADY_DECIDED {"status":"PUBLISHED"}');
        expect(sent).to.deep.equal([]);
        expect((await get(US, `REQUEST#${requestId}`, "REQUEST"))!.status).to.equal("PENDING");
        table.resume({ region: US });
        await table.drained();
        expect((await get(US, `REQUEST#${requestId}`, "REQUEST"))!).to.deep.include({ status: "PUBLISHED", takenOverBy: EU });
        expect(publishes(requestId)).to.equal(1);
    });

    it("the check can fail: with the fencing off, two regions both decide and the outcome happens twice", async () => {
        const requestId = await pendingInUs();
        await fail(US);
        const later = Date.now() + GRACE + 1;
        await domain.decide(ctx(EU), CAROL, requestId, "approve").catch(() => undefined);
        await domain.decide(ctx(AP), DAVE, requestId, "approve").catch(() => undefined);
        const outcomes = await Promise.all([
            domain.decide(ctx(EU, { now: later, fencing: false }), CAROL, requestId, "approve").then(v => v.status, e => e.code),
            domain.decide(ctx(AP, { now: later, fencing: false }), DAVE, requestId, "approve").then(v => v.status, e => e.code),
        ]);
        expect(outcomes).to.deep.equal(["PUBLISHED", "PUBLISHED"]);
        await settle();
        expect(publishes(requestId)).to.equal(2);
    });
});
