/**
 * `npm run deploy-policy -- --account ID --repo OWNER/NAME [--stack NAME ...] [--out DIR]`: the IAM
 * documents of the GitHub Actions roles, generated from the offline plans of the given stacks
 * (scripts/lib/deployPolicy.ts): the deploy role's trust and permission policies, and the preview
 * role's. docs/deploy.md shows how to create the roles from them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CommandSpec, displayPath, InputError, runCommand, UsageError } from "./lib/cli";
import { readStackConfig, stackFilePath } from "./lib/stackConfig";

const COMMAND: CommandSpec = {
    name: "deploy-policy",
    usage: "npm run deploy-policy -- --account ID --repo OWNER/NAME [--stack NAME ...] [--environment NAME ...] [--branch NAME ...] [--out DIR]",
    summary: "Prints the IAM trust and permission policies of the roles the GitHub workflows assume, generated from the offline plans of the stacks "
        + "(the deploy role: every action the plans' resource types need, in their regions and account; the preview role: the read actions only).",
    options: {
        account: { type: "string", value: "ID", description: "the 12-digit AWS account the stacks deploy to" },
        repo: { type: "string", value: "OWNER/NAME", description: "the GitHub repository whose workflows assume the roles" },
        stack: { type: "string", value: "NAME", multiple: true, description: "stacks the roles deploy (Pulumi.NAME.yaml; default: dev and prod)" },
        environment: { type: "string", value: "NAME", multiple: true, description: "GitHub environments of the deploy jobs (default: development and production, as in deploy.yml)" },
        branch: { type: "string", value: "NAME", multiple: true, description: "also trust jobs without an environment on this branch (repo:OWNER/NAME:ref:refs/heads/NAME)" },
        out: { type: "string", value: "DIR", description: "write one JSON file per document to DIR instead of printing them" },
    },
    notes: ["Example: npm run deploy-policy -- --account 111122223333 --repo acme/platform --out iam/"],
};

runCommand(COMMAND, async ({ values }) => {
    const account = values.account as string | undefined;
    const repo = values.repo as string | undefined;
    if (!account) throw new UsageError("give --account ID (the 12-digit AWS account)");
    if (!repo) throw new UsageError("give --repo OWNER/NAME (the GitHub repository)");
    const stacks = (values.stack as string[] | undefined) ?? ["dev", "prod"];
    for (const stack of stacks) if (!fs.existsSync(stackFilePath(stack))) throw new InputError(`no stack config at ${displayPath(stackFilePath(stack))}`);

    const [{ runProgram }, { buildPlan }, policy] = await Promise.all([
        import("./lib/runProgram"), import("./lib/planModel"), import("./lib/deployPolicy"),
    ]);
    const resources = [];
    for (const stack of stacks) {
        const config = readStackConfig(stackFilePath(stack));
        resources.push(...buildPlan(await runProgram({ stack, config: config.config, secretKeys: config.secretKeys, project: config.project })).resources);
    }
    const regions = [...new Set(resources.map(r => r.region).filter((r): r is string => !!r))];
    let documents: Record<string, unknown>;
    try {
        const deploy = policy.buildDeployPolicies(resources, { accountId: account, regions });
        documents = {
            "deploy-trust.json": policy.buildTrustPolicy({
                accountId: account, repository: repo,
                environments: (values.environment as string[] | undefined) ?? ["development", "production"],
                branches: values.branch as string[] | undefined,
            }),
            ...Object.fromEntries(deploy.map((d, i) => [`deploy-policy-${i + 1}.json`, d])),
            "preview-trust.json": policy.buildTrustPolicy({ accountId: account, repository: repo, pullRequests: true }),
            ...Object.fromEntries(policy.buildPreviewPolicies(deploy).map((d, i) => [`preview-policy-${i + 1}.json`, d])),
        };
    } catch (e) {
        if (e instanceof policy.DeployPolicyError) throw new UsageError(e.message);
        throw e;
    }
    const out = values.out as string | undefined;
    if (out) {
        fs.mkdirSync(out, { recursive: true });
        for (const [file, doc] of Object.entries(documents)) fs.writeFileSync(path.join(out, file), `${JSON.stringify(doc, null, 2)}\n`);
        console.log(`Wrote ${Object.keys(documents).map(f => path.join(out, f)).join(", ")} (stacks ${stacks.join(", ")}; regions ${regions.sort().join(", ")})`);
        return;
    }
    for (const [file, doc] of Object.entries(documents)) console.log(`// ${file}\n${JSON.stringify(doc, null, 2)}\n`);
});
