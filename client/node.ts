/**
 * Node-only helpers (never imported by the browser entry, client/index.ts): endpoints and sign-in
 * details from the local platform's ready file or a stack's outputs on disk or from the Pulumi CLI.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Endpoints } from "./client";
import { endpointsFromOutputs, endpointsFromReady } from "./endpoints";

/** The local platform's ready file (`npm start -- --ready-file F`). */
export interface ReadyFile {
    readonly frontDoor: string;
    readonly regions: Readonly<Record<string, { readonly api: string }>>;
    readonly cognito: { readonly endpoint: string; readonly clientId: string; readonly userPoolId: string };
    readonly users: ReadonlyArray<{ readonly username: string; readonly password: string; readonly groups: readonly string[] }>;
}

/** The stack outputs the client reads (index.ts exports). */
export interface StackOutputs {
    readonly apiUrls: Readonly<Record<string, string>>;
    readonly regions: readonly string[];
    readonly userPoolId: string;
    readonly userPoolClientId: string;
}

function readJson(file: string, what: string): any {
    try {
        return JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
        throw new Error(`Cannot read ${what} ${file}: ${(e as Error).message}`);
    }
}

export function readReadyFile(file: string): { ready: ReadyFile; endpoints: Endpoints } {
    const ready = readJson(file, "the ready file") as ReadyFile;
    if (!ready?.regions || !ready.cognito || !Array.isArray(ready.users)) throw new Error(`${file} is not a local platform ready file (npm start -- --ready-file F)`);
    return { ready, endpoints: endpointsFromReady(ready) };
}

function checkOutputs(outputs: any, from: string): { outputs: StackOutputs; endpoints: Endpoints } {
    const missing = ["apiUrls", "regions", "userPoolId", "userPoolClientId"].filter(k => outputs?.[k] === undefined);
    if (missing.length) throw new Error(`${from} lacks the outputs ${missing.join(", ")}: is it \`pulumi stack output --json\` of a deployed platform stack?`);
    return { outputs, endpoints: endpointsFromOutputs(outputs) };
}

/** A file written by `pulumi stack output --json > F`. */
export function readOutputsFile(file: string): { outputs: StackOutputs; endpoints: Endpoints } {
    return checkOutputs(readJson(file, "the stack outputs"), file);
}

/** `pulumi stack output --json --stack S` through the Pulumi CLI. */
export function stackOutputs(stack: string): { outputs: StackOutputs; endpoints: Endpoints } {
    let text: string;
    try {
        text = execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e: any) {
        throw new Error(`Cannot read the outputs of stack ${stack}: ${e?.code === "ENOENT" ? "the Pulumi CLI is not installed" : String(e?.stderr ?? e?.message).trim()}`);
    }
    return checkOutputs(JSON.parse(text), `stack ${stack}`);
}
