/**
 * Failover drills: `npm run region -- drain|undrain|status <region> --stack NAME [--via REGION] [--reason TEXT] [--table NAME]`.
 *
 * Reads the table name and regions from `pulumi stack output --json --stack NAME` (or `--table`),
 * writes through the replica in `--via` (default: the home region, or the first region that is not
 * the one being drained) with AWS SDK v3 and the standard credential chain.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { drainStatus, setDrain } from "./lib/drain";

const USAGE = "usage: npm run region -- drain|undrain|status <region> (--stack NAME | --table NAME | --ready-file PATH) [--via REGION] [--reason TEXT]";

/** The local platform's ready file (`npm start -- --ready-file PATH`): its table, regions and each region's DynamoDB endpoint. */
function readyFile(file: string): { tableName: string; regions: string[]; endpoints: Record<string, string> } {
    const ready = JSON.parse(readFileSync(file, "utf8"));
    return {
        tableName: ready.table,
        regions: Object.keys(ready.regions),
        endpoints: Object.fromEntries(Object.entries<any>(ready.regions).map(([r, e]) => [r, e.dynamodb])),
    };
}

function stackOutputs(stack: string): { tableName?: string; regions?: string[] } {
    try {
        return JSON.parse(execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
    } catch (e: any) {
        const why = e?.code === "ENOENT" ? "the Pulumi CLI is not installed" : String(e?.stderr ?? e?.message ?? e).trim();
        throw new Error(`Cannot read the outputs of stack ${stack}: ${why}.\nPass --table <name> (and --via <region>) to skip the stack outputs, e.g. --table platform-${stack}.`);
    }
}

async function main(argv: string[]): Promise<number> {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: {
        stack: { type: "string" }, via: { type: "string" }, reason: { type: "string" }, table: { type: "string" }, "ready-file": { type: "string" },
    } });
    const [command, region] = positionals;
    if (!["drain", "undrain", "status"].includes(command ?? "") || !region || (!values.stack && !values.table && !values["ready-file"])) {
        console.error(USAGE);
        return 2;
    }
    const local = values["ready-file"] ? readyFile(values["ready-file"]) : undefined;
    const outputs = local ?? (values.table ? { tableName: values.table, regions: undefined } : stackOutputs(values.stack!));
    if (!outputs.tableName) throw new Error(`Stack ${values.stack} has no tableName output: has it been deployed (pulumi up)?`);
    if (outputs.regions && !outputs.regions.includes(region)) throw new Error(`${region} is not one of the stack's regions: ${outputs.regions.join(", ")}`);
    const via = values.via ?? outputs.regions?.find(r => r !== region) ?? region;
    const endpoint = local?.endpoints[via] ?? process.env.DYNAMODB_ENDPOINT;
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: via, endpoint, ...(local ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}) }));
    const by = process.env.USER ?? "operator";
    try {
        const state = command === "status"
            ? await drainStatus(db, outputs.tableName, region)
            : await setDrain(db, outputs.tableName, region, command === "drain", by, values.reason);
        console.log(JSON.stringify({ ...state, via }, null, 2));
        if (command !== "status") {
            console.log(`\n${region} ${command === "drain" ? "drained" : "undrained"}. Its /health answers ${command === "drain" ? 503 : 200} once replication reaches ${region} (usually < 2 s);` +
                " Route 53 acts after failure threshold x interval, clients after the record's TTL. See docs/runbooks.md#failover-drill.");
        }
        return 0;
    } catch (e: any) {
        if (e?.name === "CredentialsProviderError") throw new Error("No AWS credentials: set AWS_PROFILE or run `aws sso login`, then retry.");
        throw e;
    }
}

main(process.argv.slice(2)).then(code => process.exit(code), e => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
