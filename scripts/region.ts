/**
 * Failover drills: `npm run region -- drain|undrain|status <region> --stack NAME [--via REGION] [--reason TEXT] [--table NAME]`.
 *
 * Reads the table name and regions from `pulumi stack output --json --stack NAME` (or `--table`),
 * writes through the replica in `--via` (default: the first stack region that is not the one being
 * drained) with AWS SDK v3 and the standard credential chain.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { closest } from "../components/logic/closest";
import { AWS_REGIONS, isAwsRegion } from "../components/logic/regions";
import { CommandError, CommandSpec, runCommand, UsageError } from "./lib/cli";

/** The command line of `npm run region`. */
const REGION_COMMAND: CommandSpec = {
    name: "region",
    usage: "npm run region -- drain|undrain|status <region> (--stack NAME | --table NAME | --ready-file PATH) [--via REGION] [--reason TEXT]",
    summary: "Drains a region (its /health answers 503, so Route 53 moves traffic away), undrains it, or shows its state. "
        + "See docs/runbooks.md#failover-drill.",
    positionals: [
        { name: "drain|undrain|status", description: "what to do" },
        { name: "<region>", description: "the region to drain, undrain or inspect" },
    ],
    options: {
        stack: { type: "string", value: "NAME", description: "read the table name and regions from this stack's outputs (needs the Pulumi CLI)" },
        table: { type: "string", value: "NAME", description: "the global table's name, instead of --stack (e.g. platform-prod)" },
        via: { type: "string", value: "REGION", description: "replica to write through (default: a stack region other than <region>)" },
        reason: { type: "string", value: "TEXT", description: "recorded with the flag" },
        "ready-file": { type: "string", value: "PATH", description: "the local platform's ready file (npm start -- --ready-file PATH): its table and each region's DynamoDB endpoint" },
    },
    exitCodes: { 1: "the stack outputs could not be read, or the AWS call failed" },
    notes: ["AWS credentials come from the standard chain (AWS_PROFILE, SSO, environment). DYNAMODB_ENDPOINT points the client at a local DynamoDB."],
};

const COMMANDS = ["drain", "undrain", "status"];

/** The local platform's ready file: its table, regions and each region's DynamoDB endpoint. */
function readyFile(file: string): { tableName: string; regions: string[]; endpoints: Record<string, string> } {
    let ready: any;
    try {
        ready = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
        throw new UsageError(`--ready-file ${file}: ${(e as Error).message.split("\n")[0]}`);
    }
    if (typeof ready?.table !== "string" || !ready.regions) throw new UsageError(`--ready-file ${file}: not a ready file of npm start (no table or regions)`);
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
        throw new CommandError(`Cannot read the outputs of stack ${stack}: ${why}. Pass --table <name> (and --via <region>) to skip the stack outputs, e.g. --table platform-${stack}.`);
    }
}

function checkRegion(option: string, region: string): void {
    if (isAwsRegion(region)) return;
    const hint = closest(region, AWS_REGIONS);
    throw new UsageError(`${option} "${region}" is not an AWS region${hint ? ` (did you mean ${hint}?)` : ""}`);
}

runCommand(REGION_COMMAND, async ({ values, positionals }) => {
    const [command, region] = positionals;
    if (!command || !COMMANDS.includes(command)) throw new UsageError(command ? `unknown command "${command}": use drain, undrain or status` : "give a command: drain, undrain or status");
    if (!region) throw new UsageError(`${command} needs a region`);
    checkRegion("region", region);
    const via = values.via as string | undefined;
    if (via) checkRegion("--via", via);
    const stack = values.stack as string | undefined;
    const table = values.table as string | undefined;
    const ready = values["ready-file"] as string | undefined;
    if (!stack && !table && !ready) throw new UsageError("give --stack NAME, --table NAME or --ready-file PATH");

    const local = ready ? readyFile(ready) : undefined;
    const outputs = local ?? (table ? { tableName: table, regions: undefined } : stackOutputs(stack!));
    if (!outputs.tableName) throw new CommandError(`Stack ${stack} has no tableName output: has it been deployed (pulumi up)?`);
    if (outputs.regions && !outputs.regions.includes(region)) throw new UsageError(`${region} is not one of the stack's regions: ${outputs.regions.join(", ")}`);
    const through = via ?? outputs.regions?.find(r => r !== region) ?? region;
    // The AWS SDK loads only for a command that will use it: --help and usage errors answer at once.
    const [{ DynamoDBClient }, { DynamoDBDocumentClient }, { drainStatus, setDrain }] = await Promise.all([
        import("@aws-sdk/client-dynamodb"), import("@aws-sdk/lib-dynamodb"), import("./lib/drain"),
    ]);
    const endpoint = local?.endpoints[through] ?? process.env.DYNAMODB_ENDPOINT;
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: through, endpoint, ...(local ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}) }));
    const by = process.env.USER ?? "operator";
    try {
        const state = command === "status"
            ? await drainStatus(db, outputs.tableName, region)
            : await setDrain(db, outputs.tableName, region, command === "drain", by, values.reason as string | undefined);
        console.log(JSON.stringify({ ...state, via: through }, null, 2));
        if (command !== "status") {
            console.log(`\n${region} ${command === "drain" ? "drained" : "undrained"}. Its /health answers ${command === "drain" ? 503 : 200} once replication reaches ${region} (usually < 2 s);` +
                " Route 53 acts after failure threshold x interval, clients after the record's TTL. See docs/runbooks.md#failover-drill.");
        }
    } catch (e: any) {
        if (e?.name === "CredentialsProviderError") throw new CommandError("No AWS credentials: set AWS_PROFILE or run `aws sso login`, then retry.");
        if (e?.$metadata) throw new CommandError(`DynamoDB in ${through} refused the call: ${e.name}: ${e.message}`);
        throw e;
    }
});
