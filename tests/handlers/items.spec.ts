/** The items handler against dynalite: CRUD, isolation between users, concurrency, bad input. */
import { expect } from "chai";
import fc from "fast-check";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { apiEvent, LocalTable, startLocalTable, TABLE } from "./helpers/local";

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
    const rows = async (sub: string) => (await local.db.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `USER#${sub}` }, ConsistentRead: true }))).Items ?? [];

    it("creates, reads, lists, updates and deletes an item; every write stamps updatedAt and updatedRegion", async () => {
        const created = await create(ALICE, { title: "first", body: "hello", tags: ["a"] });
        expect(created.status).to.equal(201);
        expect(created.body).to.include({ title: "first", body: "hello", version: 1, updatedRegion: "us-east-1" });
        expect(created.body).to.not.have.any.keys("pk", "sk");
        const id = created.body.id;

        expect((await call({ method: "GET", resource: "/items/{id}", sub: ALICE, id })).body).to.deep.equal(created.body);
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
        expect(stale).to.deep.equal({ status: 409, body: { error: { code: "STALE_VERSION", message: `Item ${body.id} is at version 2, not 1`, currentVersion: 2 } } });
        expect(await rows(ALICE)).to.deep.equal(stored);
    });

    it("creates one item for a repeated Idempotency-Key and refuses the key with another body", async () => {
        const sub = "idem-0004";
        const first = await create(sub, { title: "once" }, { "Idempotency-Key": "k-1" });
        const again = await create(sub, { title: "once" }, { "idempotency-key": "k-1" });
        expect(first.status).to.equal(201);
        expect(again).to.deep.equal({ status: 200, body: first.body });
        expect(await rows(sub)).to.have.length(1);
        expect((await create(sub, { title: "other" }, { "Idempotency-Key": "k-1" })).body.error.code).to.equal("IDEMPOTENCY_KEY_REUSED");
        expect(await rows(sub)).to.have.length(1);
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
});
