/** `npm run cost` as a child process: the text report, the JSON contract, and clear errors. */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

async function cost(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
        const { stdout, stderr } = await promisify(execFile)(TSX, ["scripts/cost.ts", ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
        return { code: 0, stdout, stderr };
    } catch (e: any) {
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
}

describe("npm run cost (child process)", function () {
    this.timeout(180_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cost-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("--stack prod prints the report and writes the documented JSON", async () => {
        const out = path.join(tmp, "prod.json");
        const result = await cost(["--stack", "prod", "--json", out]);
        expect(result.stderr).to.equal("");
        expect(result.code).to.equal(0);
        expect(result.stdout).to.match(/^Cost of platform\/prod \(offline plan; prices of \d{4}-\d{2}-\d{2}/);
        expect(result.stdout).to.match(/\nFixed monthly cost \(no traffic\): +\$\d+\.\d\d\n/);
        expect(result.stdout).to.match(/\nOne more region \(us-west-2\): +\+\$\d+\.\d\d fixed a month/);
        for (const heading of ["By region:", "Fixed monthly cost, line by line", "Per million API requests, line by line:", "Storage and backups at 5 GB stored:", "Users at 5000 monthly active users:"]) {
            expect(result.stdout).to.include(heading);
        }
        const json = JSON.parse(fs.readFileSync(out, "utf8"));
        expect(json.stack).to.equal("prod");
        expect(json.fixedMonthlyUsd).to.be.a("number").above(0);
        expect(json.perMillionRequestsUsd).to.be.a("number").above(0);
        expect(json.priceTableDate).to.match(/^\d{4}-\d{2}-\d{2}$/);
        expect(json.global.fixedMonthlyUsd).to.be.a("number").above(0);
        for (const region of ["us-east-1", "eu-west-1", "ap-northeast-2"]) {
            expect(json.regions[region].fixedMonthlyUsd, region).to.be.a("number").above(0);
            expect(json.regions[region].perMillionRequestsUsd, region).to.be.a("number").above(0);
        }
        expect(json.marginalRegion.region).to.equal("us-west-2");
        expect(json.marginalRegion.fixedMonthlyUsd).to.be.a("number").above(0);
        expect(json.marginalRegion.perMillionRequestsUsd).to.be.a("number").above(0);
        expect(json.lines.length).to.be.above(50);
        for (const l of json.lines) {
            expect(l).to.include.keys("resource", "quantity", "unitPriceUsd", "source", "usd", "kind", "region");
        }
        const sum = (kind: string) => json.lines.filter((l: any) => l.kind === kind).reduce((n: number, l: any) => n + l.usd, 0);
        expect(json.fixedMonthlyUsd).to.be.closeTo(sum("fixed"), 1e-4);
        expect(json.perMillionRequestsUsd).to.be.closeTo(sum("requests"), 1e-4);
    });

    it("--help prints the options and exits 0", async () => {
        const result = await cost(["--help"]);
        expect(result.code).to.equal(0);
        expect(result.stdout).to.match(/^usage: npm run cost -- --stack NAME/);
    });

    it("an unknown option is one clear line and exit 2", async () => {
        const result = await cost(["--stack", "prod", "--frobnicate"]);
        expect(result.code).to.equal(2);
        expect(result.stdout).to.equal("");
        expect(result.stderr.trim().split("\n")).to.deep.equal(["npm run cost: Unknown option '--frobnicate' (npm run cost -- --help lists the options)"]);
    });

    it("an invalid usage file lists every problem with its key and exits 2", async () => {
        const usage = path.join(tmp, "usage.yml");
        fs.writeFileSync(usage, "requests:\n  monthly_requests: lots\nusers:\n  mau: 5\n");
        const result = await cost(["--stack", "dev", "--usage", usage]);
        expect(result.code).to.equal(2);
        expect(result.stderr).to.equal([
            `Usage error in ${usage}:`,
            "Invalid usage assumptions (2 problems):",
            "  - requests.monthly_requests: must be a number",
            "  - users.mau: unknown key",
            "",
        ].join("\n"));
    });

    it("no stack is exit 2 with the reason", async () => {
        const result = await cost([]);
        expect(result.code).to.equal(2);
        expect(result.stderr.trim()).to.equal("npm run cost: --stack NAME or --config-file PATH is required (npm run cost -- --help lists the options)");
    });
});
