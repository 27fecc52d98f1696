/**
 * The local platform: every region of a stack on this machine, from the same sources the program
 * deploys (stack config, route list, table key schema, function bundles and environments, the
 * approval state machine definition), with the semantics AWS has across regions.
 *
 * Per region: a REST API, a DynamoDB replica, Step Functions, the region's functions. Once: the
 * global table's replication, the latency-routed front door, the user pool, the SNS outbox, the
 * control API, and the web console on an origin of its own (the APIs allow exactly that origin).
 * See README "Run it locally" for what differs from AWS.
 */
import * as path from "node:path";
import { ConfigError, decodePulumiConfig, parseConfig, PlatformConfig } from "../config";
import { buildApprovalDefinition } from "../components/logic/approvalDefinition";
import { approvalStateMachineArn, approvalStateMachineName } from "../components/logic/approvalPolicies";
import { RECONCILE_MINUTES } from "../components/logic/approvalDefinition";
import { functionEnvironment, FunctionName } from "../components/logic/functionEnvironment";
import { formatGroupsClaim } from "../handlers/shared/claims";
import { CONTROL_PK, SENTINEL_SK } from "../handlers/shared/keys";
import { API_FUNCTIONS, ROUTES, STAGE, STREAM_FUNCTIONS, WORKFLOW_FUNCTIONS } from "../handlers/shared/routes";
import { passesDetectorFilter } from "../components/logic/streamFilter";
import { readStackConfig, stackFilePath } from "../scripts/lib/stackConfig";
import { consoleConfig } from "../console/src/config";
import { LocalRestApi } from "./apiGateway";
import { cognitoAuthorizer, LocalUserPool } from "./cognito";
import { LocalConsole } from "./console";
import { startControl } from "./control";
import { LocalGlobalTable } from "./dynamodb/globalTable";
import { EventSourceMapping } from "./eventSourceMapping";
import { FrontDoor } from "./frontDoor";
import { LocalFunction, LogLine } from "./lambda";
import type { LoopbackServer } from "./lib/http";
import { LocalOutbox } from "./outbox";
import { LocalStepFunctions } from "./stepFunctions";

/** The account every local ARN names. */
export const LOCAL_ACCOUNT = "000000000000";

/** Options of {@link startPlatform} (`npm start` flags in brackets). */
export interface PlatformOptions {
    /** Stack whose `Pulumi.<stack>.yaml` is read [--stack]. @default "dev" */
    readonly stack?: string;
    /** Another stack file [--config-file]. */
    readonly configFile?: string;
    /** Replaces `platform:regions` (home first) [--regions]. */
    readonly regions?: readonly string[];
    /** Raw `platform:*` values laid over the stack file's (tests). */
    readonly configOverrides?: Record<string, unknown>;
    /** First port; the others follow it (see {@link portPlan}); 0 = free ports [--port]. @default 0 */
    readonly port?: number;
    /** Replication lag, ms [--replication-lag-ms]. @default 500 */
    readonly replicationLagMs?: number;
    /** Share of the lag drawn at random per write, 0-1 (0.8: lag x 0.6..1.4). @default 0.4 */
    readonly replicationJitter?: number;
    /** Multiplies Route 53 timings and the approval timeout [--time-scale]. @default 1 */
    readonly timeScale?: number;
    /** Approval timeout in seconds, instead of `approval.timeoutHours` x time scale [--approval-timeout-seconds]. */
    readonly approvalTimeoutSeconds?: number;
    /** API Gateway's integration timeout, ms (tests shorten it). @default 29000 */
    readonly integrationTimeoutMs?: number;
    /** Every log line of every function; default: dropped (they are kept in {@link LocalPlatform.logs}). */
    readonly onLog?: (line: LogLine) => void;
    /**
     * Round trip between two regions, ms, added to every call a function makes to another region's
     * DynamoDB endpoint (bench/RESULTS.md uses measured AWS figures) [--inter-region-rtt-ms]. @default 0
     */
    readonly interRegionRttMs?: number;
    /**
     * Switches that break the platform's cross-region guarantees, for tests that show their checks
     * catching the breakage: `localDecisions` makes every region decide conditional writes on its own
     * replica (no partition homes); `noDetector` runs no conflict detector; `noTakeoverFencing` lets
     * every region take an approval over on its own replica (no single arbiter). Never exposed by `npm start`.
     */
    readonly testOnly?: { readonly localDecisions?: boolean; readonly noDetector?: boolean; readonly noTakeoverFencing?: boolean };
}

