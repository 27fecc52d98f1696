/**
 * No acknowledged write is silently discarded across regions. On the local platform (dev stack,
 * two regions, replication lag 200-500 ms), 20 concurrent writers do read-modify-write with
 * versions (and the version's etag as If-Match, as the client library sends it) on 5 items of one
 * user against a randomly chosen region, while the user's home region
 * fails for a window and replication pauses for another. An oracle logs every acknowledged (2xx)
 * write. At the end (scripts/lib/writeOracle.ts) every acknowledged write is in the final item, in
 * one of its conflict copies, or was read by a successor that a replica applied (superseded
 * knowingly, whether or not the successor was acknowledged: a request cut off by its region's
 * failure may have been written before its connection closed); no request got a 5xx; every
 * replica holds the same items and copies.
 *
 * The same run with partition homes and the conflict detector switched off (test-only settings)
 * must lose writes: the oracle can fail.
 */
import { expect } from "chai";
import { appliedWrites, lostWrites, readStamp, stampBody } from "../../scripts/lib/writeOracle";
import { call, idToken, LocalPlatform, startTestPlatform } from "../helpers/localPlatform";

const US = "us-east-1";
const EU = "eu-west-1";

interface Outcome {
    readonly acknowledged: number;
    /** Writes applied whose request got no answer (cut off by the region's failure). */
    readonly appliedUnacknowledged: number;
    readonly conflicts409: number;
    readonly unavailable: number;
    readonly serverErrors: number;
    readonly copies: number;
    readonly lost: string[];
    readonly converged: boolean;
}

/** One chaos run; returns what the oracle found. */
async function chaos(platform: LocalPlatform, o: { writers: number; rounds: number; seed: number }): Promise<Outcome> {
    const token = await idToken(platform, "alice");
    const api = (r: string) => platform.ready.regions[r].api;
    let seed = o.seed;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    const pick = () => (random() < 0.5 ? US : EU);

    // Five items, created in us-east-1: it becomes the user's home.
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
        const res = await call(`${api(US)}/items`, { method: "POST", token, body: { title: `item ${i}`, body: stampBody(`init-${i}`, "") } });
        expect(res.status).to.equal(201);
        ids.push(res.body.id);
    }
    await platform.settled();

    /** Tokens of the acknowledged writes. */
    const acked: string[] = [];
    let conflicts409 = 0;
    let unavailable = 0;
    let serverErrors = 0;
    let counter = 0;

    const writer = async (w: number) => {
        for (let round = 0; round < o.rounds; round++) {
            const item = Math.floor(random() * ids.length);
            const region = pick();
            let read;
            try {
                read = await call(`${api(region)}/items/${ids[item]}`, { token });
            } catch {
                unavailable++; // the region refuses connections (failed): a client moves on
                continue;
            }
            if (read.status >= 500) { serverErrors++; continue; }
            if (read.status !== 200) continue;
            const base = readStamp(read.body.body)!.t;
            const mine = `w${w}-${counter++}`;
            let res;
            try {
                res = await call(`${api(region)}/items/${ids[item]}`, {
                    method: "PUT", token, headers: { "if-match": read.headers.get("etag")! },
                    body: { title: `item ${item}`, body: stampBody(mine, base), version: read.body.version },
                });
            } catch {
                unavailable++;
                continue;
            }
            if (res.status === 200) acked.push(mine);
            else if (res.status === 409) conflicts409++;
            else if (res.status >= 500) serverErrors++;
            await new Promise(r => setTimeout(r, 5 + random() * 20));
        }
    };

    const faults = (async () => {
        await new Promise(r => setTimeout(r, 400));
        await platform.failRegion(US);          // the user's home fails for a window
        await new Promise(r => setTimeout(r, 1200));
        await platform.recoverRegion(US);
        await new Promise(r => setTimeout(r, 300));
        platform.table.pause();                 // replication pauses for another
        await new Promise(r => setTimeout(r, 1200));
        platform.table.resume();
    })();
    await Promise.all([...Array.from({ length: o.writers }, (_, w) => writer(w)), faults]);
    await platform.settled();

    // The final state, read in each region through the API (and replica digests for convergence).
    const kept = new Set<string>();
    let copies = 0;
    const views: Record<string, string> = {};
    for (const region of [US, EU]) {
        const seen: string[] = [];
        for (const id of ids) {
            const item = await call(`${api(region)}/items/${id}`, { token });
            kept.add(readStamp(item.body.body)!.t);
            const conflicts = (await call(`${api(region)}/items/${id}/conflicts`, { token })).body.conflicts as any[];
            for (const c of conflicts) { const stamp = readStamp(c.item.body); if (stamp) kept.add(stamp.t); }
            if (region === US) copies += conflicts.length;
            seen.push(JSON.stringify([item.body.version, item.body.body, conflicts.map(c => c.id).sort()]));
        }
        views[region] = seen.join("\n");
    }
    const sums = await platform.table.checksums();
    const applied = appliedWrites([US, EU].map(r => platform.table.replica(r).stream.records()));
    const lost = lostWrites({ acknowledged: acked, kept, applied });
    const appliedUnacknowledged = [...applied.keys()].filter(t => /^w\d+-\d+$/.test(t) && !acked.includes(t)).length;
    return {
        acknowledged: acked.length, appliedUnacknowledged, conflicts409, unavailable, serverErrors, copies, lost,
        converged: views[US] === views[EU] && sums[US] === sums[EU],
    };
}

describe("no lost updates across regions (chaos on the local platform)", function () {
    this.timeout(120_000);

    it("20 writers, 5 items, home region failing and replication pausing: every acknowledged write survives, no 5xx, replicas agree", async () => {
        const platform = await startTestPlatform({ replicationLagMs: 350, replicationJitter: 0.85 });
        try {
            const out = await chaos(platform, { writers: 20, rounds: 12, seed: 7 });
            console.log(`      acknowledged writes: ${out.acknowledged}, applied without an answer: ${out.appliedUnacknowledged}, 409s: ${out.conflicts409}, calls refused by the failed region: ${out.unavailable}, conflict copies: ${out.copies}, lost writes: ${out.lost.length}`);
            expect(out.acknowledged).to.be.greaterThan(50);
            expect(out.serverErrors).to.equal(0);
            expect(out.lost).to.deep.equal([]);
            expect(out.converged).to.equal(true);
            const detectors = [...platform.regions.values()].map(r => r.detector!.state());
            expect(detectors.every(d => d.onFailure === 0)).to.equal(true);
        } finally {
            await platform.stop();
        }
    });

    it("the oracle can fail: with partition homes and the detector switched off, the same run loses acknowledged writes", async () => {
        const platform = await startTestPlatform({ replicationLagMs: 350, replicationJitter: 0.85, testOnly: { localDecisions: true, noDetector: true } });
        try {
            const out = await chaos(platform, { writers: 20, rounds: 12, seed: 7 });
            console.log(`      (broken) acknowledged writes: ${out.acknowledged}, 409s: ${out.conflicts409}, conflict copies: ${out.copies}, lost writes: ${out.lost.length}`);
            expect(out.lost.length).to.be.greaterThan(0);
            expect(out.copies).to.equal(0);
        } finally {
            await platform.stop();
        }
    });
});
