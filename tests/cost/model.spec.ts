/**
 * The cost model: lines checked against values computed by hand from the price table, totals that
 * are the sum of their lines, and the pieces the lines are built from.
 */
import { expect } from "chai";
import {
    accessLogLineBytes, CostLine, CostReport, CostResource, costReport, NotPricedError, runsPerMonth, SECONDS_PER_MONTH, workflowPath,
} from "../../policies/cost/model";
import { priceOf, PRICES, priceTableProblems } from "../../policies/cost/prices";
import { PROFILE } from "../../policies/cost/profile";
import { UsageError } from "../../policies/cost/usage";
import { costResources } from "../../scripts/lib/cost/stackCost";
import { planOf, usageWith } from "./helpers";

const price = (id: string) => priceOf(id, "us-east-1").usd / priceOf(id, "us-east-1").per;
const sum = (lines: readonly CostLine[]) => lines.reduce((n, l) => n + l.usd, 0);
const resource = (type: string, name: string, region: string | null, inputs: Record<string, any>): CostResource =>
    ({ urn: `urn:pulumi:test::platform::${type}::${name}`, type, name, region, inputs });

describe("cost model", function () {
    this.timeout(120_000);

    describe("hand-computed lines", () => {
        it("a Route 53 health check with HTTPS and a 10 s interval: base price + 2 optional features", () => {
            const check = resource("aws:route53/healthCheck:HealthCheck", "hc", null, { type: "HTTPS", requestInterval: 10, failureThreshold: 3, fqdn: "api.example.com", port: 443, resourcePath: "/v1/health" });
            const nonAws = costReport({ resources: [check], usage: usageWith(), profile: PROFILE, fixedOnly: true });
            expect(nonAws.lines.map(l => [l.item, l.quantity, l.usd])).to.deep.equal([
                ["Health check (non-AWS endpoint)", 1, 0.75],
                ["Optional features: HTTPS, 10 s interval", 2, 4.00],
            ]);
            expect(nonAws.fixedMonthlyUsd).to.equal(4.75);
            expect(nonAws.global.fixedMonthlyUsd).to.equal(4.75);
            expect(nonAws.notes[0]).to.equal("hc: probes api.example.com/v1/health, not a regional /health route: the requests it sends are not priced");
            const aws = costReport({ resources: [check], usage: usageWith({ route53_health_check: { endpoint_type: "aws" } }), profile: PROFILE, fixedOnly: true });
            expect(aws.fixedMonthlyUsd).to.equal(2.50);
        });

        it("prod's health checks (HTTPS, 10 s, latency measurement) cost $6.75 each, and their probes are paid in the region they probe", async () => {
            const report = costReport({ resources: costResources(await planOf("prod")), usage: usageWith(), profile: PROFILE });
            const checks = report.lines.filter(l => l.type === "aws:route53/healthCheck:HealthCheck");
            expect(checks).to.have.length(6);
            expect(sum(checks)).to.be.closeTo(3 * (0.75 + 3 * 2.00), 1e-9);
            // 15 requests per 10 s interval for a 730-hour month, each an API Gateway request in us-east-1.
            const probes = report.lines.filter(l => l.resource === "health-check probes of api-us-east-1-health" && l.priceId === "apigateway.rest.requests");
            expect(probes.map(l => [l.region, l.kind, l.quantity])).to.deep.equal([["us-east-1", "fixed", 15 * SECONDS_PER_MONTH / 10]]);
            expect(probes[0].usd).to.be.closeTo(3_942_000 * 3.5 / 1e6, 1e-6);
        });

        it("a WAF web ACL with its rules: $5 + $1 per rule, and a managed rule group with its own fees is refused", () => {
            const rules = [
                { name: "rate", priority: 0, statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } } },
                { name: "common", priority: 1, statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } } },
                { name: "bad-inputs", priority: 2, statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } } },
            ];
            const acl = resource("aws:wafv2/webAcl:WebAcl", "waf", "eu-west-1", { scope: "REGIONAL", region: "eu-west-1", rules });
            const report = costReport({ resources: [acl], usage: usageWith(), profile: PROFILE, fixedOnly: true });
            expect(report.lines.map(l => [l.region, l.item, l.quantity, l.usd])).to.deep.equal([
                ["eu-west-1", "Web ACL (REGIONAL)", 1, 5],
                ["eu-west-1", "Rules (rate, common, bad-inputs)", 3, 3],
            ]);
            expect(report.regions["eu-west-1"].fixedMonthlyUsd).to.equal(8);
            const bots = { ...acl, inputs: { ...acl.inputs, rules: [...rules, { name: "bots", priority: 3, statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesBotControlRuleSet" } } }] } };
            expect(() => costReport({ resources: [bots], usage: usageWith(), profile: PROFILE, fixedOnly: true }))
                .to.throw(NotPricedError, "waf: managed rule group AWSManagedRulesBotControlRuleSet has fees beyond the rule price");
        });

        it("a replicated user pool: its MAU at the plan's rate, the replica's at the replication rate, each multi-Region key a key", () => {
            const pool = resource("aws-native:cognito:UserPool", "users", "us-east-1", { userPoolTier: "PLUS" });
            const replica = resource("aws-native:cognito:UserPoolReplica", "users-replica", "us-east-1", { regionName: "eu-west-1", userPoolId: "us-east-1_X" });
            const key = resource("aws:kms/key:Key", "users-key", "us-east-1", { multiRegion: true });
            const replicaKey = resource("aws:kms/replicaKey:ReplicaKey", "users-key-eu", "eu-west-1", {});
            const usage = usageWith({ users: { monthly_active_users: 2000 } });
            const report = costReport({ resources: [pool, replica, key, replicaKey], usage, profile: PROFILE });
            expect(report.lines.map(l => [l.kind, l.region, l.resource, l.quantity, l.usd])).to.deep.equal([
                ["fixed", "us-east-1", "users-key", 1, 1],
                ["fixed", "eu-west-1", "users-key-eu", 1, 1],
                ["users", "us-east-1", "users", 2000, 2000 * price("cognito.mau.PLUS")],
                ["users", "eu-west-1", "users-replica", 2000, 2000 * price("cognito.mrr.PLUS")],
            ]);
            expect(price("cognito.mrr.PLUS")).to.equal(0.006);
            expect(price("cognito.mrr.ESSENTIALS")).to.equal(0.0045);
            // A replica whose pool the model cannot find is refused, not priced at zero.
            expect(() => costReport({ resources: [replica], usage, profile: PROFILE })).to.throw(NotPricedError, "users-replica: cannot tell which user pool it replicates (0 pools in us-east-1)");
        });

        it("one million replicated writes in a 3-region table: 1M rWRU in each of the 2 other regions", async () => {
            const usage = usageWith({
                requests: { monthly_requests: 1_000_000, reads_per_write: 0, write_mix: { "PUT /items/{id}": 1 }, region_share: { "us-east-1": 1 } },
                approvals: { monthly_approvals: 0 },
            });
            expect(PROFILE.routes["PUT /items/{id}"].wru).to.equal(1);
            const report = costReport({ resources: costResources(await planOf("prod")), usage, profile: PROFILE });
            const replicated = report.lines.filter(l => l.priceId === "dynamodb.replicatedWriteRequestUnits");
            expect(replicated.map(l => [l.region, l.quantity, l.usd])).to.deep.equal([
                ["eu-west-1", 1_000_000, 0.625],
                ["ap-northeast-2", 1_000_000, 0.625],
            ]);
            const local = report.lines.filter(l => l.priceId === "dynamodb.writeRequestUnits");
            expect(local.map(l => [l.region, l.quantity, l.usd])).to.deep.equal([["us-east-1", 1_000_000, 0.625]]);
            // The 2-region dev table replicates each write once.
            const dev = costReport({ resources: costResources(await planOf("dev")), usage, profile: PROFILE });
            expect(dev.lines.filter(l => l.priceId === "dynamodb.replicatedWriteRequestUnits").map(l => [l.region, l.usd])).to.deep.equal([["eu-west-1", 0.625]]);
        });

        it("a Lambda invocation: requests, and GB-seconds of the plan's memory and architecture at the stated duration", async () => {
            const usage = usageWith({
                requests: { monthly_requests: 1_000_000, reads_per_write: 0, write_mix: { "PUT /items/{id}": 1 }, region_share: { "us-east-1": 1 } },
                approvals: { monthly_approvals: 0 }, lambda: { cold_start_fraction: 0 },
            });
            const report = costReport({ resources: costResources(await planOf("prod")), usage, profile: PROFILE });
            const lambda = report.lines.filter(l => l.kind === "requests" && l.priceId.startsWith("lambda."));
            // prod: 1,024 MB arm64; items: 25 ms billed.
            expect(lambda.map(l => [l.priceId, l.quantity, l.usd])).to.deep.equal([
                ["lambda.requests", 1_000_000, 0.2],
                ["lambda.duration.arm64", 25_000, Math.round(25_000 * 0.0000133334 * 1e6) / 1e6],
            ]);
        });
    });

    describe("totals", () => {
        for (const stack of ["dev", "prod"] as const) {
            it(`${stack}: every total is the sum of its lines, per region and for the stack`, async () => {
                const usage = usageWith();
                const report: CostReport = costReport({ resources: costResources(await planOf(stack)), usage, profile: PROFILE });
                const of = (kind: CostLine["kind"], region?: string) => sum(report.lines.filter(l => l.kind === kind && (region === undefined || l.region === region)));
                expect(report.fixedMonthlyUsd).to.be.closeTo(of("fixed"), 1e-4);
                expect(report.perMillionRequestsUsd).to.be.closeTo(of("requests"), 1e-4);
                expect(report.storageMonthlyUsd).to.be.closeTo(of("storage"), 1e-4);
                expect(report.usersMonthlyUsd).to.be.closeTo(of("users"), 1e-4);
                expect(report.activeMonthlyUsd).to.be.closeTo(of("active"), 1e-4);
                expect(report.global.fixedMonthlyUsd).to.be.closeTo(of("fixed", "global"), 1e-4);
                for (const [region, t] of Object.entries(report.regions)) {
                    expect(t.fixedMonthlyUsd, region).to.be.closeTo(of("fixed", region), 1e-4);
                    expect(t.perMillionRequestsUsd, region).to.be.closeTo(of("requests", region), 1e-4);
                    expect(t.storageMonthlyUsd, region).to.be.closeTo(of("storage", region), 1e-4);
                }
                expect(report.fixedMonthlyUsd).to.be.closeTo(report.global.fixedMonthlyUsd + Object.values(report.regions).reduce((n, t) => n + t.fixedMonthlyUsd, 0), 1e-3);
                expect(report.monthlyAtUsageUsd).to.be.closeTo(report.fixedMonthlyUsd + report.activeMonthlyUsd + report.perMillionRequestsUsd * usage.requests.monthly_requests / 1e6
                    + report.storageMonthlyUsd + report.usersMonthlyUsd, 0.01);
                for (const l of report.lines) {
                    expect(l.usd, `${l.resource} ${l.item}`).to.be.closeTo(l.quantity / l.per * l.unitPriceUsd, 1e-5);
                    expect(l.source, l.priceId).to.match(/^https:\/\/aws\.amazon\.com\//);
                    expect(l.quantity, `${l.resource} ${l.item}`).to.be.greaterThan(0);
                }
                expect(report.stackRegions).to.deep.equal(stack === "prod" ? ["us-east-1", "eu-west-1", "ap-northeast-2"] : ["us-east-1", "eu-west-1"]);
            });
        }

        it("storage: every replica stores the table, backups keep full copies for their retention", async () => {
            const report = costReport({ resources: costResources(await planOf("dev")), usage: usageWith({ data: { stored_gb: 10 } }), profile: PROFILE });
            const storage = report.lines.filter(l => l.priceId === "dynamodb.storage");
            expect(storage.map(l => [l.region, l.quantity, l.usd])).to.deep.equal([["us-east-1", 10, 2.5], ["eu-west-1", 10, 2.5]]);
            // dev: daily backups kept 7 days, copied to us-west-2 and kept 7 days there: 7 full copies in each vault.
            const warm = report.lines.filter(l => l.priceId === "backup.dynamodb.warm");
            expect(warm.map(l => [l.region, l.quantity])).to.deep.equal([["us-east-1", 70], ["us-west-2", 70]]);
        });
    });

    describe("building blocks", () => {
        it("counts schedule runs a month", () => {
            expect(runsPerMonth("cron(0 3 * * ? *)")).to.be.closeTo(365 / 12, 1e-9);
            expect(runsPerMonth("cron(0 4 1 * ? *)")).to.equal(1);
            expect(runsPerMonth("cron(0 6 ? * SAT *)")).to.be.closeTo(52 / 12, 1e-9);
            expect(runsPerMonth("cron(0 6 ? * WED *)")).to.be.closeTo(52 / 12, 1e-9);
            expect(runsPerMonth("rate(12 hours)")).to.be.closeTo(2 * 365 / 12, 1e-9);
            expect(() => runsPerMonth("cron(0 */2 * * ? *)")).to.throw(NotPricedError, "ranges, steps and L/W/# are not read");
            expect(() => runsPerMonth("at(2026-01-01T00:00:00)")).to.throw(NotPricedError, "is not a cron() or rate() expression");
        });

        it("walks the approval state machine of the plan for each outcome", async () => {
            const machine = (await planOf("prod")).resources.find(r => r.type === "aws:sfn/stateMachine:StateMachine")!;
            expect(workflowPath(machine.inputs.definition, "approve").map(s => s.name)).to.deep.equal(["RecordRequest", "WaitForDecision", "Decision", "ApplyChange", "NotifyRequester", "Done"]);
            expect(workflowPath(machine.inputs.definition, "reject").map(s => s.name)).to.deep.equal(["RecordRequest", "WaitForDecision", "Decision", "NotifyRequester", "Done"]);
        });

        it("sizes an access log line from the stage's format", () => {
            expect(accessLogLineBytes("{\"id\":\"$context.requestId\",\"x\":\"$context.somethingElse\"}")).to.equal("{\"id\":\"c5b3a1f2-4d6e-4f80-9a1b-2c3d4e5f6a7b\",\"x\":\"-\"}".length);
        });

        it("refuses what the price table does not cover instead of pricing it at zero", async () => {
            const table = (await planOf("dev")).resources.find(r => r.type === "aws:dynamodb/table:Table")!;
            const provisioned = resource(table.type, "data", "us-east-1", { ...table.outputs, billingMode: "PROVISIONED" });
            expect(() => costReport({ resources: [provisioned], usage: usageWith(), profile: PROFILE })).to.throw(NotPricedError, "data: only on-demand (PAY_PER_REQUEST) tables are priced");
            const cached = resource("aws:apigateway/stage:Stage", "stage", "us-east-1", { cacheClusterEnabled: true });
            expect(() => costReport({ resources: [cached], usage: usageWith(), profile: PROFILE })).to.throw(NotPricedError, "stage: the stage cache is billed per hour");
        });

        it("looks prices up by region, falling back to global, then us-east-1, and never invents one", () => {
            expect(priceTableProblems(PRICES)).to.deep.equal([]);
            expect(priceOf("kms.key", "us-east-1").pricedAt).to.equal("us-east-1");
            expect(priceOf("kms.key", "ap-northeast-2").pricedAt).to.equal("us-east-1");
            expect(priceOf("route53.healthCheck.nonAwsEndpoint", "eu-west-1").pricedAt).to.equal("global");
            expect(() => priceOf("kms.hsm", "us-east-1")).to.throw("Price table has no price \"kms.hsm\"");
            expect(price("apigateway.rest.requests")).to.equal(3.5e-6);
            expect(priceTableProblems({ ...PRICES, prices: [...PRICES.prices, { ...PRICES.prices[0], usd: 0 }] })).to.deep.equal([
                "route53.healthCheck.awsEndpoint@global is listed twice", "route53.healthCheck.awsEndpoint@global: usd must be above 0",
            ]);
        });

        it("validates a usage file with one error listing every problem and its key", () => {
            let error: unknown;
            try {
                usageWith({ requests: { read_mix: { "GET /items": 0.5 }, monthly_requests: -1 }, approvals: { outcome: "maybe" }, bogus: 1 });
            } catch (e) {
                error = e;
            }
            expect(error).to.be.instanceOf(UsageError);
            expect((error as UsageError).problems).to.have.members([
                "bogus: unknown key",
                "requests.monthly_requests: must be 0 or more",
                "approvals.outcome: must be approve or reject",
            ]);
            expect(() => usageWith({ requests: { read_mix: { "GET /items": 0.5 } } })).to.throw(UsageError, "requests.read_mix: shares sum to 0.5, not 1");
            expect(() => usageWith({ approvals: { monthly_approvals: 5_000_000 } })).to.throw(UsageError, "approvals.monthly_approvals: 5000000 approvals make 25000000 API requests, more than requests.monthly_requests (10000000)");
        });
    });
});