/** What `npm start` prints and writes to `--ready-file`. */
export interface ReadyInfo {
    readonly stack: string;
    readonly frontDoor: string;
    readonly regions: Record<string, { readonly api: string; readonly dynamodb: string; readonly stepfunctions: string }>;
    /**
     * The user pool: `endpoint` (JSON API, OAuth endpoints: the sign-in domain), the home `region`
     * and its `issuer`; `issuers` lists every issuer tokens may carry (the replica's too), and
     * `replicaRegion` is null without a replica.
     */
    readonly cognito: {
        readonly endpoint: string; readonly region: string; readonly userPoolId: string; readonly clientId: string; readonly issuer: string;
        readonly issuers: readonly string[]; readonly replicaRegion: string | null;
    };
    readonly users: ReadonlyArray<{ readonly username: string; readonly password: string; readonly groups: readonly string[] }>;
    readonly outbox: string;
    readonly control: string;
    /** The table's name (the same in every region), for `npm run region -- ... --ready-file`. */
    readonly table: string;
    readonly consistency: "eventual" | "strong";
    /** The web console (sign in with a seeded user); its origin differs from every API's. */
    readonly console: string;
}

/** Ports when `--port N` is given: N front door, N+1 control, N+2 user pool, N+3 outbox, N+4 console, then per region i: N+10+3i API, +1 DynamoDB, +2 Step Functions. */
export function portPlan(base: number, regions: readonly string[]) {
    const at = (offset: number) => (base === 0 ? 0 : base + offset);
    return {
        frontDoor: at(0), control: at(1), cognito: at(2), outbox: at(3), console: at(4),
        regions: Object.fromEntries(regions.map((r, i) => [r, { api: at(10 + 3 * i), dynamodb: at(11 + 3 * i), stepfunctions: at(12 + 3 * i) }])),
    };
}

/** The stack's validated config, with the local options laid over it; a ConfigError lists every problem. */
export function localConfig(options: PlatformOptions): { stack: string; config: PlatformConfig } {
    const stack = options.stack ?? "dev";
    const file = options.configFile ? path.resolve(options.configFile) : stackFilePath(stack);
    const raw = decodePulumiConfig(readStackConfig(file).config);
    Object.assign(raw, options.configOverrides ?? {});
    if (options.regions) raw.regions = [...options.regions];
    return { stack, config: parseConfig(raw) };
}

/** One region's parts. */
export interface LocalRegion {
    readonly region: string;
    readonly api: LocalRestApi;
    readonly stepFunctions: LocalStepFunctions;
    readonly functions: Record<FunctionName, LocalFunction>;
    /** The conflict detector's mapping on this region's stream (absent with `testOnly.noDetector`). */
    readonly detector?: EventSourceMapping;
}

/** A running local platform. */
export class LocalPlatform {
    private stopped = false;

    constructor(
        readonly ready: ReadyInfo,
        /** The functions' last log lines (5,000 at most). */
        readonly logs: readonly LogLine[],
        readonly config: PlatformConfig,
        readonly table: LocalGlobalTable,
        readonly regions: ReadonlyMap<string, LocalRegion>,
        readonly frontDoor: FrontDoor,
        readonly userPool: LocalUserPool,
        readonly outbox: LocalOutbox,
        readonly control: LoopbackServer,
        readonly console: LocalConsole,
        private readonly timers: readonly NodeJS.Timeout[] = [],
    ) {}

