/**
 * Pulumi mocks for component and program tests: every registered resource is recorded (type,
 * name, inputs, parent, provider, protect), and any invoke not handled on purpose throws.
 */
import * as pulumi from "@pulumi/pulumi";
import { InvokeHandler, MockCloud, RecordedResource } from "../../scripts/lib/mockCloud";
import { ProgramRun, runProgram } from "../../scripts/lib/runProgram";
import { readStackConfig, stackFilePath } from "../../scripts/lib/stackConfig";

export { MOCK_ACCOUNT_ID } from "../../scripts/lib/mockCloud";
export type { RecordedResource } from "../../scripts/lib/mockCloud";

const settings = require("@pulumi/pulumi/runtime/settings");

/** Resolves any Pulumi input/output to its plain value (mocks run with preview = false, so all are known). */
export function unwrap<T>(value: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
    return new Promise(resolve => { pulumi.output(value).apply(v => { resolve(v as pulumi.Unwrap<T>); return v; }); });
}

/** Installs fresh mocks and returns the recorder. Create components *after* awaiting this. */
export async function useMocks(opts: { stack?: string; config?: Record<string, string>; invokes?: Record<string, InvokeHandler> } = {}): Promise<MockCloud> {
    const cloud = new MockCloud(opts.invokes);
    pulumi.runtime.setAllConfig(opts.config ?? {});
    await pulumi.runtime.setMocks(cloud, "platform", opts.stack ?? "test", false);
    cloud.attach(settings.getMonitor());
    return cloud;
}

/** Waits until every pending registration has reached the mocks. */
export async function settle(): Promise<void> {
    await settings.waitForRPCs();
}

/** Recorded resources of one type. */
export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter(r => r.type === type);
}

/** The one recorded resource with this type and name; throws when absent or ambiguous. */
export function byName(resources: readonly RecordedResource[], type: string, name: string): RecordedResource {
    const found = resources.filter(r => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

const runs = new Map<string, Promise<ProgramRun>>();

/**
 * Runs index.ts under a committed stack file (`Pulumi.<stack>.yaml`), optionally overriding keys.
 * The same stack and overrides are evaluated once per test process (the program is deterministic
 * under the mocks and specs only read the result), which keeps `npm test` within its time budget.
 */
export function runStack(stack: string, overrides: Record<string, unknown> = {}): Promise<ProgramRun> {
    const key = `${stack}|${JSON.stringify(overrides)}`;
    let run = runs.get(key);
    if (!run) {
        run = evaluateStack(stack, overrides);
        runs.set(key, run);
        run.catch(() => runs.delete(key));
    }
    return run;
}

/** Like {@link runStack} but always a new evaluation: for specs that watch the program run (not just its result). */
export function evaluateStack(stack: string, overrides: Record<string, unknown> = {}): Promise<ProgramRun> {
    const { config } = readStackConfig(stackFilePath(stack));
    return runProgram({ stack, config: { ...config, ...encodeConfig(overrides) } });
}

/** Runs index.ts under the given `platform:*` values (keys without prefix, plain JSON values). */
export async function runWithConfig(values: Record<string, unknown>, stack = "test"): Promise<ProgramRun> {
    return runProgram({ stack, config: encodeConfig(values) });
}

/** Encodes plain values as Pulumi stores config: `platform:<key>` -> string or JSON text. */
export function encodeConfig(values: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(Object.entries(values).map(([k, v]) =>
        [k.includes(":") ? k : `platform:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
}
