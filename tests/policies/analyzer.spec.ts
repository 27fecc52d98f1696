/**
 * The policy pack as the Pulumi CLI runs it. `pulumi preview --policy-pack policies` starts
 * `@pulumi/pulumi/cmd/run-policy-pack <engine> policies`, which compiles the pack with its own
 * ts-node and the project's TypeScript and serves the Analyzer gRPC protocol on the port it prints.
 * This test starts it exactly so, speaks that protocol with the client and messages shipped in
 * @pulumi/pulumi (GetAnalyzerInfo, Configure with the schema defaults, ConfigureStack, one Analyze
 * per resource with its options and provider, AnalyzeStack once), and expects the same violations
 * as the offline runner (policies/offline.ts), for a plan that passes and one that fails.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";
import { runStack } from "../helpers/pulumiMocks";
import { buildPlan, Plan, PlanResource, policyInputs } from "../../scripts/lib/planModel";
import { runPolicies, Violation } from "../../policies/offline";
import { policies } from "../../policies/rules";

const ROOT = path.resolve(__dirname, "../..");
const PROTO = path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb"));
// The same module instances the generated stubs use (grpc-js checks credentials with instanceof).
const fromProto = (id: string) => require(require.resolve(id, { paths: [PROTO] }));
const grpc = fromProto("@grpc/grpc-js");
const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const pb = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = fromProto("google-protobuf/google/protobuf/struct_pb.js");
const { Empty } = fromProto("google-protobuf/google/protobuf/empty_pb.js");

const LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const;

/** A unary call as a promise. */
function call<T>(client: any, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](request, { deadline: Date.now() + 30_000 }, (err: Error | null, res: T) => err ? reject(err) : resolve(res)));
}

