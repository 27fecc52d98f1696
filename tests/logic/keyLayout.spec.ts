/**
 * One key layout for handlers and IAM: the `dynamodb:LeadingKeys` conditions of every policy in
 * components/logic/ are derived here from handlers/shared/keys.ts, and every key a principal's code
 * builds must satisfy its principal's condition (IAM `StringLike`: `*` any run, `?` one character).
 */
import { expect } from "chai";
import { APPROVAL_PARTITIONS, buildApprovalApiPolicy, buildNotifierPolicy, buildWorkerPolicy } from "../../components/logic/approvalPolicies";
import { buildRowLevelPolicy, OWN_PARTITION, SUB_TAG } from "../../components/logic/identityPolicy";
import { COLD_STORAGE_MINIMUM_DAYS as configColdMinimum } from "../../config";
import { COLD_STORAGE_MINIMUM_DAYS } from "../../components/logic/backupLimits";
import { validateBackupPlanArgs } from "../../components/backupPlan";
import { APPROVERS_GROUP } from "../../handlers/shared/groups";
import {
    CONTROL_PK, PARTITION_PREFIX, partitionPattern, publishedPk, requestPk, userPk,
} from "../../handlers/shared/keys";

/** IAM `StringLike` semantics for one pattern (no policy variables). */
function stringLike(pattern: string, value: string): boolean {
    const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${re}$`).test(value);
}

/** The `ForAllValues:StringLike` LeadingKeys patterns of the statement with `sid`. */
function leadingKeyPatterns(policy: { Statement: any[] }, sid: string): string[] {
    const statement = policy.Statement.find(s => s.Sid === sid);
    expect(statement, sid).to.not.equal(undefined);
    expect(statement.Condition.Null).to.deep.equal({ "dynamodb:LeadingKeys": "false" });
    return statement.Condition["ForAllValues:StringLike"]["dynamodb:LeadingKeys"];
}

const allowed = (patterns: readonly string[], key: string) => patterns.some(p => stringLike(p, key));

const TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/t";
const LOGS = "arn:aws:logs:us-east-1:123456789012:log-group:g";
const SUB = "0b5c9a1e-alice";
const REQUEST = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

describe("key layout: handlers and IAM share handlers/shared/keys.ts", () => {
    it("builds every partition key from its exported prefix", () => {
        expect(userPk(SUB)).to.equal(`${PARTITION_PREFIX.user}${SUB}`);
        expect(requestPk(REQUEST)).to.equal(`${PARTITION_PREFIX.request}${REQUEST}`);
        expect(publishedPk(SUB)).to.equal(`${PARTITION_PREFIX.published}${SUB}`);
        expect(Object.values(PARTITION_PREFIX).map(partitionPattern)).to.deep.equal(["USER#*", "REQUEST#*", "PUBLISHED#*", "OPENREQUEST#*"]);
    });

    it("derives the row-level policy's LeadingKeys from the user prefix, and that is the partition userPk builds for the tagged sub", () => {
        const policy = buildRowLevelPolicy(["us-east-1"], "123456789012", "t");
        const condition = (policy.Statement[0] as any).Condition["ForAllValues:StringEquals"]["dynamodb:LeadingKeys"];
        expect(condition).to.deep.equal([`${PARTITION_PREFIX.user}\${aws:PrincipalTag/${SUB_TAG}}`]);
        expect(condition).to.deep.equal([OWN_PARTITION]);
        // IAM substitutes the principal tag: the result is exactly the key the items handler uses.
        expect(condition[0].replace(`\${aws:PrincipalTag/${SUB_TAG}}`, SUB)).to.equal(userPk(SUB));
    });

    const api = buildApprovalApiPolicy({ tableArn: TABLE, tableArns: [TABLE], stateMachineArn: "sm", stateMachineArns: ["sm"], logGroupArn: LOGS });
    const notifier = buildNotifierPolicy({ tableArn: TABLE, topicArn: "topic", topicKeyArn: "key", logGroupArn: LOGS });
    const worker = buildWorkerPolicy({ tableArn: TABLE, stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m", logGroupArn: LOGS });

    it("derives every approval principal's LeadingKeys from the partition prefixes", () => {
        expect(leadingKeyPatterns(api, "ReadItemToPublish")).to.deep.equal([partitionPattern(PARTITION_PREFIX.user)]);
        expect(leadingKeyPatterns(api, "Requests")).to.deep.equal([partitionPattern(PARTITION_PREFIX.request)]);
        expect(leadingKeyPatterns(notifier, "Requests")).to.deep.equal([partitionPattern(PARTITION_PREFIX.request)]);
        expect(leadingKeyPatterns(worker, "Workflow")).to.deep.equal(APPROVAL_PARTITIONS.worker);
        expect(APPROVAL_PARTITIONS.worker).to.deep.equal([PARTITION_PREFIX.request, PARTITION_PREFIX.published, PARTITION_PREFIX.user].map(partitionPattern));
    });

    // Which partitions each principal's code builds keys for (handlers/approval/*), and which it must not reach.
    const cases: { principal: string; patterns: string[]; builds: string[]; never: string[] }[] = [
        { principal: "approval API (item snapshot)", patterns: leadingKeyPatterns(api, "ReadItemToPublish"), builds: [userPk(SUB)], never: [requestPk(REQUEST), publishedPk(SUB), CONTROL_PK] },
        { principal: "approval API (requests)", patterns: leadingKeyPatterns(api, "Requests"), builds: [requestPk(REQUEST)], never: [userPk(SUB), publishedPk(SUB), CONTROL_PK] },
        { principal: "notifier", patterns: leadingKeyPatterns(notifier, "Requests"), builds: [requestPk(REQUEST)], never: [userPk(SUB), publishedPk(SUB), CONTROL_PK] },
        { principal: "worker", patterns: leadingKeyPatterns(worker, "Workflow"), builds: [requestPk(REQUEST), publishedPk(SUB), userPk(SUB)], never: [CONTROL_PK, "ACCOUNT#x"] },
    ];
    for (const c of cases) {
        it(`the ${c.principal} may reach exactly the partitions its code builds`, () => {
            for (const key of c.builds) expect(allowed(c.patterns, key), key).to.equal(true);
            for (const key of c.never) expect(allowed(c.patterns, key), key).to.equal(false);
        });
    }

    it("the matcher catches drift: a key built with another prefix is outside the policy", () => {
        const drifted = (sub: string) => `USERS#${sub}`; // what a renamed prefix in one place only would produce
        expect(allowed(leadingKeyPatterns(worker, "Workflow"), drifted(SUB))).to.equal(false);
        expect(stringLike("REQUEST#*", "REQUEST#")).to.equal(true);
        expect(stringLike("REQUEST#*", "XREQUEST#1")).to.equal(false);
    });
});

