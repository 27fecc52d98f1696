/**
 * The front door routes as Route 53 latency records with health checks do, on a hundred-times
 * faster clock (--time-scale 0.01): a region whose health fails stops getting traffic after
 * interval x threshold (detection) plus the record's TTL (resolver caches), and gets it back after
 * it recovers; a drained region gets none; a region that fails outright costs clients of the
 * latency name failed calls until DNS moves them (what the client library avoids).
 */
import { expect } from "chai";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { setDrain } from "../../scripts/lib/drain";
import { call, eventually, idToken, LocalPlatform, startTestPlatform } from "../helpers/localPlatform";
import { ALIAS_TTL_SECONDS } from "../../local/frontDoor";

const US = "us-east-1";
const EU = "eu-west-1";
const SCALE = 0.01;

describe("local platform: front door (Route 53 latency routing + health checks)", function () {
    this.timeout(60_000);
    let platform: LocalPlatform;
    let token: string;
    /** Scaled worst case from a health failure to the answer moving: interval x threshold + TTL (+ one interval of probe phase). */
    let boundMs: number;

    before(async () => {
        platform = await startTestPlatform({ timeScale: SCALE });
        token = await idToken(platform, "alice");
        const hc = platform.config.healthCheck;
        boundMs = (hc.intervalSeconds * (hc.failureThreshold + 1) + ALIAS_TTL_SECONDS) * 1000 * SCALE;
    });
    after(() => platform.stop());

    const served = async (clientRegion: string) => {
        const res = await call(`${platform.ready.frontDoor}/health`, { headers: { "x-client-region": clientRegion } });
        return { region: res.headers.get("x-frontdoor-region"), status: res.status };
    };

    /** Time until clients in `clientRegion` are served by `region` (checked every 20 ms). */
    async function timeUntilServedBy(clientRegion: string, region: string): Promise<number> {
        const start = Date.now();
        await eventually(async () => ((await served(clientRegion)).region === region ? true : undefined), 20_000, `${clientRegion} clients served by ${region}`);
        return Date.now() - start;
    }

    it("serves each client from its own region while every region is healthy", async () => {
        expect(await served(US)).to.deep.equal({ region: US, status: 200 });
        expect(await served(EU)).to.deep.equal({ region: EU, status: 200 });
        const state = (await call(`${platform.ready.control}/state`)).body.frontDoor;
        expect(state.timings).to.deep.include({ intervalSeconds: 30, failureThreshold: 3, ttlSeconds: 60, scaledIntervalMs: 300, scaledTtlMs: 600, worstCaseFailoverSeconds: 150 });
    });

    it("a region whose health fails loses its clients within interval x threshold + TTL (scaled), and gets them back after recovery", async () => {
        await call(`${platform.ready.control}/regions/${US}/health/fail`, { method: "POST" });
        const away = await timeUntilServedBy(US, EU);
        expect(away).to.be.at.most(boundMs + 500);
        const state = (await call(`${platform.ready.control}/state`)).body.frontDoor;
        expect(state.health[US]).to.deep.include({ healthy: false, lastStatus: 503 });
        const unhealthy = state.events.filter((e: any) => e.kind === "unhealthy" && e.region === US).at(-1);
        expect(unhealthy.realWorldSeconds).to.be.closeTo(unhealthy.atMs / 1000 / SCALE, 0.1);
        await call(`${platform.ready.control}/regions/${US}/health/recover`, { method: "POST" });
        const back = await timeUntilServedBy(US, US);
        expect(back).to.be.at.most(boundMs + 500);
        console.log(`      moved away after ${away} ms (${(away / 1000 / SCALE).toFixed(0)} s real-world), back after ${back} ms; bound ${boundMs} ms`);
    });

    it("a drained region gets no traffic", async () => {
        const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: US, endpoint: platform.ready.regions[US].dynamodb, credentials: { accessKeyId: "local", secretAccessKey: "local" } }));
        await setDrain(db, platform.ready.table, EU, true, "test");
        try {
            await timeUntilServedBy(EU, US);
            const items = platform.region(EU).functions.items;
            const before = items.invocations;
            for (let i = 0; i < 10; i++) {
                const res = await call(`${platform.ready.frontDoor}/items`, { token, headers: { "x-client-region": EU } });
                expect(res.status).to.equal(200);
                expect(res.headers.get("x-frontdoor-region")).to.equal(US);
            }
            expect(items.invocations).to.equal(before);
        } finally {
            await setDrain(db, platform.ready.table, EU, false, "test");
        }
        await timeUntilServedBy(EU, EU);
    });

    it("a failed region: clients of the latency name see failed calls until DNS moves them, then succeed in the other region", async () => {
        await platform.failRegion(EU);
        try {
            const start = Date.now();
            let failed = 0;
            let firstSuccess = -1;
            while (Date.now() - start < boundMs + 1500) {
                const res = await call(`${platform.ready.frontDoor}/items`, { token, headers: { "x-client-region": EU } });
                if (res.status === 200 && res.headers.get("x-frontdoor-region") === US) { firstSuccess = Date.now() - start; break; }
                expect(res.status).to.equal(502);
                failed++;
                await new Promise(r => setTimeout(r, 20));
            }
            expect(firstSuccess).to.be.greaterThan(0);
            expect(failed).to.be.greaterThan(0);
            console.log(`      ${failed} failed calls over ${firstSuccess} ms before DNS moved the client`);
        } finally {
            await platform.recoverRegion(EU);
        }
        await timeUntilServedBy(EU, EU);
    });

    it("the control API refuses unknown regions and bad bodies with 4xx", async () => {
        expect((await call(`${platform.ready.control}/regions/sa-east-1/fail`, { method: "POST" })).status).to.equal(404);
        expect((await call(`${platform.ready.control}/replication/lag`, { method: "PUT", body: { ms: -1 } })).status).to.equal(400);
        expect((await call(`${platform.ready.control}/replication/pause`, { method: "POST", body: { nope: 1 } })).status).to.equal(400);
        expect((await call(`${platform.ready.control}/replication/pause`, { method: "POST", body: { region: "sa-east-1" } })).status).to.equal(409);
        expect((await call(`${platform.ready.control}/replication/lag`, { method: "PUT", body: { ms: 250 } })).body.replication.lagMs).to.equal(250);
    });
});
