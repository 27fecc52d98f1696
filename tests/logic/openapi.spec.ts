/**
 * The API contract: docs/openapi.json, the client's types and the README's API reference are what
 * the generator makes from the route list and the schemas now; the document is valid OpenAPI 3.1;
 * a route nobody described stops the generator, naming it; the answer schemas are the handlers'
 * own types; every documented error code is one a handler throws; every route has a client method.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { validate, compileErrors } from "@readme/openapi-parser";
import * as z from "zod/mini";
import { CLIENT_METHODS } from "../../client/routes";
import type { ConflictCopy, Item, ItemWithConflicts } from "../../handlers/api/items/domain";
import type { NoticeView, PublishedView, RequestView } from "../../handlers/approval/domain";
import type { HealthResult } from "../../handlers/health/domain";
import { ROUTES } from "../../handlers/shared/routes";
import {
    ConflictCopySchema, HealthSchema, ItemPageSchema, ItemSchema, ItemWithConflictsSchema, NoticeSchema, OPERATIONS, PublishedViewSchema, PublishResponseSchema, RequestViewSchema,
} from "../../scripts/lib/apiContract";
import { buildOpenApi, README_END, README_START } from "../../scripts/lib/openapi";
import { generatedFiles } from "../../scripts/openapi";

const ROOT = path.resolve(__dirname, "../..");

/** True when A and B are assignable both ways (readonly aside): the compiler checks these constants. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const itemSame: Same<z.infer<typeof ItemSchema>, Item> = true;
const pageSame: Same<z.infer<typeof ItemPageSchema>, { items: Item[]; cursor?: string }> = true;
const requestSame: Same<z.infer<typeof RequestViewSchema>, RequestView> = true;
const publishSame: Same<z.infer<typeof PublishResponseSchema>, RequestView & { links: { self: string } }> = true;
const healthSame: Same<z.infer<typeof HealthSchema>, { status: HealthResult["status"]; region: string }> = true;
const withConflictsSame: Same<z.infer<typeof ItemWithConflictsSchema>, ItemWithConflicts> = true;
const copySame: Same<z.infer<typeof ConflictCopySchema>, ConflictCopy> = true;
const publishedSame: Same<z.infer<typeof PublishedViewSchema>, PublishedView> = true;
const noticeSame: Same<z.infer<typeof NoticeSchema>, NoticeView> = true;

describe("API contract (OpenAPI)", () => {
    it("answer schemas are the handlers' types (checked by the compiler)", () => {
        expect([itemSame, pageSame, requestSame, publishSame, healthSame, withConflictsSame, copySame, publishedSame, noticeSame]).to.deep.equal(Array(9).fill(true));
    });

    it("docs/openapi.json, client/openapi.ts and the README's API reference are what npm run openapi makes now", async function () {
        this.timeout(30_000);
        for (const { file, text } of await generatedFiles()) {
            expect(fs.readFileSync(path.join(ROOT, file), "utf8") === text, `${file} is stale: run npm run openapi`).to.equal(true);
        }
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        expect(readme.split(README_START).length).to.equal(2);
        expect(readme.split(README_END).length).to.equal(2);
    });

    it("is a valid OpenAPI 3.1 document (@readme/openapi-parser)", async () => {
        const result = await validate(JSON.parse(fs.readFileSync(path.join(ROOT, "docs/openapi.json"), "utf8")));
        expect(result.valid, result.valid ? "" : compileErrors(result)).to.equal(true);
        expect(result.specification).to.equal("OpenAPI");
        const broken = buildOpenApi();
        delete broken.paths["/items"].get.responses["200"].description;
        expect((await validate(broken as any)).valid, "the validator catches a response without a description").to.equal(false);
    });

    it("has one operation per route, with the authorizer where the route has it", () => {
        const doc = buildOpenApi();
        const ops = Object.entries<any>(doc.paths).flatMap(([p, methods]) => Object.entries<any>(methods).map(([m, op]) => ({ route: `${m.toUpperCase()} ${p}`, op })));
        expect(ops.map(o => o.route).sort()).to.deep.equal(ROUTES.map(r => `${r.method} ${r.path}`).sort());
        for (const r of ROUTES) {
            const op = ops.find(o => o.route === `${r.method} ${r.path}`)!.op;
            expect(op.security, `${r.method} ${r.path}`).to.deep.equal(r.auth ? [{ cognito: [] }] : []);
            expect(Object.keys(op.responses), `${r.method} ${r.path}`).to.include.members(r.auth ? ["401", "429", "500", "502", "504"] : ["429", "500", "502", "504"]);
        }
        const create = doc.paths["/items"].post;
        expect(create.parameters.find((p: any) => p.name === "Idempotency-Key")).to.deep.include({ in: "header", required: false, schema: { type: "string", pattern: "^[A-Za-z0-9_:.-]{1,128}$" } });
        expect(create.responses["201"].headers["Idempotent-Replayed"]).to.be.an("object");
        expect(create.responses["409"].headers["Retry-After"]).to.be.an("object");
        expect(doc.paths["/items"].get.parameters.find((p: any) => p.name === "limit").schema).to.deep.include({ type: "integer", minimum: 1, maximum: 100 });
        expect(doc.paths["/items/{id}"].put.responses["409"].description).to.contain("STALE_VERSION");
        expect(doc.components.schemas.ItemInput).to.deep.include({ additionalProperties: false, required: ["title"] });
        expect(doc.components.schemas.Item.additionalProperties, "answers may gain fields").to.equal(undefined);
    });

    it("stops, naming the route, when a route has no operation, and names an operation without a route or a path parameter without a pattern", () => {
        const extra = [...ROUTES, { method: "GET", path: "/items/{id}/history", auth: true }];
        expect(() => buildOpenApi(extra)).to.throw("GET /items/{id}/history: no operation in scripts/lib/apiContract.ts OPERATIONS");
        const { ["GET /health"]: _health, ...withoutHealth } = OPERATIONS;
        expect(() => buildOpenApi(ROUTES, withoutHealth)).to.throw("GET /health: no operation");
        expect(() => buildOpenApi(ROUTES.filter(r => r.path !== "/health"))).to.throw("GET /health: an operation for a route that handlers/shared/routes.ts does not have");
        const noPattern = { ...OPERATIONS, "GET /items/{id}": { ...OPERATIONS["GET /items/{id}"], pathParams: undefined } };
        expect(() => buildOpenApi(ROUTES, noPattern)).to.throw("GET /items/{id}: path parameter {id} has no pattern");
    });

    it("documents only error codes that handlers throw", () => {
        const sources = ["handlers/shared/errors.ts", "handlers/shared/http.ts", "handlers/shared/idempotency.ts", "handlers/api/items/domain.ts", "handlers/approval/domain.ts"]
            .map(f => fs.readFileSync(path.join(ROOT, f), "utf8")).join("\n");
        for (const [route, op] of Object.entries(OPERATIONS)) {
            for (const e of op.errors) expect(sources, `${route}: ${e.code}`).to.contain(`"${e.code}"`);
        }
    });

    it("every route has a client method, and every client method a route", () => {
        expect(Object.keys(CLIENT_METHODS).sort()).to.deep.equal(ROUTES.map(r => `${r.method} ${r.path}`).sort());
    });
});
