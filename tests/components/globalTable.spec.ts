import { expect } from "chai";
import { GlobalTable, GlobalTableArgs, validateGlobalTableArgs } from "../../components/globalTable";
import { MOCK_ACCOUNT_ID, RecordedResource, ofType, settle, unwrap, useMocks } from "../helpers/pulumiMocks";

const BASE: GlobalTableArgs = {
    tableName: "platform-test",
    regions: ["us-east-1", "eu-west-1", "ap-northeast-2"],
    accountId: MOCK_ACCOUNT_ID,
};

async function build(args: Partial<GlobalTableArgs> = {}): Promise<{ table: GlobalTable; resources: RecordedResource[] }> {
    const cloud = await useMocks();
    const table = new GlobalTable("data", { ...BASE, ...args });
    await unwrap(table.tableArns[BASE.regions[0]]);
    await settle();
    return { table, resources: cloud.resources };
}

describe("GlobalTable", () => {
    describe("eventual consistency, three regions", () => {
        let resources: RecordedResource[];
        let table: GlobalTable;
        before(async () => ({ table, resources } = await build({ protectData: false, tags: { project: "platform" } })));

        it("creates one table, in the home region, with inline replicas for the other regions", () => {
            const tables = ofType(resources, "aws:dynamodb/table:Table");
            expect(tables).to.have.length(1);
            expect(tables[0].inputs.region).to.equal("us-east-1");
            expect(tables[0].inputs.replicas.map((r: any) => r.regionName)).to.deep.equal(["eu-west-1", "ap-northeast-2"]);
            expect(ofType(resources, "aws:dynamodb/globalTable:GlobalTable")).to.have.length(0);
            expect(ofType(resources, "aws:dynamodb/tableReplica:TableReplica")).to.have.length(0);
        });

        it("creates a rotating customer-managed key in every region and encrypts each replica with its own region's key", () => {
            const keys = ofType(resources, "aws:kms/key:Key");
            expect(keys.map(k => k.inputs.region)).to.deep.equal(BASE.regions);
            for (const k of keys) {
                expect(k.inputs.enableKeyRotation).to.equal(true);
                expect(k.inputs.deletionWindowInDays).to.equal(30);
            }
            const keyArn = (region: string) => keys.find(k => k.inputs.region === region)!.state.arn;
            const t = ofType(resources, "aws:dynamodb/table:Table")[0].inputs;
            expect(t.serverSideEncryption).to.deep.equal({ enabled: true, kmsKeyArn: keyArn("us-east-1") });
            for (const r of t.replicas) expect(r.kmsKeyArn).to.equal(keyArn(r.regionName)).and.to.match(new RegExp(`^arn:aws:kms:${r.regionName}:`));
        });

        it("scopes each key policy to this account and to DynamoDB in the key's own region (no '*' principal)", () => {
            for (const k of ofType(resources, "aws:kms/key:Key")) {
                const policy = JSON.parse(k.inputs.policy);
                expect(policy.Statement).to.deep.equal([
                    { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` }, Action: "kms:*", Resource: "*" },
                    {
                        Sid: "UseThroughServices", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
                        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"],
                        Resource: "*",
                        Condition: { StringEquals: { "kms:CallerAccount": MOCK_ACCOUNT_ID, "kms:ViaService": [`dynamodb.${k.inputs.region}.amazonaws.com`] } },
                    },
                ]);
            }
        });

        it("turns on PITR, deletion protection and tag propagation on the table and on every replica", () => {
            const t = ofType(resources, "aws:dynamodb/table:Table")[0].inputs;
            expect(t.pointInTimeRecovery).to.deep.equal({ enabled: true, recoveryPeriodInDays: 35 });
            expect(t.deletionProtectionEnabled).to.equal(true);
            for (const r of t.replicas) {
                expect(r.pointInTimeRecovery).to.equal(true);
                expect(r.deletionProtectionEnabled).to.equal(true);
                expect(r.propagateTags).to.equal(true);
                expect(r).not.to.have.property("consistencyMode");
            }
        });

        it("uses on-demand billing, NEW_AND_OLD_IMAGES streams, TTL and the documented key schema and GSI", () => {
            const t = ofType(resources, "aws:dynamodb/table:Table")[0].inputs;
            expect(t.name).to.equal("platform-test");
            expect(t.billingMode).to.equal("PAY_PER_REQUEST");
            expect(t.streamEnabled).to.equal(true);
            expect(t.streamViewType).to.equal("NEW_AND_OLD_IMAGES");
            expect(t.ttl).to.deep.equal({ attributeName: "expiresAt", enabled: true });
            expect(t.hashKey).to.equal("pk");
            expect(t.rangeKey).to.equal("sk");
            expect(t.globalSecondaryIndexes).to.deep.equal([{
                name: "gsi1",
                keySchemas: [{ attributeName: "gsi1pk", keyType: "HASH" }, { attributeName: "gsi1sk", keyType: "RANGE" }],
                projectionType: "ALL",
            }]);
            expect(t.tags).to.deep.equal({ project: "platform" });
        });

        it("exposes the table ARN of every region, each carrying its region, and the home stream ARN", async () => {
            const arns = await unwrap(table.tableArns as any) as Record<string, string>;
            expect(arns).to.deep.equal({
                "us-east-1": `arn:aws:dynamodb:us-east-1:${MOCK_ACCOUNT_ID}:table/platform-test`,
                "eu-west-1": `arn:aws:dynamodb:eu-west-1:${MOCK_ACCOUNT_ID}:table/platform-test`,
                "ap-northeast-2": `arn:aws:dynamodb:ap-northeast-2:${MOCK_ACCOUNT_ID}:table/platform-test`,
            });
            expect(await unwrap(table.streamArn)).to.match(/^arn:aws:dynamodb:us-east-1:123456789012:table\/platform-test\/stream\//);
            expect(Object.keys(table.keyArns)).to.deep.equal(BASE.regions);
        });

        it("does not protect data outside prod", () => {
            for (const r of resources.filter(x => x.custom)) {
                expect(r.protect, r.name).to.equal(false);
                expect(r.retainOnDelete, r.name).to.equal(false);
            }
        });
    });

    describe("prod data protection", () => {
        it("protects and retains the table and every key, so `pulumi destroy` cannot delete data", async () => {
            const { resources } = await build({ protectData: true });
            const kept = resources.filter(r => r.type === "aws:dynamodb/table:Table" || r.type === "aws:kms/key:Key");
            expect(kept).to.have.length(4);
            for (const r of kept) expect({ name: r.name, protect: r.protect, retain: r.retainOnDelete }).to.deep.equal({ name: r.name, protect: true, retain: true });
        });
    });

    describe("multi-Region strong consistency", () => {
        it("marks every replica STRONG with three regions in one set", async () => {
            const { resources } = await build({ regions: ["us-east-1", "us-east-2", "us-west-2"], consistency: "strong" });
            const t = ofType(resources, "aws:dynamodb/table:Table")[0].inputs;
            expect(t.replicas.map((r: any) => [r.regionName, r.consistencyMode])).to.deep.equal([["us-east-2", "STRONG"], ["us-west-2", "STRONG"]]);
            expect(t).not.to.have.property("globalTableWitness");
        });

        it("adds a witness with two regions and creates no key or replica in the witness region", async () => {
            const { resources } = await build({ regions: ["eu-west-1", "eu-central-1"], consistency: "strong", witnessRegion: "eu-west-3" });
            const t = ofType(resources, "aws:dynamodb/table:Table")[0].inputs;
            expect(t.replicas.map((r: any) => [r.regionName, r.consistencyMode])).to.deep.equal([["eu-central-1", "STRONG"]]);
            expect(t.globalTableWitness).to.deep.equal({ regionName: "eu-west-3" });
            expect(ofType(resources, "aws:kms/key:Key").map(k => k.inputs.region)).to.deep.equal(["eu-west-1", "eu-central-1"]);
        });
    });

    describe("argument validation", () => {
        const cases: [string, Partial<GlobalTableArgs>, string[]][] = [
            ["duplicate region", { regions: ["us-east-1", "eu-west-1", "eu-west-1"] }, ["Replica region [eu-west-1] is listed twice"]],
            ["unknown region", { regions: ["us-east-1", "xx-east-1"] }, ["Replica region [xx-east-1] is not an AWS region"]],
            ["one region", { regions: ["us-east-1"] }, ["regions must list at least 2 regions (got 1)"]],
            ["bad table name", { tableName: "a b" }, ["tableName [a b] must be 3-255 characters of A-Z a-z 0-9 _ . -"]],
            ["witness without strong", { witnessRegion: "us-west-2" }, ["witnessRegion [us-west-2] needs consistency \"strong\""]],
            ["strong across sets", { regions: ["us-east-1", "eu-west-1", "ap-northeast-1"], consistency: "strong" },
                ["consistency \"strong\" needs all regions in one of US, EU, AP region sets (got us-east-1, eu-west-1, ap-northeast-1)"]],
            ["strong with 2 regions", { regions: ["us-east-1", "us-east-2"], consistency: "strong" },
                ["consistency \"strong\" needs 3 replicas or 2 replicas + witnessRegion (got us-east-1, us-east-2)"]],
        ];
        for (const [name, args, problems] of cases) {
            it(name, () => expect(validateGlobalTableArgs({ ...BASE, ...args })).to.deep.equal(problems));
        }

        it("throws before registering anything", async () => {
            const cloud = await useMocks();
            expect(() => new GlobalTable("bad", { ...BASE, regions: ["us-east-1", "us-east-1"] }))
                .to.throw("GlobalTable bad: Replica region [us-east-1] is listed twice");
            await settle();
            expect(cloud.resources.filter(r => r.custom)).to.have.length(0);
        });
    });
});
