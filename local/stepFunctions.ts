/**
 * One region's Step Functions, on loopback: the JSON API calls the platform makes
 * (`StartExecution`, `SendTaskSuccess`, `SendTaskFailure`, `DescribeExecution`) for state machines
 * whose definitions are the ones the program deploys, interpreted by aws-local-stepfunctions with
 * the region's real Lambda bundles as their tasks.
 *
 * The interpreter has no callbacks, so this endpoint supplies them: a `.waitForTaskToken` task
 * registers its execution's token, invokes its function, and waits until `SendTaskSuccess` or
 * `SendTaskFailure` arrives here with that token (or the state's `TimeoutSeconds` passes). Tokens
 * belong to the region that issued them: another region's endpoint answers `InvalidToken`, as a
 * token sent to the wrong regional endpoint fails on AWS.
 */
import { randomBytes } from "node:crypto";
import type * as http from "node:http";
import { ExecutionError, StateMachine } from "./lib/interpreter";
import { LoopbackServer, readBody, sendJson } from "./lib/http";
import type { LocalFunction } from "./lambda";

const INVOKE = "arn:aws:states:::lambda:invoke";
const INVOKE_WAIT = "arn:aws:states:::lambda:invoke.waitForTaskToken";

/** A state machine as created: its ARN, its definition, and the functions its tasks invoke (by ARN). */
export interface MachineSpec {
    readonly arn: string;
    readonly name: string;
    readonly definition: { States: Record<string, any> };
    readonly functions: ReadonlyMap<string, LocalFunction>;
}

type Status = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

interface Execution {
    readonly arn: string;
    readonly machineArn: string;
    readonly name: string;
    readonly input: string;
    readonly startDate: Date;
    status: Status;
    stopDate?: Date;
    output?: string;
    error?: string;
    cause?: string;
}

interface Waiter {
    readonly executionArn: string;
    state: "waiting" | "done" | "timedOut";
    settle?: (outcome: { output?: unknown; error?: string; cause?: string }) => void;
}

class SfnError extends Error {
    constructor(readonly type: string, message: string) {
        super(message);
    }
}

/** The region a local token was issued in (undefined for anything else). */
function tokenRegion(token: string): string | undefined {
    try {
        return JSON.parse(Buffer.from(token.slice(3, token.length - 128), "base64url").toString("utf8")).region;
    } catch {
        return undefined;
    }
}

/** An error the interpreter matches `Retry`/`Catch` on by name, as Step Functions matches Lambda's errorType. */
const named = (name: string, message: string) => Object.assign(new Error(message), { name });

export class LocalStepFunctions {
    readonly server: LoopbackServer;
    private readonly machines = new Map<string, { spec: MachineSpec; machine: InstanceType<typeof StateMachine> }>();
    private readonly executions = new Map<string, Execution>();
    private readonly tokens = new Map<string, Waiter>();
    private readonly running = new Map<string, () => void>();

    constructor(readonly region: string, private readonly accountId: string, port = 0) {
        this.server = new LoopbackServer((req, res) => this.handle(req, res).catch(e => {
            const type = e instanceof SfnError ? e.type : "InternalError";
            sendJson(res, e instanceof SfnError ? 400 : 500, { __type: type, message: String(e?.message ?? e) }, { "content-type": "application/x-amz-json-1.0", "x-amzn-errortype": type });
        }), port);
    }

    get endpoint(): string {
        return this.server.url;
    }

