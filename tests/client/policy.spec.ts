/**
 * The client's failure policy, with a fake fetch per region and a virtual clock: what is retried
 * and where, what is never repeated, timeouts, the retry budget, breakers and their /health probes,
 * and how repeats of conditional writes are told apart from conflicts.
 */
import { expect } from "chai";
import * as FakeTimers from "@sinonjs/fake-timers";
import { PlatformClient, PlatformError } from "../../client";
import { backoffMs, classify, Outcome, RegionBreaker, RetryBudget, retryAfterMs } from "../../client/policy";

const EU = "eu-west-1";
const US = "us-east-1";
const URLS: Record<string, string> = { [EU]: "http://eu.test", [US]: "http://us.test" };

interface Seen { region: string; method: string; path: string; headers: Record<string, string>; body?: any }
type Reply = Response | "refused" | "reset" | "hang";
type Handler = (req: Seen) => Reply | Promise<Reply>;

const json = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
    new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const healthy = (region: string) => json(200, { status: "ok", region });

function netError(code: string): TypeError {
    return Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(`connect ${code}`), { code }) });
}

/** A fake platform: one handler per region, every request recorded; a virtual clock whose sleeps advance it. */
function fake(handlers: Record<string, Handler>, options: Partial<ConstructorParameters<typeof PlatformClient>[0]> = {}) {
    const seen: Seen[] = [];
    const sleeps: number[] = [];
    let clock = 1_000_000;
    const fetchFn = (async (url: string, init: RequestInit) => {
        const u = new URL(url);
        const region = Object.keys(URLS).find(r => URLS[r] === u.origin)!;
        const req: Seen = { region, method: init.method ?? "GET", path: u.pathname + u.search, headers: { ...(init.headers as Record<string, string>) }, body: init.body ? JSON.parse(String(init.body)) : undefined };
        seen.push(req);
        const reply = await handlers[region](req);
        if (reply === "refused") throw netError("ECONNREFUSED");
        if (reply === "reset") throw netError("ECONNRESET");
        if (reply === "hang") {
            return new Promise<Response>((_resolve, reject) => init.signal!.addEventListener("abort", () => reject(init.signal!.reason)));
        }
        return reply;
    }) as typeof fetch;
    let tokens = 0;
    const client = new PlatformClient({
        endpoints: { regions: URLS }, preferredRegion: EU, fetch: fetchFn,
        token: ({ forceRefresh }) => `token-${++tokens}${forceRefresh ? "-fresh" : ""}`,
        now: () => clock, sleep: async ms => { sleeps.push(ms); clock += ms; }, random: () => 0.5,
        ...options,
    });
    return { client, seen, sleeps, advance: (ms: number) => { clock += ms; }, calls: (path: string) => seen.filter(s => !s.path.startsWith("/health") && s.path.startsWith(path)) };
}

/** A handler that answers /health with 200 and everything else with `f`. */
const api = (region: string, f: Handler): Handler => req => (req.path === "/health" ? healthy(region) : f(req));

async function rejection(p: Promise<unknown>): Promise<PlatformError> {
    try {
        await p;
    } catch (e) {
        expect(e).to.be.instanceOf(PlatformError);
        return e as PlatformError;
    }
    throw new Error("expected the call to fail");
}

const item = (over: Record<string, unknown> = {}) => ({ id: "i1", title: "t", version: 1, createdAt: "x", updatedAt: "x", updatedRegion: EU, ...over });

