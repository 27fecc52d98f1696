/**
 * Runs the Pulumi program (`index.ts`) offline: the SDK's mocks stand in for the engine, the
 * config comes from a stack file, and every registered resource is recorded.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { InvokeHandler, MockCloud, RecordedResource } from "./mockCloud";

/** What one offline run of the program produced. */
export interface ProgramRun {
    readonly project: string;
    readonly stack: string;
    readonly resources: readonly RecordedResource[];
    /** Stack outputs, resolved to plain values. */
    readonly outputs: Record<string, unknown>;
    readonly cloud: MockCloud;
}

/** Options of {@link runProgram}. */
export interface RunProgramOptions {
    readonly stack: string;
    /** Flat Pulumi config: `{"platform:regions": "[\"us-east-1\",\"eu-west-1\"]"}` (values as Pulumi stores them). */
    readonly config: Record<string, string>;
    readonly secretKeys?: readonly string[];
    readonly project?: string;
    /** Module to run. @default the repository's index.ts */
    readonly program?: string;
    readonly extraInvokes?: Record<string, InvokeHandler>;
    /** Recorder to use (lets a caller inspect what was registered even when the program throws). */
    readonly cloud?: MockCloud;
}

const settings = require("@pulumi/pulumi/runtime/settings");
const stackRuntime = require("@pulumi/pulumi/runtime/stack");

/**
 * Evaluates the program under mocks and waits until every registration has settled.
 * Rejects with the program's own error (e.g. a ConfigError) when it throws.
 */
export async function runProgram(opts: RunProgramOptions): Promise<ProgramRun> {
    const project = opts.project ?? "platform";
    const program = opts.program ?? path.resolve(__dirname, "../../index.ts");
    const cloud = opts.cloud ?? new MockCloud(opts.extraInvokes);

    pulumi.runtime.setAllConfig(opts.config, [...(opts.secretKeys ?? [])]);
    await pulumi.runtime.setMocks(cloud, project, opts.stack, false);
    cloud.attach(settings.getMonitor());

    const errors: unknown[] = [];
    const onRejection = (e: unknown) => { errors.push(e); };
    process.on("unhandledRejection", onRejection);
    try {
        delete require.cache[require.resolve(program)];
        const outputs = await stackRuntime.runInPulumiStack(async () => ({ ...require(program) }));
        await settings.waitForRPCs();
        if (errors.length > 0) throw errors[0];
        return { project, stack: opts.stack, resources: cloud.resources, outputs: outputs ?? {}, cloud };
    } finally {
        process.off("unhandledRejection", onRejection);
    }
}
