/**
 * `npm start -- [--stack dev|prod] [--config-file F] [--regions r1,r2,...] [--port N]
 *   [--replication-lag-ms N] [--time-scale F] [--approval-timeout-seconds N] [--ready-file PATH] [--logs]`
 *
 * Starts every region of the stack on this machine (local/platform.ts), prints one JSON object
 * with every endpoint and the seeded users (and writes it to --ready-file), and runs until SIGINT
 * or SIGTERM, which stop everything it started within 2 s. Exit codes as every script's
 * (scripts/lib/cli.ts): 0 stopped, 2 bad flags or stack file, 1 a port in use, 3 anything else.
 */
import * as fs from "node:fs";
import { CommandError, CommandSpec, EXIT, runCommand, UsageError } from "../scripts/lib/cli";
import type { LocalPlatform } from "./platform";

const START_COMMAND: CommandSpec = {
    name: "start",
    usage: "npm start -- [--stack NAME | --config-file PATH] [--regions r1,r2,...] [--port N] [--ready-file PATH] [options]",
    summary: "Runs every region of a stack on this machine: per region a REST API with the real handlers, a DynamoDB replica and "
        + "Step Functions; global-table replication, the latency-routed front door, a Cognito user pool, an SNS outbox, a control API and the web console. "
        + "Prints the endpoints as one JSON object and runs until Ctrl-C.",
    options: {
        stack: { type: "string", value: "NAME", description: "stack whose Pulumi.<NAME>.yaml is read (default dev)" },
        "config-file": { type: "string", value: "PATH", description: "another stack file" },
        regions: { type: "string", value: "r1,r2,...", description: "replace platform:regions (the first is home)" },
        port: { type: "string", value: "N", description: "first port (default 7700; the others follow it); 0 = free ports" },
        "replication-lag-ms": { type: "string", value: "N", description: "global-table replication lag (default 500, with jitter)" },
        "time-scale": { type: "string", value: "F", description: "multiply Route 53 timings and the approval timeout, in (0, 1] (e.g. 0.01)" },
        "approval-timeout-seconds": { type: "string", value: "N", description: "approval timeout, instead of approval.timeoutHours x time scale" },
        "inter-region-rtt-ms": { type: "string", value: "N", description: "round trip added to a function's call to another region's DynamoDB (default 0; ~80 between us-east-1 and eu-west-1)" },
        "ready-file": { type: "string", value: "PATH", description: "also write the endpoints JSON there (removed on exit)" },
        logs: { type: "boolean", description: "print the functions' log lines to stderr" },
    },
    exitCodes: { 0: "stopped by SIGINT or SIGTERM", 1: "a port is in use (try --port 0)" },
    notes: ["README \"Run it locally\" lists the control API (faults on demand) and where the local platform differs from AWS."],
};

/** A number flag: `undefined` when absent, a UsageError naming the flag when malformed. */
function numberFlag(values: Record<string, unknown>, name: string, ok: (n: number) => boolean, what: string): number | undefined {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const text = String(raw);
    const n = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || !ok(n)) throw new UsageError(`--${name}: ${what} (got ${text})`);
    return n;
}

runCommand(START_COMMAND, async ({ values }) => {
    const options = {
        stack: values.stack as string | undefined,
        configFile: values["config-file"] as string | undefined,
        regions: (values.regions as string | undefined)?.split(",").map(r => r.trim()).filter(Boolean),
        port: numberFlag(values, "port", n => Number.isInteger(n) && n <= 65_000, "must be 0 or a port number") ?? 7700,
        replicationLagMs: numberFlag(values, "replication-lag-ms", n => Number.isInteger(n) && n <= 600_000, "must be whole milliseconds, at most 600000"),
        timeScale: numberFlag(values, "time-scale", n => n > 0 && n <= 1, "must be a number in (0, 1]"),
        approvalTimeoutSeconds: numberFlag(values, "approval-timeout-seconds", n => Number.isInteger(n) && n >= 1, "must be a whole number of seconds, at least 1"),
        interRegionRttMs: numberFlag(values, "inter-region-rtt-ms", n => Number.isInteger(n) && n <= 10_000, "must be whole milliseconds, at most 10000"),
    };
    const readyFile = values["ready-file"] as string | undefined;
    const started = Date.now();
    // Loaded after the command line is parsed, so --help and usage errors answer at once.
    const { startPlatform } = await import("./platform");
    let platform: LocalPlatform;
    try {
        platform = await startPlatform({
            ...options,
            onLog: values.logs ? line => process.stderr.write(`[${line.region} ${line.function.split("-").slice(-1)[0]}] ${line.line}\n`) : undefined,
        });
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") throw new CommandError(`a port is in use (${(e as Error).message}); pass --port 0 for free ports or --port N for another range`);
        throw e;
    }
    if (readyFile) fs.writeFileSync(readyFile, JSON.stringify(platform.ready, null, 2));
    console.log(JSON.stringify(platform.ready, null, 2));
    const { ready, config } = platform;
    const alice = ready.users.find(u => u.username === "alice")!;
    console.error([
        "",
        `Ready in ${((Date.now() - started) / 1000).toFixed(1)} s: stack ${ready.stack}, regions ${config.regions.join(", ")} (home ${config.homeRegion}), ${config.table.consistency} consistency.`,
        `Users: ${ready.users.map(u => `${u.username} / ${u.password}${u.groups.length ? ` (${u.groups.join(", ")})` : ""}`).join(", ")}`,
        `Web console: ${ready.console} (sign in with one of the users above)`,
        "Try:",
        `  TOKEN=$(curl -s ${ready.cognito.endpoint}/ -H 'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth' -H 'Content-Type: application/x-amz-json-1.1' \\`,
        `    -d '{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"${ready.cognito.clientId}","AuthParameters":{"USERNAME":"alice","PASSWORD":"${alice.password}"}}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).AuthenticationResult.IdToken')`,
        `  curl -s -X POST ${ready.frontDoor}/items -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"title":"hello"}'`,
        `  curl -s -X POST ${ready.control}/regions/${config.homeRegion}/fail      # a region outage; .../recover ends it`,
        "Ctrl-C stops everything.",
    ].join("\n"));

    // Runs until a signal; everything this process started is a server, a timer or a worker thread.
    await new Promise<void>(resolve => {
        let stopping = false;
        const stop = () => {
            if (stopping) return;
            stopping = true;
            const deadline = setTimeout(resolve, 1800);
            platform.stop().finally(() => {
                if (readyFile) fs.rmSync(readyFile, { force: true });
                clearTimeout(deadline);
                resolve();
            });
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
        // Orphaned (whatever ran us died without passing the signal on): stop rather than linger.
        const parent = process.ppid;
        setInterval(() => { if (process.ppid !== parent) stop(); }, 250).unref();
    });
    return EXIT.ok;
});
