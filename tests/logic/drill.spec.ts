/** The drill's figures and the no-lost-write oracle, on hand-made logs. */
import { expect } from "chai";
import { awsCliFis } from "../../scripts/lib/drill/aws";
import { brokenInvariants, failureCounts, firstSuccessAfter, outcomesAppliedTwice, phases } from "../../scripts/lib/drill/figures";
import type { CallRecord } from "../../scripts/lib/drill/traffic";
import { appliedWrites, lostWrites, readStamp, stampBody } from "../../scripts/lib/writeOracle";

const call = (startMs: number, endMs: number, result: CallRecord["result"], region = "us-east-1", code?: string): CallRecord =>
    ({ device: `user@${region}`, region, kind: "read", startMs, endMs, result, ...(code ? { code } : {}) });

describe("drill figures", () => {
    const timeline = { faultAtMs: 100, recoveredAtMs: 200, endAtMs: 300 };

    it("splits calls by start into before, during and after, with success rate (refusals are answers) and p99", () => {
        const calls = [call(0, 10, "ok"), call(50, 90, "refused"), call(100, 400, "failed"), call(150, 160, "ok"), call(199, 210, "ok"), call(250, 255, "ok")];
        expect(phases(calls, timeline)).to.deep.equal([
            { phase: "before", calls: 2, failed: 0, successPercent: 100, p99Ms: 40 },
            { phase: "during", calls: 3, failed: 1, successPercent: 66.67, p99Ms: 300 },
            { phase: "after", calls: 1, failed: 0, successPercent: 100, p99Ms: 5 },
        ]);
        expect(phases([], timeline).map(p => [p.calls, p.successPercent, p.p99Ms])).to.deep.equal([[0, 100, 0], [0, 100, 0], [0, 100, 0]]);
    });

    it("times the first served call of the broken region's devices after the fault", () => {
        const calls = [call(90, 150, "ok"), call(110, 180, "failed"), call(120, 260, "ok"), call(105, 115, "ok", "eu-west-1"), call(130, 170, "refused")];
        expect(firstSuccessAfter(calls, 100, ["us-east-1"])).to.equal(70);
        expect(firstSuccessAfter(calls, 100, ["eu-west-1"])).to.equal(15);
        expect(firstSuccessAfter(calls, 100, ["ap-southeast-2"])).to.equal(undefined);
    });

    it("counts failures by kind and code", () => {
        expect(failureCounts([call(0, 1, "failed", "us-east-1", "TIMEOUT"), call(0, 1, "ok"), call(0, 1, "failed", "us-east-1", "TIMEOUT"), { ...call(0, 1, "failed", "us-east-1", "SERVICE_UNAVAILABLE"), kind: "decide" }]))
            .to.deep.equal({ "read TIMEOUT": 2, "decide SERVICE_UNAVAILABLE": 1 });
    });

    const requestRecord = (id: string, from: string | undefined, to: string, writerRegion: string, replicated = false) => ({
        record: { dynamodb: { Keys: { pk: { S: `REQUEST#${id}` }, sk: { S: "REQUEST" } }, ...(from ? { OldImage: { status: { S: from } } } : {}), NewImage: { status: { S: to } } } },
        origin: { writerRegion, replicated },
    });

    it("finds a request whose outcome two regions applied, and only from their own writes", () => {
        const us = [requestRecord("a", "APPROVED", "PUBLISHED", "us-east-1"), requestRecord("b", "PENDING", "REJECTED", "eu-west-1", true), requestRecord("c", "APPROVED", "PUBLISHED", "us-east-1")];
        const eu = [requestRecord("a", "APPROVED", "PUBLISHED", "us-east-1", true), requestRecord("b", "PENDING", "REJECTED", "eu-west-1"), requestRecord("c", "PENDING", "REJECTED", "eu-west-1")];
        const ap = [requestRecord("a", "PUBLISHED", "PUBLISHED", "ap-southeast-2"), requestRecord("b", "PENDING", "APPROVED", "ap-southeast-2")];
        expect(outcomesAppliedTwice([us, eu, ap])).to.deep.equal([{ requestId: "c", regions: ["eu-west-1", "us-east-1"], writes: ["us-east-1: APPROVED->PUBLISHED", "eu-west-1: PENDING->REJECTED"] }]);
        expect(outcomesAppliedTwice([us, [requestRecord("a", "APPROVED", "PUBLISHED", "ap-southeast-2")]]).map(a => a.regions)).to.deep.equal([["ap-southeast-2", "us-east-1"]]);
    });

    it("names every broken invariant, with at most five examples", () => {
        expect(brokenInvariants({ lostWrites: [], stranded: [], appliedTwice: [], replicasAgree: true })).to.deep.equal([]);
        expect(brokenInvariants({
            lostWrites: ["w1", "w2", "w3", "w4", "w5", "w6", "w7"], stranded: [{ requestId: "r1", status: "PENDING" }],
            appliedTwice: [{ requestId: "r2", regions: ["eu-west-1", "us-east-1"] }], replicasAgree: false,
        })).to.deep.equal([
            "acknowledged writes lost: 7 (w1, w2, w3, w4, w5, and 2 more)",
            "approvals stranded: 1 (r1 PENDING)",
            "outcomes applied twice: 1 (r2 in eu-west-1 and us-east-1)",
            "replicas disagree after the drill (their checksums differ)",
        ]);
    });
});