    /** Registers a state machine (what `CreateStateMachine` did when the program deployed it). */
    addMachine(spec: MachineSpec): void {
        // The definition's Lambda ARNs are local ones; the interpreter never calls AWS (every task is overridden).
        this.machines.set(spec.arn, { spec, machine: new StateMachine(spec.definition as any, { validationOptions: { checkArn: false } }) });
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const operation = String(req.headers["x-amz-target"] ?? "").replace(/^AWSStepFunctions\./, "");
        let input: any;
        try { input = JSON.parse(((await readBody(req, 1_048_576)) ?? Buffer.alloc(0)).toString("utf8") || "{}"); } catch { throw new SfnError("SerializationException", "Body is not JSON"); }
        const reply = (body: unknown) => sendJson(res, 200, body, { "content-type": "application/x-amz-json-1.0" });
        switch (operation) {
            case "StartExecution": return reply(this.startExecution(input));
            case "SendTaskSuccess": return reply(this.sendTask(input.taskToken, { output: this.parseOutput(input.output) }));
            case "SendTaskFailure": return reply(this.sendTask(input.taskToken, { error: input.error ?? "", cause: input.cause ?? "" }));
            case "DescribeExecution": return reply(this.describe(input.executionArn));
            default: throw new SfnError("UnknownOperationException", `The local Step Functions endpoint does not implement ${operation || "this operation"}`);
        }
    }

    private parseOutput(output: unknown): unknown {
        if (typeof output !== "string") throw new SfnError("InvalidOutput", "output must be a JSON string");
        try { return JSON.parse(output); } catch { throw new SfnError("InvalidOutput", "output is not valid JSON"); }
    }

