/**
 * Business metrics (Powertools EMF): ApprovalsRequested, ApprovalsDecided (by decision) and
 * ApprovalsExpired, each with the region dimension, as the serialised EMF the handlers publish.
 */
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { apiEvent, LocalTable, REGION, startLocalTable, TABLE } from "./helpers/local";

interface Emf { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }; [k: string]: unknown }

describe("approval business metrics (EMF)", () => {
    let local: LocalTable;
    // Created in before(), not at load: every spec file is loaded before any runs, and a later stub would replace this one.
    let sfn: AwsClientStub<SFNClient>;
    const emitted: Emf[] = [];
    let restore: () => void;

    before(async () => {
        sfn = mockClient(SFNClient);
        local = await startLocalTable();
        Object.assign(process.env, { STATE_MACHINE_ARN: `arn:aws:states:${REGION}:123456789012:stateMachine:m`, PLATFORM_REGIONS: REGION, TAKEOVER_AFTER_SECONDS: "900" });
        const { metrics } = require("../../handlers/shared/powertools");
        // Capture what would be flushed (metrics are disabled in tests, so nothing reaches stdout).
        const publish = metrics.publishStoredMetrics;
        metrics.publishStoredMetrics = function () { emitted.push(metrics.serializeMetrics()); return publish.call(metrics); };
        restore = () => { metrics.publishStoredMetrics = publish; };
    });
    after(async () => { restore(); sfn.restore(); await local.close(); });

    const metricNames = (e: Emf) => e._aws.CloudWatchMetrics[0].Metrics.map(m => m.Name);
    const find = (name: string) => emitted.filter(e => metricNames(e).includes(name));

    it("counts requests, decisions and expiries with the region dimension", async () => {
        sfn.on(StartExecutionCommand).resolves({ executionArn: "arn", startDate: new Date() });
        sfn.on(SendTaskSuccessCommand).resolves({});
        const api = require("../../handlers/approval/api").handler;
        const worker = require("../../handlers/approval/worker").handler;
        const domain = require("../../handlers/approval/domain");
        await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: "USER#alice-0001", sk: "ITEM#m1", id: "m1", title: "t", version: 1 } }));

        const res = await api(apiEvent({ method: "POST", resource: "/items/{id}/publish", id: "m1", sub: "alice-0001" }));
        expect(res.statusCode).to.equal(202);
        const requestId = JSON.parse(res.body).requestId;
        await domain.notifyApprovers({ table: TABLE, db: local.db, sns: { send: async () => ({}) }, topicArn: "t", decideUrl: "https://x" }, requestId, "token");
        const decided = await api(apiEvent({ method: "POST", resource: "/approvals/{id}/decision", id: requestId, sub: "carol-0003", groups: ["approvers"], body: { decision: "reject" } }));
        expect(decided.statusCode).to.equal(200);

        const other = randomUUID();
        await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: `REQUEST#${other}`, sk: "REQUEST", requestId: other, status: "PENDING" } }));
        expect(await worker({ step: "expire", requestId: other })).to.deep.equal({ status: "EXPIRED" });
        expect(await worker({ step: "expire", requestId: other })).to.deep.equal({ status: undefined }); // already expired: not counted twice

        const [requested] = find("ApprovalsRequested");
        expect(requested.region).to.equal(REGION);
        expect(requested._aws.CloudWatchMetrics[0]).to.deep.include({ Namespace: "Platform", Dimensions: [["service", "region"]] });
        const [decision] = find("ApprovalsDecided");
        expect([decision.region, decision.decision]).to.deep.equal([REGION, "reject"]);
        expect(decision._aws.CloudWatchMetrics[0].Dimensions[0]).to.include.members(["region", "decision"]);
        expect(find("ApprovalsExpired")).to.have.length(1);
        expect(find("ApprovalsExpired")[0].region).to.equal(REGION);
    });
});
