/**
 * The approval API handler against dynalite, Step Functions under aws-sdk-client-mock: who may do
 * what, one decision per request, cross-region callbacks, expired tokens, and no token anywhere.
 */
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { InvalidToken, SendTaskSuccessCommand, SFNClient, SFNServiceException, StartExecutionCommand, TaskTimedOut } from "@aws-sdk/client-sfn";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { apiEvent, LocalTable, REGION, startLocalTable, TABLE } from "./helpers/local";
import type * as Domain from "../../handlers/approval/domain";

const ALICE = "alice-0001";
const BOB = "bob-0002";
const CAROL = "carol-0003";
const DAVE = "dave-0004";
const OTHER = "eu-west-1";
const machine = (region: string) => `arn:aws:states:${region}:123456789012:stateMachine:platform-test-${region}-approval`;
const TOKEN = `AQCEAAAAKgAAAA${"Zm9vYmFy".repeat(40)}`;

describe("approval API handler (dynalite + mocked Step Functions)", () => {
    let local: LocalTable;
    let handler: (e: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
    let domain: typeof Domain;
    // Created in before(), not at load: every spec file is loaded before any runs, and a later stub would replace this one.
    let sfn: AwsClientStub<SFNClient>;
    let sns: AwsClientStub<SNSClient>;

    before(async () => {
        sfn = mockClient(SFNClient);
        sns = mockClient(SNSClient);
        local = await startLocalTable();
        Object.assign(process.env, { STATE_MACHINE_ARN: machine(REGION), PLATFORM_REGIONS: `${REGION},${OTHER}`, TAKEOVER_AFTER_SECONDS: "900" });
        handler = require("../../handlers/approval/api").handler;
        domain = require("../../handlers/approval/domain");
    });
    after(async () => { sfn.restore(); sns.restore(); await local.close(); });
    beforeEach(() => {
        sfn.reset(); sns.reset();
        sfn.on(StartExecutionCommand).resolves({ executionArn: "arn", startDate: new Date() });
        sfn.on(SendTaskSuccessCommand).resolves({});
    });

    const call = async (o: Parameters<typeof apiEvent>[0]) => {
        const res = await handler(apiEvent(o));
        return { status: res.statusCode, raw: res.body, body: res.body ? JSON.parse(res.body) : undefined };
    };
    const approver = (sub = CAROL) => ({ sub, groups: ["readers", "approvers"] });
    const row = async (id: string, sk = "REQUEST") => (await local.db.send(new GetCommand({ TableName: TABLE, Key: { pk: `REQUEST#${id}`, sk }, ConsistentRead: true }))).Item;
    const dump = async () => JSON.stringify((await local.db.send(new QueryCommand({ TableName: TABLE, IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :q", ExpressionAttributeValues: { ":q": "APPROVAL#PENDING" } }))).Items);

    /** Alice's item, her publish request through the API, and (unless `notified: false`) the notifier having stored the token. */
    async function pending(o: { region?: string; notified?: boolean; sub?: string } = {}) {
        const sub = o.sub ?? ALICE;
        const itemId = `i-${randomUUID().slice(0, 8)}`;
        await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: `USER#${sub}`, sk: `ITEM#${itemId}`, id: itemId, title: "Report", version: 3 } }));
        const res = await call({ method: "POST", resource: "/items/{id}/publish", id: itemId, sub, contentType: null });
        expect(res.status, res.raw).to.equal(202);
        const requestId = res.body.requestId as string;
        if (o.region) {
            await local.db.send(new UpdateCommand({ TableName: TABLE, Key: { pk: `REQUEST#${requestId}`, sk: "REQUEST" }, UpdateExpression: "SET #r = :r", ExpressionAttributeNames: { "#r": "region" }, ExpressionAttributeValues: { ":r": o.region } }));
        }
        if (o.notified !== false) {
            await domain.notifyApprovers({ table: TABLE, db: local.db, sns: new SNSClient({ region: REGION }), topicArn: "arn:aws:sns:us-east-1:1:t", decideUrl: "https://x" }, requestId, TOKEN);
        }
        return { itemId, requestId };
    }
    const decide = (requestId: string, who: { sub: string; groups?: string[] }, body: unknown = { decision: "approve" }) =>
        call({ method: "POST", resource: "/approvals/{id}/decision", id: requestId, ...who, body });

    describe("POST /items/{id}/publish", () => {
        it("202 with the request, stored SUBMITTED with a snapshot, and this region's workflow started under the request id", async () => {
            const { itemId, requestId } = await pending({ notified: false });
            const start = sfn.commandCalls(StartExecutionCommand)[0];
            expect(start.args[0].input).to.deep.equal({ stateMachineArn: machine(REGION), name: requestId, input: JSON.stringify({ requestId }) });
            expect(await start.thisValue.config.region()).to.equal(REGION);
            expect(await row(requestId)).to.deep.include({ status: "SUBMITTED", requesterSub: ALICE, itemId, itemVersion: 3, snapshot: { title: "Report" }, region: REGION });
        });

        it("404 for an item the caller does not own (Bob cannot publish Alice's item), 400 for a bad id; nothing is started", async () => {
            const { itemId } = await pending({ notified: false });
            sfn.resetHistory();
            expect((await call({ method: "POST", resource: "/items/{id}/publish", id: itemId, sub: BOB })).status).to.equal(404);
            expect((await call({ method: "POST", resource: "/items/{id}/publish", id: "../x", sub: ALICE })).status).to.equal(400);
            expect((await call({ method: "POST", resource: "/items/{id}/publish", id: itemId, sub: null })).status).to.equal(401);
            expect(sfn.commandCalls(StartExecutionCommand)).to.have.length(0);
        });

        it("503 when the workflow cannot start, and the request is marked FAILED rather than left dangling", async () => {
            sfn.on(StartExecutionCommand).rejects(new SFNServiceException({ name: "ServiceUnavailable", $fault: "server", $metadata: {}, message: "down" }));
            await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: `USER#${ALICE}`, sk: "ITEM#down", id: "down", title: "x", version: 1 } }));
            const res = await call({ method: "POST", resource: "/items/{id}/publish", id: "down", sub: ALICE });
            expect(res.status).to.equal(503);
            expect(res.body.error.code).to.equal("SERVICE_UNAVAILABLE");
            const stored = (await local.db.send(new QueryCommand({ TableName: TABLE, IndexName: undefined, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `REQUEST#${sfn.commandCalls(StartExecutionCommand)[0].args[0].input.name}` } }))).Items;
            expect(stored).to.have.length(1);
            expect(stored![0]).to.deep.include({ status: "FAILED", failure: "StartExecution: ServiceUnavailable" });
        });
    });

    describe("POST /items/{id}/publish: at most one open request per item", () => {
        const ownItem = async (sub = ALICE) => {
            const itemId = `i-${randomUUID().slice(0, 8)}`;
            await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: `USER#${sub}`, sk: `ITEM#${itemId}`, id: itemId, title: "Once", version: 1 } }));
            return itemId;
        };
        const publish = (itemId: string, sub = ALICE) => call({ method: "POST", resource: "/items/{id}/publish", id: itemId, sub, contentType: null });
        const requestRows = async (itemId: string) => ((await local.db.send(new ScanCommand({
            TableName: TABLE, FilterExpression: "sk = :r AND itemId = :i", ExpressionAttributeValues: { ":r": "REQUEST", ":i": itemId }, ConsistentRead: true,
        }))).Items ?? []);
        const pointer = async (itemId: string, sub = ALICE) => (await local.db.send(new GetCommand({ TableName: TABLE, Key: { pk: `OPENREQUEST#${sub}#${itemId}`, sk: "OPEN" }, ConsistentRead: true }))).Item;

        it("20 concurrent publishes by the owner: one 202, nineteen 409 naming it; one request row, one execution, one message to approvers", async () => {
            const itemId = await ownItem();
            const results = await Promise.all(Array.from({ length: 20 }, () => publish(itemId)));
            const accepted = results.filter(r => r.status === 202);
            expect(accepted).to.have.length(1);
            const requestId = accepted[0].body.requestId;
            const refused = results.filter(r => r.status === 409);
            expect(refused).to.have.length(19);
            for (const r of refused) {
                expect(r.body.error).to.deep.include({ code: "PUBLISH_ALREADY_REQUESTED", message: `Item ${itemId} already has an open approval request`, requestId });
            }
            expect((await requestRows(itemId)).map(r => r.requestId)).to.deep.equal([requestId]);
            const starts = sfn.commandCalls(StartExecutionCommand).map(c => c.args[0].input.name);
            expect(starts).to.deep.equal([requestId]);
            // Each execution's notifier emails the approvers once: one execution, one message.
            for (const name of starts) {
                await domain.notifyApprovers({ table: TABLE, db: local.db, sns: new SNSClient({ region: REGION }), topicArn: "arn:aws:sns:us-east-1:1:t", decideUrl: "https://x" }, name!, TOKEN);
            }
            expect(sns.commandCalls(PublishCommand)).to.have.length(1);
            console.log(`      20 concurrent publishes: ${accepted.length} x 202, ${refused.length} x 409; request rows ${(await requestRows(itemId)).length}, executions ${starts.length}, approver messages ${sns.commandCalls(PublishCommand).length}`);
        });

        it("a publish while the request is open gets 409 with its status; once the workflow finishes, the item can be published again", async () => {
            const { itemId, requestId } = await pending();
            const again = await publish(itemId);
            expect([again.status, again.body.error]).to.deep.equal([409, {
                code: "PUBLISH_ALREADY_REQUESTED", message: `Item ${itemId} already has an open approval request`, requestId, status: "PENDING",
            }]);
            expect((await decide(requestId, approver(), { decision: "reject" })).status).to.equal(200);
            await domain.notifyRequester({ table: TABLE, db: local.db }, requestId);
            expect(await pointer(itemId)).to.equal(undefined);
            const next = await publish(itemId);
            expect(next.status).to.equal(202);
            expect(next.body.requestId).to.not.equal(requestId);
            expect(await pointer(itemId)).to.deep.include({ requestId: next.body.requestId });
        });

        it("a workflow that cannot start releases the item: the next publish is accepted", async () => {
            sfn.on(StartExecutionCommand).rejectsOnce(new SFNServiceException({ name: "ServiceUnavailable", $fault: "server", $metadata: {}, message: "down" }));
            const itemId = await ownItem();
            expect((await publish(itemId)).status).to.equal(503);
            expect(await pointer(itemId)).to.equal(undefined);
            expect((await publish(itemId)).status).to.equal(202);
        });

        it("takes over a pointer whose request ended, or whose publish died before writing the request; not one still being written", async () => {
            const claimed = async (itemId: string, requestId: string, claimedAt: number) =>
                local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: `OPENREQUEST#${ALICE}#${itemId}`, sk: "OPEN", requestId, claimedAt } }));
            // Ended (the release was lost): EXPIRED request still named.
            const { itemId: ended, requestId: old } = await pending();
            await local.db.send(new UpdateCommand({ TableName: TABLE, Key: { pk: `REQUEST#${old}`, sk: "REQUEST" }, UpdateExpression: "SET #s = :s", ExpressionAttributeNames: { "#s": "status" }, ExpressionAttributeValues: { ":s": "EXPIRED" } }));
            expect((await publish(ended)).status).to.equal(202);
            // A publish that died between the pointer and the request row, 31 s ago.
            const orphan = await ownItem();
            await claimed(orphan, randomUUID(), Date.now() - 31_000);
            expect((await publish(orphan)).status).to.equal(202);
            // One that is writing its request row right now.
            const busy = await ownItem();
            const other = randomUUID();
            await claimed(busy, other, Date.now());
            const res = await publish(busy);
            expect([res.status, res.body.error]).to.deep.equal([409, { code: "PUBLISH_ALREADY_REQUESTED", message: `Item ${busy} already has an open approval request`, requestId: other }]);
        });

        it("keeps the pointer in a partition users cannot write (OPENREQUEST#, not USER#)", async () => {
            const { itemId, requestId } = await pending();
            expect(await pointer(itemId)).to.deep.equal({ pk: `OPENREQUEST#${ALICE}#${itemId}`, sk: "OPEN", requestId, claimedAt: (await pointer(itemId))!.claimedAt });
            const own = (await local.db.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `USER#${ALICE}` }, ConsistentRead: true }))).Items ?? [];
            expect(own.map(r => r.sk).filter(sk => !sk.startsWith("ITEM#") && !sk.startsWith("NOTICE#"))).to.deep.equal([]);
        });
    });

    describe("GET /requests/{id} and GET /approvals", () => {
        it("shows a request to its requester and to approvers, 404 to anyone else; never the token, the keys or the requester's sub", async () => {
            const { requestId } = await pending();
            const before = await dump();
            const mine = await call({ method: "GET", resource: "/requests/{id}", id: requestId, sub: ALICE });
            expect(mine.status).to.equal(200);
            expect(mine.body).to.deep.include({ requestId, status: "PENDING", title: "Report", region: REGION });
            expect((await call({ method: "GET", resource: "/requests/{id}", id: requestId, ...approver() })).status).to.equal(200);
            expect((await call({ method: "GET", resource: "/requests/{id}", id: requestId, sub: BOB })).status).to.equal(404);
            expect((await call({ method: "GET", resource: "/requests/{id}", id: "not-a-uuid", sub: ALICE })).status).to.equal(400);
            for (const text of [mine.raw]) for (const secret of [TOKEN.slice(0, 30), ALICE, "REQUEST#", "gsi1"]) expect(text).to.not.contain(secret);
            expect(await dump()).to.equal(before); // GETs change nothing
        });

        it("lists pending requests to approvers only, oldest first, paginated with a cursor that cannot leave the queue", async () => {
            const ids = [(await pending()).requestId, (await pending()).requestId];
            expect((await call({ method: "GET", resource: "/approvals", query: { status: "pending" }, sub: BOB })).status).to.equal(403);
            expect((await call({ method: "GET", resource: "/approvals", query: { status: "approved" }, ...approver() })).status).to.equal(400);
            for (const limit of ["0x10", "1e1", " 5 ", "05", "0", "101"]) {
                const res = await call({ method: "GET", resource: "/approvals", query: { status: "pending", limit }, ...approver() });
                expect(res.body.error, limit).to.deep.equal({ code: "VALIDATION", message: "limit: must be a decimal integer from 1 to 100" });
            }
            expect((await call({ method: "GET", resource: "/approvals", query: { status: "pending", cursor: Buffer.from('["USER#bob-0002","x"]').toString("base64url") }, ...approver() })).status).to.equal(400);
            const seen: string[] = [];
            let cursor: string | undefined;
            do {
                const page = await call({ method: "GET", resource: "/approvals", query: { status: "pending", limit: "1", ...(cursor ? { cursor } : {}) }, ...approver() });
                expect(page.status, page.raw).to.equal(200);
                expect(page.raw).to.not.contain(TOKEN.slice(0, 30));
                expect(page.raw).to.not.contain(ALICE);
                seen.push(...page.body.requests.map((r: any) => r.requestId));
                cursor = page.body.cursor;
            } while (cursor);
            expect(seen.filter(id => ids.includes(id))).to.deep.equal(ids);
        });

        it("leaves an approver's own requests out of their queue (they may not decide them); other approvers see them", async () => {
            const own = await pending({ sub: CAROL });
            const listed = async (who: string) => {
                const ids: string[] = [];
                let cursor: string | undefined;
                do {
                    const page = await call({ method: "GET", resource: "/approvals", query: { status: "pending", ...(cursor ? { cursor } : {}) }, ...approver(who) });
                    ids.push(...page.body.requests.map((r: any) => r.requestId));
                    cursor = page.body.cursor;
                } while (cursor);
                return ids;
            };
            expect(await listed(CAROL)).to.not.include(own.requestId);
            expect(await listed(DAVE)).to.include(own.requestId);
        });
    });

    describe("what approvals produce: GET /published (every signed-in user) and GET /notices (the requester's)", () => {
        const ctx = () => ({ table: TABLE, db: local.db });
        /** Alice's item, approved by Carol, then published and noticed by the workflow's steps. */
        async function published(sub = ALICE) {
            const p = await pending({ sub });
            expect((await decide(p.requestId, approver())).status).to.equal(200);
            await domain.applyApproved(ctx(), p.requestId);
            await domain.notifyRequester(ctx(), p.requestId);
            return p;
        }
        const feed = async (who: { sub: string; groups?: string[] }, query: Record<string, string> = {}) =>
            call({ method: "GET", resource: "/published", query, ...who });
        const everything = async () => JSON.stringify((await local.db.send(new ScanCommand({ TableName: TABLE }))).Items);

        it("shows every signed-in user what was published, newest first, marking the caller's own, naming no user and no request", async () => {
            const first = await published();
            const second = await published();
            const before = await everything();
            const bob = await feed({ sub: BOB });
            expect(bob.status, bob.raw).to.equal(200);
            const [a, b] = bob.body.items.filter((i: any) => [first.itemId, second.itemId].includes(i.itemId));
            expect(a).to.deep.include({ itemId: second.itemId, itemVersion: 3, title: "Report", mine: false });
            expect(b).to.deep.include({ itemId: first.itemId, mine: false });
            expect(Object.keys(a).sort()).to.deep.equal(["approvedAt", "itemId", "itemVersion", "mine", "publishedAt", "title"]);
            for (const secret of [ALICE, CAROL, first.requestId, "PUBLISHED#", "FEED#", "gsi1"]) expect(bob.raw).to.not.contain(secret);
            const alice = await feed({ sub: ALICE });
            expect(alice.body.items.find((i: any) => i.itemId === first.itemId).mine).to.equal(true);
            expect(await everything()).to.equal(before); // GETs change nothing
        });

        it("pages with a cursor that names no user, and refuses a cursor that is not a feed position", async () => {
            const ids = [(await published()).itemId, (await published(DAVE)).itemId];
            const seen: string[] = [];
            let cursor: string | undefined;
            do {
                const page = await feed({ sub: BOB }, { limit: "1", ...(cursor ? { cursor } : {}) });
                expect(page.status, page.raw).to.equal(200);
                expect(page.body.items).to.have.length.at.most(1);
                seen.push(...page.body.items.map((i: any) => i.itemId));
                cursor = page.body.cursor;
                if (cursor) expect(Buffer.from(cursor, "base64url").toString("utf8")).to.match(/^\d{4}-.+Z#[0-9a-f-]{36}$/);
            } while (cursor);
            expect(seen.filter(id => ids.includes(id))).to.deep.equal([...ids].reverse());
            for (const bad of [Buffer.from(`USER#${ALICE}`).toString("base64url"), "!!", Buffer.from("2026-01-01T00:00:00.000Z#x").toString("base64url")]) {
                const res = await feed({ sub: BOB }, { cursor: bad });
                expect(res.status, bad).to.equal(400);
                expect(res.body.error).to.deep.equal({ code: "VALIDATION", message: "cursor is not valid" });
            }
            expect((await feed({ sub: BOB }, { limit: "0x1" })).status).to.equal(400);
            expect((await feed({ sub: BOB }, { mine: "true" })).status).to.equal(400);
        });

        it("bounds a page by response bytes: a page that would not fit ends early with a cursor at its last item", async () => {
            await published();
            await published();
            const ctxApi = { table: TABLE, region: REGION, regions: [REGION, OTHER], db: () => local.db, sfn: () => new SFNClient({ region: REGION }) };
            const page = await domain.listPublished(ctxApi, { sub: BOB, approver: false }, 2, undefined, 1);
            expect(page.items).to.have.length(1);
            const next = await domain.listPublished(ctxApi, { sub: BOB, approver: false }, 1, domain.decodeFeedCursor(page.cursor!));
            expect(next.items[0].itemId).to.not.equal(page.items[0].itemId);
        });

        it("no route writes published items: another method on /published is 405 and changes nothing", async () => {
            await published();
            const before = await everything();
            for (const method of ["POST", "PUT", "DELETE"]) {
                expect((await call({ method, resource: "/published", ...approver(), body: { itemId: "x", title: "forged" } })).status, method).to.equal(405);
            }
            expect(await everything()).to.equal(before);
        });

        it("gives requesters their outcome notices (title, outcome, time), and nobody else's", async () => {
            const { requestId, itemId } = await published();
            const rejected = await pending();
            expect((await decide(rejected.requestId, approver(), { decision: "reject", comment: "not yet" })).status).to.equal(200);
            await domain.notifyRequester(ctx(), rejected.requestId);
            const alice = await call({ method: "GET", resource: "/notices", sub: ALICE });
            expect(alice.status, alice.raw).to.equal(200);
            const mine = new Map(alice.body.notices.map((n: any) => [n.requestId, n]));
            expect(mine.get(requestId)).to.deep.include({ requestId, itemId, title: "Report", outcome: "PUBLISHED" });
            expect(mine.get(rejected.requestId)).to.deep.include({ requestId: rejected.requestId, title: "Report", outcome: "REJECTED" });
            expect((mine.get(requestId) as any).at).to.match(/^\d{4}-\d{2}-\d{2}T/);
            expect(alice.raw).to.not.contain(ALICE);
            expect((await call({ method: "GET", resource: "/notices", sub: BOB })).body.notices).to.deep.equal([]);
            // Pages: one notice each, a cursor that is the request id, and only a request id.
            const one = await call({ method: "GET", resource: "/notices", sub: ALICE, query: { limit: "1" } });
            expect(one.body.notices).to.have.length(1);
            expect(Buffer.from(one.body.cursor, "base64url").toString("utf8")).to.equal(one.body.notices[0].requestId);
            const bad = await call({ method: "GET", resource: "/notices", sub: ALICE, query: { cursor: Buffer.from("ITEM#x").toString("base64url") } });
            expect(bad.status).to.equal(400);
        });
    });

    describe("the approvers' group, from cognito:groups as a REST API Cognito authorizer passes it", () => {
        // [claim value, is an approver]: whole names only, in the comma-joined format (handlers/shared/claims.ts).
        const cases: Array<[unknown, boolean]> = [
            ["approvers", true], ["readers,approvers", true], ["approvers,readers", true],
            ["evil]approvers", false], ["[evil approvers]", false], ["evil approvers", false], ["evil[approvers", false],
            ["approvers-team", false], ["Approvers", false], [" approvers", false], ["readers, approvers", false], ["", false],
            [["approvers"], false], [undefined, false],
        ];
        for (const [claim, approver] of cases) {
            it(`${JSON.stringify(claim)}: ${approver ? "an approver" : "not an approver"}`, async () => {
                const res = await call({ method: "GET", resource: "/approvals", query: { status: "pending" }, sub: CAROL, groupsClaim: claim });
                expect([res.status, res.body.error?.code ?? null]).to.deep.equal(approver ? [200, null] : [403, "NOT_APPROVER"]);
            });
        }
    });

    describe("POST /approvals/{id}/decision", () => {
        it("403 for non-approvers and for the requester deciding their own request; 400 for a bad body; nothing changes", async () => {
            const { requestId } = await pending();
            const forbidden = await decide(requestId, { sub: BOB });
            expect([forbidden.status, forbidden.body.error.code]).to.deep.equal([403, "NOT_APPROVER"]);
            const self = await decide(requestId, { sub: ALICE, groups: ["approvers"] });
            expect([self.status, self.body.error.code]).to.deep.equal([403, "SELF_APPROVAL"]);
            expect((await decide(requestId, approver(), { decision: "maybe" })).status).to.equal(400);
            expect((await decide(requestId, approver(), { decision: "approve", extra: 1 })).status).to.equal(400);
            expect((await decide(randomUUID(), approver())).status).to.equal(404);
            expect(await row(requestId)).to.deep.include({ status: "PENDING" });
            expect(sfn.commandCalls(SendTaskSuccessCommand)).to.have.length(0);
        });

        it("approves once: a second decision gets 409 and Step Functions hears exactly one", async () => {
            const { requestId } = await pending();
            const first = await decide(requestId, approver(), { decision: "approve", comment: "looks right" });
            expect(first.status, first.raw).to.equal(200);
            expect(first.body).to.deep.include({ status: "APPROVED", decision: "approve", comment: "looks right" });
            const second = await decide(requestId, approver(DAVE), { decision: "reject" });
            expect([second.status, second.body.error.code, second.body.error.status]).to.deep.equal([409, "ALREADY_DECIDED", "APPROVED"]);
            const sends = sfn.commandCalls(SendTaskSuccessCommand);
            expect(sends.map(c => c.args[0].input)).to.deep.equal([{ taskToken: TOKEN, output: JSON.stringify({ requestId, decision: "approve" }) }]);
            expect(await row(requestId)).to.deep.include({ status: "APPROVED", decidedBy: CAROL });
            expect(await row(requestId)).to.not.have.any.keys("gsi1pk");
        });

        it("two approvers at once: one 200, one 409, one callback", async () => {
            const { requestId } = await pending();
            const results = await Promise.all([decide(requestId, approver(CAROL)), decide(requestId, approver(DAVE), { decision: "reject" })]);
            expect(results.map(r => r.status).sort()).to.deep.equal([200, 409]);
            expect(sfn.commandCalls(SendTaskSuccessCommand)).to.have.length(1);
        });

        it("sends the decision to the region that runs the execution, whichever region received the POST", async () => {
            const { requestId } = await pending({ region: OTHER });
            const res = await decide(requestId, approver());
            expect(res.status, res.raw).to.equal(200);
            const sends = sfn.commandCalls(SendTaskSuccessCommand);
            expect(sends).to.have.length(1);
            expect(await sends[0].thisValue.config.region()).to.equal(OTHER);
        });

        it("also writes the decision on that region's replica (domain: clients requested per region)", async () => {
            const { requestId } = await pending({ region: OTHER });
            const asked: string[] = [];
            const ctx: Domain.ApprovalCtx = {
                table: TABLE, region: REGION, regions: [REGION, OTHER],
                db: region => { asked.push(`db:${region}`); return local.db; },
                sfn: region => { asked.push(`sfn:${region}`); return new SFNClient({ region }); },
            };
            await domain.decide(ctx, { sub: CAROL, approver: true }, requestId, "reject");
            // Then, the other region having answered, this region forgets any note of it being unreachable.
            expect(asked).to.deep.equal([`db:${REGION}`, `db:${OTHER}`, `sfn:${OTHER}`, `db:${REGION}`]);
        });

        it("refuses a request whose stored region is not a platform region", async () => {
            const { requestId } = await pending({ region: "mars-east-1" });
            const res = await decide(requestId, approver());
            expect(res.status).to.equal(500);
            expect(sfn.commandCalls(SendTaskSuccessCommand)).to.have.length(0);
        });

        for (const [name, error] of [
            ["a timed-out", new TaskTimedOut({ message: "Task Timed Out", $metadata: {} })],
            ["an unknown", new InvalidToken({ message: "Invalid token", $metadata: {} })],
        ] as const) {
            it(`${name} token: 410, the request is EXPIRED and its token deleted`, async () => {
                sfn.on(SendTaskSuccessCommand).rejects(error);
                const { requestId } = await pending();
                const res = await decide(requestId, approver());
                expect([res.status, res.body.error.code]).to.deep.equal([410, "REQUEST_EXPIRED"]);
                expect(await row(requestId)).to.deep.include({ status: "EXPIRED" });
                expect(await row(requestId, "TOKEN")).to.equal(undefined);
                expect((await decide(requestId, approver(DAVE))).status).to.equal(410);
            });
        }

        it("Step Functions unavailable: 503, the decision is rolled back to PENDING and a later decision succeeds", async () => {
            sfn.on(SendTaskSuccessCommand).rejectsOnce(new SFNServiceException({ name: "ThrottlingException", $fault: "client", $metadata: {}, message: "slow down" })).resolves({});
            const { requestId } = await pending();
            const res = await decide(requestId, approver(), { decision: "approve", comment: "ok" });
            expect(res.status).to.equal(503);
            const back = await row(requestId);
            expect(back).to.deep.include({ status: "PENDING", gsi1pk: "APPROVAL#PENDING" });
            expect(back).to.not.have.any.keys("decision", "decidedBy", "comment");
            expect((await decide(requestId, approver())).status).to.equal(200);
        });

        it("409 NOT_READY while the notifier has not stored the token yet", async () => {
            const { requestId } = await pending({ notified: false });
            const res = await decide(requestId, approver());
            expect([res.status, res.body.error.code]).to.deep.equal([409, "NOT_READY"]);
        });
    });

    it("never writes the token to the logs, even when deciding fails unexpectedly", async () => {
        const logger = require("../../handlers/shared/powertools").logger;
        const { requestId } = await pending({ region: "mars-east-1" });
        const lines: string[] = [];
        const streams = [process.stdout, process.stderr];
        const writes = streams.map(s => s.write);
        logger.setLogLevel("DEBUG");
        for (const s of streams) (s as any).write = (chunk: unknown) => { lines.push(String(chunk)); return true; };
        try {
            await decide(requestId, approver());
            await decide(requestId, { sub: ALICE, groups: ["approvers"] });
        } finally {
            streams.forEach((s, i) => { (s as any).write = writes[i]; });
            logger.setLogLevel("SILENT");
        }
        const text = lines.join("");
        expect(text).to.contain("Unexpected error");
        for (const secret of [TOKEN.slice(0, 30), ALICE, CAROL, "alice@example.com"]) expect(text, secret).to.not.contain(secret);
    });
});
