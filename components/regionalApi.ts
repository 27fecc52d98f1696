import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { baseHandlerStatements, createHandlerFunction } from "./handlerFunction";
import { buildApprovalApiPolicy } from "./logic/approvalPolicies";
import { functionEnvironment } from "./logic/functionEnvironment";
import { PARTITION_PREFIX, partitionPattern } from "../handlers/shared/keys";
import { createRegionalKey } from "./regionalKey";
import { webAclConfig } from "./logic/webAcl";
import { corsHeaders, methodsByPath, originProblems, preflightHeaders } from "../handlers/shared/cors";
import { API_FUNCTIONS, ROUTES, STAGE } from "../handlers/shared/routes";

export { ROUTES, STAGE };

/**
 * Handlers: bundle path under handlers/ and the DynamoDB actions their role allows on this
 * region's replica. The approvals handler's policy is {@link buildApprovalApiPolicy} instead.
 */
export const HANDLERS = {
    items: { bundle: API_FUNCTIONS.items, actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"] },
    approvals: { bundle: API_FUNCTIONS.approvals, actions: [] },
    health: { bundle: API_FUNCTIONS.health, actions: ["dynamodb:BatchGetItem"] },
} as const;

/** Arguments of {@link RegionalApi}. */
export interface RegionalApiArgs {
    /** The one region every child lives in. */
    readonly region: string;
    /** Prefix of physical names, e.g. `platform-prod`. */
    readonly namePrefix: string;
    readonly accountId: pulumi.Input<string>;
    readonly tableName: pulumi.Input<string>;
    /** The table's TTL attribute (`platform:table.ttlAttribute`): the items function writes idempotency records' and tombstones' expiry into it. */
    readonly ttlAttribute: string;
    /** `platform:table.consistency`: the items function arbitrates through partition homes in eventual mode. @default "eventual" */
    readonly consistency?: "eventual" | "strong";
    /** How long the items function waits for a partition's home replica (`platform:table.homeTimeoutMs`). @default 1000 */
    readonly homeTimeoutMs?: number;
    /** ARN of the table's replica in this region. */
    readonly tableArn: pulumi.Input<string>;
    /**
     * The user pool's ARN in every region that issues tokens (the home pool, and its multi-Region
     * replica's): the authorizer accepts tokens of each, so tokens issued by the replica during a
     * home-region outage work in every region.
     */
    readonly userPoolArns: pulumi.Input<pulumi.Input<string>[]>;
    /** Role API Gateway writes execution logs with, set in this region's account settings. */
    readonly cloudWatchRoleArn: pulumi.Input<string>;
    readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
    /** WAF web ACL (AWS managed rules + a per-IP rate rule); `undefined` = no WAF. */
    readonly waf?: { readonly rateLimit: number };
    /** @default 512 */
    readonly memoryMb?: number;
    /** At most 29 s behind a REST API integration. @default 10 */
    readonly timeoutSeconds?: number;
    readonly logRetentionDays: number;
    readonly healthCheck: { readonly intervalSeconds: 10 | 30; readonly failureThreshold: number };
    /** What the approvals handler reaches: every region's replica and approval state machine (decisions go to the execution's region). */
    readonly approvals: {
        readonly regions: readonly string[];
        readonly tableArns: Record<string, pulumi.Input<string>>;
        readonly stateMachineArns: Record<string, pulumi.Input<string>>;
        /** Minutes a request's region must be out before another region decides it (`platform:approval.takeoverAfterMinutes`). @default 15 */
        readonly takeoverAfterMinutes?: number;
    };
    /**
     * The one browser origin allowed to call the API (the web console's, e.g.
     * `https://console.example.com`): preflight `OPTIONS` methods (MOCK, no authorization) on every
     * path, CORS headers on the functions' answers and on the gateway responses. `undefined` = no
     * CORS: no browser app on another origin can read the API.
     */
    readonly allowedOrigin?: pulumi.Input<string>;
    /** Protect the log key from `pulumi destroy`. @default false */
    readonly protectKeys?: boolean;
    readonly tags?: Record<string, string>;
}

/**
 * Gateway responses that carry the CORS headers: every 4XX and 5XX API Gateway answers itself
 * (DEFAULT_4XX and DEFAULT_5XX cover the types not set on their own), and UNAUTHORIZED set
 * explicitly, so a browser can read a missing-token 401 or a throttling 429, not just a network error.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
export const CORS_GATEWAY_RESPONSES = ["DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED"] as const;

/** `{ "Access-Control-Allow-Origin": "'https://…'" }` -> API Gateway header mappings (static values are single-quoted). */
export function headerMappings(prefix: "method.response.header" | "gatewayresponse.header", headers: Record<string, string>): Record<string, string> {
    const canonical = (name: string) => name.split("-").map(p => p[0].toUpperCase() + p.slice(1)).join("-");
    return Object.fromEntries(Object.entries(headers).map(([k, v]) => [`${prefix}.${canonical(k)}`, `'${v}'`]));
}

/** Problems with {@link RegionalApiArgs}, one line each, naming the field. Empty when valid. */
export function validateRegionalApiArgs(args: RegionalApiArgs): string[] {
    const problems: string[] = [];
    const timeout = args.timeoutSeconds ?? 10;
    if (timeout < 1 || timeout > 29) problems.push(`timeoutSeconds ${timeout} must be 1-29 (REST API integrations time out at 29 s)`);
    const memory = args.memoryMb ?? 512;
    if (memory < 128 || memory > 10240) problems.push(`memoryMb ${memory} must be 128-10240`);
    if (args.throttle.burstLimit < 1 || args.throttle.rateLimit <= 0) problems.push("throttle limits must be positive");
    for (const field of ["tableArns", "stateMachineArns"] as const) {
        const missing = args.approvals.regions.filter(r => !(r in args.approvals[field]));
        if (missing.length) problems.push(`approvals.${field} has no entry for ${missing.join(", ")}`);
    }
    if (!args.approvals.regions.includes(args.region)) problems.push(`approvals.regions must include ${args.region}`);
    if (typeof args.allowedOrigin === "string") problems.push(...originProblems(args.allowedOrigin).map(p => `allowedOrigin ${p}`));
    return problems;
}

/** What every child of one {@link RegionalApi} shares. */
interface Scope {
    /** The component's name: every child's logical name starts with it. */
    readonly name: string;
    readonly region: string;
    /** `<namePrefix>-<region>`: physical names of this region's children. */
    readonly prefix: string;
    readonly args: RegionalApiArgs;
    readonly parent: pulumi.ComponentResourceOptions;
}

/**
 * One region's API (docs/design.md, decisions 1, 6, 7, 9): a REGIONAL REST API whose
 * methods go through the user pool's authorizer (except `GET /health`), Lambda handlers from
 * esbuild bundles, a stage with execution and access logs, X-Ray and throttling, an optional WAF,
 * and the Route 53 health check on this region's own execute-api hostname.
 *
 * The constructor reads as the list of what a region gets; each step is a named helper below.
 */
export class RegionalApi extends pulumi.ComponentResource {
    public readonly restApiId: pulumi.Output<string>;
    public readonly apiName: string;
    public readonly stageName = STAGE;
    public readonly stageArn: pulumi.Output<string>;
    /** `https://<id>.execute-api.<region>.amazonaws.com/v1`. */
    public readonly url: pulumi.Output<string>;
    public readonly healthCheckId: pulumi.Output<string>;
    /** Function names by handler. */
    public readonly functionNames: Record<string, pulumi.Output<string>>;
    /** Name of the stage's web ACL; `undefined` without WAF. */
    public readonly webAclName?: pulumi.Output<string>;
    /** KMS key of this region's log groups (shared with the region's other components). */
    public readonly logsKeyArn: pulumi.Output<string>;

    constructor(name: string, args: RegionalApiArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:api:RegionalApi", name, {}, opts);
        const problems = validateRegionalApiArgs(args);
        if (problems.length) throw new Error(`Invalid RegionalApi "${name}":\n  - ${problems.join("\n  - ")}`);
        const scope: Scope = { name, region: args.region, prefix: `${args.namePrefix}-${args.region}`, args, parent: { parent: this } };

        const key = this.logsKey(scope);
        const api = this.restApi(scope);
        const functions = this.handlerFunctions(scope, key);
        const routing = this.routes(scope, api, functions, this.authorizer(scope, api));
        this.invokePermissions(scope, api, functions);
        const stage = this.stage(scope, api, key, routing);
        this.webAclName = args.waf ? this.webAcl(scope, stage, args.waf) : undefined;
        const host = pulumi.interpolate`${api.id}.execute-api.${args.region}.amazonaws.com`;
        const check = this.healthCheck(scope, host);

        this.restApiId = api.id;
        this.apiName = `${scope.prefix}-api`;
        this.logsKeyArn = key.arn;
        this.stageArn = stage.arn;
        this.url = pulumi.interpolate`https://${host}/${STAGE}`;
        this.healthCheckId = check.id;
        this.functionNames = Object.fromEntries(Object.entries(functions).map(([k, f]) => [k, f.name]));
        this.registerOutputs({
            restApiId: this.restApiId, apiName: this.apiName, stageName: this.stageName, stageArn: this.stageArn, url: this.url,
            healthCheckId: this.healthCheckId, functionNames: this.functionNames, webAclName: this.webAclName, logsKeyArn: this.logsKeyArn,
        });
    }

    /** The region's log key: encrypts the functions' and the stage's log groups. */
    private logsKey({ name, region, prefix, args }: Scope): aws.kms.Key {
        return createRegionalKey(`${name}-logs-key`, {
            region, accountId: args.accountId, alias: `${prefix}-logs`, description: `Log groups of the API in ${region}`,
            cloudWatchLogs: true, tags: args.tags, protectData: args.protectKeys,
        }, this);
    }

    /** The REGIONAL REST API (a custom domain in front of it is the {@link Api}'s business). */
    private restApi({ name, region, prefix, args, parent }: Scope): aws.apigateway.RestApi {
        return new aws.apigateway.RestApi(`${name}-api`, {
            region,
            name: `${prefix}-api`,
            description: `Platform API in ${region}`,
            endpointConfiguration: { types: "REGIONAL" },
            tags: args.tags,
        }, parent);
    }

    /** One function per handler, each with its own log group and least-privilege role. */
    private handlerFunctions({ name, region, args }: Scope, key: aws.kms.Key): Record<string, aws.lambda.Function> {
        const approvalArns = pulumi.all([
            pulumi.all(args.approvals.regions.map(r => args.approvals.tableArns[r])),
            pulumi.all(args.approvals.regions.map(r => args.approvals.stateMachineArns[r])),
            args.approvals.stateMachineArns[region],
        ]);
        const functions: Record<string, aws.lambda.Function> = {};
        for (const [handler, spec] of Object.entries(HANDLERS)) {
            functions[handler] = createHandlerFunction(`${name}-${handler}`, {
                region,
                namePrefix: args.namePrefix,
                handler,
                bundle: spec.bundle,
                logRetentionDays: args.logRetentionDays,
                logsKeyArn: key.arn,
                memoryMb: args.memoryMb ?? 512,
                timeoutSeconds: args.timeoutSeconds ?? 10,
                environment: functionEnvironment(handler as keyof typeof HANDLERS, {
                    tableName: args.tableName, stateMachineArn: args.approvals.stateMachineArns[region], regions: args.approvals.regions, ttlAttribute: args.ttlAttribute,
                    consistency: args.consistency ?? "eventual", homeTimeoutMs: args.homeTimeoutMs ?? 1000,
                    takeoverAfterSeconds: (args.approvals.takeoverAfterMinutes ?? 15) * 60,
                    allowedOrigin: args.allowedOrigin,
                }),
                policy: logGroupArn => pulumi.all([args.tableArn, logGroupArn, approvalArns]).apply(([tableArn, logArn, [tableArns, stateMachineArns, stateMachineArn]]) =>
                    JSON.stringify(handler === "approvals"
                        ? buildApprovalApiPolicy({ tableArn, tableArns, stateMachineArn, stateMachineArns, logGroupArn: logArn })
                        : handler === "items"
                            ? buildItemsPolicy({ tableArn, tableArns, logGroupArn: logArn })
                            : buildHandlerPolicy(spec.actions, tableArn, logArn))),
                tags: args.tags,
            }, this).fn;
        }
        return functions;
    }

    /** The Cognito authorizer: tokens of the user pool, issued by its home region or its replica's. */
    private authorizer({ name, region, args, parent }: Scope, api: aws.apigateway.RestApi): aws.apigateway.Authorizer {
        return new aws.apigateway.Authorizer(`${name}-users`, {
            region,
            restApi: api.id,
            name: "users",
            type: "COGNITO_USER_POOLS",
            providerArns: args.userPoolArns,
            identitySource: "method.request.header.Authorization",
        }, parent);
    }

    /**
     * Resources by path, then one method + Lambda proxy integration per route of ROUTES.
     * Returns every method and integration: the deployment must wait for them.
     */
    private routes({ name, region, args, parent }: Scope, api: aws.apigateway.RestApi, functions: Record<string, aws.lambda.Function>, authorizer: aws.apigateway.Authorizer): pulumi.Resource[] {
        const resources = new Map<string, aws.apigateway.Resource>();
        const resourceFor = (path: string): aws.apigateway.Resource => {
            const hit = resources.get(path);
            if (hit) return hit;
            const parts = path.split("/").filter(Boolean);
            const parentPath = `/${parts.slice(0, -1).join("/")}`;
            const created = new aws.apigateway.Resource(`${name}-path-${slug(path)}`, {
                region,
                restApi: api.id,
                parentId: parentPath === "/" ? api.rootResourceId : resourceFor(parentPath).id,
                pathPart: parts[parts.length - 1],
            }, parent);
            resources.set(path, created);
            return created;
        };
        const wiring: pulumi.Resource[] = [];
        for (const route of ROUTES) {
            const id = `${slug(route.path)}-${route.method.toLowerCase()}`;
            const resource = resourceFor(route.path);
            const method = new aws.apigateway.Method(`${name}-${id}`, {
                region,
                restApi: api.id,
                resourceId: resource.id,
                httpMethod: route.method,
                authorization: route.auth ? "COGNITO_USER_POOLS" : "NONE",
                authorizerId: route.auth ? authorizer.id : undefined,
            }, parent);
            const integration = new aws.apigateway.Integration(`${name}-${id}-integration`, {
                region,
                restApi: api.id,
                resourceId: resource.id,
                httpMethod: method.httpMethod,
                type: "AWS_PROXY",
                integrationHttpMethod: "POST",
                uri: functions[route.handler].invokeArn,
                timeoutMilliseconds: 29_000,
            }, parent);
            wiring.push(method, integration);
        }
        if (args.allowedOrigin !== undefined) wiring.push(...this.cors(name, region, api, resourceFor, args.allowedOrigin));
        return wiring;
    }

    /** Invocation rights scoped to this API and the routes each function serves. */
    private invokePermissions({ name, region, parent }: Scope, api: aws.apigateway.RestApi, functions: Record<string, aws.lambda.Function>): void {
        for (const handler of Object.keys(HANDLERS)) {
            const paths = [...new Set(ROUTES.filter(r => r.handler === handler).map(r => r.path))];
            paths.forEach(path => new aws.lambda.Permission(`${name}-${handler}-invoke-${slug(path)}`, {
                region,
                action: "lambda:InvokeFunction",
                function: functions[handler].name,
                principal: "apigateway.amazonaws.com",
                sourceArn: pulumi.interpolate`${api.executionArn}/*/*${path.replace(/\{[^}]+\}/g, "*")}`,
            }, parent));
        }
    }

    /**
     * The deployment (new whenever the route table changes), the stage with access logs, X-Ray and
     * throttling, its ERROR-level execution logs, and the region's API Gateway account setting
     * (the CloudWatch role execution logs need).
     */
    private stage({ name, region, args, parent }: Scope, api: aws.apigateway.RestApi, key: aws.kms.Key, routing: pulumi.Resource[]): aws.apigateway.Stage {
        const deployment = new aws.apigateway.Deployment(`${name}-deployment`, {
            region,
            restApi: api.id,
            description: "Routes and integrations of the platform API",
            // A new deployment whenever the route table or the allowed origin changes (gateway responses and preflights take effect on deployment).
            triggers: {
                routes: createHash("sha256").update(JSON.stringify(ROUTES)).digest("hex"),
                ...(args.allowedOrigin !== undefined ? { corsOrigin: args.allowedOrigin } : {}),
            },
        }, { parent: this, dependsOn: routing });

        const access = new aws.cloudwatch.LogGroup(`${name}-access-logs`, {
            region, name: `/platform/${args.namePrefix}/${region}/api-access`, retentionInDays: args.logRetentionDays, kmsKeyId: key.arn, tags: args.tags,
        }, parent);
        const stage = new aws.apigateway.Stage(`${name}-stage`, {
            region,
            restApi: api.id,
            deployment: deployment.id,
            stageName: STAGE,
            xrayTracingEnabled: true,
            accessLogSettings: {
                destinationArn: access.arn,
                format: JSON.stringify({
                    requestId: "$context.requestId", ip: "$context.identity.sourceIp", method: "$context.httpMethod",
                    path: "$context.resourcePath", status: "$context.status", latencyMs: "$context.responseLatency",
                    integrationError: "$context.integration.error", wafStatus: "$context.waf.status",
                }),
            },
            tags: args.tags,
        }, parent);
        const account = new aws.apigateway.Account(`${name}-account-logging`, { region, cloudwatchRoleArn: args.cloudWatchRoleArn }, parent);
        new aws.apigateway.MethodSettings(`${name}-stage-settings`, {
            region,
            restApi: api.id,
            stageName: stage.stageName,
            methodPath: "*/*",
            settings: {
                // ERROR-level execution logs; never full request/response data (bodies, tokens).
                loggingLevel: "ERROR",
                dataTraceEnabled: false,
                metricsEnabled: true,
                throttlingRateLimit: args.throttle.rateLimit,
                throttlingBurstLimit: args.throttle.burstLimit,
            },
        }, { parent: this, dependsOn: [account] });
        return stage;
    }

    /** AWS WAF on the stage: a per-IP rate rule and AWS managed rule groups. Returns the ACL's name. */
    private webAcl({ name, region, prefix, args, parent }: Scope, stage: aws.apigateway.Stage, waf: { readonly rateLimit: number }): pulumi.Output<string> {
        const acl = new aws.wafv2.WebAcl(`${name}-waf`, { region, ...webAclConfig(`${prefix}-api`, "REGIONAL", waf.rateLimit), tags: args.tags }, parent);
        new aws.wafv2.WebAclAssociation(`${name}-waf-stage`, { region, resourceArn: stage.arn, webAclArn: acl.arn }, parent);
        return acl.name;
    }

    /** Route 53's health check (a global resource, no region): probes this region's own hostname, never the latency name. */
    private healthCheck({ name, prefix, args, parent }: Scope, host: pulumi.Output<string>): aws.route53.HealthCheck {
        return new aws.route53.HealthCheck(`${name}-health`, {
            type: "HTTPS",
            fqdn: host,
            port: 443,
            resourcePath: `/${STAGE}/health`,
            requestInterval: args.healthCheck.intervalSeconds,
            failureThreshold: args.healthCheck.failureThreshold,
            measureLatency: true,
            tags: { ...args.tags, Name: `${prefix}-api` },
        }, parent);
    }

    /**
     * CORS for the console's origin (handlers/shared/cors.ts): on every path of the route list an
     * `OPTIONS` method without authorization whose MOCK integration answers the preflight in API
     * Gateway itself (no function runs), and the CORS headers on the gateway responses.
     */
    private cors(name: string, region: string, api: aws.apigateway.RestApi, resourceFor: (path: string) => aws.apigateway.Resource, allowedOrigin: pulumi.Input<string>): pulumi.Resource[] {
        const parent = { parent: this };
        const created: pulumi.Resource[] = [];
        for (const [path, methods] of methodsByPath(ROUTES)) {
            const id = `${slug(path)}-options`;
            const resource = resourceFor(path);
            const headers = pulumi.output(allowedOrigin).apply(origin => headerMappings("method.response.header", preflightHeaders(origin, methods)));
            const method = new aws.apigateway.Method(`${name}-${id}`, {
                region, restApi: api.id, resourceId: resource.id, httpMethod: "OPTIONS", authorization: "NONE",
            }, parent);
            const integration = new aws.apigateway.Integration(`${name}-${id}-integration`, {
                region, restApi: api.id, resourceId: resource.id, httpMethod: method.httpMethod, type: "MOCK",
                requestTemplates: { "application/json": JSON.stringify({ statusCode: 200 }) },
            }, parent);
            const response = new aws.apigateway.MethodResponse(`${name}-${id}-response`, {
                region, restApi: api.id, resourceId: resource.id, httpMethod: method.httpMethod, statusCode: "200",
                responseParameters: headers.apply(h => Object.fromEntries(Object.keys(h).map(k => [k, true]))),
            }, parent);
            const integrationResponse = new aws.apigateway.IntegrationResponse(`${name}-${id}-integration-response`, {
                region, restApi: api.id, resourceId: resource.id, httpMethod: method.httpMethod, statusCode: response.statusCode,
                responseParameters: headers,
            }, { parent: this, dependsOn: [integration] });
            created.push(method, integration, response, integrationResponse);
        }
        for (const type of CORS_GATEWAY_RESPONSES) {
            created.push(new aws.apigateway.Response(`${name}-${type.toLowerCase().replace(/_/g, "-")}-cors`, {
                region, restApiId: api.id, responseType: type,
                responseParameters: pulumi.output(allowedOrigin).apply(origin => headerMappings("gatewayresponse.header", corsHeaders(origin))),
            }, parent));
        }
        return created;
    }
}

/** `/items/{id}` -> `items-id`: stable logical-name fragment of a path. */
function slug(path: string): string {
    return path.replace(/[{}]/g, "").split("/").filter(Boolean).join("-") || "root";
}

/**
 * The items function: its partition's rows in every region's replica (a user partition's reads and
 * conditional writes go to the partition's home, which may be another region), nothing outside
 * `USER#` partitions (LeadingKeys, with the Null guard: `ForAllValues` over an absent key is true).
 */
export function buildItemsPolicy(o: { tableArn: string; tableArns: readonly string[]; logGroupArn: string }) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "UserPartitions", Effect: "Allow", Action: [...HANDLERS.items.actions],
                Resource: [o.tableArn, ...o.tableArns.filter(a => a !== o.tableArn)],
                Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [partitionPattern(PARTITION_PREFIX.user)] }, Null: { "dynamodb:LeadingKeys": "false" } },
            },
            ...baseHandlerStatements(o.logGroupArn),
        ],
    };
}

/** A handler's permissions: its DynamoDB actions on this region's replica only, its log group, X-Ray. */
export function buildHandlerPolicy(actions: readonly string[], tableArn: string, logGroupArn: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "Table", Effect: "Allow", Action: [...actions], Resource: [tableArn] },
            ...baseHandlerStatements(logGroupArn),
        ],
    };
}
