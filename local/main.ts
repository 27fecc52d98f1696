/**
 * `npm start -- [--stack dev|prod] [--config-file F] [--regions r1,r2,...] [--port N]
 *   [--replication-lag-ms N] [--time-scale F] [--approval-timeout-seconds N] [--ready-file PATH] [--logs]`
 *
 * Starts every region of the stack on this machine (local/platform.ts), prints one JSON object
 * with every endpoint and the seeded users (and writes it to --ready-file), and runs until SIGINT
 * or SIGTERM, which stop everything it started within 2 s. Exit codes: 0 stopped, 2 bad flags or
 * config, 1 anything else.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError } from "../config";
import { startPlatform } from "./platform";

const USAGE = `usage: npm start -- [options]

Runs every region of a stack on this machine: per region a REST API with the real handlers, a
DynamoDB replica and Step Functions; global-table replication, the latency-routed front door,
a Cognito user pool, an SNS outbox, a control API and the web console.

  --stack NAME                  stack whose Pulumi.<NAME>.yaml is read (default dev)
  --config-file PATH            another stack file
  --regions r1,r2,...           replace platform:regions (the first is home)
  --port N                      first port (default 7700; the rest follow it); 0 = free ports
  --replication-lag-ms N        global-table replication lag (default 500, with jitter)
  --time-scale F                multiply Route 53 timings and the approval timeout (e.g. 0.01)
  --approval-timeout-seconds N  approval timeout, instead of approval.timeoutHours x time scale
  --ready-file PATH             also write the endpoints JSON there (removed on exit)
  --logs                        print the functions' log lines to stderr
  --help                        this text`;

/** Parsed flags, or a one-line problem. */
function flags(argv: string[]) {
    const { values } = parseArgs({
        args: argv, strict: true, allowPositionals: false,
        options: {
            stack: { type: "string" }, "config-file": { type: "string" }, regions: { type: "string" }, port: { type: "string" },
            "replication-lag-ms": { type: "string" }, "time-scale": { type: "string" }, "approval-timeout-seconds": { type: "string" },
            "ready-file": { type: "string" }, logs: { type: "boolean" }, help: { type: "boolean" },
        },
    });
    const number = (name: string, value: string | undefined, ok: (n: number) => boolean, what: string) => {
        if (value === undefined) return undefined;
        const n = Number(value);
        if (!/^\d+(\.\d+)?$/.test(value) || !ok(n)) throw new Error(`--${name}: ${what} (got ${value})`);
        return n;
    };
    return {
        help: values.help === true,
        logs: values.logs === true,
        readyFile: values["ready-file"],
        options: {
            stack: values.stack,
            configFile: values["config-file"],
            regions: values.regions?.split(",").map(r => r.trim()).filter(Boolean),
            port: number("port", values.port, n => Number.isInteger(n) && n >= 0 && n <= 65_000, "must be 0 or a port number") ?? 7700,
            replicationLagMs: number("replication-lag-ms", values["replication-lag-ms"], n => Number.isInteger(n) && n <= 600_000, "must be whole milliseconds, at most 600000"),
            timeScale: number("time-scale", values["time-scale"], n => n > 0 && n <= 1, "must be a number in (0, 1]"),
            approvalTimeoutSeconds: number("approval-timeout-seconds", values["approval-timeout-seconds"], n => Number.isInteger(n) && n >= 1, "must be a whole number of seconds, at least 1"),
        },
    };
}

async function main(argv: string[]): Promise<void> {
    let parsed: ReturnType<typeof flags>;
    try {
        parsed = flags(argv);
    } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const why = err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? `unknown option ${/'([^']+)'/.exec(err.message)?.[1] ?? ""}`
            : err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" ? err.message.split(".")[0]
                : err.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" ? `unexpected argument ${/'([^']+)'/.exec(err.message)?.[1] ?? ""}` : err.message;
        console.error(`npm start: ${why} (npm start -- --help lists the options)`);
        process.exit(2);
    }
    if (parsed.help) {
        console.log(USAGE);
        return;
    }
    const started = Date.now();
    let platform;
    try {
        platform = await startPlatform({
            ...parsed.options,
            onLog: parsed.logs ? line => process.stderr.write(`[${line.region} ${line.function.split("-").slice(-1)[0]}] ${line.line}\n`) : undefined,
        });
    } catch (e) {
        if (e instanceof ConfigError) {
            console.error(e.message);
            process.exit(2);
        }
        const code = (e as NodeJS.ErrnoException).code;
        if ((e as Error).name === "YAMLParseError" || code === "ENOENT") {
            console.error(`npm start: cannot read the stack file: ${(e as Error).message.split("\n")[0]}`);
            process.exit(2);
        }
        console.error(code === "EADDRINUSE" ? `npm start: a port is in use (${(e as Error).message}); pass --port 0 for free ports or --port N for another range` : `npm start: ${(e as Error).stack ?? e}`);
        process.exit(code === "EADDRINUSE" ? 2 : 1);
    }
    const readyFile = parsed.readyFile;
    if (readyFile) fs.writeFileSync(readyFile, JSON.stringify(platform.ready, null, 2));
    console.log(JSON.stringify(platform.ready, null, 2));
    const home = platform.config.homeRegion;
    const alice = platform.ready.users.find(u => u.username === "alice")!;
    console.error([
        "",
        `Ready in ${((Date.now() - started) / 1000).toFixed(1)} s: stack ${platform.ready.stack}, regions ${[...platform.regions.keys()].join(", ")} (home ${home}), ${platform.config.table.consistency} consistency.`,
        `Users: ${platform.ready.users.map(u => `${u.username} / ${u.password}${u.groups.length ? ` (${u.groups.join(", ")})` : ""}`).join(", ")}`,
        `Web console: ${platform.ready.console} (sign in with one of the users above)`,
        "Try:",
        `  TOKEN=$(curl -s ${platform.ready.cognito.endpoint}/ -H 'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth' -H 'Content-Type: application/x-amz-json-1.1' \\`,
        `    -d '{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"${platform.ready.cognito.clientId}","AuthParameters":{"USERNAME":"alice","PASSWORD":"${alice.password}"}}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).AuthenticationResult.IdToken')`,
        `  curl -s -X POST ${platform.ready.frontDoor}/items -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"title":"hello"}'`,
        `  curl -s -X POST ${platform.ready.control}/regions/${home}/fail      # a region outage; .../recover ends it`,
        "Ctrl-C stops everything.",
    ].join("\n"));

    let stopping = false;
    const stop = () => {
        if (stopping) return;
        stopping = true;
        // Everything this process started is a server, a timer or a worker thread: stopping them ends it.
        const deadline = setTimeout(() => process.exit(0), 1800);
        platform.stop().finally(() => {
            if (readyFile) fs.rmSync(readyFile, { force: true });
            clearTimeout(deadline);
            process.exit(0);
        });
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    // Orphaned (whatever ran us died without passing the signal on): stop rather than linger.
    const parent = process.ppid;
    setInterval(() => { if (process.ppid !== parent) stop(); }, 250).unref();
}

main(process.argv.slice(2)).catch(e => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
});
