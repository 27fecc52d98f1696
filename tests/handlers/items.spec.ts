/** The items handler against dynalite: CRUD, isolation between users, concurrency, bad input. */
import { expect } from "chai";
import fc from "fast-check";
import { DeleteCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { apiEvent, LocalTable, startLocalTable, TABLE, TTL_ATTRIBUTE } from "./helpers/local";

const ALICE = "alice-0001";
const BOB = "bob-0002";

describe("items handler (dynalite)", () => {
    let local: LocalTable;
    let handler: (e: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
    let encodeCursor: (sk: string) => string;

    before(async () => {
        local = await startLocalTable();
        handler = require("../../handlers/api/items").handler;
        encodeCursor = require("../../handlers/api/items/domain").encodeCursor;
    });
    after(async () => { await local.close(); });

    const call = async (o: Parameters<typeof apiEvent>[0]) => {
        const res = await handler(apiEvent(o));
        return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
    };
    const create = (sub: string, body: unknown = { title: "t" }, headers?: Record<string, string>) => call({ method: "POST", resource: "/items", sub, body, headers });
    /** The partition's live items (tombstones of deleted ones excluded). */
    const itemRows = async (sub: string) => (await rows(sub)).filter(r => r.sk.startsWith("ITEM#") && !r.deleted);
    const rows = async (sub: string) => (await local.db.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `USER#${sub}` }, ConsistentRead: true }))).Items ?? [];

    it("creates, reads, lists, updates and deletes an item; every write stamps updatedAt and updatedRegion", async () => {
        const created = await create(ALICE, { title: "first", body: "hello", tags: ["a"] });
        expect(created.status).to.equal(201);
        expect(created.body).to.include({ title: "first", body: "hello", version: 1, updatedRegion: "us-east-1" });
        expect(created.body).to.not.have.any.keys("pk", "sk");
        const id = created.body.id;

        expect((await call({ method: "GET", resource: "/items/{id}", sub: ALICE, id })).body).to.deep.equal({ ...created.body, conflicts: 0 });
        const listed = await call({ method: "GET", resource: "/items", sub: ALICE });
        expect(listed.body.items.map((i: any) => i.id)).to.include(id);

        const updated = await call({ method: "PUT", resource: "/items/{id}", sub: ALICE, id, body: { title: "second", version: 1 } });
        expect(updated.status).to.equal(200);
        expect(updated.body).to.include({ title: "second", version: 2, updatedRegion: "us-east-1" });
        expect(updated.body).to.not.have.any.keys("body", "tags");
        expect(Date.parse(updated.body.updatedAt)).to.be.at.least(Date.parse(created.body.updatedAt));

        expect((await call({ method: "DELETE", resource: "/items/{id}", sub: ALICE, id, query: { version: "2" } })).status).to.equal(204);
        expect((await call({ method: "GET", resource: "/items/{id}", sub: ALICE, id })).status).to.equal(404);
    });

    it("never lets Alice read, list, change or delete Bob's items, even with a forged cursor", async () => {
        const bobs = await create(BOB, { title: "bob's secret" });
        const id = bobs.body.id;
        const before = await rows(BOB);
        expect((await call({ method: "GET", resource: "/items/{id}", sub: ALICE, id })).status).to.equal(404);
        expect((await call({ method: "PUT", resource: "/items/{id}", sub: ALICE, id, body: { title: "pwned", version: 1 } })).status).to.equal(404);
        expect((await call({ method: "DELETE", resource: "/items/{id}", sub: ALICE, id })).status).to.equal(404);
        const forged = await call({ method: "GET", resource: "/items", sub: ALICE, query: { cursor: encodeCursor(`ITEM#${id}`) } });
        expect(forged.status).to.equal(200);
        expect(forged.body.items.map((i: any) => i.title)).to.not.include("bob's secret");
        const otherPartition = await call({ method: "GET", resource: "/items", sub: ALICE, query: { cursor: encodeCursor(`USER#${BOB}`) } });
        expect(otherPartition).to.deep.equal({ status: 400, body: { error: { code: "VALIDATION", message: "cursor is not valid" } } });
        expect(await rows(BOB)).to.deep.equal(before);
    });

    it("paginates with an opaque cursor over the caller's items only", async () => {
        const sub = "pager-0003";
        for (let i = 0; i < 5; i++) await create(sub, { title: `p${i}` });
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
            const page = await call({ method: "GET", resource: "/items", sub, query: { limit: "2", ...(cursor ? { cursor } : {}) } });
            expect(page.body.items.length).to.be.at.most(2);
            seen.push(...page.body.items.map((i: any) => i.title));
            cursor = page.body.cursor;
        } while (cursor);
        expect(seen.sort()).to.deep.equal(["p0", "p1", "p2", "p3", "p4"]);
    });

    it("answers a stale version with 409 and leaves the stored item unchanged", async () => {
        const { body } = await create(ALICE, { title: "v1" });
        await call({ method: "PUT", resource: "/items/{id}", sub: ALICE, id: body.id, body: { title: "v2", version: 1 } });
        const stored = await rows(ALICE);
        const stale = await call({ method: "PUT", resource: "/items/{id}", sub: ALICE, id: body.id, body: { title: "lost", version: 1 } });
        const current = stored.find(r => r.sk === `ITEM#${body.id}`)!;
        expect(stale).to.deep.equal({ status: 409, body: { error: { code: "STALE_VERSION", message: `Item ${body.id} is at version 2, not 1`, currentVersion: 2, currentEtag: current.writeId } } });
        expect(await rows(ALICE)).to.deep.equal(stored);
    });

    it("updates and deletes rows written without write metadata (older rows, direct writers): no 500", async () => {
        const sub = "legacy-0030";
        await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: `USER#${sub}`, sk: "ITEM#old", id: "old", title: "from before", version: 3 } }));
        await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: `USER#${sub}`, sk: "ITEM#bare", id: "bare", title: "no version at all" } }));
        const updated = await call({ method: "PUT", resource: "/items/{id}", sub, id: "old", body: { title: "edited", version: 3 } });
        expect([updated.status, updated.body.version]).to.deep.equal([200, 4]);
        expect((await rows(sub)).find(r => r.sk === "ITEM#old")).to.deep.include({ baseVersion: 3, baseWriteId: "" });
        expect((await call({ method: "DELETE", resource: "/items/{id}", sub, id: "bare" })).status).to.equal(204);
        expect((await rows(sub)).find(r => r.sk === "ITEM#bare")).to.deep.include({ deleted: true, version: 1, baseVersion: 0 });
    });

    it("If-Match: the etag of another write of the same version is stale too; the right one passes; malformed is a 400", async () => {
        const { body } = await create(ALICE, { title: "v1" });
        expect(body.etag).to.match(/^[0-9a-f-]{36}$/);
        const other = "00000000-0000-4000-8000-000000000000";
        const stale = await call({ method: "PUT", resource: "/items/{id}", sub: ALICE, id: body.id, body: { title: "x", version: 1 }, headers: { "If-Match": `"${other}"` } });
        expect(stale.status).to.equal(409);
        expect(stale.body.error).to.deep.include({ code: "STALE_VERSION", currentVersion: 1, currentEtag: body.etag });
        const bad = await call({ method: "PUT", resource: "/items/{id}", sub: ALICE, id: body.id, body: { title: "x", version: 1 }, headers: { "If-Match": "*" } });
        expect([bad.status, bad.body.error.code]).to.deep.equal([400, "VALIDATION"]);
        const ok = await call({ method: "PUT", resource: "/items/{id}", sub: ALICE, id: body.id, body: { title: "v2", version: 1 }, headers: { "If-Match": `"${body.etag}"` } });
        expect(ok.status).to.equal(200);
        expect((await rows(ALICE)).find(r => r.sk === `ITEM#${body.id}`)).to.deep.include({ version: 2, baseVersion: 1, baseWriteId: body.etag, writeId: ok.body.etag });
        const gone = await call({ method: "DELETE", resource: "/items/{id}", sub: ALICE, id: body.id, headers: { "If-Match": body.etag } });
        expect(gone.status).to.equal(409);
        expect((await call({ method: "DELETE", resource: "/items/{id}", sub: ALICE, id: body.id, headers: { "If-Match": ok.body.etag } })).status).to.equal(204);
    });

    it("creates one item for a repeated Idempotency-Key and refuses the key with another body", async () => {
        const sub = "idem-0004";
        const first = await create(sub, { title: "once" }, { "Idempotency-Key": "k-1" });
        const again = await create(sub, { title: "once" }, { "idempotency-key": "k-1" });
        expect(first.status).to.equal(201);
        expect(again).to.deep.equal({ status: 201, body: first.body });
        expect(await itemRows(sub)).to.have.length(1);
        const reused = await create(sub, { title: "other" }, { "Idempotency-Key": "k-1" });
        expect(reused).to.deep.equal({ status: 409, body: { error: { code: "IDEMPOTENCY_KEY_REUSED", message: "Idempotency-Key was already used with a different request" } } });
        expect(await itemRows(sub)).to.have.length(1);
    });

    it("answers bad requests with a 4xx and a JSON error", async () => {
        const cases: Array<[string, Parameters<typeof apiEvent>[0], number, string]> = [
            ["malformed JSON", { method: "POST", resource: "/items", body: "{nope" }, 400, "VALIDATION"],
            ["wrong content type", { method: "POST", resource: "/items", body: { title: "x" }, contentType: "text/plain" }, 415, "UNSUPPORTED_MEDIA_TYPE"],
            ["no content type", { method: "POST", resource: "/items", body: { title: "x" }, contentType: null }, 415, "UNSUPPORTED_MEDIA_TYPE"],
            ["missing body", { method: "POST", resource: "/items" }, 400, "VALIDATION"],
            ["oversized body", { method: "POST", resource: "/items", body: { title: "x", body: "y".repeat(360_000) } }, 413, "PAYLOAD_TOO_LARGE"],
            ["missing claims", { method: "GET", resource: "/items", sub: null }, 401, "UNAUTHORIZED"],
            ["bad id", { method: "GET", resource: "/items/{id}", id: "../etc" }, 400, "VALIDATION"],
            ["unknown field", { method: "POST", resource: "/items", body: { title: "x", owner: "bob-0002" } }, 400, "VALIDATION"],
            ["empty title", { method: "POST", resource: "/items", body: { title: "" } }, 400, "VALIDATION"],
            ["bad limit", { method: "GET", resource: "/items", query: { limit: "1000" } }, 400, "VALIDATION"],
            ["bad version", { method: "DELETE", resource: "/items/{id}", id: "abc", query: { version: "x" } }, 400, "VALIDATION"],
            ["bad Idempotency-Key", { method: "POST", resource: "/items", body: { title: "x" }, headers: { "Idempotency-Key": "a b" } }, 400, "VALIDATION"],
            ["unsupported method", { method: "PATCH", resource: "/items" }, 405, "METHOD_NOT_ALLOWED"],
        ];
        for (const [what, event, status, code] of cases) {
            const res = await call(event);
            expect([res.status, res.body?.error?.code], what).to.deep.equal([status, code]);
            expect(res.body.error.message, what).to.be.a("string");
        }
    });

    it("accepts a base64-encoded body", async () => {
        expect((await call({ method: "POST", resource: "/items", sub: "b64-0005", body: { title: "encoded" }, base64: true })).status).to.equal(201);
    });

    it("lets exactly one of 50 concurrent updates with the same version win, losing no update", async () => {
        const { body } = await create(ALICE, { title: "race" });
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
            call({ method: "PUT", resource: "/items/{id}", sub: ALICE, id: body.id, body: { title: `w${i}`, version: 1 } })));
        const winners = results.filter(r => r.status === 200);
        expect(winners).to.have.length(1);
        expect(results.filter(r => r.status === 409)).to.have.length(49);
        const stored = await call({ method: "GET", resource: "/items/{id}", sub: ALICE, id: body.id });
        expect(stored.body.version).to.equal(2);
        expect(stored.body.title).to.equal(winners[0].body.title);
    });

    it("never answers 5xx and never touches Bob's rows, over 300 random requests", async () => {
        await create(BOB, { title: "keep me" });
        const bobBefore = await rows(BOB);
        const json = fc.oneof(fc.jsonValue(), fc.record({ title: fc.string(), version: fc.integer(), body: fc.string(), tags: fc.array(fc.string()) }, { requiredKeys: [] }));
        const request = fc.record({
            method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"),
            resource: fc.constantFrom("/items", "/items/{id}", "/other"),
            sub: fc.constantFrom(ALICE, "mallory-0009", null, "bad sub!"),
            id: fc.oneof(fc.constant(bobBefore[0].id as string), fc.string({ maxLength: 70 })),
            body: fc.oneof(json.map(v => JSON.stringify(v)), fc.string(), fc.constant(undefined)),
            contentType: fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", null),
            query: fc.dictionary(fc.constantFrom("limit", "cursor", "version"), fc.oneof(fc.string(), fc.constant(encodeCursor(`ITEM#${bobBefore[0].id}`)))),
        });
        await fc.assert(fc.asyncProperty(request, async r => {
            const res = await handler(apiEvent({ ...r, body: r.body }));
            expect(res.statusCode, JSON.stringify(r)).to.be.below(500);
            if (res.statusCode >= 400) expect(JSON.parse(res.body).error.code).to.be.a("string");
        }), { numRuns: 300 });
        expect(await rows(BOB)).to.deep.equal(bobBefore);
    });
    describe("Idempotency-Key: the first response, whatever happened since", () => {
        const key = (k: string) => ({ "Idempotency-Key": k });
        const raw = (o: Parameters<typeof apiEvent>[0]) => handler(apiEvent(o));
        const get = (sub: string, id: string) => call({ method: "GET", resource: "/items/{id}", sub, id });

        it("a retry after DELETE returns the first response and does not bring the item back", async () => {
            const sub = "idem-del-0010";
            const first = await create(sub, { title: "gone" }, key("k-del"));
            expect((await call({ method: "DELETE", resource: "/items/{id}", sub, id: first.body.id })).status).to.equal(204);
            const res = await raw({ method: "POST", resource: "/items", sub, body: { title: "gone" }, headers: key("k-del") });
            expect([res.statusCode, JSON.parse(res.body)]).to.deep.equal([201, first.body]);
            expect(res.headers).to.deep.include({ "idempotent-replayed": "true" });
            expect((await get(sub, first.body.id)).status).to.equal(404);
            expect(await itemRows(sub)).to.deep.equal([]);
        });

        it("one DELETE racing 25 retries: every retry gets the first response and the item stays deleted", async () => {
            const sub = "idem-race-0011";
            const first = await create(sub, { title: "race" }, key("k-race"));
            const [deleted, ...retries] = await Promise.all([
                call({ method: "DELETE", resource: "/items/{id}", sub, id: first.body.id }),
                ...Array.from({ length: 25 }, () => create(sub, { title: "race" }, key("k-race"))),
            ]);
            expect(deleted.status).to.equal(204);
            expect(retries.map(r => r.status)).to.deep.equal(Array(25).fill(201));
            for (const r of retries) expect(r.body).to.deep.equal(first.body);
            expect(await itemRows(sub)).to.deep.equal([]);
        });

        it("a genuine retry after an update returns the first response (version 1), not a 409, and changes nothing", async () => {
            const sub = "idem-put-0012";
            const first = await create(sub, { title: "draft", tags: ["a", "b"] }, key("k-put"));
            const updated = await call({ method: "PUT", resource: "/items/{id}", sub, id: first.body.id, body: { title: "final", version: 1 } });
            expect(updated.status).to.equal(200);
            // The same body with its fields in another order is the same request.
            const retry = await create(sub, { tags: ["a", "b"], title: "draft" }, key("k-put"));
            expect(retry).to.deep.equal({ status: 201, body: first.body });
            expect((await get(sub, first.body.id)).body).to.deep.equal({ ...updated.body, conflicts: 0 });
        });

        it("25 concurrent first requests with one key create one item and all get its response", async () => {
            const sub = "idem-conc-0013";
            const results = await Promise.all(Array.from({ length: 25 }, () => create(sub, { title: "one" }, key("k-conc"))));
            expect(results.map(r => r.status)).to.deep.equal(Array(25).fill(201));
            const ids = new Set(results.map(r => r.body.id));
            expect(ids.size).to.equal(1);
            expect((await itemRows(sub)).map(r => r.id)).to.deep.equal([...ids]);
        });

        it("keeps the record in the caller's partition with the first response and a 24 h expiry in the TTL attribute; GET /items never lists it", async () => {
            const sub = "idem-rec-0014";
            const before = Math.floor(Date.now() / 1000);
            const first = await create(sub, { title: "recorded" }, key("k-rec"));
            const record = (await rows(sub)).find(r => r.sk === "IDEMPOTENCY#k-rec")!;
            expect(record).to.deep.include({ pk: `USER#${sub}`, state: "DONE", responseStatus: 201, responseBody: first.body });
            expect(record.fingerprint).to.match(/^[A-Za-z0-9_-]{43}$/);
            expect(record[TTL_ATTRIBUTE] - before).to.be.within(86_400, 86_405);
            const listed = await call({ method: "GET", resource: "/items", sub });
            expect(listed.body).to.deep.equal({ items: [first.body] });
            expect((await rows(sub)).map(r => r.sk).sort()).to.deep.equal(["HOME", "IDEMPOTENCY#k-rec", `ITEM#${first.body.id}`]);
        });

        it("treats an expired record as absent though TTL has not deleted it yet (domain, injected clock)", async () => {
            const domain = require("../../handlers/api/items/domain");
            const sub = "idem-ttl-0015";
            const at = (iso: string): any => ({ db: local.db, table: TABLE, region: "us-east-1", sub, ttlAttribute: TTL_ATTRIBUTE, now: () => new Date(iso) });
            const first = (await domain.createItem(at("2030-01-01T00:00:00Z"), { title: "day one" }, "k-ttl")).result;
            const within = (await domain.createItem(at("2030-01-01T23:59:59Z"), { title: "day one" }, "k-ttl")).result;
            expect(within).to.deep.equal({ status: 201, item: first.item, replayed: true });
            let refused: any;
            await domain.createItem(at("2030-01-01T23:59:59Z"), { title: "day two" }, "k-ttl").catch((e: unknown) => { refused = e; });
            expect(refused?.code).to.equal("IDEMPOTENCY_KEY_REUSED");
            // Past 24 h the record is gone, but the key names its item (keyedItemId): while that item exists, the key is refused.
            let reused: any;
            await domain.createItem(at("2030-01-02T00:00:01Z"), { title: "day two" }, "k-ttl").catch((e: unknown) => { reused = e; });
            expect([reused?.code, reused?.message]).to.deep.equal(["IDEMPOTENCY_KEY_REUSED", `Idempotency-Key already created item ${first.item.id}; use a new key`]);
            expect((await itemRows(sub)).map(r => r.title)).to.deep.equal(["day one"]);
        });

        it("a keyed create's id comes from its key: the same request performed again where its record is missing (another region, before replication) writes the same item, not a second one", async () => {
            const domain = require("../../handlers/api/items/domain");
            const sub = "idem-region-0017";
            const ctx = (region: string): any => ({ db: local.db, table: TABLE, region, sub, ttlAttribute: TTL_ATTRIBUTE });
            const first = (await domain.createItem(ctx("eu-west-1"), { title: "once" }, "k-region")).result;
            expect(first.item.id).to.equal(domain.keyedItemId("k-region"));
            expect(first.item.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
            expect(domain.keyedItemId("k-other")).to.not.equal(first.item.id);
            // The region taking the retry has the item (replicated) but not the record.
            await local.db.send(new DeleteCommand({ TableName: TABLE, Key: { pk: `USER#${sub}`, sk: "IDEMPOTENCY#k-region" } }));
            const retry = (await domain.createItem(ctx("us-east-1"), { title: "once" }, "k-region")).result;
            expect([retry.status, retry.item.id]).to.deep.equal([201, first.item.id]);
            expect((await itemRows(sub)).map(r => r.id)).to.deep.equal([first.item.id]);
        });

        it("a claim still running: a retry waits, then gets 409 with Retry-After; a claim whose holder died is finished by a retry with the recorded answer", async () => {
            const sub = "idem-lease-0016";
            const fp = require("../../handlers/shared/idempotency").requestFingerprint("POST /items", { title: "crashed" });
            const planned = { id: "planned-id", title: "crashed", version: 1, createdAt: "2030-01-01T00:00:00.000Z", updatedAt: "2030-01-01T00:00:00.000Z", updatedRegion: "us-east-1" };
            const pending = (claimedAt: number) => local.db.send(new PutCommand({ TableName: TABLE, Item: {
                pk: `USER#${sub}`, sk: "IDEMPOTENCY#k-lease", fingerprint: fp, state: "PENDING", claimedAt, responseStatus: 201, responseBody: planned,
                [TTL_ATTRIBUTE]: Math.floor(Date.now() / 1000) + 3600,
            } }));
            await pending(Date.now());
            const started = Date.now();
            const busy = await raw({ method: "POST", resource: "/items", sub, body: { title: "crashed" }, headers: key("k-lease") });
            expect(Date.now() - started).to.be.at.least(900);
            expect([busy.statusCode, JSON.parse(busy.body).error.code, busy.headers?.["retry-after"]]).to.deep.equal([409, "IDEMPOTENCY_KEY_IN_PROGRESS", "1"]);
            expect(await itemRows(sub)).to.deep.equal([]);

            await pending(Date.now() - 31_000);
            const finished = await create(sub, { title: "crashed" }, key("k-lease"));
            expect(finished).to.deep.equal({ status: 201, body: planned });
            expect((await itemRows(sub)).map(r => r.id)).to.deep.equal(["planned-id"]);
            expect((await rows(sub)).find(r => r.sk === "IDEMPOTENCY#k-lease")).to.deep.include({ state: "DONE" });
        });
    });

    describe("listing pages bounded by bytes", () => {
        it("keeps every page of the worst case (25 items of 58,000 NUL characters) under Lambda's 6 MB response limit", async () => {
            const { LAMBDA_RESPONSE_LIMIT_BYTES, PAGE_BUDGET_BYTES } = require("../../handlers/shared/limits");
            const sub = "nul-0020";
            const body = "\u0000".repeat(58_000);
            for (let i = 0; i < 25; i++) expect((await create(sub, { title: `n${String(i).padStart(2, "0")}`, body })).status).to.equal(201);
            const pages: Array<{ items: number; bytes: number }> = [];
            const seen: string[] = [];
            let cursor: string | undefined;
            do {
                const res = await handler(apiEvent({ method: "GET", resource: "/items", sub, query: cursor ? { cursor } : undefined }));
                expect(res.statusCode).to.equal(200);
                // What Lambda measures: the response as the runtime serialises it.
                const bytes = Buffer.byteLength(JSON.stringify(res), "utf8");
                const page = JSON.parse(res.body);
                pages.push({ items: page.items.length, bytes });
                seen.push(...page.items.map((i: any) => i.title));
                cursor = page.cursor;
            } while (cursor);
            const largest = Math.max(...pages.map(p => p.bytes));
            console.log(`      worst-case listing: pages of ${pages.map(p => `${p.items} items / ${p.bytes.toLocaleString("en-US")} B`).join(", ")}; largest ${largest.toLocaleString("en-US")} B (budget ${PAGE_BUDGET_BYTES.toLocaleString("en-US")} B, Lambda limit ${LAMBDA_RESPONSE_LIMIT_BYTES.toLocaleString("en-US")} B)`);
            expect(largest).to.be.at.most(LAMBDA_RESPONSE_LIMIT_BYTES);
            expect(seen.sort()).to.deep.equal(Array.from({ length: 25 }, (_, i) => `n${String(i).padStart(2, "0")}`));
        });

        it("cuts a page at the byte budget and resumes at the next item: nothing skipped, nothing repeated (domain, small budget)", async () => {
            const domain = require("../../handlers/api/items/domain");
            const { proxyBodyBytes } = require("../../handlers/shared/limits");
            const sub = "budget-0021";
            const ctx = { db: local.db, table: TABLE, region: "us-east-1", sub, ttlAttribute: TTL_ATTRIBUTE };
            for (let i = 0; i < 12; i++) await domain.createItem(ctx, { title: `b${String(i).padStart(2, "0")}`, body: "\"".repeat(100 * (i % 4)) });
            const budget = 1_800;
            const seen: string[] = [];
            const sizes: number[] = [];
            let cursor: string | undefined;
            do {
                const page = (await domain.listItems(ctx, 100, cursor, budget)).result;
                expect(page.items.length).to.be.at.least(1);
                sizes.push(page.items.length);
                expect(proxyBodyBytes(page)).to.be.at.most(budget);
                seen.push(...page.items.map((i: any) => i.title));
                cursor = page.cursor;
            } while (cursor);
            expect(seen.sort()).to.deep.equal(Array.from({ length: 12 }, (_, i) => `b${String(i).padStart(2, "0")}`));
            expect(sizes.length).to.be.above(2);
        });
    });

    describe("numbers in the query string: plain decimal integers only", () => {
        for (const value of ["0x10", "1e1", " 5 ", "", "05", "-1", "+5", "1.0", "0", "101", "5abc", "１"]) {
            it(`limit=${JSON.stringify(value)}: 400 naming limit`, async () => {
                const res = await call({ method: "GET", resource: "/items", sub: ALICE, query: { limit: value } });
                expect(res).to.deep.equal({ status: 400, body: { error: { code: "VALIDATION", message: "limit: must be a decimal integer from 1 to 100" } } });
            });
        }

        it("version=0x1, 1e0, \" 1\", 01: 400 naming version, and the item is not deleted", async () => {
            const { body } = await create(ALICE, { title: "keep" });
            for (const value of ["0x1", "1e0", " 1", "01", "1.0", ""]) {
                const res = await call({ method: "DELETE", resource: "/items/{id}", sub: ALICE, id: body.id, query: { version: value } });
                expect(res.body?.error, value).to.deep.equal({ code: "VALIDATION", message: "version: must be a decimal integer from 1 to 9007199254740991" });
            }
            expect((await call({ method: "GET", resource: "/items/{id}", sub: ALICE, id: body.id })).status).to.equal(200);
            expect((await call({ method: "GET", resource: "/items", sub: ALICE, query: { limit: "100" } })).status).to.equal(200);
            expect((await call({ method: "DELETE", resource: "/items/{id}", sub: ALICE, id: body.id, query: { version: "1" } })).status).to.equal(204);
        });
    });
});

describe("strong mode (MRSC): a replicated write conflict", () => {
    it("is a retryable 409 REPLICATED_WRITE_CONFLICT with Retry-After, never a 500", () => {
        const { errorResponse } = require("../../handlers/shared/http") as typeof import("../../handlers/shared/http");
        const conflict = Object.assign(new Error("Transaction request cannot be processed because of a replicated write conflict"), { name: "ReplicatedWriteConflictException" });
        const res = errorResponse(conflict);
        expect(res.statusCode).to.equal(409);
        expect(res.headers).to.deep.include({ "retry-after": "1" });
        expect(JSON.parse(res.body).error).to.deep.include({ code: "REPLICATED_WRITE_CONFLICT" });
    });
});
