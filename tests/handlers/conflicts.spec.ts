/**
 * The conflict detector's rule on stream records (handlers/conflicts/detect.ts) and its batch
 * handling: what counts as a lost write, one copy per loss whatever the replays, nothing written
 * outside the record's partition.
 */
import { expect } from "chai";
import { marshall } from "@aws-sdk/util-dynamodb";
import { ChangeRecord, copyIdOf, CopyRow, detectLostWrite } from "../../handlers/conflicts/detect";

const PK = "USER#alice-0001";
let seq = 100;

/** A stream record of `pk`/`sk` changing from `old` to `next` (either may be absent). */
function change(old: Record<string, unknown> | undefined, next: Record<string, unknown> | undefined, sk = "ITEM#i1", pk = PK): ChangeRecord {
    const keys = { pk, sk };
    return {
        eventName: !old ? "INSERT" : !next ? "REMOVE" : "MODIFY",
        dynamodb: {
            Keys: marshall(keys),
            ...(old ? { OldImage: marshall({ ...keys, ...old }, { removeUndefinedValues: true }) } : {}),
            ...(next ? { NewImage: marshall({ ...keys, ...next }, { removeUndefinedValues: true }) } : {}),
            SequenceNumber: String(seq++),
        },
    };
}

const write = (version: number, baseVersion: number, writeId: string, region: string, extra: Record<string, unknown> = {}) => ({
    id: "i1", title: `v${version} by ${region}`, version, baseVersion, writeId, updatedRegion: region, updatedAt: `2026-11-25T10:00:0${version}.000Z`, createdAt: "2026-11-25T09:00:00.000Z", ...extra,
});

describe("conflict detector: the rule", () => {
    it("same version written in two regions: the replaced one is lost, copied whole into the same partition", () => {
        const mine = write(2, 1, "w-us", "us-east-1", { body: "from us", tags: ["a"] });
        const theirs = write(2, 1, "w-eu", "eu-west-1");
        const copy = detectLostWrite(change(mine, theirs))!;
        expect(copy).to.deep.equal({
            pk: PK, sk: `CONFLICT#i1#${copyIdOf(mine)}`, copyId: copyIdOf(mine), itemId: "i1",
            item: { id: "i1", title: "v2 by us-east-1", body: "from us", tags: ["a"], version: 2, createdAt: mine.createdAt, updatedAt: mine.updatedAt, updatedRegion: "us-east-1" },
            overwrittenBy: { version: 2, region: "eu-west-1", updatedAt: theirs.updatedAt },
        });
        expect(copy.copyId).to.match(/^[A-Za-z0-9_-]{22}$/);
    });

    it("a successor based on the version it replaced loses nothing; nor does one logical write seen twice (same writeId)", () => {
        expect(detectLostWrite(change(write(2, 1, "w2", "us-east-1"), write(3, 2, "w3", "eu-west-1")))).to.equal(undefined);
        expect(detectLostWrite(change(write(2, 1, "w2", "us-east-1"), { ...write(2, 1, "w2", "eu-west-1"), decidedIn: "eu-west-1" }))).to.equal(undefined);
        expect(detectLostWrite(change(undefined, write(1, 0, "w1", "us-east-1")))).to.equal(undefined);
    });

    it("a write that skipped the version it replaced (based on an older one): the replaced version is lost", () => {
        const v3 = write(3, 2, "w3", "us-east-1");
        expect(detectLostWrite(change(v3, write(3, 1, "w3b", "eu-west-1")))?.item.version).to.equal(3);
        expect(detectLostWrite(change(v3, write(2, 1, "w2b", "eu-west-1")))?.item.version).to.equal(3);
    });

    it("deletes against updates: a delete that replaced an update it had not seen loses the update, an update that replaced such a delete loses the delete", () => {
        const update = write(2, 1, "w-up", "us-east-1", { body: "kept" });
        const tombstone = { id: "i1", version: 2, baseVersion: 1, writeId: "w-del", updatedRegion: "eu-west-1", updatedAt: "2026-11-25T10:00:05.000Z", createdAt: update.createdAt, deleted: true };
        const lostUpdate = detectLostWrite(change(update, tombstone))!;
        expect(lostUpdate.item).to.deep.include({ body: "kept", version: 2 });
        expect(lostUpdate.overwrittenBy).to.deep.equal({ version: 2, region: "eu-west-1", updatedAt: tombstone.updatedAt, deleted: true });
        const lostDelete = detectLostWrite(change(tombstone, update))!;
        expect(lostDelete.item).to.deep.include({ deleted: true, version: 2 });
        // A delete based on the version it removed is a normal delete.
        expect(detectLostWrite(change(write(2, 1, "w2", "us-east-1"), { ...tombstone, version: 3, baseVersion: 2 }))).to.equal(undefined);
    });

    it("a REMOVE (a tombstone's TTL expiry, or a hard delete) saves nothing", () => {
        expect(detectLostWrite(change({ id: "i1", version: 3, baseVersion: 2, writeId: "d", deleted: true }, undefined))).to.equal(undefined);
        expect(detectLostWrite(change(write(2, 1, "w2", "us-east-1"), undefined))).to.equal(undefined);
    });

    it("items written with a user's own credentials, without baseVersion: lost when the version does not follow by exactly one", () => {
        const direct = (version: number, writer: string) => ({ id: "i1", title: writer, version, updatedRegion: writer, updatedAt: `t${version}` });
        expect(detectLostWrite(change(direct(1, "us-east-1"), direct(2, "eu-west-1")))).to.equal(undefined);
        expect(detectLostWrite(change(direct(2, "us-east-1"), direct(2, "eu-west-1")))?.item).to.deep.include({ title: "us-east-1" });
        expect(detectLostWrite(change(direct(2, "us-east-1"), direct(4, "eu-west-1")))?.item.version).to.equal(2);
    });

    it("records of other partitions and other rows are ignored", () => {
        const lost = [write(2, 1, "a", "us-east-1"), write(2, 1, "b", "eu-west-1")] as const;
        for (const [pk, sk] of [["REQUEST#r1", "ITEM#i1"], ["PUBLISHED#alice-0001", "ITEM#i1"], ["CONTROL", "ITEM#i1"], [PK, "IDEMPOTENCY#k"], [PK, "HOME"], [PK, "CONFLICT#i1#x"], [PK, "NOTICE#r1"]]) {
            expect(detectLostWrite(change(lost[0], lost[1], sk, pk)), `${pk} ${sk}`).to.equal(undefined);
        }
    });
});

