/**
 * What a stack costs a month, from its offline plan (no AWS account, no Pulumi CLI, no network):
 * the fixed cost with no traffic, the cost per million API requests, storage, users and what one
 * more region adds, line by line, priced with the dated table in policies/cost/prices.json.
 *
 *   npm run cost -- --stack prod
 *   npm run cost -- --stack prod --usage my-usage.yml --json cost.json
 *   npm run cost -- --measure        (re-measure policies/cost/request-profile.json)
 *
 * Exit codes: 0 ok, 2 bad arguments, config or usage file, 3 anything else (including a resource
 * the model cannot price).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../config";
import { loadUsage, UsageError, DEFAULT_USAGE_FILE } from "../policies/cost/usage";
import { costJson, renderCost } from "./lib/cost/render";
import { priceStack } from "./lib/cost/stackCost";
import { readStackConfig, stackFilePath } from "./lib/stackConfig";

const USAGE = [
    "usage: npm run cost -- --stack NAME [--config-file PATH] [--usage FILE] [--json FILE] [--marginal-region REGION]",
    "       npm run cost -- --measure",
    "",
    "  --stack NAME               price Pulumi.NAME.yaml's offline plan",
    "  --config-file PATH         price another stack file (like the Pulumi CLI's flag)",
    "  --usage FILE               usage assumptions (YAML) laid over policies/cost/usage.yml",
    "  --json FILE                also write the report as JSON",
    "  --marginal-region REGION   the region to price as one more region (default: the first of us-west-2, eu-central-1, ... the stack lacks)",
    "  --measure                  re-measure the request profile (handlers against dynalite) into policies/cost/request-profile.json",
].join("\n");

const ROOT = path.resolve(__dirname, "..");

async function main(argv: string[]): Promise<number> {
    let values: Record<string, string | boolean | undefined>;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" }, "config-file": { type: "string" }, usage: { type: "string" }, json: { type: "string" },
                "marginal-region": { type: "string" }, measure: { type: "boolean" }, help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (e) {
        console.error(`npm run cost: ${(e as Error).message.split(". ")[0]} (npm run cost -- --help lists the options)`);
        return 2;
    }
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    if (values.measure) {
        const { measureRequestProfile, profileJson, PROFILE_FILE } = require("./lib/cost/measure") as typeof import("./lib/cost/measure");
        fs.writeFileSync(PROFILE_FILE, profileJson(await measureRequestProfile()));
        console.log(`Wrote ${path.relative(process.cwd(), PROFILE_FILE)}`);
        return 0;
    }
    const configFile = (values["config-file"] as string | undefined) ?? (values.stack ? stackFilePath(values.stack as string) : undefined);
    if (!configFile) {
        console.error("npm run cost: --stack NAME or --config-file PATH is required (npm run cost -- --help lists the options)");
        return 2;
    }
    if (!fs.existsSync(configFile)) {
        console.error(`npm run cost: no stack config at ${configFile}`);
        return 2;
    }
    const stack = (values.stack as string | undefined) ?? path.basename(configFile).replace(/^Pulumi\./, "").replace(/\.ya?ml$/, "");
    const usageFile = values.usage as string | undefined;
    if (usageFile !== undefined && !fs.existsSync(usageFile)) {
        console.error(`npm run cost: no usage file at ${usageFile}`);
        return 2;
    }
    let usage;
    try {
        usage = loadUsage(usageFile === undefined ? undefined : fs.readFileSync(usageFile, "utf8"));
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        console.error(`Usage error in ${usageFile}:`);
        console.error(e.message);
        return 2;
    }
    let cost;
    try {
        cost = await priceStack(stack, readStackConfig(configFile), usage, { marginal: values["marginal-region"] as string | undefined });
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        console.error(`Config error in ${configFile}:`);
        console.error(e.message);
        return 2;
    }
    const shownUsage = usageFile ?? path.relative(ROOT, DEFAULT_USAGE_FILE);
    console.log(renderCost(cost, usage, shownUsage));
    if (values.json) {
        fs.writeFileSync(values.json as string, `${JSON.stringify(costJson(cost, shownUsage), null, 2)}\n`);
        console.log(`\nWrote ${values.json}`);
    }
    return 0;
}

main(process.argv.slice(2)).then(
    code => process.exit(code),
    e => {
        console.error(e instanceof Error ? e.stack ?? e.message : e);
        process.exit(3);
    },
);