    /** `StartExecution`: a Standard execution named `name`; the same name and input while running returns the same execution. */
    startExecution(input: { stateMachineArn?: string; name?: string; input?: string }): { executionArn: string; startDate: number } {
        const entry = this.machines.get(input.stateMachineArn ?? "");
        if (!entry) throw new SfnError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${input.stateMachineArn}'`);
        const name = input.name ?? randomBytes(16).toString("hex");
        if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new SfnError("InvalidName", `Invalid Name: '${name}'`);
        const arn = `arn:aws:states:${this.region}:${this.accountId}:execution:${entry.spec.name}:${name}`;
        const text = input.input ?? "{}";
        const existing = this.executions.get(arn);
        if (existing) {
            if (existing.status === "RUNNING" && existing.input === text) return { executionArn: arn, startDate: existing.startDate.getTime() / 1000 };
            throw new SfnError("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`);
        }
        let parsed: unknown;
        try { parsed = JSON.parse(text); } catch { throw new SfnError("InvalidExecutionInput", "Invalid execution input: not JSON"); }
        const execution: Execution = { arn, machineArn: entry.spec.arn, name, input: text, startDate: new Date(), status: "RUNNING" };
        this.executions.set(arn, execution);
        // Tokens are opaque and long, as Step Functions' are (up to 2,048 characters); this one names its region.
        const token = `AQB${Buffer.from(JSON.stringify({ region: this.region, execution: name })).toString("base64url")}${randomBytes(96).toString("base64url")}`;
        const run = entry.machine.run(parsed as any, {
            context: {
                Execution: { Id: arn, Name: name, StartTime: execution.startDate.toISOString(), Input: parsed, RoleArn: "" },
                StateMachine: { Id: entry.spec.arn, Name: entry.spec.name },
                Task: { Token: token },
            } as any,
            overrides: { taskResourceLocalHandlers: this.tasks(entry.spec, arn, token) },
            noThrowOnAbort: true,
        });
        this.running.set(arn, run.abort);
        run.result.then((output: unknown) => {
            if (execution.status !== "RUNNING") return; // aborted
            Object.assign(execution, { status: "SUCCEEDED", stopDate: new Date(), output: JSON.stringify(output) });
        }, (e: any) => {
            const caught = e instanceof ExecutionError ? (e as any).cause : e;
            if (execution.status !== "RUNNING") return;
            Object.assign(execution, { status: "FAILED", stopDate: new Date(), error: caught?.name ?? "Error", cause: caught?.message ?? String(e) });
        }).finally(() => {
            this.running.delete(arn);
            for (const waiter of this.tokens.values()) if (waiter.executionArn === arn && waiter.state === "waiting") waiter.state = "done";
        });
        return { executionArn: arn, startDate: execution.startDate.getTime() / 1000 };
    }

    /** A local handler for every Lambda task of the definition. */
    private tasks(spec: MachineSpec, executionArn: string, token: string): Record<string, (params: any) => Promise<any>> {
        const handlers: Record<string, (params: any) => Promise<any>> = {};
        for (const [state, def] of Object.entries(spec.definition.States)) {
            if (def.Type !== "Task" || (def.Resource !== INVOKE && def.Resource !== INVOKE_WAIT)) continue;
            handlers[state] = async (params: any) => {
                const fn = spec.functions.get(params.FunctionName);
                if (!fn) throw named("Lambda.ResourceNotFoundException", `Function not found: ${params.FunctionName}`);
                if (def.Resource === INVOKE) {
                    const out = await fn.invoke(params.Payload);
                    if (!out.ok) throw named(out.errorType, out.errorMessage);
                    return { ExecutedVersion: "$LATEST", Payload: JSON.parse(out.payload), StatusCode: 200 };
                }
                // waitForTaskToken: register first, so a callback racing the notifier's return is not lost.
                const outcome = new Promise<{ output?: unknown; error?: string; cause?: string }>(resolve => {
                    this.tokens.set(token, { executionArn, state: "waiting", settle: resolve });
                });
                const timer = def.TimeoutSeconds ? setTimeout(() => {
                    const waiter = this.tokens.get(token);
                    if (waiter?.state === "waiting") waiter.state = "timedOut";
                }, def.TimeoutSeconds * 1000) : undefined;
                timer?.unref();
                const out = await fn.invoke(params.Payload);
                if (!out.ok) {
                    this.tokens.get(token)!.state = "done";
                    throw named(out.errorType, out.errorMessage);
                }
                const result = await outcome;
                if (result.error !== undefined) throw named(result.error || "States.TaskFailed", result.cause ?? "");
                return result.output;
            };
        }
        return handlers;
    }

    /** `SendTaskSuccess` / `SendTaskFailure` with a token this region issued. */
    sendTask(token: unknown, outcome: { output?: unknown; error?: string; cause?: string }): Record<string, never> {
        if (typeof token !== "string" || token.length < 1 || token.length > 2048) throw new SfnError("InvalidToken", "Invalid Token");
        const waiter = this.tokens.get(token);
        if (!waiter) {
            // A token of another region (or none of ours) is malformed here; one of ours whose task is gone does not exist.
            throw tokenRegion(token) === this.region ? new SfnError("TaskDoesNotExist", "Task Does Not Exist") : new SfnError("InvalidToken", "Invalid Token");
        }
        if (waiter.state === "timedOut") throw new SfnError("TaskTimedOut", "Task Timed Out");
        if (waiter.state === "done") throw new SfnError("TaskDoesNotExist", "Task Does Not Exist");
        waiter.state = "done";
        waiter.settle?.(outcome);
        return {};
    }

    describe(arn: unknown) {
        const e = this.executions.get(String(arn));
        if (!e) throw new SfnError("ExecutionDoesNotExist", `Execution Does Not Exist: '${String(arn)}'`);
        return {
            executionArn: e.arn, stateMachineArn: e.machineArn, name: e.name, status: e.status,
            startDate: e.startDate.getTime() / 1000, ...(e.stopDate ? { stopDate: e.stopDate.getTime() / 1000 } : {}),
            input: e.input, inputDetails: { included: true },
            ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
            ...(e.error !== undefined ? { error: e.error, cause: e.cause } : {}),
        };
    }

    /** Stops the endpoint and aborts every running execution (their waits and timers end with them). */
    async stop(): Promise<void> {
        await this.server.stop();
        for (const [arn, abort] of this.running) {
            abort();
            const execution = this.executions.get(arn);
            if (execution?.status === "RUNNING") Object.assign(execution, { status: "ABORTED", stopDate: new Date() });
        }
        for (const waiter of this.tokens.values()) {
            if (waiter.state === "waiting") { waiter.state = "done"; waiter.settle?.({ error: "States.Runtime", cause: "The local platform stopped" }); }
        }
    }

    /** Executions by status (control API and tests). */
    summary(): Record<Status, number> {
        const out: Record<Status, number> = { RUNNING: 0, SUCCEEDED: 0, FAILED: 0, TIMED_OUT: 0, ABORTED: 0 };
        for (const e of this.executions.values()) out[e.status]++;
        return out;
    }
}