/** Starts the pack the way the CLI does; resolves with the child and the port it printed. */
function startPack(): Promise<{ child: ChildProcess; port: number; startMs: number }> {
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:0", "policies"], {
        cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: undefined },
    });
    let stdout = "";
    let stderr = "";
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the pack printed no port within 60 s; stderr: ${stderr}`)), 60_000);
        child.stderr!.on("data", d => { stderr += d; });
        child.stdout!.on("data", d => {
            stdout += d;
            const m = /^(\d+)\s*$/m.exec(stdout);
            if (m) { clearTimeout(timer); resolve({ child, port: Number(m[1]), startMs: Date.now() - started }); }
        });
        child.on("exit", code => { clearTimeout(timer); reject(new Error(`the pack exited with ${code} before printing a port; stderr: ${stderr}`)); });
    });
}

/** Stops the child by its pid: SIGTERM, then SIGKILL if it is still there after 5 s. */
async function stop(child: ChildProcess | undefined): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>(resolve => child.once("exit", () => resolve()));
    process.kill(child.pid, "SIGTERM");
    const timer = setTimeout(() => { if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, "SIGKILL"); }, 5_000);
    await exited;
    clearTimeout(timer);
}

/** Resource options as the engine sends them. */
function options(r: PlanResource) {
    const o = new pb.AnalyzerResourceOptions();
    o.setProtect(r.protect);
    o.setIgnorechangesList([]);
    o.setAliasesList([]);
    o.setAdditionalsecretoutputsList([]);
    o.setCustomtimeouts(new pb.AnalyzerResourceOptions.CustomTimeouts());
    if (r.parent) o.setParent(r.parent);
    return o;
}

/** The default AWS provider, which the engine sends with every custom resource of the AWS package. */
function provider(plan: Plan, r: PlanResource) {
    if (!r.type.startsWith("aws:")) return undefined;
    const p = new pb.AnalyzerProviderResource();
    p.setType("pulumi:providers:aws");
    p.setName("default");
    p.setUrn(`urn:pulumi:${plan.stack}::${plan.project}::pulumi:providers:aws::default`);
    p.setProperties(Struct.fromJavaScript({ region: plan.outputs.homeRegion ?? "us-east-1" }));
    return p;
}

interface Seen { readonly policy: string; readonly level: string; readonly urn?: string; readonly message: string }

/** Runs a plan through the served pack as `pulumi preview` does, returning every diagnostic. */
async function analyzeOverGrpc(client: any, plan: Plan): Promise<Seen[]> {
    const props = (r: PlanResource) => Struct.fromJavaScript(r.outputs);
    const seen: Seen[] = [];
    const collect = (res: any) => {
        for (const d of res.getDiagnosticsList()) {
            seen.push({ policy: d.getPolicyname(), level: LEVELS[d.getEnforcementlevel()], urn: d.getUrn() || undefined, message: d.getMessage() });
        }
    };
    for (const r of plan.resources) {
        const req = new pb.AnalyzeRequest();
        req.setType(r.type);
        req.setProperties(props(r));
        req.setUrn(r.urn);
        req.setName(r.name);
        req.setOptions(options(r));
        const prov = provider(plan, r);
        if (prov) req.setProvider(prov);
        const res = await call<any>(client, "analyze", req);
        // A resource rule's violation names the resource it was called for.
        for (const d of res.getDiagnosticsList()) if (!d.getUrn()) d.setUrn(r.urn);
        collect(res);
    }
    const stackReq = new pb.AnalyzeStackRequest();
    stackReq.setResourcesList(plan.resources.map(r => {
        const a = new pb.AnalyzerResource();
        a.setType(r.type);
        a.setProperties(props(r));
        a.setUrn(r.urn);
        a.setName(r.name);
        a.setOptions(options(r));
        const prov = provider(plan, r);
        if (prov) a.setProvider(prov);
        if (r.parent) a.setParent(r.parent);
        a.setDependenciesList([...new Set(Object.values(r.propertyDependencies).flat())]);
        const deps = a.getPropertydependenciesMap();
        for (const [key, urns] of Object.entries(r.propertyDependencies)) {
            const d = new pb.AnalyzerPropertyDependencies();
            d.setUrnsList(urns);
            deps.set(key, d);
        }
        return a;
    }));
    collect(await call<any>(client, "analyzeStack", stackReq));
    return seen;
}

/** What the pack reports for an offline violation: the policy's description, then the message. */
function expected(violations: readonly Violation[]): Seen[] {
    const description = new Map(policies.map(p => [p.name, p.description ?? ""]));
    return violations.map(v => ({ policy: v.policy, level: v.level, urn: v.urn, message: `${description.get(v.policy)}\n${v.message}` }));
}

const key = (s: Seen) => `${s.policy}|${s.level}|${s.urn ?? ""}|${s.message}`;

describe("policy pack served over gRPC, as `pulumi preview --policy-pack policies` runs it", function () {
    this.timeout(120_000);
    let child: ChildProcess | undefined;
    let client: any;
    let passing: Plan;
    let startMs = 0;

    before(async () => {
        const [pack, run] = await Promise.all([startPack(), runStack("dev")]);
        child = pack.child;
        startMs = pack.startMs;
        passing = buildPlan(run);
        client = new AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure());
    });
    after(async () => {
        client?.close();
        await stop(child);
    });

    it("starts within 30 s and lists every rule of the pack with its enforcement level", async () => {
        expect(startMs, `started in ${startMs} ms`).to.be.below(30_000);
        const info = await call<any>(client, "getAnalyzerInfo", new Empty());
        expect(info.getName()).to.equal("platform-guardrails");
        const served = info.getPoliciesList().map((p: any) => `${p.getName()} ${LEVELS[p.getEnforcementlevel()]}`).sort();
        expect(served).to.deep.equal(policies.map(p => `${p.name} ${p.enforcementLevel}`).sort());

        // Configure as the CLI does: every policy at its level, with its schema's defaults.
        const configure = new pb.ConfigureAnalyzerRequest();
        for (const p of info.getPoliciesList()) {
            const defaults: Record<string, unknown> = {};
            const schema = p.getConfigschema()?.getProperties()?.toJavaScript() ?? {};
            for (const [k, v] of Object.entries<any>(schema)) if (v && typeof v === "object" && "default" in v) defaults[k] = v.default;
            const c = new pb.PolicyConfig();
            c.setEnforcementlevel(p.getEnforcementlevel());
            c.setProperties(Struct.fromJavaScript(defaults));
            configure.getPolicyconfigMap().set(p.getName(), c);
        }
        await call(client, "configure", configure);
        const stack = new pb.AnalyzerStackConfigureRequest();
        stack.setStack(passing.stack);
        stack.setProject(passing.project);
        stack.setDryRun(true);
        await call(client, "configureStack", stack);
    });

    it("reports no violation for the dev plan, as the offline runner does", async () => {
        const offline = await runPolicies(policies, policyInputs(passing));
        expect(offline).to.deep.equal([]);
        expect(await analyzeOverGrpc(client, passing)).to.deep.equal([]);
    });

    it("reports exactly the offline runner's violations for a failing plan (resource and stack rules)", async () => {
        const failing: Plan = JSON.parse(JSON.stringify(passing));
        const find = (type: string, name: string) => failing.resources.find(r => r.type === type && r.name === name)!;
        // Resource rules: PITR off on the table and a replica, a log group kept forever, a function without X-Ray (advisory).
        const table = find("aws:dynamodb/table:Table", "data");
        (table.outputs as any).pointInTimeRecovery = { enabled: false };
        (table.outputs as any).replicas[0].pointInTimeRecovery = false;
        delete (find("aws:cloudwatch/logGroup:LogGroup", "api-us-east-1-items-logs").outputs as any).retentionInDays;
        delete (find("aws:lambda/function:Function", "api-eu-west-1-health").outputs as any).tracingConfig;
        // A stack rule: eu-west-1 loses its health check.
        failing.resources.splice(failing.resources.findIndex(r => r.name === "api-eu-west-1-health" && r.type === "aws:route53/healthCheck:HealthCheck"), 1);

        const offline = await runPolicies(policies, policyInputs(failing));
        expect(offline.map(v => v.policy).sort()).to.include.members([
            "cloudwatch-loggroup-retention", "dynamodb-table-pitr", "lambda-function-tracing", "platform-regions-complete",
        ]);
        expect(offline.some(v => v.level === "mandatory")).to.equal(true);
        const overGrpc = await analyzeOverGrpc(client, failing);
        expect(overGrpc.map(key).sort()).to.deep.equal(expected(offline).map(key).sort());
    });
});
