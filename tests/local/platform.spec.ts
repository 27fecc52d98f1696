/**
 * The local platform end to end, over HTTP, with the real handler bundles in every region of the
 * dev stack: every route, the Cognito authorizer's refusals, users' isolation in every region,
 * Lambda's response limit on a worst-case listing, the integration timeout, approvals decided from
 * another region, and the drain command pointed at the platform.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeExecutionCommand, InvalidToken, SendTaskSuccessCommand, SFNClient } from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from "jose";
import { ROUTES } from "../../handlers/shared/routes";
import { MAX_RESPONSE_BYTES } from "../../local/apiGateway";
import { call, eventually, idToken, LocalPlatform, startTestPlatform } from "../helpers/localPlatform";

const US = "us-east-1";
const EU = "eu-west-1";
const creds = { accessKeyId: "local", secretAccessKey: "local" };

describe("local platform: the dev stack over HTTP", function () {
    this.timeout(60_000);
    let platform: LocalPlatform;
    let tokens: Record<string, string>;
    const api = (region: string) => platform.ready.regions[region].api;

    before(async () => {
        platform = await startTestPlatform({ integrationTimeoutMs: 2500 });
        tokens = Object.fromEntries(await Promise.all(["alice", "bob", "carol"].map(async u => [u, await idToken(platform, u)])));
    });
    after(() => platform.stop());

    it("signs in through @aws-sdk/client-cognito-identity-provider; tokens are shaped like Cognito's", async () => {
        const cognito = new CognitoIdentityProviderClient({ region: US, endpoint: platform.ready.cognito.endpoint, credentials: creds });
        const carol = platform.ready.users.find(u => u.username === "carol")!;
        const out = await cognito.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: platform.ready.cognito.clientId, AuthParameters: { USERNAME: "carol", PASSWORD: carol.password } }));
        const id = decodeJwt(out.AuthenticationResult!.IdToken!);
        expect(decodeProtectedHeader(out.AuthenticationResult!.IdToken!).alg).to.equal("RS256");
        expect(id).to.include({ token_use: "id", aud: platform.ready.cognito.clientId, iss: platform.ready.cognito.issuer, email: "carol@example.com", "cognito:username": "carol" });
        expect(id["cognito:groups"]).to.deep.equal(["approvers"]);
        expect(Number(id.exp) - Number(id.iat)).to.equal(3600);
        const access = decodeJwt(out.AuthenticationResult!.AccessToken!);
        expect(access).to.include({ token_use: "access", client_id: platform.ready.cognito.clientId, username: "carol" });
        const refreshed = await cognito.send(new InitiateAuthCommand({ AuthFlow: "REFRESH_TOKEN_AUTH", ClientId: platform.ready.cognito.clientId, AuthParameters: { REFRESH_TOKEN: out.AuthenticationResult!.RefreshToken! } }));
        expect(decodeJwt(refreshed.AuthenticationResult!.IdToken!).sub).to.equal(id.sub);
        const wrong = await cognito.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: platform.ready.cognito.clientId, AuthParameters: { USERNAME: "carol", PASSWORD: "not-it" } })).catch(e => e);
        expect(wrong.name).to.equal("NotAuthorizedException");
    });

    it("every route of the API answers through the platform with the real bundles", async () => {
        const seen = new Set<string>();
        const hit = async (method: string, route: string, url: string, o: Parameters<typeof call>[1] = {}) => {
            const res = await call(url, { method, ...o });
            seen.add(`${method} ${route}`);
            return res;
        };
        const base = api(US);
        const created = await hit("POST", "/items", `${base}/items`, { token: tokens.alice, body: { title: "route tour" } });
        expect(created.status).to.equal(201);
        const id = created.body.id;
        expect((await hit("GET", "/items", `${base}/items`, { token: tokens.alice })).status).to.equal(200);
        expect((await hit("GET", "/items/{id}", `${base}/items/${id}`, { token: tokens.alice })).body).to.deep.include({ id, title: "route tour", version: 1 });
        expect((await hit("PUT", "/items/{id}", `${base}/items/${id}`, { token: tokens.alice, body: { title: "route tour 2", version: 1 } })).body).to.deep.include({ version: 2 });
        expect((await hit("GET", "/items/{id}/conflicts", `${base}/items/${id}/conflicts`, { token: tokens.alice })).body).to.deep.equal({ conflicts: [] });
        const noCopy = await hit("DELETE", "/items/{id}/conflicts/{conflictId}", `${base}/items/${id}/conflicts/${"a".repeat(22)}`, { token: tokens.alice });
        expect([noCopy.status, noCopy.body.error.code]).to.deep.equal([404, "NOT_FOUND"]);
        expect((await hit("GET", "/home", `${base}/home`, { token: tokens.alice })).body).to.deep.include({ region: US, regions: [US, EU] });
        expect((await hit("PUT", "/home", `${base}/home`, { token: tokens.alice, body: { region: US } })).body).to.deep.include({ region: US });
        const request = await hit("POST", "/items/{id}/publish", `${base}/items/${id}/publish`, { token: tokens.alice });
        expect(request.status).to.equal(202);
        expect((await hit("GET", "/requests/{id}", `${base}/requests/${request.body.requestId}`, { token: tokens.alice })).status).to.equal(200);
        await eventually(async () => {
            const pending = await call(`${base}/approvals?status=pending`, { token: tokens.carol });
            return pending.body.requests?.some((r: any) => r.requestId === request.body.requestId) ? true : undefined;
        }, 10_000, "the request in the approvers' queue");
        seen.add("GET /approvals");
        const decided = await hit("POST", "/approvals/{id}/decision", `${base}/approvals/${request.body.requestId}/decision`, { token: tokens.carol, body: { decision: "reject" } });
        expect(decided.status).to.equal(200);
        expect((await hit("GET", "/published", `${base}/published`, { token: tokens.bob })).body).to.have.property("items");
        const notice = await eventually(async () => {
            const res = await hit("GET", "/notices", `${base}/notices`, { token: tokens.alice });
            return res.body.notices?.find((n: any) => n.requestId === request.body.requestId);
        }, 10_000, "the requester's notice");
        expect(notice).to.deep.include({ outcome: "REJECTED", title: "route tour 2" });
        const other = await call(`${base}/items`, { method: "POST", token: tokens.alice, body: { title: "to delete" } });
        expect((await hit("DELETE", "/items/{id}", `${base}/items/${other.body.id}`, { token: tokens.alice })).status).to.equal(204);
        expect((await hit("GET", "/health", `${base}/health`)).body).to.deep.equal({ status: "ok", region: US });
        expect([...seen].sort()).to.deep.equal(ROUTES.map(r => `${r.method} ${r.path}`).sort());
    });

    it("401 without a token, with an expired one, one signed by another key, and an access token instead of the ID token", async () => {
        const expired = (await platform.userPool.tokensFor("alice", -60)).IdToken;
        const { privateKey } = await generateKeyPair("RS256");
        const genuine = decodeJwt(tokens.alice);
        const forged = await new SignJWT({ ...genuine }).setProtectedHeader({ alg: "RS256", kid: decodeProtectedHeader(tokens.alice).kid }).sign(privateKey);
        const access = (await platform.userPool.tokensFor("alice")).AccessToken;
        for (const [what, token] of [["none", undefined], ["expired", expired], ["another key", forged], ["access token", access], ["garbage", "abc.def.ghi"]] as const) {
            for (const region of [US, EU]) {
                const res = await call(`${api(region)}/items`, { token });
                expect(res.status, `${what} in ${region}`).to.equal(401);
                expect(res.body).to.deep.equal({ message: "Unauthorized" });
            }
        }
        // The same token with "Bearer " works, as the REST API's Cognito authorizer accepts it.
        expect((await call(`${api(EU)}/items`, { token: `Bearer ${tokens.alice}` })).status).to.equal(200);
    });

    it("alice never sees bob's items, in any region", async () => {
        const mine = (await call(`${api(US)}/items`, { method: "POST", token: tokens.alice, body: { title: "alice's" } })).body;
        const bobs = (await call(`${api(EU)}/items`, { method: "POST", token: tokens.bob, body: { title: "bob's" } })).body;
        await platform.table.drained();
        for (const region of [US, EU]) {
            const aliceList = (await call(`${api(region)}/items?limit=100`, { token: tokens.alice })).body.items.map((i: any) => i.id);
            const bobList = (await call(`${api(region)}/items?limit=100`, { token: tokens.bob })).body.items.map((i: any) => i.id);
            expect(aliceList, region).to.include(mine.id).and.not.include(bobs.id);
            expect(bobList, region).to.include(bobs.id).and.not.include(mine.id);
            expect((await call(`${api(region)}/items/${bobs.id}`, { token: tokens.alice })).status, region).to.equal(404);
            expect((await call(`${api(region)}/items/${bobs.id}`, { method: "PUT", token: tokens.alice, body: { title: "mine now", version: 1 } })).status, region).to.equal(404);
        }
    });

    it("a worst-case listing stays under Lambda's 6 MB response limit that the platform enforces", async () => {
        const heavy = platform.ready.users.find(u => u.username === "bob")!;
        const token = tokens[heavy.username];
        for (let i = 0; i < 25; i++) {
            const res = await call(`${api(US)}/items`, { method: "POST", token, body: { title: `nul ${i}`, body: "\u0000".repeat(58_000) } });
            expect(res.status).to.equal(201);
        }
        let cursor: string | undefined;
        let items = 0;
        let largest = 0;
        do {
            const res = await fetch(`${api(US)}/items${cursor ? `?cursor=${cursor}` : ""}`, { headers: { authorization: token } });
            expect(res.status).to.equal(200);
            const text = await res.text();
            largest = Math.max(largest, Buffer.byteLength(text));
            const page = JSON.parse(text);
            items += page.items.filter((i: any) => i.title.startsWith("nul ")).length;
            cursor = page.cursor;
        } while (cursor);
        expect(items).to.equal(25);
        expect(largest).to.be.below(MAX_RESPONSE_BYTES);
        console.log(`      largest listing page through the platform: ${largest} bytes (limit ${MAX_RESPONSE_BYTES})`);
    });

    it("a replica slower than the integration timeout: 504 from API Gateway, and the region recovers", async () => {
        await call(`${platform.ready.control}/regions/${US}/latency`, { method: "PUT", body: { ms: 3000 } });
        try {
            const res = await call(`${api(US)}/items`, { token: tokens.alice });
            expect(res.status).to.equal(504);
            expect(res.body).to.deep.equal({ message: "Endpoint request timed out" });
        } finally {
            await call(`${platform.ready.control}/regions/${US}/latency`, { method: "PUT", body: { ms: 0 } });
        }
        await new Promise(r => setTimeout(r, 600)); // the abandoned invocation finishes
        expect((await call(`${api(US)}/items`, { token: tokens.alice })).status).to.equal(200);
    });

    it("approvals: alice requests in us-east-1, carol approves from eu-west-1, the decision reaches us-east-1's execution", async () => {
        await call(platform.ready.outbox, { method: "DELETE" });
        const item = (await call(`${api(US)}/items`, { method: "POST", token: tokens.alice, body: { title: "publish me" } })).body;
        const request = (await call(`${api(US)}/items/${item.id}/publish`, { method: "POST", token: tokens.alice })).body;
        expect(request).to.deep.include({ status: "SUBMITTED", region: US });
        // carol sees it pending from eu-west-1 once it has replicated there
        await eventually(async () => {
            const res = await call(`${api(EU)}/approvals?status=pending&limit=100`, { token: tokens.carol });
            return res.body.requests?.some((r: any) => r.requestId === request.requestId && r.status === "PENDING") ? true : undefined;
        }, 10_000, "the pending request in eu-west-1");
        const decided = await call(`${api(EU)}/approvals/${request.requestId}/decision`, { method: "POST", token: tokens.carol, body: { decision: "approve", comment: "fine" } });
        expect(decided.status).to.equal(200);
        expect(decided.body).to.deep.include({ status: "APPROVED", decision: "approve" });
        const sfn = new SFNClient({ region: US, endpoint: platform.ready.regions[US].stepfunctions, credentials: creds });
        const executionArn = `arn:aws:states:${US}:000000000000:execution:platform-dev-${US}-approval:${request.requestId}`;
        const done = await eventually(async () => {
            const out = await sfn.send(new DescribeExecutionCommand({ executionArn }));
            return out.status === "RUNNING" ? undefined : out;
        }, 10_000, "the execution to end");
        expect(done.status).to.equal("SUCCEEDED");
        // alice sees the outcome, from either region once replicated
        const outcome = await eventually(async () => {
            const res = await call(`${api(EU)}/requests/${request.requestId}`, { token: tokens.alice });
            return res.body.status === "PUBLISHED" ? res.body : undefined;
        }, 10_000, "PUBLISHED in eu-west-1");
        expect(outcome).to.deep.include({ decision: "approve", comment: "fine", region: US });
        const outbox = (await call(platform.ready.outbox)).body.messages;
        expect(outbox).to.have.length(1);
        expect(outbox[0]).to.deep.include({ region: US, to: ["approvers-dev@example.com"], subject: "Approval requested: publish an item" });
        expect(outbox[0].message).to.contain(`/approvals/${request.requestId}/decision`);
    });

    it("a publish right after a create through a region that is not the partition's home finds the item there (read at the home); a deleted item is not published", async () => {
        // alice's home is us-east-1; eu-west-1 writes her items at the home replica, and its own
        // replica has them only after the replication lag (200-500 ms).
        expect((await call(`${api(US)}/home`, { method: "PUT", token: tokens.alice, body: { region: US } })).status).to.equal(200);
        await platform.settled();
        const created = await call(`${api(EU)}/items`, { method: "POST", token: tokens.alice, body: { title: "publish from eu" } });
        expect(created.headers.get("x-decided-in")).to.equal(US);
        const published = await call(`${api(EU)}/items/${created.body.id}/publish`, { method: "POST", token: tokens.alice });
        expect(published.status, JSON.stringify(published.body)).to.equal(202);
        expect(published.body).to.deep.include({ status: "SUBMITTED", region: EU, itemVersion: 1 });
        const gone = await call(`${api(EU)}/items`, { method: "POST", token: tokens.alice, body: { title: "deleted before publishing" } });
        expect((await call(`${api(EU)}/items/${gone.body.id}`, { method: "DELETE", token: tokens.alice })).status).to.equal(204);
        await platform.settled();
        const refused = await call(`${api(EU)}/items/${gone.body.id}/publish`, { method: "POST", token: tokens.alice });
        expect([refused.status, refused.body.error?.code]).to.deep.equal([404, "NOT_FOUND"]);
    });

    it("a task token sent to another region's Step Functions fails as on AWS (InvalidToken)", async () => {
        const item = (await call(`${api(US)}/items`, { method: "POST", token: tokens.alice, body: { title: "wrong region" } })).body;
        const request = (await call(`${api(US)}/items/${item.id}/publish`, { method: "POST", token: tokens.alice })).body;
        const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: US, endpoint: platform.ready.regions[US].dynamodb, credentials: creds }));
        const token = await eventually(async () => (await db.send(new GetCommand({ TableName: platform.ready.table, Key: { pk: `REQUEST#${request.requestId}`, sk: "TOKEN" }, ConsistentRead: true }))).Item?.taskToken as string | undefined, 10_000, "the stored token");
        const eu = new SFNClient({ region: EU, endpoint: platform.ready.regions[EU].stepfunctions, credentials: creds });
        const refused = await eu.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ requestId: request.requestId, decision: "approve" }) })).catch(e => e);
        expect(refused).to.be.instanceOf(InvalidToken);
        // The request is (or, once the notifier has queued it after storing the token, becomes) pending: nothing was decided.
        const status = await eventually(async () => {
            const s = (await call(`${api(US)}/requests/${request.requestId}`, { token: tokens.alice })).body.status;
            return s === "SUBMITTED" ? undefined : s;
        }, 10_000, "the request to leave SUBMITTED");
        expect(status).to.equal("PENDING");
    });

    it("npm run region -- drain|undrain <region> --ready-file: /health of the drained region answers 503, then 200", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ready-"));
        const file = path.join(dir, "ready.json");
        fs.writeFileSync(file, JSON.stringify(platform.ready));
        const run = (...args: string[]) => promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/region.ts", ...args], { cwd: path.resolve(__dirname, "../.."), env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
        try {
            await run("drain", EU, "--ready-file", file, "--reason", "drill");
            await eventually(async () => ((await call(`${api(EU)}/health`)).status === 503 ? true : undefined), 5000, "eu-west-1 drained");
            expect((await call(`${api(EU)}/health`)).body).to.deep.equal({ status: "drained", region: EU });
            expect((await call(`${api(US)}/health`)).status).to.equal(200);
            const status = JSON.parse((await run("status", EU, "--ready-file", file)).stdout);
            expect(status).to.deep.include({ region: EU, drained: true, reason: "drill" });
            await run("undrain", EU, "--ready-file", file);
            await eventually(async () => ((await call(`${api(EU)}/health`)).status === 200 ? true : undefined), 5000, "eu-west-1 undrained");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("local platform: an approval nobody decides expires (scaled timeout)", function () {
    this.timeout(30_000);
    let platform: LocalPlatform;
    before(async () => { platform = await startTestPlatform({ approvalTimeoutSeconds: 2 }); });
    after(() => platform.stop());

    it("ends as EXPIRED; a late decision gets 410 and reaches no execution", async () => {
        const alice = await idToken(platform, "alice");
        const carol = await idToken(platform, "carol");
        const api = platform.ready.regions[US].api;
        const item = (await call(`${api}/items`, { method: "POST", token: alice, body: { title: "nobody decides" } })).body;
        const request = (await call(`${api}/items/${item.id}/publish`, { method: "POST", token: alice })).body;
        const expired = await eventually(async () => {
            const res = await call(`${api}/requests/${request.requestId}`, { token: alice });
            return res.body.status === "EXPIRED" ? res.body : undefined;
        }, 10_000, "EXPIRED");
        expect(expired.requestId).to.equal(request.requestId);
        const late = await call(`${api}/approvals/${request.requestId}/decision`, { method: "POST", token: carol, body: { decision: "approve" } });
        expect(late.status).to.equal(410);
        expect(late.body.error.code).to.equal("REQUEST_EXPIRED");
        // The workflow's own expiry ran: the execution ends successfully (NotifyRequester -> Done).
        await eventually(async () => (platform.region(US).stepFunctions.summary().SUCCEEDED === 1 ? true : undefined), 5000, "the execution to end");
        expect(platform.region(US).stepFunctions.summary()).to.deep.include({ SUCCEEDED: 1, RUNNING: 0, FAILED: 0 });
    });
});