    region(name: string): LocalRegion {
        const r = this.regions.get(name);
        if (!r) throw new Error(`${name} is not a region of this platform (${[...this.regions.keys()].join(", ")})`);
        return r;
    }

    /**
     * A region outage: its API, DynamoDB endpoint, Step Functions and SNS refuse; replication to and
     * from it is held; its user pool stops (the home one: sign-in fails over to the replica, or stops).
     */
    async failRegion(name: string): Promise<void> {
        const r = this.region(name);
        await Promise.all([r.api.server.stop(), r.stepFunctions.server.stop(), this.table.fail(name)]);
        this.outbox.unavailable.add(name);
        this.userPool.regionFailed(name);
    }

    async recoverRegion(name: string): Promise<void> {
        const r = this.region(name);
        await Promise.all([r.api.server.start(), r.stepFunctions.server.start(), this.table.recover(name)]);
        this.outbox.unavailable.delete(name);
        this.userPool.regionRecovered(name);
    }

    /** Resolves when replication has delivered everything and every conflict detector has processed its stream. */
    async settled(timeoutMs = 30_000): Promise<void> {
        for (let round = 0; round < 3; round++) {
            await this.table.drained(timeoutMs);
            await Promise.all([...this.regions.values()].map(r => r.detector?.idle(timeoutMs)));
        }
        await this.table.drained(timeoutMs);
    }

    /** Stops everything this platform started (servers, workers, timers). */
    async stop(): Promise<void> {
        if (this.stopped) return;
        this.stopped = true;
        for (const timer of this.timers) clearInterval(timer);
        await Promise.allSettled([
            this.frontDoor.stop(), this.control.stop(), this.userPool.stop(), this.outbox.server.stop(), this.console.server.stop(),
            ...[...this.regions.values()].flatMap(r => [r.api.server.stop(), r.stepFunctions.stop(), ...Object.values(r.functions).map(f => f.stop())]),
            ...[...this.regions.values()].map(async r => r.detector?.stop()),
        ]);
        await this.table.stop();
    }
}

