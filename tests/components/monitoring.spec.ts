import { expect } from "chai";
import { Monitoring, MonitoringArgs } from "../../components/monitoring";
import { buildDashboardBody } from "../../components/logic/dashboard";
import { MOCK_ACCOUNT_ID, RecordedResource, ofType, settle, unwrap, useMocks } from "../helpers/pulumiMocks";

const REGIONS = ["eu-west-1", "us-east-2", "ap-northeast-2"];
const THRESHOLDS = { api5xxPercent: 1, apiLatencyP99Ms: 2500, lambdaErrors: 1, lambdaThrottles: 1, dynamoThrottledRequests: 1, replicationLatencyMs: 120000, wafBlockedRequests: 1000, conflictsDetected: 1 };

function args(overrides: Partial<MonitoringArgs> = {}): MonitoringArgs {
    return {
        regions: REGIONS.map(region => ({
            region,
            api: { name: `api-${region}`, stage: "v1" },
            functions: { items: `items-${region}`, health: `health-${region}` },
            stateMachines: { approval: `arn:aws:states:${region}:${MOCK_ACCOUNT_ID}:stateMachine:approval` },
            webAclName: `waf-${region}`,
            healthCheckId: `hc-${region}`,
        })),
        tableName: "platform-test",
        accountId: MOCK_ACCOUNT_ID,
        thresholds: THRESHOLDS,
        alarmEmail: "oncall@example.com",
        tags: { project: "platform" },
        ...overrides,
    };
}

async function build(a: MonitoringArgs): Promise<{ m: Monitoring; resources: RecordedResource[] }> {
    const cloud = await useMocks();
    const m = new Monitoring("ops", a);
    await unwrap(m.dashboardName);
    await settle();
    return { m, resources: cloud.resources };
}

