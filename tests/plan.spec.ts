import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import type { Plan } from "../scripts/lib/planModel";

const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

/** Runs `npm run plan -- <args>` as a child process (without npm, to keep the output clean). */
async function plan(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
        const { stdout, stderr } = await promisify(execFile)(TSX, ["scripts/plan.ts", ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
        return { code: 0, stdout, stderr };
    } catch (e: any) {
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
}

describe("npm run plan (child process)", function () {
    this.timeout(120_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    for (const stack of ["dev", "prod"]) {
        it(`--stack ${stack} prints the plan per region and writes the documented JSON`, async () => {
            const out = path.join(tmp, `${stack}.json`);
            const result = await plan(["--stack", stack, "--json", out]);
            expect(result.stderr).to.equal("");
            expect(result.code).to.equal(0);
            expect(result.stdout).to.match(new RegExp(`^Plan for platform/${stack} \\(offline, mocked AWS\\): \\d+ resources to create`));
            expect(result.stdout).to.include("us-east-1 (home):");
            expect(result.stdout).to.include("eu-west-1:");
            expect(result.stdout).to.match(/Policies: 0 mandatory, \d+ advisory violation\(s\)/);

            const json = JSON.parse(fs.readFileSync(out, "utf8")) as Plan;
            expect(json.project).to.equal("platform");
            expect(json.stack).to.equal(stack);
            expect(json.policies.violations.filter(v => v.level === "mandatory")).to.deep.equal([]);
            const regions = json.outputs.regions as string[];
            for (const r of json.resources) {
                expect(Object.keys(r)).to.include.members(["urn", "type", "name", "parent", "region", "inputs"]);
                if (r.type !== "pulumi:pulumi:Stack") expect(r.parent, r.urn).to.be.a("string");
            }
            const table = json.resources.filter(r => r.type === "aws:dynamodb/table:Table" && (r.inputs as any).replicas);
            expect(table).to.have.length(1);
            expect(table[0].region).to.equal(regions[0]);
            expect((table[0].inputs as any).replicas.map((x: any) => x.regionName)).to.deep.equal(regions.slice(1));
            const keyRegions = json.resources.filter(r => r.type === "aws:kms/key:Key" && r.name.startsWith("data-")).map(r => r.region);
            expect(keyRegions).to.deep.equal(regions);
            expect(json.resources.filter(r => r.type.startsWith("aws:") && !/^aws:(iam|route53|cloudfront)\//.test(r.type) && r.region === null)).to.deep.equal([]);
        });
    }

    it("the prod plan runs in three regions", async () => {
        const out = path.join(tmp, "prod.json");
        if (!fs.existsSync(out)) await plan(["--stack", "prod", "--json", out]);
        expect((JSON.parse(fs.readFileSync(out, "utf8")) as Plan).outputs.regions).to.deep.equal(["us-east-1", "eu-west-1", "ap-northeast-2"]);
    });

    it("--config-file with several mistakes exits 2 and prints every mistake with its key", async () => {
        const bad = path.join(tmp, "bad.yaml");
        fs.writeFileSync(bad, [
            "config:",
            "  platform:regions: [us-east-1, US-East-1, mars-north-1]",
            "  platform:healthCheck: { intervalSeconds: 15, failureThreshold: 11 }",
            "  platform:approval: { approverEmails: [not-an-email], timeoutHours: 9000 }",
            "  platform:backup: { copyRegion: us-east-1 }",
            "  platform:alarmEmail: nope",
            "",
        ].join("\n"));
        const result = await plan(["--config-file", bad]);
        expect(result.code).to.equal(2);
        expect(result.stdout).to.equal("");
        for (const line of [
            "Invalid stack configuration (8 problems):",
            "  - platform:healthCheck.intervalSeconds: must be 10 or 30 (Route 53 request interval)",
            "  - platform:healthCheck.failureThreshold: must be a whole number from 1 to 10 (Route 53 failure threshold)",
            "  - platform:approval.approverEmails[0]: is not a valid email address",
            "  - platform:approval.timeoutHours: must be a whole number from 1 to 8760 (a Standard workflow runs at most one year)",
            "  - platform:alarmEmail: is not a valid email address",
            "  - platform:regions[1]: region [us-east-1] is listed twice (also at index 0)",
            "  - platform:regions[2]: \"mars-north-1\" is not an AWS region",
            "  - platform:backup.copyRegion: must differ from the home region us-east-1 (a copy in the same region does not survive a regional outage)",
        ]) expect(result.stderr).to.include(line);
    });

    it("an unknown stack exits 2 with one line listing the stacks there are", async () => {
        const result = await plan(["--stack", "nope"]);
        expect(result.code).to.equal(2);
        expect(result.stderr).to.equal("plan: no stack config at Pulumi.nope.yaml; stacks here: dev, prod\n");
    });

    it("a stack whose aws:region is not the home region exits 2, naming both", async () => {
        const file = path.join(tmp, "region.yaml");
        fs.writeFileSync(file, "config:\n  aws:region: eu-west-1\n  platform:regions: [us-east-1, eu-west-1]\n");
        const result = await plan(["--config-file", file]);
        expect(result.code).to.equal(2);
        expect(result.stdout).to.equal("");
        expect(result.stderr).to.equal([
            `plan: ${file}: Invalid stack configuration (1 problem):`,
            "  - aws:region: \"eu-west-1\" is not the home region us-east-1 (the first of platform:regions); set aws:region: us-east-1",
            "",
        ].join("\n"));
    });
});