/** Starts every region of a stack; resolves when everything answers. */
export async function startPlatform(options: PlatformOptions = {}): Promise<LocalPlatform> {
    const { stack, config } = localConfig(options);
    const regions = config.regions;
    const ports = portPlan(options.port ?? 0, regions);
    const timeScale = options.timeScale ?? 1;
    if (!(timeScale > 0)) throw new ConfigError([`--time-scale: must be a positive number (got ${timeScale})`]);
    const namePrefix = `platform-${stack}`;
    const tableName = namePrefix;

    const table = await LocalGlobalTable.start({
        tableName, regions, consistency: config.table.consistency, lagMs: options.replicationLagMs ?? 500, accountId: LOCAL_ACCOUNT,
        interRegionRttMs: options.interRegionRttMs ?? 0, jitter: options.replicationJitter,
        ports: Object.fromEntries(regions.map(r => [r, ports.regions[r].dynamodb])),
    });
    // The health sentinel the program writes (TableItem): present in every replica from the start.
    for (const replica of table.replicas.values()) {
        await replica.backend.apply({ pk: { S: CONTROL_PK }, sk: { S: SENTINEL_SK } }, { pk: { S: CONTROL_PK }, sk: { S: SENTINEL_SK }, purpose: { S: "Route 53 deep health check" } });
    }

    const userPool = await LocalUserPool.start({
        region: config.homeRegion, port: ports.cognito,
        idTokenMinutes: config.identity.idTokenMinutes, accessTokenMinutes: config.identity.accessTokenMinutes, refreshTokenDays: config.identity.refreshTokenDays,
        replicaRegion: config.identity.replicaRegion, selfSignUp: config.identity.selfSignUp,
    });
    // The console first: its origin is the one the APIs allow (CORS), as the program wires the console's to the deployed APIs.
    const webConsole = new LocalConsole(ports.console);
    await webConsole.server.start();
    const outbox = new LocalOutbox(ports.outbox);
    await outbox.server.start();
    const stepFunctions = new Map(regions.map(r => [r, new LocalStepFunctions(r, LOCAL_ACCOUNT, ports.regions[r].stepfunctions)]));
    await Promise.all([...stepFunctions.values()].map(s => s.server.start()));

    const endpoints = JSON.stringify({
        dynamodb: Object.fromEntries(regions.map(r => [r, table.replica(r).endpoint])),
        states: Object.fromEntries(regions.map(r => [r, stepFunctions.get(r)!.endpoint])),
        sns: Object.fromEntries(regions.map(r => [r, outbox.endpoint])),
    });
    const logs: LogLine[] = [];
    const onLog = (line: LogLine) => {
        logs.push(line);
        if (logs.length > 5000) logs.shift();
        options.onLog?.(line);
    };

    // API servers first (ports known), so the notifier's DECIDE_URL can name the front door.
    // Every region's authorizer trusts the home pool and its replica (components/regionalApi.ts).
    const authorize = cognitoAuthorizer({
        issuers: userPool.issuers, clientIds: [userPool.clientId],
        formatGroups: formatGroupsClaim,
    });
    const frontDoorPort = ports.frontDoor;
    const regionParts = new Map<string, LocalRegion>();
    const timers: NodeJS.Timeout[] = [];
    const apis: Record<string, string> = {};
    const approvalTimeout = options.approvalTimeoutSeconds ?? Math.max(1, Math.round(config.approval.timeoutHours * 3600 * timeScale));
    const takeoverAfterSeconds = Math.max(1, Math.round(config.approval.takeoverAfterMinutes * 60 * timeScale));
    const reconcileMs = Math.max(1000, Math.round(RECONCILE_MINUTES * 60_000 * timeScale));
    const frontDoor = new FrontDoor({ regions, apis, healthCheck: config.healthCheck, timeScale, port: frontDoorPort });
    await frontDoor.server.start();

    for (const region of regions) {
        const machineArn = approvalStateMachineArn(namePrefix, region, LOCAL_ACCOUNT);
        const topicArn = `arn:aws:sns:${region}:${LOCAL_ACCOUNT}:${namePrefix}-${region}-approvals`;
        outbox.addTopic(topicArn, config.approval.approverEmails);
        const inputs = {
            tableName, ttlAttribute: config.table.ttlAttribute, stateMachineArn: machineArn, regions, approversTopicArn: topicArn, decideUrl: frontDoor.url,
            consistency: config.table.consistency, homeTimeoutMs: config.table.homeTimeoutMs, takeoverAfterSeconds, allowedOrigin: webConsole.url,
        };
        const functions = {} as Record<FunctionName, LocalFunction>;
        const bundles: Record<FunctionName, string> = { ...API_FUNCTIONS, ...WORKFLOW_FUNCTIONS, ...STREAM_FUNCTIONS };
        for (const [handler, bundle] of Object.entries(bundles) as Array<[FunctionName, string]>) {
            const name = `${namePrefix}-${region}-${handler}`;
            const api = handler in API_FUNCTIONS;
            functions[handler] = new LocalFunction({
                name, region, bundle,
                arn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${name}`,
                memoryMb: api ? config.api.memoryMb : 256,
                timeoutSeconds: api ? config.api.timeoutSeconds : 30,
                environment: {
                    ...functionEnvironment<string>(handler, inputs) as Record<string, string>,
                    ...(handler === "items" && options.testOnly?.localDecisions ? { PARTITION_DECISIONS: "local" } : {}),
                    ...(handler === "approvals" && options.testOnly?.noTakeoverFencing ? { TAKEOVER_FENCING: "off" } : {}),
                    POWERTOOLS_SERVICE_NAME: handler,
                    AWS_REGION: region, AWS_DEFAULT_REGION: region,
                    AWS_LAMBDA_FUNCTION_NAME: name, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(api ? config.api.memoryMb : 256),
                    // The key id names the caller's region: a replica adds the inter-region round trip to calls from elsewhere.
                    AWS_ACCESS_KEY_ID: `LOCAL-${region}`, AWS_SECRET_ACCESS_KEY: "local",
                    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
                    POWERTOOLS_TRACE_ENABLED: "false",
                    LOCAL_AWS_ENDPOINTS: endpoints,
                },
            }, onLog);
        }
        const sfn = stepFunctions.get(region)!;
        sfn.addMachine({
            arn: machineArn,
            name: approvalStateMachineName(namePrefix, region),
            definition: buildApprovalDefinition({
                notifyFunctionArn: functions["approval-notify"].spec.arn,
                workerFunctionArn: functions["approval-worker"].spec.arn,
                timeoutSeconds: approvalTimeout,
            }),
            functions: new Map(Object.values(functions).map(f => [f.spec.arn, f])),
        });
        const api = new LocalRestApi({
            region, apiId: `local${regions.indexOf(region)}`, accountId: LOCAL_ACCOUNT, stage: STAGE, routes: ROUTES,
            integrations: { items: functions.items, approvals: functions.approvals, health: functions.health },
            authorize,
            throttle: { rateLimit: config.api.throttleRateLimit, burstLimit: config.api.throttleBurstLimit },
            integrationTimeoutMs: options.integrationTimeoutMs,
            port: ports.regions[region].api,
            allowedOrigin: webConsole.url,
        });
        await api.server.start();
        apis[region] = api.url;
        let detector: EventSourceMapping | undefined;
        if (!options.testOnly?.noDetector) {
            detector = new EventSourceMapping(functions["conflict-detector"], { filter: passesDetectorFilter });
            table.subscribe(region, record => detector!.push(record));
        }
        // The scheduled reconcile step (an EventBridge rule on AWS), while the region is up.
        const reconcile = setInterval(() => {
            if (api.server.running) void functions["approval-worker"].invoke({ step: "reconcile" });
        }, reconcileMs);
        reconcile.unref();
        timers.push(reconcile);
        regionParts.set(region, { region, api, stepFunctions: sfn, functions, detector });
    }
    await Promise.all([...regionParts.values()].flatMap(r => Object.values(r.functions).map(f => f.ready())));
    await frontDoor.start();
    // What config.json holds on AWS, with the local endpoints: the front door as the latency name, the pool's issuer as OIDC authority.
    webConsole.configure(consoleConfig({
        stack, apiUrl: frontDoor.url, regionalApiUrls: apis, issuer: userPool.issuer, clientId: userPool.clientId, domainUrl: userPool.endpoint,
    }));

    const ready: ReadyInfo = {
        stack,
        frontDoor: frontDoor.url,
        regions: Object.fromEntries(regions.map(r => [r, { api: apis[r], dynamodb: table.replica(r).endpoint, stepfunctions: stepFunctions.get(r)!.endpoint }])),
        cognito: {
            endpoint: userPool.endpoint, region: config.homeRegion, userPoolId: userPool.userPoolId, clientId: userPool.clientId, issuer: userPool.issuer,
            issuers: userPool.issuers.map(i => i.issuer), replicaRegion: userPool.replicaRegion ?? null,
        },
        users: userPool.users.map(u => ({ username: u.username, password: u.password, groups: [...u.groups] })),
        outbox: `${outbox.endpoint}/messages`,
        control: "",
        table: tableName,
        consistency: config.table.consistency,
        console: webConsole.url,
    };
    const platformRef: { current?: LocalPlatform } = {};
    const control = await startControl(() => platformRef.current!, ports.control);
    const platform = new LocalPlatform({ ...ready, control: control.url }, logs, config, table, regionParts, frontDoor, userPool, outbox, control, webConsole, timers);
    platformRef.current = platform;
    return platform;
}