describe("conflict detector: batches", () => {
    // Loaded in before(), not at load: Powertools reads its settings (region, log level) once, and
    // the handler specs set them when they start their table.
    let detectBatch: typeof import("../../handlers/conflicts/batch").detectBatch;
    before(() => {
        process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
        process.env.AWS_REGION ??= "us-east-1";
        detectBatch = require("../../handlers/conflicts/batch").detectBatch;
    });

    /** A store with DynamoDB's conditional put (attribute_not_exists). */
    function store() {
        const rows = new Map<string, CopyRow>();
        const put = async (row: CopyRow) => {
            const key = `${row.pk}|${row.sk}`;
            if (rows.has(key)) throw Object.assign(new Error("exists"), { name: "ConditionalCheckFailedException" });
            rows.set(key, row);
        };
        return { rows, put };
    }

    it("one copy per lost write, whatever the replays and however many regions see it", async () => {
        const s = store();
        const loss = change(write(2, 1, "w-us", "us-east-1"), write(2, 1, "w-eu", "eu-west-1"));
        expect((await detectBatch([loss, loss], s.put)).saved).to.equal(1);
        // The same loss seen by a third region's detector (its own stream record, same images).
        const elsewhere = change(write(2, 1, "w-us", "us-east-1"), write(2, 1, "w-eu", "eu-west-1"));
        expect(await detectBatch([elsewhere], s.put)).to.deep.equal({ batchItemFailures: [], saved: 0 });
        expect(s.rows.size).to.equal(1);
    });

    it("writes only into the record's own partition", async () => {
        const s = store();
        const records = ["USER#a", "USER#b", "USER#c"].map(pk => change(write(2, 1, `x-${pk}`, "us-east-1"), write(2, 1, `y-${pk}`, "eu-west-1"), "ITEM#i1", pk));
        await detectBatch(records, s.put);
        expect([...s.rows.values()].map(r => r.pk)).to.deep.equal(["USER#a", "USER#b", "USER#c"]);
    });

    it("reports the first record whose copy cannot be written, so the mapping retries from it; earlier records are not redone", async () => {
        const s = store();
        let calls = 0;
        const flaky = async (row: CopyRow) => { if (++calls === 2) throw Object.assign(new Error("throttled"), { name: "ProvisionedThroughputExceededException" }); return s.put(row); };
        const records = [1, 2, 3].map(n => change(write(2, 1, `a${n}`, "us-east-1"), write(2, 1, `b${n}`, "eu-west-1"), `ITEM#i${n}`));
        const out = await detectBatch(records, flaky);
        expect(out.batchItemFailures).to.deep.equal([{ itemIdentifier: records[1].dynamodb!.SequenceNumber }]);
        expect(s.rows.size).to.equal(1);
        expect((await detectBatch(records.slice(1), flaky)).saved).to.equal(2);
        expect(s.rows.size).to.equal(3);
    });
});