describe("Monitoring", () => {
    let resources: RecordedResource[];
    let alarms: RecordedResource[];
    before(async () => {
        ({ resources } = await build(args()));
        alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
    });

    it("gives every alarm an action on the ops topic of the alarm's own region", () => {
        const topics = ofType(resources, "aws:sns/topic:Topic");
        const topicArn = (region: string) => topics.find(t => t.inputs.region === region)!.state.arn;
        expect(alarms.length).to.be.greaterThan(0);
        for (const a of alarms) {
            expect(a.inputs.actionsEnabled, a.name).to.equal(true);
            expect(a.inputs.alarmActions, a.name).to.deep.equal([topicArn(a.inputs.region)]);
            expect(a.inputs.okActions, a.name).to.deep.equal([topicArn(a.inputs.region)]);
        }
    });

    it("creates an encrypted ops topic per region, plus us-east-1 for Route 53 alarms, each with the alarm email", () => {
        const topics = ofType(resources, "aws:sns/topic:Topic");
        expect(topics.map(t => t.inputs.region)).to.deep.equal([...REGIONS, "us-east-1"]);
        const keys = ofType(resources, "aws:kms/key:Key");
        for (const t of topics) {
            const key = keys.find(k => k.inputs.region === t.inputs.region)!;
            expect(t.inputs.kmsMasterKeyId).to.equal(key.state.arn);
            const policy = JSON.parse(key.inputs.policy);
            expect(policy.Statement.find((s: any) => s.Sid === "UseByServicePrincipals").Principal).to.deep.equal({ Service: ["cloudwatch.amazonaws.com"] });
        }
        const subs = ofType(resources, "aws:sns/topicSubscription:TopicSubscription");
        expect(subs.map(s => [s.inputs.region, s.inputs.protocol, s.inputs.endpoint])).to.deep.equal(
            [...REGIONS, "us-east-1"].map(r => [r, "email", "oncall@example.com"]));
    });

    it("puts every Route 53 health-check alarm in us-east-1, treating missing data as breaching", () => {
        const hc = alarms.filter(a => a.inputs.namespace === "AWS/Route53");
        expect(hc.map(a => a.inputs.dimensions.HealthCheckId)).to.deep.equal(REGIONS.map(r => `hc-${r}`));
        for (const a of hc) {
            expect(a.inputs.region).to.equal("us-east-1");
            expect(a.inputs.metricName).to.equal("HealthCheckStatus");
            expect(a.inputs.comparisonOperator).to.equal("LessThanThreshold");
            expect(a.inputs.threshold).to.equal(1);
            expect(a.inputs.treatMissingData).to.equal("breaching");
        }
        expect(alarms.filter(a => a.inputs.namespace !== "AWS/Route53").every(a => a.inputs.treatMissingData === "notBreaching")).to.equal(true);
    });

    it("alarms on replication latency for every ordered pair of regions, in the sending region", () => {
        const pairs = alarms.filter(a => a.inputs.metricName === "ReplicationLatency")
            .map(a => `${a.inputs.region}->${a.inputs.dimensions.ReceivingRegion}`).sort();
        const expected = REGIONS.flatMap(a => REGIONS.filter(b => b !== a).map(b => `${a}->${b}`)).sort();
        expect(pairs).to.deep.equal(expected);
        expect(pairs).to.have.length(6);
    });

    it("covers API 5XX rate and p99 latency, Lambda errors and throttles per function, DynamoDB throttles, Step Functions and WAF in every region", () => {
        for (const region of REGIONS) {
            const here = alarms.filter(a => a.inputs.region === region);
            const ids = here.map(a => a.name.replace(`ops-${region}-`, "")).sort();
            expect(ids).to.deep.equal([
                "api-5xx-rate", "api-latency-p99", "dynamodb-read-throttles", "dynamodb-write-throttles",
                "lambda-health-errors", "lambda-health-throttles", "lambda-items-errors", "lambda-items-throttles",
                ...REGIONS.filter(r => r !== region).map(r => `replication-to-${r}`),
                "sfn-approval-failed", "sfn-approval-timed-out", "waf-blocked-spike",
            ].sort());
            const rate = here.find(a => a.name.endsWith("api-5xx-rate"))!.inputs;
            expect(rate).to.include({ namespace: "AWS/ApiGateway", metricName: "5XXError", statistic: "Average", threshold: 0.01 });
            expect(rate.dimensions).to.deep.equal({ ApiName: `api-${region}`, Stage: "v1" });
            expect(here.find(a => a.name.endsWith("api-latency-p99"))!.inputs).to.include({ extendedStatistic: "p99", threshold: 2500 });
            expect(here.find(a => a.name.endsWith("waf-blocked-spike"))!.inputs.dimensions).to.deep.equal({ WebACL: `waf-${region}`, Region: region, Rule: "ALL" });
        }
    });

    it("builds one dashboard in the home region whose JSON references every region", () => {
        const dashboards = ofType(resources, "aws:cloudwatch/dashboard:Dashboard");
        expect(dashboards).to.have.length(1);
        expect(dashboards[0].inputs.region).to.equal("eu-west-1");
        const body = JSON.parse(dashboards[0].inputs.dashboardBody);
        const widgetRegions = new Set(body.widgets.filter((w: any) => w.type === "metric").map((w: any) => w.properties.region));
        for (const r of [...REGIONS, "us-east-1"]) expect(widgetRegions.has(r), r).to.equal(true);
        for (const w of body.widgets) expect(w.x + w.width).to.be.at.most(24);
    });

    it("creates no us-east-1 topic and no health-check alarms without DNS health checks, and no email subscription without an email", async () => {
        const a = args({ alarmEmail: undefined });
        const { resources: r } = await build({ ...a, regions: a.regions.map(x => ({ ...x, healthCheckId: undefined })) });
        expect(ofType(r, "aws:sns/topic:Topic").map(t => t.inputs.region)).to.deep.equal(REGIONS);
        expect(ofType(r, "aws:cloudwatch/metricAlarm:MetricAlarm").filter(x => x.inputs.namespace === "AWS/Route53")).to.deep.equal([]);
        expect(ofType(r, "aws:sns/topicSubscription:TopicSubscription")).to.deep.equal([]);
    });
});

describe("buildDashboardBody", () => {
    it("shows health checks from us-east-1 and replication latency to each other region", () => {
        const body = buildDashboardBody({
            tableName: "t",
            regions: [{ region: "eu-west-1", apiName: "a", stageName: "v1", healthCheckId: "h1" }, { region: "ap-northeast-2" }],
        });
        const titles = body.widgets.map(w => w.properties.title).filter(Boolean);
        expect(titles).to.deep.equal([
            "Requests: eu-west-1", "Errors: eu-west-1", "Latency p99 (ms): eu-west-1",
            "Replication latency (ms): eu-west-1", "Replication latency (ms): ap-northeast-2",
            "Health check (1 = healthy): eu-west-1",
        ]);
        const hc = body.widgets.find(w => w.properties.title === "Health check (1 = healthy): eu-west-1")!;
        expect(hc.properties.region).to.equal("us-east-1");
        const repl = body.widgets.find(w => w.properties.title === "Replication latency (ms): ap-northeast-2")!;
        expect(repl.properties.metrics).to.deep.equal([["AWS/DynamoDB", "ReplicationLatency", "TableName", "t", "ReceivingRegion", "eu-west-1", { stat: "Average", label: "to eu-west-1" }]]);
    });
});
