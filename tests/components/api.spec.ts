/** RegionalApi and the Route 53 routing in front of it, under the prod and dev stack configs. */
import { expect } from "chai";
import { byName, ofType, runStack } from "../helpers/pulumiMocks";
import type { ProgramRun } from "../../scripts/lib/runProgram";
import type { RecordedResource } from "../../scripts/lib/mockCloud";
import { ROUTES } from "../../components/regionalApi";

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-2"];
const childrenOf = (run: ProgramRun, urn: string): RecordedResource[] => {
    const direct = run.resources.filter(r => r.parent === urn);
    return [...direct, ...direct.flatMap(d => childrenOf(run, d.urn))];
};

describe("Api (prod stack)", () => {
    let run: ProgramRun;
    before(async () => { run = await runStack("prod"); });

    for (const region of REGIONS) {
        describe(region, () => {
            const r = (type: string, name: string) => byName(run.resources, type, `api-${region}-${name}`);

            it("puts every child of the regional API in its region (except global IAM and Route 53)", () => {
                const component = byName(run.resources, "platform:api:RegionalApi", `api-${region}`);
                const children = childrenOf(run, component.urn).filter(c => c.custom);
                expect(children.length).to.be.greaterThan(20);
                for (const c of children) {
                    if (/^aws:(iam|route53)\//.test(c.type)) expect(c.inputs.region, c.name).to.equal(undefined);
                    else expect(c.inputs.region, `${c.type} ${c.name}`).to.equal(region);
                }
            });

            it("guards every route with the user pool's authorizer, trusting the home pool and its replica, except GET /health", () => {
                const api = r("aws:apigateway/restApi:RestApi", "api");
                expect(api.inputs.endpointConfiguration).to.deep.equal({ types: "REGIONAL" });
                const authorizer = r("aws:apigateway/authorizer:Authorizer", "users");
                expect(authorizer.inputs.type).to.equal("COGNITO_USER_POOLS");
                const poolArn: string = byName(run.resources, "aws-native:cognito:UserPool", "identity-users").state.arn;
                // Tokens the eu-west-1 replica issues during a home outage must pass in every region.
                expect(authorizer.inputs.providerArns).to.deep.equal([poolArn, poolArn.replace(":us-east-1:", ":eu-west-1:")]);
                // CORS preflights (OPTIONS, MOCK, no authorization) are checked in webConsole.spec.ts.
                const methods = ofType(run.resources, "aws:apigateway/method:Method").filter(m => m.inputs.region === region && m.inputs.httpMethod !== "OPTIONS");
                const paths = new Map(ofType(run.resources, "aws:apigateway/resource:Resource").filter(x => x.inputs.region === region).map(x => [x.id, x]));
                const pathOf = (id: string): string => { const res = paths.get(id); return res ? `${res.inputs.parentId === api.state.rootResourceId ? "" : pathOf(res.inputs.parentId)}/${res.inputs.pathPart}` : ""; };
                const table = methods.map(m => [m.inputs.httpMethod, pathOf(m.inputs.resourceId), m.inputs.authorization, m.inputs.authorizerId ?? null]);
                const byRoute = (a: any[], b: any[]) => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`);
                expect(table.sort(byRoute)).to.deep.equal(ROUTES.map(route => [route.method, route.path, route.auth ? "COGNITO_USER_POOLS" : "NONE", route.auth ? authorizer.id : null]).sort(byRoute));
            });

            it("scopes each Lambda permission to this API's execution ARN and the function's own paths", () => {
                const api = r("aws:apigateway/restApi:RestApi", "api");
                const perms = ofType(run.resources, "aws:lambda/permission:Permission").filter(p => p.inputs.region === region && p.inputs.principal === "apigateway.amazonaws.com");
                expect(perms.map(p => [p.inputs.function, p.inputs.principal, p.inputs.sourceArn])).to.have.deep.members([
                    [`platform-prod-${region}-items`, "apigateway.amazonaws.com", `${api.state.executionArn}/*/*/items`],
                    [`platform-prod-${region}-items`, "apigateway.amazonaws.com", `${api.state.executionArn}/*/*/items/*`],
                    [`platform-prod-${region}-items`, "apigateway.amazonaws.com", `${api.state.executionArn}/*/*/items/*/conflicts`],
                    [`platform-prod-${region}-items`, "apigateway.amazonaws.com", `${api.state.executionArn}/*/*/items/*/conflicts/*`],
                    [`platform-prod-${region}-items`, "apigateway.amazonaws.com", `${api.state.executionArn}/*/*/home`],
                    [`platform-prod-${region}-approvals`, "apigateway.amazonaws.com", `${api.state.executionArn}/*/*/items/*/publish`],
                    [`platform-prod-${region}-approvals`, "apigateway.amazonaws.com", `${api.state.executionArn}/*/*/requests/*`],
                    [`platform-prod-${region}-approvals`, "apigateway.amazonaws.com", `${api.state.executionArn}/*/*/approvals`],
                    [`platform-prod-${region}-approvals`, "apigateway.amazonaws.com", `${api.state.executionArn}/*/*/approvals/*/decision`],
                    [`platform-prod-${region}-approvals`, "apigateway.amazonaws.com", `${api.state.executionArn}/*/*/published`],
                    [`platform-prod-${region}-approvals`, "apigateway.amazonaws.com", `${api.state.executionArn}/*/*/notices`],
                    [`platform-prod-${region}-health`, "apigateway.amazonaws.com", `${api.state.executionArn}/*/*/health`],
                ]);
            });

            it("deploys arm64 functions on Node.js 24 with tracing, their own log groups and least-privilege roles", () => {
                for (const h of ["items", "health"]) {
                    const fn = r("aws:lambda/function:Function", h).inputs;
                    expect(fn).to.deep.include({ runtime: "nodejs24.x", architectures: ["arm64"], handler: "index.handler", tracingConfig: { mode: "Active" } });
                    expect(fn.loggingConfig.logGroup).to.equal(`/platform/platform-prod/${region}/${h}`);
                    const policy = JSON.parse(r("aws:iam/rolePolicy:RolePolicy", `${h}-policy`).inputs.policy);
                    if (h === "health") {
                        expect(policy.Statement[0]).to.deep.equal({ Sid: "Table", Effect: "Allow", Action: ["dynamodb:BatchGetItem"], Resource: [`arn:aws:dynamodb:${region}:123456789012:table/platform-prod`] });
                        continue;
                    }
                    // Items: user partitions in every region's replica (a partition's home may be any region), nothing else.
                    expect(policy.Statement[0]).to.deep.equal({
                        Sid: "UserPartitions", Effect: "Allow",
                        Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"],
                        Resource: [region, ...REGIONS.filter(x => x !== region)].map(x => `arn:aws:dynamodb:${x}:123456789012:table/platform-prod`),
                        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["USER#*"] }, Null: { "dynamodb:LeadingKeys": "false" } },
                    });
                    expect(fn.environment.variables).to.deep.include({ PLATFORM_REGIONS: REGIONS.join(","), PARTITION_DECISIONS: "eventual", HOME_TIMEOUT_MS: "1000" });
                }
            });

            it("has a logged, traced, throttled stage with a WAF web ACL", () => {
                const stage = r("aws:apigateway/stage:Stage", "stage");
                expect(stage.inputs.stageName).to.equal("v1");
                expect(stage.inputs.xrayTracingEnabled).to.equal(true);
                expect(stage.inputs.accessLogSettings.destinationArn).to.equal(r("aws:cloudwatch/logGroup:LogGroup", "access-logs").state.arn);
                expect(r("aws:apigateway/methodSettings:MethodSettings", "stage-settings").inputs.settings).to.deep.equal({
                    loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true, throttlingRateLimit: 1000, throttlingBurstLimit: 2000,
                });
                const association = r("aws:wafv2/webAclAssociation:WebAclAssociation", "waf-stage").inputs;
                expect(association.resourceArn).to.equal(stage.state.arn);
                expect(association.webAclArn).to.equal(r("aws:wafv2/webAcl:WebAcl", "waf").state.arn);
            });

            it("health-checks this region's own execute-api hostname at /v1/health, every 10 s, 3 failures", () => {
                const api = r("aws:apigateway/restApi:RestApi", "api");
                const check = r("aws:route53/healthCheck:HealthCheck", "health").inputs;
                expect(check).to.deep.include({ type: "HTTPS", fqdn: `${api.id}.execute-api.${region}.amazonaws.com`, port: 443, resourcePath: "/v1/health", requestInterval: 10, failureThreshold: 3 });
            });

            it("routes api.example.com by latency to this region with its health check, and pins <region>.api.example.com", () => {
                const cert = byName(run.resources, "aws:acm/certificate:Certificate", `api-${region}-cert`).inputs;
                expect(cert).to.deep.include({ region, domainName: "api.example.com", subjectAlternativeNames: [`${region}.api.example.com`] });
                const domains = ofType(run.resources, "aws:apigateway/domainName:DomainName").filter(d => d.inputs.region === region);
                expect(domains.map(d => [d.inputs.domainName, d.inputs.securityPolicy, d.inputs.endpointConfiguration.types, d.inputs.regionalCertificateArn]))
                    .to.deep.equal([["api.example.com", "TLS_1_2", "REGIONAL", byName(run.resources, "aws:acm/certificate:Certificate", `api-${region}-cert`).state.arn],
                        [`${region}.api.example.com`, "TLS_1_2", "REGIONAL", byName(run.resources, "aws:acm/certificate:Certificate", `api-${region}-cert`).state.arn]]);
                const latency = byName(run.resources, "aws:route53/record:Record", `api-${region}-latency`).inputs;
                expect(latency).to.deep.include({ name: "api.example.com", type: "A", setIdentifier: region, latencyRoutingPolicies: [{ region }], healthCheckId: r("aws:route53/healthCheck:HealthCheck", "health").id });
                expect(latency.aliases[0].evaluateTargetHealth).to.equal(true);
                expect(latency.aliases[0].name).to.equal(domains[0].state.regionalDomainName);
                expect(byName(run.resources, "aws:route53/record:Record", `api-${region}-pinned`).inputs.name).to.equal(`${region}.api.example.com`);
            });
        });
    }

    it("creates each DNS validation record once, though every region's certificate asks for api.example.com", () => {
        const validation = ofType(run.resources, "aws:route53/record:Record").filter(r => r.name.endsWith("-validation"));
        const names = validation.map(v => v.inputs.name);
        expect(names).to.have.length(1 + REGIONS.length);
        expect(new Set(names).size).to.equal(names.length);
        for (const region of REGIONS) {
            const fqdns = byName(run.resources, "aws:acm/certificateValidation:CertificateValidation", `api-${region}-cert-validation`).inputs.validationRecordFqdns;
            expect(fqdns).to.have.length(2);
            expect(fqdns[0]).to.equal(byName(run.resources, "aws:route53/record:Record", "api-api-validation").state.fqdn);
        }
    });
});

describe("Api (dev stack: no DNS, no WAF)", () => {
    let run: ProgramRun;
    before(async () => { run = await runStack("dev"); });

    it("creates no certificates, domains or records, and outputs each region's execute-api URL", () => {
        for (const type of ["aws:acm/certificate:Certificate", "aws:apigateway/domainName:DomainName", "aws:route53/record:Record", "aws:wafv2/webAcl:WebAcl"]) {
            expect(ofType(run.resources, type), type).to.have.length(0);
        }
        const urls = run.outputs.apiUrls as Record<string, string>;
        expect(Object.keys(urls)).to.deep.equal(["us-east-1", "eu-west-1"]);
        for (const [region, url] of Object.entries(urls)) expect(url).to.match(new RegExp(`^https://[a-z0-9]+\\.execute-api\\.${region}\\.amazonaws\\.com/v1$`));
    });

    it("still health-checks every region (30 s interval in dev)", () => {
        expect(ofType(run.resources, "aws:route53/healthCheck:HealthCheck").map(h => h.inputs.requestInterval)).to.deep.equal([30, 30]);
    });

    it("tells the items function the attribute the table expires on (platform:table.ttlAttribute), and no other function", async () => {
        const custom = await runStack("dev", { table: { consistency: "eventual", deletionProtection: false, pitrRecoveryDays: 7, ttlAttribute: "purgeAfter" } });
        const table = ofType(custom.resources, "aws:dynamodb/table:Table")[0];
        expect(table.inputs.ttl).to.deep.equal({ attributeName: "purgeAfter", enabled: true });
        for (const region of ["us-east-1", "eu-west-1"]) {
            const env = (handler: string) => byName(custom.resources, "aws:lambda/function:Function", `api-${region}-${handler}`).inputs.environment.variables;
            expect(env("items").TTL_ATTRIBUTE).to.equal("purgeAfter");
            expect(env("approvals")).to.not.have.property("TTL_ATTRIBUTE");
            expect(env("health")).to.not.have.property("TTL_ATTRIBUTE");
        }
    });
});
