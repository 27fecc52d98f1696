/**
 * Offline plan: evaluates index.ts under the SDK's mocks with a stack's config (no AWS account,
 * no Pulumi CLI, no network), prints what would be created per region and component, runs the
 * policy pack's rules over it, and optionally writes the plan as JSON.
 *
 *   npm run plan -- --stack dev
 *   npm run plan -- --stack prod --json plan.json
 *   npm run plan -- --config-file bad.yaml
 *   npm run plan -- --stack prod --diagram architecture.md   (Mermaid)
 *
 * Exit codes: 0 ok, 1 mandatory policy violation, 2 config error, 3 anything else.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../config";
import { runPolicies, Violation } from "../policies/offline";
import { policies } from "../policies/rules";
import { buildPlan, Plan, policyInputs, renderDiagram, renderPlan } from "./lib/planModel";
import { runProgram } from "./lib/runProgram";
import { readStackConfig, stackFilePath } from "./lib/stackConfig";

const USAGE = "usage: npm run plan -- --stack NAME [--config-file PATH] [--json FILE] [--diagram FILE]";

async function main(argv: string[]): Promise<number> {
    const { values } = parseArgs({
        args: argv,
        options: {
            stack: { type: "string" },
            "config-file": { type: "string" },
            json: { type: "string" },
            diagram: { type: "string" },
            help: { type: "boolean", short: "h" },
        },
        strict: true,
    });
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    const configFile = values["config-file"] ?? (values.stack ? stackFilePath(values.stack) : undefined);
    if (!configFile) {
        console.error(USAGE);
        return 3;
    }
    if (!fs.existsSync(configFile)) {
        console.error(`No stack config at ${configFile}. Stacks here: ${listStacks().join(", ")}`);
        return 3;
    }
    const stack = values.stack ?? path.basename(configFile).replace(/^Pulumi\./, "").replace(/\.ya?ml$/, "");
    const stackConfig = readStackConfig(configFile);

    let plan: Plan;
    try {
        const run = await runProgram({ stack, config: stackConfig.config, secretKeys: stackConfig.secretKeys, project: stackConfig.project });
        plan = buildPlan(run);
    } catch (e) {
        if (e instanceof ConfigError) {
            console.error(`Config error in ${configFile}:`);
            console.error(e.message);
            return 2;
        }
        throw e;
    }

    const violations: Violation[] = await runPolicies(policies, policyInputs(plan));
    plan.policies.violations.push(...violations);

    console.log(renderPlan(plan));
    if (values.json) {
        fs.writeFileSync(values.json, `${JSON.stringify(plan, null, 2)}\n`);
        console.log(`\nWrote ${values.json}`);
    }
    if (values.diagram) {
        fs.writeFileSync(values.diagram, `\`\`\`mermaid\n${renderDiagram(plan)}\n\`\`\`\n`);
        console.log(`Wrote ${values.diagram}`);
    }
    return violations.some(v => v.level === "mandatory") ? 1 : 0;
}

function listStacks(): string[] {
    const root = path.resolve(__dirname, "..");
    return fs.readdirSync(root).filter(f => /^Pulumi\.[^.]+\.yaml$/.test(f)).map(f => f.split(".")[1]);
}

main(process.argv.slice(2)).then(
    code => process.exit(code),
    e => {
        console.error(e instanceof Error ? e.stack ?? e.message : e);
        process.exit(3);
    },
);