describe("client policy: reading an attempt's outcome", () => {
    const cases: Array<[string, Outcome, ReturnType<typeof classify>]> = [
        ["200", { kind: "response", status: 200 }, { retryable: false, regionFailure: false, mayHaveBeenPerformed: true, sameRegion: true }],
        ["400", { kind: "response", status: 400, code: "VALIDATION" }, { retryable: false, regionFailure: false, mayHaveBeenPerformed: true, sameRegion: true }],
        ["404", { kind: "response", status: 404, code: "NOT_FOUND" }, { retryable: false, regionFailure: false, mayHaveBeenPerformed: true, sameRegion: true }],
        ["409 STALE_VERSION", { kind: "response", status: 409, code: "STALE_VERSION" }, { retryable: false, regionFailure: false, mayHaveBeenPerformed: true, sameRegion: true }],
        ["410", { kind: "response", status: 410, code: "REQUEST_EXPIRED" }, { retryable: false, regionFailure: false, mayHaveBeenPerformed: true, sameRegion: true }],
        ["429", { kind: "response", status: 429, retryAfterMs: 2000 }, { retryable: true, regionFailure: false, mayHaveBeenPerformed: false, sameRegion: false, retryAfterMs: 2000 }],
        ["409 key in progress", { kind: "response", status: 409, code: "IDEMPOTENCY_KEY_IN_PROGRESS" }, { retryable: true, regionFailure: false, mayHaveBeenPerformed: true, sameRegion: true, retryAfterMs: 1000 }],
        ["503 from a function", { kind: "response", status: 503, code: "SERVICE_UNAVAILABLE" }, { retryable: true, regionFailure: true, mayHaveBeenPerformed: false, sameRegion: false, retryAfterMs: undefined }],
        ["503 without the platform's body", { kind: "response", status: 503 }, { retryable: true, regionFailure: true, mayHaveBeenPerformed: true, sameRegion: false, retryAfterMs: undefined }],
        ["502", { kind: "response", status: 502 }, { retryable: true, regionFailure: true, mayHaveBeenPerformed: true, sameRegion: false, retryAfterMs: undefined }],
        ["504", { kind: "response", status: 504 }, { retryable: true, regionFailure: true, mayHaveBeenPerformed: true, sameRegion: false, retryAfterMs: undefined }],
        ["refused", { kind: "network", reached: "no" }, { retryable: true, regionFailure: true, mayHaveBeenPerformed: false, sameRegion: false }],
        ["reset", { kind: "network", reached: "maybe" }, { retryable: true, regionFailure: true, mayHaveBeenPerformed: true, sameRegion: false }],
        ["timeout", { kind: "timeout" }, { retryable: true, regionFailure: true, mayHaveBeenPerformed: true, sameRegion: false }],
    ];
    for (const [name, outcome, verdict] of cases) it(name, () => expect(classify(outcome)).to.deep.equal(verdict));

    it("reads Retry-After as seconds or an HTTP date", () => {
        expect(retryAfterMs("3", 0)).to.equal(3000);
        expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).to.equal(6000);
        expect(retryAfterMs("soon", 0)).to.equal(undefined);
        expect(retryAfterMs(null, 0)).to.equal(undefined);
    });

    it("backs off exponentially with full jitter, capped", () => {
        expect([0, 1, 2, 3, 4, 5, 6].map(n => backoffMs(n, () => 0.999999))).to.deep.equal([99, 199, 399, 799, 1599, 1999, 1999]);
        expect(backoffMs(3, () => 0)).to.equal(0);
    });

    it("retry budget: retries stop at half the tokens and come back with successes", () => {
        const budget = new RetryBudget(20, 0.1);
        for (let i = 0; i < 9; i++) budget.onFailure();
        expect(budget.allows()).to.equal(true);
        budget.onFailure();
        expect(budget.available).to.equal(10);
        expect(budget.allows()).to.equal(false);
        budget.onSuccess();
        expect(budget.allows()).to.equal(true);
    });

    it("breaker: opens at once when unreachable, after 2 errors otherwise; probes after 1, 2, 4 ... 30 s; a healthy probe closes it", () => {
        const b = new RegionBreaker(EU);
        b.onFailure(0, false);
        expect(b.state).to.equal("closed");
        b.onFailure(0, false);
        expect([b.state, b.reason, b.probeAt]).to.deep.equal(["open", "errors", 1000]);
        expect(b.probeDue(999)).to.equal(false);
        expect(b.probeDue(1000)).to.equal(true);
        const waits: number[] = [];
        let now = 1000;
        for (let i = 0; i < 7; i++) {
            b.startProbe();
            expect(b.state).to.equal("half-open");
            b.onHealth(now, false);
            waits.push(b.probeAt - now);
            now = b.probeAt;
        }
        expect(waits).to.deep.equal([2000, 4000, 8000, 16000, 30000, 30000, 30000]);
        b.startProbe();
        b.onHealth(now, true);
        expect([b.state, b.reason]).to.deep.equal(["closed", undefined]);
        const c = new RegionBreaker(US);
        c.onFailure(5, true);
        expect([c.state, c.reason, c.probeAt]).to.deep.equal(["open", "unreachable", 1005]);
        c.onHealth(6, false, "drained");
        expect(c.reason).to.equal("drained");
    });
});