describe("other values infrastructure and handlers share", () => {
    it("the approvers' group comes from handlers/shared/groups.ts", () => {
        expect(APPROVERS_GROUP).to.equal("approvers");
    });

    it("the cold-storage minimum is one constant, used by config and the component", () => {
        expect(configColdMinimum).to.equal(COLD_STORAGE_MINIMUM_DAYS);
        const problems = validateBackupPlanArgs({
            homeRegion: "us-east-1", copyRegion: "us-west-2", tableArn: TABLE, accountId: "123456789012",
            monthly: { retentionDays: 30 + COLD_STORAGE_MINIMUM_DAYS - 1, coldStorageAfterDays: 30 },
        });
        expect(problems).to.deep.equal([`monthly.retentionDays ${30 + COLD_STORAGE_MINIMUM_DAYS - 1} must be at least coldStorageAfterDays + ${COLD_STORAGE_MINIMUM_DAYS} (${30 + COLD_STORAGE_MINIMUM_DAYS})`]);
        expect(validateBackupPlanArgs({
            homeRegion: "us-east-1", copyRegion: "us-west-2", tableArn: TABLE, accountId: "123456789012",
            monthly: { retentionDays: 30 + COLD_STORAGE_MINIMUM_DAYS, coldStorageAfterDays: 30 },
        })).to.deep.equal([]);
    });
});
