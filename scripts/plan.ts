/**
 * Offline plan: evaluates index.ts under the SDK's mocks with a stack's config (no AWS account,
 * no Pulumi CLI, no network), prints what would be created per region and component, runs the
 * policy pack's rules over it, and optionally writes the plan as JSON.
 *
 *   npm run plan -- --stack dev
 *   npm run plan -- --stack prod --json plan.json
 *   npm run plan -- --config-file my-stack.yaml
 *
 * Exit codes: 0 ok, 1 mandatory policy violation, 2 bad input (unknown flag or stack, malformed
 * YAML, invalid config), 3 anything else (scripts/lib/cli.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CommandSpec, displayPath, EXIT, InputError, runCommand, UsageError } from "./lib/cli";
import { readStackConfig, stackFilePath } from "./lib/stackConfig";

const ROOT = path.resolve(__dirname, "..");

/** The command line of `npm run plan`. */
const PLAN_COMMAND: CommandSpec = {
    name: "plan",
    usage: "npm run plan -- (--stack NAME | --config-file PATH) [--json FILE]",
    summary: "Evaluates the Pulumi program offline (mocked AWS, no account, no Pulumi CLI) with a stack's config: "
        + "prints the resources per region and component, and runs the policy pack over them.",
    options: {
        stack: { type: "string", value: "NAME", description: "read Pulumi.NAME.yaml from the repository root" },
        "config-file": { type: "string", value: "PATH", description: "read this stack file instead (like the Pulumi CLI's --config-file)" },
        json: { type: "string", value: "FILE", description: "also write the plan as JSON (resources, outputs, policy violations)" },
    },
    exitCodes: {
        [EXIT.failed]: "a mandatory policy violation",
        [EXIT.usage]: "bad input: unknown flag or stack, unreadable or malformed YAML, invalid stack config (every problem listed)",
    },
};

function listStacks(): string[] {
    return fs.readdirSync(ROOT).filter(f => /^Pulumi\.[^.]+\.yaml$/.test(f)).map(f => f.split(".")[1]);
}

runCommand(PLAN_COMMAND, async ({ values }) => {
    const stackName = values.stack as string | undefined;
    const configFile = (values["config-file"] as string | undefined) ?? (stackName ? stackFilePath(stackName) : undefined);
    if (!configFile) throw new UsageError("give --stack NAME or --config-file PATH");
    if (!fs.existsSync(configFile)) {
        throw new InputError(`no stack config at ${displayPath(configFile)}; stacks here: ${listStacks().join(", ")}`);
    }
    const stack = stackName ?? path.basename(configFile).replace(/^Pulumi\./, "").replace(/\.ya?ml$/, "");
    const stackConfig = readStackConfig(configFile);
    // Loaded once the command line and the stack file are known to be good: --help and input errors stay instant.
    const [{ runPolicies }, { policies }, { buildPlan, policyInputs, renderPlan }, { runProgram }] = await Promise.all([
        import("../policies/offline"), import("../policies/rules"), import("./lib/planModel"), import("./lib/runProgram"),
    ]);

    const run = await runProgram({ stack, config: stackConfig.config, secretKeys: stackConfig.secretKeys, project: stackConfig.project }).catch(e => {
        // A ConfigError lists every problem with its key; say which file they are in.
        if (e instanceof Error && e.name === "ConfigError") e.message = `${displayPath(configFile)}: ${e.message}`;
        throw e;
    });
    const plan = buildPlan(run);
    const violations = await runPolicies(policies, policyInputs(plan));
    plan.policies.violations.push(...violations);

    console.log(renderPlan(plan));
    const json = values.json as string | undefined;
    if (json) {
        fs.writeFileSync(json, `${JSON.stringify(plan, null, 2)}\n`);
        console.log(`\nWrote ${json}`);
    }
    return violations.some(v => v.level === "mandatory") ? EXIT.failed : EXIT.ok;
});