describe("client policy: calls across regions", () => {
    it("a create refused in one region is sent to the next with the same Idempotency-Key, and the key is new for every call", async () => {
        const { client, calls } = fake({ [EU]: api(EU, () => "refused"), [US]: api(US, () => json(201, item({ updatedRegion: US }))) });
        const created = await client.createItem({ title: "t" });
        expect(created.updatedRegion).to.equal(US);
        await client.createItem({ title: "t" }, { region: US });
        const creates = calls("/items");
        expect(creates.map(c => c.region)).to.deep.equal([EU, US, US]);
        expect(creates[0].headers["idempotency-key"]).to.match(/^[0-9a-f-]{36}$/);
        expect(creates[1].headers["idempotency-key"]).to.equal(creates[0].headers["idempotency-key"]);
        expect(creates[2].headers["idempotency-key"]).to.not.equal(creates[0].headers["idempotency-key"]);
    });

    it("a create whose connection was reset after sending (it may have been performed) is still repeated elsewhere: the key makes it safe", async () => {
        const { client, calls } = fake({ [EU]: api(EU, () => "reset"), [US]: api(US, () => json(201, item())) });
        await client.createItem({ title: "t" }, { idempotencyKey: "k-1" });
        expect(calls("/items").map(c => [c.region, c.headers["idempotency-key"]])).to.deep.equal([[EU, "k-1"], [US, "k-1"]]);
    });

    it("a publish (no key) is never repeated once an attempt may have reached a function: reset, 502, 504, timeout", async () => {
        for (const reply of ["reset", json(502, { message: "Internal server error" }), json(504, { message: "Endpoint request timed out" })] as Reply[]) {
            const { client, calls } = fake({ [EU]: api(EU, () => reply), [US]: api(US, () => json(202, {})) });
            const e = await rejection(client.publishItem("i1"));
            expect(calls("/items").map(c => c.region)).to.deep.equal([EU]);
            expect(e.mayHaveBeenPerformed).to.equal(true);
            expect(e.region).to.equal(EU);
            expect(e.message).to.contain("not repeated");
        }
    });

    it("a publish that surely did not reach a function is sent to the next region: refused connection, 429, 503 SERVICE_UNAVAILABLE", async () => {
        for (const reply of ["refused", json(429, { message: "Too Many Requests" }), json(503, { error: { code: "SERVICE_UNAVAILABLE", message: "try again" } })] as Reply[]) {
            const { client, calls } = fake({ [EU]: api(EU, () => reply), [US]: api(US, () => json(202, { requestId: "r" })) });
            expect(await client.publishItem("i1")).to.deep.equal({ requestId: "r" });
            expect(calls("/items").map(c => c.region)).to.deep.equal([EU, US]);
        }
    });

    it("4xx answers are final (one attempt) and carry status, code, details and region; 429 is retried", async () => {
        const answers: Array<[Response, string]> = [
            [json(400, { error: { code: "VALIDATION", message: "title: too short" } }), "VALIDATION"],
            [json(404, { error: { code: "NOT_FOUND", message: "Item i1 not found" } }), "NOT_FOUND"],
            [json(409, { error: { code: "STALE_VERSION", message: "stale", currentVersion: 4 } }), "STALE_VERSION"],
            [json(403, { message: "Missing Authentication Token" }), "FORBIDDEN"],
            [json(413, { message: "Request Too Long" }), "PAYLOAD_TOO_LARGE"],
        ];
        for (const [answer, code] of answers) {
            const { client, calls } = fake({ [EU]: api(EU, () => answer.clone()), [US]: api(US, () => json(200, item())) });
            const e = await rejection(client.updateItem("i1", { title: "t" }, { version: 3 }));
            expect([e.status, e.code, e.region, e.attempts.length, e.mayHaveBeenPerformed]).to.deep.equal([answer.status, code, EU, 1, false]);
            expect(calls("/items").length).to.equal(1);
            if (code === "STALE_VERSION") expect(e.details).to.deep.equal({ currentVersion: 4 });
        }
        const { client, calls } = fake({ [EU]: api(EU, () => json(429, { message: "Too Many Requests" })), [US]: api(US, () => json(200, item())) });
        await client.getItem("i1");
        expect(calls("/items").map(c => c.region)).to.deep.equal([EU, US]);
    });

    it("a region's 429 with Retry-After, pinned to that region, waits what it says before asking again", async () => {
        let n = 0;
        const { client, sleeps } = fake({ [EU]: api(EU, () => (n++ === 0 ? json(429, { message: "Too Many Requests" }, { "retry-after": "2" }) : json(200, item()))), [US]: api(US, () => "refused") });
        await client.getItem("i1", { region: EU });
        expect(sleeps).to.deep.equal([2000]);
    });

    it("409 IDEMPOTENCY_KEY_IN_PROGRESS: asks the same region again after Retry-After, with the same key", async () => {
        let n = 0;
        const { client, calls, sleeps } = fake({
            [EU]: api(EU, () => (n++ === 0 ? json(409, { error: { code: "IDEMPOTENCY_KEY_IN_PROGRESS", message: "in progress" } }, { "retry-after": "1" }) : json(201, item(), { "idempotent-replayed": "true" }))),
            [US]: api(US, () => json(201, item())),
        });
        await client.createItem({ title: "t" }, { idempotencyKey: "k-2" });
        expect(calls("/items").map(c => [c.region, c.headers["idempotency-key"]])).to.deep.equal([[EU, "k-2"], [EU, "k-2"]]);
        expect(sleeps).to.deep.equal([1000]);
    });

    it("an attempt that does not answer within attemptTimeoutMs is abandoned for the next region (fake timers)", async () => {
        const clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout", "Date"] });
        try {
            const { client, calls } = fake({ [EU]: api(EU, () => "hang"), [US]: api(US, () => json(200, item({ updatedRegion: US }))) }, { attemptTimeoutMs: 2000, now: () => Date.now(), sleep: ms => new Promise(r => setTimeout(r, ms)) });
            let done: unknown;
            const p = client.getItem("i1").then(v => { done = v; });
            await clock.tickAsync(1999);
            expect(done).to.equal(undefined);
            await clock.tickAsync(2);
            await p;
            expect((done as any).updatedRegion).to.equal(US);
            expect(calls("/items").map(c => c.region)).to.deep.equal([EU, US]);
            expect(client.breakerStates()[EU]).to.deep.equal({ state: "closed" });
        } finally {
            clock.uninstall();
        }
    });

    it("a call stops at maxAttempts, and the retry budget stops retries in a region already tried when everything fails", async () => {
        const { client, calls } = fake({ [EU]: api(EU, () => json(503, { error: { code: "SERVICE_UNAVAILABLE", message: "x" } })), [US]: api(US, () => json(503, { error: { code: "SERVICE_UNAVAILABLE", message: "x" } })) }, { maxAttempts: 3, healthRefreshMs: 0 });
        const e = await rejection(client.getItem("i1"));
        expect(e.attempts.length).to.equal(3);
        expect(e.message).to.contain("gave up after 3 attempts");
        // The budget (20 tokens, retries stop at 10) ends retries in a region already tried; the
        // first attempt in each region stays free, so a call still tries both regions once.
        const perCall: number[] = [];
        for (let i = 0; i < 6; i++) perCall.push((await rejection(client.getItem("i1"))).attempts.length);
        expect(perCall).to.deep.equal([3, 3, 2, 2, 2, 2]);
        expect(calls("/items").map(c => c.region).slice(-4)).to.deep.equal([EU, US, EU, US]);
    });

    it("breaker: after a refused connection calls skip the region; a /health probe (no token) brings it back", async () => {
        let euDown = true;
        const { client, seen, advance } = fake({
            [EU]: req => (euDown ? "refused" : req.path === "/health" ? healthy(EU) : json(200, item())),
            [US]: api(US, () => json(200, item({ updatedRegion: US }))),
        }, { healthRefreshMs: 0 });
        await client.getItem("i1");
        expect(client.breakerStates()[EU]).to.deep.equal({ state: "open", reason: "unreachable" });
        seen.length = 0;
        await client.getItem("i1");
        expect(seen.map(s => s.region)).to.deep.equal([US]);
        euDown = false;
        advance(1000);
        await client.getItem("i1"); // sends the due probe in the background, this call still goes to US
        await new Promise(r => setTimeout(r, 5));
        const probe = seen.find(s => s.region === EU)!;
        expect([probe.path, probe.headers.authorization]).to.deep.equal(["/health", undefined]);
        expect(client.breakerStates()[EU]).to.deep.equal({ state: "closed" });
        seen.length = 0;
        await client.getItem("i1");
        expect(seen.map(s => [s.region, s.path])).to.deep.equal([[EU, "/items/i1"]]);
    });

    it("a drained region (its /health says drained) gets no calls from a fresh client", async () => {
        const { client, calls } = fake({
            [EU]: req => (req.path === "/health" ? json(503, { status: "drained", region: EU }) : json(200, item())),
            [US]: api(US, () => json(200, item({ updatedRegion: US }))),
        });
        for (let i = 0; i < 3; i++) expect((await client.getItem("i1")).updatedRegion).to.equal(US);
        expect(calls("/items").map(c => c.region)).to.deep.equal([US, US, US]);
        expect(client.breakerStates()[EU]).to.deep.equal({ state: "open", reason: "drained" });
    });

    it("a 401 gets one fresh token (forceRefresh) and the call is sent again", async () => {
        const { client, calls } = fake({ [EU]: api(EU, req => (req.headers.authorization.endsWith("-fresh") ? json(200, item()) : json(401, { message: "Unauthorized" }))), [US]: api(US, () => json(200, item())) });
        await client.getItem("i1");
        expect(calls("/items").map(c => [c.region, c.headers.authorization])).to.deep.equal([[EU, "token-1"], [EU, "token-2-fresh"]]);
    });

    it("an update repeated after a reset meets 409 STALE_VERSION at version + 1 with its own content: the call succeeds", async () => {
        const stored = item({ version: 2, title: "new", tags: ["a"] });
        const { client, calls } = fake({
            [EU]: api(EU, () => "reset"),
            [US]: api(US, req => (req.method === "PUT" ? json(409, { error: { code: "STALE_VERSION", message: "stale", currentVersion: 2 } }) : json(200, stored))),
        });
        expect(await client.updateItem("i1", { title: "new", tags: ["a"] }, { version: 1 })).to.deep.equal(stored);
        expect(calls("/items").map(c => [c.region, c.method])).to.deep.equal([[EU, "PUT"], [US, "PUT"], [US, "GET"]]);
    });

    it("...but a 409 whose item holds other content is reported, marked as possibly performed", async () => {
        const { client } = fake({
            [EU]: api(EU, () => "reset"),
            [US]: api(US, req => (req.method === "PUT" ? json(409, { error: { code: "STALE_VERSION", message: "stale", currentVersion: 2 } }) : json(200, item({ version: 2, title: "someone else's" })))),
        });
        const e = await rejection(client.updateItem("i1", { title: "new" }, { version: 1 }));
        expect([e.status, e.code, e.mayHaveBeenPerformed]).to.deep.equal([409, "STALE_VERSION", true]);
    });

    it("a 409 STALE_VERSION on the first attempt is a conflict: no read, no repeat", async () => {
        const { client, calls } = fake({ [EU]: api(EU, () => json(409, { error: { code: "STALE_VERSION", message: "stale", currentVersion: 2 } })), [US]: api(US, () => json(200, item())) });
        const e = await rejection(client.updateItem("i1", { title: "t" }, { version: 1 }));
        expect(e.mayHaveBeenPerformed).to.equal(false);
        expect(calls("/items").length).to.equal(1);
    });

    it("a delete repeated after a reset that finds the item gone has done its job", async () => {
        const { client, calls } = fake({ [EU]: api(EU, () => "reset"), [US]: api(US, () => json(404, { error: { code: "NOT_FOUND", message: "gone" } })) });
        await client.deleteItem("i1", { version: 3 });
        expect(calls("/items").map(c => [c.region, c.path])).to.deep.equal([[EU, "/items/i1?version=3"], [US, "/items/i1?version=3"]]);
    });

    it("a decision repeated after a timeout-like reset: 409 ALREADY_DECIDED with the same decision returns the request; another decision is thrown", async () => {
        const view = (decision: string) => ({ requestId: "r1", status: decision === "approve" ? "APPROVED" : "REJECTED", decision });
        for (const [stored, expectOk] of [["approve", true], ["reject", false]] as const) {
            const { client } = fake({
                [EU]: api(EU, () => "reset"),
                [US]: api(US, req => (req.method === "POST" ? json(409, { error: { code: "ALREADY_DECIDED", message: "decided", status: "APPROVED" } }) : json(200, view(stored)))),
            });
            const p = client.decide("r1", { decision: "approve" });
            if (expectOk) expect(await p).to.deep.equal(view("approve"));
            else expect((await rejection(p)).code).to.equal("ALREADY_DECIDED");
        }
    });

    it("a pinned call never leaves its region", async () => {
        const { client, calls } = fake({ [EU]: api(EU, () => json(502, { message: "Internal server error" })), [US]: api(US, () => json(200, item())) }, { maxAttempts: 3 });
        const e = await rejection(client.getItem("i1", { region: EU }));
        expect(e.attempts.map(a => a.region)).to.deep.equal([EU, EU, EU]);
        expect(calls("/items").every(c => c.region === EU)).to.equal(true);
    });
});
