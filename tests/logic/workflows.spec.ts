/** The GitHub workflows validate against the workflow schema (@action-validator/core) and keep their guarantees. */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { validateWorkflow } from "@action-validator/core";

const DIR = path.resolve(__dirname, "../../.github/workflows");
const files = fs.readdirSync(DIR).filter(f => f.endsWith(".yml"));
const read = (f: string) => fs.readFileSync(path.join(DIR, f), "utf8");

describe("GitHub workflows", () => {
    it("exist for pull requests and deploys", () => {
        expect(files.sort()).to.deep.equal(["deploy.yml", "preview.yml"]);
    });

    for (const file of files) {
        it(`${file} is a valid workflow`, () => {
            const state = validateWorkflow(read(file));
            expect(state.errors, JSON.stringify(state.errors)).to.deep.equal([]);
        });

        it(`${file} pins every action to a version and uses OIDC, never long-lived keys`, () => {
            const text = read(file);
            for (const [, action, ref] of text.matchAll(/uses:\s*([\w./-]+)@(\S+)/g)) expect(ref, action).to.match(/^v\d+\.\d+\.\d+$/);
            expect(text).to.not.match(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
            const wf = parse(text);
            for (const [name, job] of Object.entries<any>(wf.jobs)) {
                const usesAws = (job.steps ?? []).some((s: any) => String(s.uses ?? "").startsWith("aws-actions/configure-aws-credentials"));
                if (usesAws) expect(job.permissions?.["id-token"], `${file} ${name}`).to.equal("write");
            }
        });
    }

    it("previews both stacks with the policy pack, and skips cloud steps for fork PRs", () => {
        const wf = parse(read("preview.yml"));
        expect(wf.jobs.preview.strategy.matrix.stack).to.deep.equal(["dev", "prod"]);
        expect(wf.jobs.preview.if).to.equal("github.event.pull_request.head.repo.full_name == github.repository");
        const pulumi = wf.jobs.preview.steps.find((s: any) => String(s.uses).startsWith("pulumi/actions@"));
        expect(pulumi.with).to.deep.include({ command: "preview", policyPacks: "policies", "comment-on-pr": true });
        expect(wf.jobs.offline.steps.map((s: any) => s.run).filter(Boolean)).to.include.members(["npm test", "npm run plan -- --stack dev"]);
    });

    it("deploys dev, then prod behind the protected production environment", () => {
        const wf = parse(read("deploy.yml"));
        expect(wf.jobs.prod.needs).to.equal("dev");
        expect(wf.jobs.prod.environment).to.equal("production");
    });

    it("runs the smoke suite right after pulumi up in both deploy jobs, with credentials from secrets", () => {
        const wf = parse(read("deploy.yml"));
        for (const [job, stack] of [["dev", "dev"], ["prod", "prod"]]) {
            const steps: any[] = wf.jobs[job].steps;
            const up = steps.findIndex(s => String(s.uses).startsWith("pulumi/actions@") && s.with.command === "up");
            const smoke = steps[up + 1];
            expect(smoke.run, job).to.equal(`npm run smoke -- --stack \${{ vars.PULUMI_ORG }}/${stack}`);
            for (const name of ["SMOKE_USERNAME", "SMOKE_PASSWORD", "SMOKE_APPROVER_USERNAME", "SMOKE_APPROVER_PASSWORD"]) {
                expect(smoke.env[name], `${job} ${name}`).to.equal(`\${{ secrets.${name} }}`);
            }
        }
    });
});