describe("the no-lost-write oracle", () => {
    const image = (token: string, base: string) => ({ record: { dynamodb: { NewImage: { body: { S: stampBody(token, base) } } } } });

    it("reads stamps, and ignores bodies without one", () => {
        expect(readStamp(stampBody("w1", "w0"))).to.deep.equal({ t: "w1", b: "w0" });
        for (const body of [undefined, "", "not json", "{\"t\":1,\"b\":\"x\"}", "null"]) expect(readStamp(body)).to.equal(undefined);
    });

    it("a write is kept, superseded by an applied successor (acknowledged or not), or lost", () => {
        // w1 acknowledged; w2 read it and was applied but its answer never came (its region failed);
        // w3 read w2 and is the final value. w4 acknowledged and overwritten by w5, which never read it.
        const applied = appliedWrites([[image("w1", "init"), image("w2", "w1"), { record: { dynamodb: {} } }], [image("w3", "w2"), image("w4", "w3"), image("w5", "w3")]]);
        expect([...applied]).to.deep.equal([["w1", "init"], ["w2", "w1"], ["w3", "w2"], ["w4", "w3"], ["w5", "w3"]]);
        expect(lostWrites({ acknowledged: ["w1", "w3", "w4", "w5"], kept: new Set(["w5"]), applied })).to.deep.equal(["w4"]);
        expect(lostWrites({ acknowledged: ["w1", "w3", "w4", "w5"], kept: new Set(["w5", "w4"]), applied })).to.deep.equal([]);
    });
});

describe("FIS through the AWS CLI", () => {
    it("starts an experiment from a template and reads its state, in the template's region, as JSON", async () => {
        const seen: string[][] = [];
        const answers: Record<string, unknown> = {
            "start-experiment": { experiment: { id: "EXP9aYz", experimentTemplateId: "EXT1", state: { status: "initiating", reason: "Experiment is initiating." } } },
            "get-experiment": { experiment: { id: "EXP9aYz", state: { status: "stopped", reason: "Experiment stopped by a stop condition" } } },
        };
        const fis = awsCliFis(async (file, args) => {
            seen.push([file, ...args]);
            return { stdout: JSON.stringify(answers[args[1]]) };
        });
        expect(await fis.start("EXT1", "eu-west-1")).to.equal("EXP9aYz");
        expect(await fis.state("EXP9aYz", "eu-west-1")).to.deep.equal({ status: "stopped", reason: "Experiment stopped by a stop condition" });
        expect(seen).to.deep.equal([
            ["aws", "fis", "start-experiment", "--experiment-template-id", "EXT1", "--region", "eu-west-1", "--output", "json"],
            ["aws", "fis", "get-experiment", "--id", "EXP9aYz", "--region", "eu-west-1", "--output", "json"],
        ]);
    });

    it("says what failed: no CLI, an AWS error, an answer without an id", async () => {
        const failing = (e: unknown) => awsCliFis(async () => { throw e; });
        const message = (p: Promise<unknown>) => p.then(() => "", (e: Error) => e.message);
        expect(await message(failing(Object.assign(new Error("spawn aws ENOENT"), { code: "ENOENT" })).start("EXT1", "us-east-1")))
            .to.equal("aws fis start-experiment failed: the AWS CLI is not installed");
        expect(await message(failing(Object.assign(new Error("exit 254"), { stderr: "An error occurred (ValidationException) when calling the StartExperiment operation: Template not found\n" })).state("EXP1", "us-east-1")))
            .to.equal("aws fis get-experiment failed: An error occurred (ValidationException) when calling the StartExperiment operation: Template not found");
        expect(await message(awsCliFis(async () => ({ stdout: "{}" })).start("EXT1", "us-east-1"))).to.equal("aws fis start-experiment answered without an experiment id: {}");
    });
});
