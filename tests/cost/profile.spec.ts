/**
 * The request profile the model prices traffic with is what the handlers really spend: a fresh
 * measurement (every function's handler against dynalite, in its own process) equals the
 * checked-in policies/cost/request-profile.json. When a handler changes what it reads, writes or
 * logs, this fails until `npm run cost -- --measure` is run and the new profile committed.
 */
import { expect } from "chai";
import { PROFILE } from "../../policies/cost/profile";
import { measureRequestProfile, platformLogEvents } from "../../scripts/lib/cost/measure";
import { ROUTES } from "../../handlers/shared/routes";

describe("request profile", function () {
    this.timeout(180_000);

    it("equals a fresh measurement of the handlers", async () => {
        expect(await measureRequestProfile()).to.deep.equal(PROFILE);
    });

    it("covers every API route and the workflow's task steps", () => {
        expect(Object.keys(PROFILE.routes).sort()).to.deep.equal(ROUTES.map(r => `${r.method} ${r.path}`).sort());
        expect(Object.keys(PROFILE.steps).sort()).to.deep.equal(["approval-notify", "approval-worker:apply", "approval-worker:finish", "approval-worker:record"]);
        for (const [key, r] of Object.entries(PROFILE.routes)) expect(r.function, key).to.equal(ROUTES.find(x => `${x.method} ${x.path}` === key)!.handler);
    });

    it("records what the code does: /health reads the sentinel and the drain flag strongly, a write is one unit, writes log one metric line", () => {
        expect([PROFILE.routes["GET /health"].rru, PROFILE.routes["GET /health"].wru, PROFILE.routes["GET /health"].logEvents]).to.deep.equal([2, 0, 0]);
        expect(PROFILE.routes["POST /items"].wru).to.equal(1);
        expect(PROFILE.routes["PUT /items/{id}"].logEvents).to.equal(1);
        expect(PROFILE.itemBytes).to.be.within(700, 1024);
        expect(PROFILE.platformLog.bytes).to.equal(platformLogEvents().reduce((n, l) => n + Buffer.byteLength(l), 0));
    });
});
