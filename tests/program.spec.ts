import { expect } from "chai";
import { ConfigError } from "../config";
import { encodeConfig, ofType, runStack } from "./helpers/pulumiMocks";
import { MockCloud } from "../scripts/lib/mockCloud";
import { ProgramRun, runProgram } from "../scripts/lib/runProgram";
import { buildPlan, policyInputs } from "../scripts/lib/planModel";
import { runPolicies } from "../policies/offline";
import { policies } from "../policies/rules";

/** Types that are global AWS services and so carry no region. */
const GLOBAL_TYPE = /^aws:(iam|route53|cloudfront)\//;

describe("program (index.ts) under the committed stack configs", () => {
    for (const stack of ["dev", "prod"] as const) {
        describe(stack, () => {
            let run: ProgramRun;
            before(async () => { run = await runStack(stack); });

            it("sets `region` on every regional AWS resource and on no global one", () => {
                const aws = run.resources.filter(r => r.custom && r.type.startsWith("aws:"));
                expect(aws.length).to.be.greaterThan(0);
                for (const r of aws) {
                    if (GLOBAL_TYPE.test(r.type)) expect(r.inputs.region, `${r.type} ${r.name}`).to.equal(undefined);
                    else expect([...(run.outputs.regions as string[]), "us-west-2"], `${r.type} ${r.name}`).to.include(r.inputs.region ?? "(none)");
                }
            });

            it("passes every rule of the policy pack (mandatory and advisory)", async () => {
                const violations = await runPolicies(policies, policyInputs(buildPlan(run)));
                expect(violations.map(v => `${v.policy}: ${v.message}`)).to.deep.equal([]);
            });

            it("puts only the backup copy vault (and its key) in a region outside platform:regions", () => {
                const outside = run.resources.filter(r => r.custom && typeof r.inputs.region === "string" && !(run.outputs.regions as string[]).includes(r.inputs.region));
                expect(outside.map(r => `${r.type} ${r.name} ${r.inputs.region}`).sort()).to.deep.equal([
                    "aws:backup/vault:Vault backup-us-west-2-copy us-west-2",
                    "aws:kms/alias:Alias backup-us-west-2-copy-key-alias us-west-2",
                    "aws:kms/key:Key backup-us-west-2-copy-key us-west-2",
                    ...(stack === "prod" ? ["aws:backup/vaultLockConfiguration:VaultLockConfiguration backup-us-west-2-copy-lock us-west-2"] : []),
                ].sort());
            });

            it("creates the global table once, with a replica in every other configured region", () => {
                const regions = run.outputs.regions as string[];
                const tables = ofType(run.resources, "aws:dynamodb/table:Table").filter(t => t.inputs.replicas);
                expect(tables).to.have.length(1);
                expect(tables[0].inputs.region).to.equal(regions[0]);
                expect(tables[0].inputs.replicas.map((r: any) => r.regionName)).to.deep.equal(regions.slice(1));
            });

            it(stack === "prod" ? "protects and retains the table and its keys" : "protects nothing (dev can be destroyed)", () => {
                const data = run.resources.filter(r => r.type === "aws:dynamodb/table:Table" || (r.type === "aws:kms/key:Key" && r.name.startsWith("data-")));
                for (const r of data) {
                    expect(r.protect, r.name).to.equal(stack === "prod");
                    expect(r.retainOnDelete, r.name).to.equal(stack === "prod");
                }
            });
        });
    }

    it("the prod stack runs in three regions on three continents; dev in two", async () => {
        expect((await runStack("prod")).outputs.regions).to.deep.equal(["us-east-1", "eu-west-1", "ap-northeast-2"]);
        expect((await runStack("dev")).outputs.regions).to.deep.equal(["us-east-1", "eu-west-1"]);
    });

    it("fails on bad config with one error listing every problem, before registering any resource", async () => {
        const cloud = new MockCloud();
        let error: unknown;
        try {
            await runProgram({ stack: "bad", cloud, config: encodeConfig({ regions: ["us-east-1", "us-east-1"], healthCheck: { intervalSeconds: 20 } }) });
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(ConfigError);
        expect((error as ConfigError).problems).to.deep.equal([
            "platform:healthCheck.intervalSeconds: must be 10 or 30 (Route 53 request interval)",
            "platform:regions[1]: region [us-east-1] is listed twice (also at index 0)",
        ]);
        expect(cloud.resources.filter(r => r.custom)).to.deep.equal([]);
    });
});
