import { expect } from "chai";
import { ConfigError, decodePulumiConfig, parseConfig, PlatformConfig } from "../../config";

const VALID = { regions: ["us-east-1", "eu-west-1"] };

/** Parses and returns the ConfigError's problems (empty when valid). */
function problemsOf(raw: Record<string, unknown>): readonly string[] {
    try {
        parseConfig(raw);
        return [];
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
    }
}

describe("config: parseConfig", () => {
    describe("rejects each mistake with its key and an exact message", () => {
        const cases: { name: string; raw: Record<string, unknown>; problem: string }[] = [
            { name: "missing regions", raw: {}, problem: "platform:regions: is required: a YAML list of AWS regions, the first being the home region" },
            { name: "unknown region", raw: { regions: ["us-east-1", "mars-north-1"] }, problem: "platform:regions[1]: \"mars-north-1\" is not an AWS region" },
            { name: "region in upper case", raw: { regions: ["us-east-1", "EU-West-1"] }, problem: "platform:regions[1]: \"EU-West-1\" is not an AWS region (did you mean \"eu-west-1\"?)" },
            { name: "region with a typo", raw: { regions: ["us-east-1", "eu-wset-1"] }, problem: "platform:regions[1]: \"eu-wset-1\" is not an AWS region (did you mean \"eu-west-1\"?)" },
            { name: "duplicate region", raw: { regions: ["us-east-1", "eu-west-1", "us-east-1"] }, problem: "platform:regions[2]: region [us-east-1] is listed twice (also at index 0)" },
            { name: "duplicate region, case and whitespace variant", raw: { regions: ["us-east-1", " US-EAST-1 "] }, problem: "platform:regions[1]: region [us-east-1] is listed twice (also at index 0)" },
            { name: "one region", raw: { regions: ["us-east-1"] }, problem: "platform:regions: at least 2 regions are required for active-active (got 1)" },
            { name: "strong with 2 regions and no witness", raw: { regions: ["us-east-1", "us-east-2"], table: { consistency: "strong" } }, problem: "platform:table.consistency: \"strong\" needs exactly 3 regions, or 2 regions plus table.witnessRegion (got 2 regions)" },
            { name: "strong across region sets", raw: { regions: ["us-east-1", "us-east-2", "eu-west-1"], table: { consistency: "strong" } }, problem: "platform:table.consistency: \"strong\" needs every region in one region set: US (us-east-1, us-east-2, us-west-2); EU (eu-west-1, eu-west-2, eu-west-3, eu-central-1); AP (ap-northeast-1, ap-northeast-2, ap-northeast-3); got us-east-1, us-east-2, eu-west-1" },
            { name: "strong witness outside the set", raw: { regions: ["eu-west-1", "eu-west-2"], table: { consistency: "strong", witnessRegion: "us-east-1" } }, problem: "platform:table.consistency: \"strong\" needs every region and the witness in one region set: US (us-east-1, us-east-2, us-west-2); EU (eu-west-1, eu-west-2, eu-west-3, eu-central-1); AP (ap-northeast-1, ap-northeast-2, ap-northeast-3); got eu-west-1, eu-west-2, us-east-1" },
            { name: "strong witness with 3 regions", raw: { regions: ["eu-west-1", "eu-west-2", "eu-west-3"], table: { consistency: "strong", witnessRegion: "eu-central-1" } }, problem: "platform:table.consistency: \"strong\" with a witness needs exactly 2 regions (got 3)" },
            { name: "witness that holds a replica", raw: { regions: ["us-east-1", "us-east-2"], table: { consistency: "strong", witnessRegion: "us-east-2" } }, problem: "platform:table.witnessRegion: us-east-2 already holds a replica; the witness must be a third region" },
            { name: "witness without strong", raw: { ...VALID, table: { witnessRegion: "us-west-2" } }, problem: "platform:table.witnessRegion: a witness only exists for consistency \"strong\"" },
            { name: "unknown consistency", raw: { ...VALID, table: { consistency: "causal" } }, problem: "platform:table.consistency: must be one of eventual, strong" },
            { name: "PITR window above 35", raw: { ...VALID, table: { pitrRecoveryDays: 36 } }, problem: "platform:table.pitrRecoveryDays: must be a whole number from 1 to 35 (DynamoDB PITR window)" },
            { name: "health-check interval 15", raw: { ...VALID, healthCheck: { intervalSeconds: 15 } }, problem: "platform:healthCheck.intervalSeconds: must be 10 or 30 (Route 53 request interval)" },
            { name: "failure threshold 0", raw: { ...VALID, healthCheck: { failureThreshold: 0 } }, problem: "platform:healthCheck.failureThreshold: must be a whole number from 1 to 10 (Route 53 failure threshold)" },
            { name: "failure threshold 11", raw: { ...VALID, healthCheck: { failureThreshold: 11 } }, problem: "platform:healthCheck.failureThreshold: must be a whole number from 1 to 10 (Route 53 failure threshold)" },
            { name: "malformed approver email", raw: { ...VALID, approval: { approverEmails: ["ops@example.com", "ops.example.com"] } }, problem: "platform:approval.approverEmails[1]: is not a valid email address" },
            { name: "malformed alarm email", raw: { ...VALID, alarmEmail: "oncall@" }, problem: "platform:alarmEmail: is not a valid email address" },
            { name: "approval timeout over a year", raw: { ...VALID, approval: { timeoutHours: 8761 } }, problem: "platform:approval.timeoutHours: must be a whole number from 1 to 8760 (a Standard workflow runs at most one year)" },
            { name: "log retention not a CloudWatch value", raw: { ...VALID, logRetentionDays: 10 }, problem: "platform:logRetentionDays: must be one of CloudWatch Logs' retention values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653" },
            { name: "daily backup retention 0", raw: { ...VALID, backup: { dailyRetentionDays: 0 } }, problem: "platform:backup.dailyRetentionDays: must be a whole number from 1 to 36500" },
            { name: "backup copy region = home", raw: { ...VALID, backup: { copyRegion: "us-east-1" } }, problem: "platform:backup.copyRegion: must differ from the home region us-east-1 (a copy in the same region does not survive a regional outage)" },
            { name: "backup copy region unknown", raw: { ...VALID, backup: { copyRegion: "us-west-9" } }, problem: "platform:backup.copyRegion: \"us-west-9\" is not an AWS region (did you mean \"us-west-1\"?)" },
            { name: "cold storage shorter than 90 days", raw: { ...VALID, backup: { monthlyRetentionDays: 100, monthlyColdStorageAfterDays: 30 } }, problem: "platform:backup.monthlyRetentionDays: 100 is too short: AWS Backup deletes no earlier than 90 days after the move to cold storage (monthlyColdStorageAfterDays 30 + 90 = 120)" },
            { name: "vault lock grace below 3 days", raw: { ...VALID, backup: { lockChangeableForDays: 2 } }, problem: "platform:backup.lockChangeableForDays: must be a whole number from 3 to 36500 (AWS Backup compliance-lock grace period)" },
            { name: "daily retention below the lock minimum", raw: { ...VALID, environment: "prod", backup: { dailyRetentionDays: 7, lockMinRetentionDays: 30 } }, problem: "platform:backup.dailyRetentionDays: 7 days is below the vault lock's lockMinRetentionDays 30; AWS Backup would reject these recovery points" },
            { name: "monthly retention above the lock maximum", raw: { ...VALID, environment: "prod", backup: { lockMaxRetentionDays: 100 } }, problem: "platform:backup.monthlyRetentionDays: 365 days is above the vault lock's lockMaxRetentionDays 100; AWS Backup would reject these recovery points" },
            { name: "lock minimum above maximum", raw: { ...VALID, environment: "prod", backup: { lockMinRetentionDays: 400, lockMaxRetentionDays: 300 } }, problem: "platform:backup.lockMinRetentionDays: 400 is above lockMaxRetentionDays 300" },
            { name: "threat protection without Plus", raw: { ...VALID, identity: { threatProtection: "enforced" } }, problem: "platform:identity.threatProtection: \"enforced\" needs identity.featurePlan PLUS (Cognito threat protection is a Plus feature)" },
            { name: "api domain outside the zone", raw: { ...VALID, dns: { zoneName: "example.com", apiDomain: "api.example.org" } }, problem: "platform:dns.apiDomain: \"api.example.org\" is not inside the hosted zone \"example.com\"" },
            { name: "zone with a trailing dot", raw: { ...VALID, dns: { zoneName: "example.com.", apiDomain: "api.example.com" } }, problem: "platform:dns.zoneName: is not a valid DNS name (lower case, no trailing dot)" },
            { name: "Lambda timeout over the API Gateway limit", raw: { ...VALID, api: { timeoutSeconds: 30 } }, problem: "platform:api.timeoutSeconds: must be a whole number from 1 to 29 (seconds; API Gateway integrations time out at 29 s)" },
            { name: "Lambda memory over 10,240 MB", raw: { ...VALID, api: { memoryMb: 10241 } }, problem: "platform:api.memoryMb: must be a whole number from 128 to 10240 (Lambda memory in MB)" },
            { name: "API rate over the account limit", raw: { ...VALID, api: { throttleRateLimit: 10001 } }, problem: "platform:api.throttleRateLimit: must be a whole number from 1 to 10000 (API Gateway account limit is 10,000 rps per region)" },
            { name: "reserved tag prefix", raw: { ...VALID, tags: { "aws:owner": "x" } }, problem: "platform:tags.aws:owner: the aws: prefix is reserved by AWS" },
            { name: "unquoted number as tag value", raw: { ...VALID, tags: { costCenter: 1234 } }, problem: "platform:tags.costCenter: must be a string (quote numbers)" },
            { name: "unknown top-level key, with a hint", raw: { ...VALID, regoins: ["us-east-1"] }, problem: "platform:regoins: unknown key (did you mean platform:regions?)" },
            { name: "unknown nested key, with a hint", raw: { ...VALID, table: { consistncy: "strong" } }, problem: "platform:table.consistncy: unknown key (did you mean platform:table.consistency?)" },
            { name: "unknown environment", raw: { ...VALID, environment: "staging" }, problem: "platform:environment: must be one of dev, prod" },
            { name: "budget of 0 dollars", raw: { ...VALID, budget: { monthlyFixedUsd: 0 } }, problem: "platform:budget.monthlyFixedUsd: must be above 0 (US dollars a month)" },
            { name: "budget as text", raw: { ...VALID, budget: { monthlyFixedUsd: "200 USD" } }, problem: "platform:budget.monthlyFixedUsd: must be a number of US dollars" },
            { name: "unknown budget key, with a hint", raw: { ...VALID, budget: { monthlyFixedUSD: 200 } }, problem: "platform:budget.monthlyFixedUSD: unknown key (did you mean platform:budget.monthlyFixedUsd?)" },
            { name: "self sign-up not a boolean", raw: { ...VALID, identity: { selfSignUp: "no" } }, problem: "platform:identity.selfSignUp: must be true or false" },
            { name: "replica in the home region", raw: { ...VALID, identity: { replicaRegion: "us-east-1" } }, problem: "platform:identity.replicaRegion: is the home region us-east-1; the replica must be in another region (the primary pool lives in the home region)" },
            { name: "replica outside the stack's regions", raw: { ...VALID, identity: { replicaRegion: "us-west-2" } }, problem: "platform:identity.replicaRegion: us-west-2 is not one of the stack's regions (us-east-1, eu-west-1): the replica serves sign-in where the platform runs" },
            { name: "replica region misspelt", raw: { ...VALID, identity: { replicaRegion: "eu-wset-1" } }, problem: "platform:identity.replicaRegion: \"eu-wset-1\" is not an AWS region (did you mean \"eu-west-1\"?)" },
            { name: "replica region not a string", raw: { ...VALID, identity: { replicaRegion: false } }, problem: "platform:identity.replicaRegion: must be a region name, or none" },
            { name: "sign-in domain outside the zone", raw: { ...VALID, dns: { zoneName: "example.com", apiDomain: "api.example.com", authDomain: "auth.example.org" } }, problem: "platform:dns.authDomain: \"auth.example.org\" is not a name inside the hosted zone \"example.com\"" },
            { name: "sign-in domain equal to the API's", raw: { ...VALID, dns: { zoneName: "example.com", apiDomain: "api.example.com", authDomain: "api.example.com" } }, problem: "platform:dns.authDomain: \"api.example.com\" is the API's name too; the sign-in domain needs a name of its own" },
            { name: "access token under 5 minutes", raw: { ...VALID, identity: { accessTokenMinutes: 4 } }, problem: "platform:identity.accessTokenMinutes: must be a whole number from 5 to 1440 (Cognito: 5 minutes to 1 day)" },
            { name: "ID token over a day", raw: { ...VALID, identity: { idTokenMinutes: 1441 } }, problem: "platform:identity.idTokenMinutes: must be a whole number from 5 to 1440 (Cognito: 5 minutes to 1 day)" },
            { name: "refresh token over 10 years", raw: { ...VALID, identity: { refreshTokenDays: 3651 } }, problem: "platform:identity.refreshTokenDays: must be a whole number from 1 to 3650 (Cognito: up to 10 years)" },
            { name: "SES identity ARN malformed", raw: { ...VALID, identity: { email: { sesIdentityArn: "arn:aws:sns:us-east-1:123456789012:topic" } } }, problem: "platform:identity.email.sesIdentityArn: \"arn:aws:sns:us-east-1:123456789012:topic\" is not an SES identity ARN (arn:aws:ses:<region>:<account>:identity/<email or domain>)" },
            { name: "SES identity outside the home region", raw: { ...VALID, identity: { email: { sesIdentityArn: "arn:aws:ses:eu-west-1:123456789012:identity/ops@example.com" } } }, problem: "platform:identity.email.sesIdentityArn: is in eu-west-1; use an SES identity in the user pool's region us-east-1" },
            { name: "SES domain identity without a From address", raw: { ...VALID, identity: { email: { sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com" } } }, problem: "platform:identity.email.from: is required with a domain identity (example.com): the address to send from, e.g. no-reply@example.com" },
            { name: "From address outside the SES email identity", raw: { ...VALID, identity: { email: { sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/ops@example.com", from: "Ops <other@example.com>" } } }, problem: "platform:identity.email.from: other@example.com is not covered by the SES identity ops@example.com" },
            { name: "SES setting without the identity", raw: { ...VALID, identity: { email: { from: "no-reply@example.com" } } }, problem: "platform:identity.email.sesIdentityArn: is required: the ARN of a verified SES identity in the home region" },
            { name: "unknown SES field, with a hint", raw: { ...VALID, identity: { email: { sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/ops@example.com", replyto: "x@example.com" } } }, problem: "platform:identity.email.replyto: unknown key (did you mean platform:identity.email.replyTo?)" },
        ];
        for (const c of cases) {
            it(c.name, () => {
                expect(problemsOf(c.raw)).to.deep.equal([c.problem]);
            });
        }
    });

    it("reports every problem at once, in one error naming each key", () => {
        const raw = {
            regions: ["us-east-1", "US-East-1", "mars-north-1"],
            healthCheck: { intervalSeconds: 15, failureThreshold: 11 },
            approval: { approverEmails: ["not-an-email"], timeoutHours: 9000 },
            backup: { copyRegion: "us-east-1" },
            alarmEmail: "nope",
        };
        let error: unknown;
        try {
            parseConfig(raw);
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(ConfigError);
        const problems = (error as ConfigError).problems;
        expect(problems).to.have.members([
            "platform:healthCheck.intervalSeconds: must be 10 or 30 (Route 53 request interval)",
            "platform:healthCheck.failureThreshold: must be a whole number from 1 to 10 (Route 53 failure threshold)",
            "platform:approval.approverEmails[0]: is not a valid email address",
            "platform:approval.timeoutHours: must be a whole number from 1 to 8760 (a Standard workflow runs at most one year)",
            "platform:alarmEmail: is not a valid email address",
            "platform:regions[2]: \"mars-north-1\" is not an AWS region",
            "platform:regions[1]: region [us-east-1] is listed twice (also at index 0)",
            "platform:backup.copyRegion: must differ from the home region us-east-1 (a copy in the same region does not survive a regional outage)",
        ]);
        expect(problems).to.have.length(8);
        expect((error as Error).message).to.match(/^Invalid stack configuration \(8 problems\):\n {2}- platform:/);
    });

    describe("aws:region (the default provider) must be the home region", () => {
        const withRegion = (awsRegion: string | undefined) => {
            try {
                parseConfig(VALID, { awsRegion });
                return [];
            } catch (e) {
                if (e instanceof ConfigError) return e.problems;
                throw e;
            }
        };
        it("accepts the home region, any case, and an unset aws:region", () => {
            expect(withRegion("us-east-1")).to.deep.equal([]);
            expect(withRegion("US-East-1")).to.deep.equal([]);
            expect(withRegion(undefined)).to.deep.equal([]);
        });
        it("rejects another region, naming both", () => {
            expect(withRegion("eu-west-1")).to.deep.equal(["aws:region: \"eu-west-1\" is not the home region us-east-1 (the first of platform:regions); set aws:region: us-east-1"]);
        });
        it("reports it with the platform's own problems, in one error", () => {
            let error: unknown;
            try { parseConfig({ ...VALID, healthCheck: { intervalSeconds: 15 } }, { awsRegion: "eu-west-1" }); } catch (e) { error = e; }
            expect((error as ConfigError).problems).to.have.length(2);
        });
    });

    describe("accepts AWS's strong-consistency shapes", () => {
        const ok: [string, Record<string, unknown>][] = [
            ["3 US regions", { regions: ["us-east-1", "us-east-2", "us-west-2"], table: { consistency: "strong" } }],
            ["2 EU regions + EU witness", { regions: ["eu-west-1", "eu-central-1"], table: { consistency: "strong", witnessRegion: "eu-west-3" } }],
            ["3 AP regions", { regions: ["ap-northeast-1", "ap-northeast-2", "ap-northeast-3"], table: { consistency: "strong" } }],
        ];
        for (const [name, raw] of ok) it(name, () => expect(problemsOf(raw)).to.deep.equal([]));
    });

    describe("defaults", () => {
        it("documents secure, cheap-enough defaults for a minimal config (environment defaults to prod)", () => {
            const c: PlatformConfig = parseConfig({ regions: ["us-east-1", "eu-west-1"] });
            expect(c.environment).to.equal("prod");
            expect(c.homeRegion).to.equal("us-east-1");
            expect(c.dns).to.equal(undefined);
            expect(c.table).to.deep.equal({ consistency: "eventual", deletionProtection: true, pitrRecoveryDays: 35, ttlAttribute: "expiresAt", homeTimeoutMs: 1000 });
            expect(c.healthCheck).to.deep.equal({ intervalSeconds: 30, failureThreshold: 3 });
            expect(c.api.waf).to.equal(true);
            expect(c.backup.copyRegion).to.equal("eu-west-1");
            expect(c.backup.vaultLock).to.equal(true);
            expect(c.backup.monthly).to.equal(true);
            expect(c.backup.lockMinRetentionDays).to.equal(35);
            expect(c.backup.lockMaxRetentionDays).to.equal(365);
            expect(c.backup.manageRegionSettings).to.equal(false);
            expect(c.identity).to.deep.equal({
                mfa: "required", featurePlan: "ESSENTIALS", threatProtection: "off", deletionProtection: true,
                selfSignUp: false, email: undefined, accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 30, replicaRegion: "eu-west-1",
            });
            expect(c.logRetentionDays).to.equal(365);
            expect(c.budget).to.deep.equal({});
        });

        it("relaxes only cost-related defaults in dev", () => {
            const c = parseConfig({ regions: ["us-east-1", "eu-west-1"], environment: "dev" });
            expect(c.backup.vaultLock).to.equal(false);
            expect(c.backup.monthly).to.equal(false);
            expect(c.identity.mfa).to.equal("optional");
            expect(c.identity.deletionProtection).to.equal(false);
            expect(c.identity.selfSignUp).to.equal(true);
            expect(c.identity.replicaRegion).to.equal(undefined);
            expect(c.logRetentionDays).to.equal(14);
            // Data-safety defaults stay on in dev unless a stack turns them off explicitly.
            expect(c.table.deletionProtection).to.equal(true);
            expect(c.api.waf).to.equal(true);
        });

        it("replicates the user pool to the second region in prod unless told otherwise, and names the sign-in domain auth.<zone>", () => {
            const three = ["us-east-1", "eu-west-1", "ap-northeast-2"];
            expect(parseConfig({ regions: three }).identity.replicaRegion).to.equal("eu-west-1");
            expect(parseConfig({ regions: three, identity: { replicaRegion: "ap-northeast-2" } }).identity.replicaRegion).to.equal("ap-northeast-2");
            expect(parseConfig({ regions: three, identity: { replicaRegion: "none" } }).identity.replicaRegion).to.equal(undefined);
            expect(parseConfig({ regions: three, environment: "dev", identity: { replicaRegion: "eu-west-1" } }).identity.replicaRegion).to.equal("eu-west-1");
            expect(parseConfig({ regions: three, dns: { zoneName: "example.com", apiDomain: "api.example.com" } }).dns)
                .to.deep.equal({ zoneName: "example.com", apiDomain: "api.example.com", authDomain: "auth.example.com" });
        });

        it("trims region names", () => {
            expect(parseConfig({ regions: [" us-east-1", "eu-west-1 "] }).regions).to.deep.equal(["us-east-1", "eu-west-1"]);
        });
    });
});

describe("config: decodePulumiConfig", () => {
    it("decodes Pulumi's flat string map: JSON for lists, objects, numbers and booleans; strings as they are", () => {
        expect(decodePulumiConfig({
            "platform:regions": "[\"us-east-1\",\"eu-west-1\"]",
            "platform:table": "{\"consistency\":\"strong\"}",
            "platform:logRetentionDays": "30",
            "platform:alarmEmail": "oncall@example.com",
            "platform:environment": "dev",
            "aws:region": "us-east-1",
        })).to.deep.equal({
            regions: ["us-east-1", "eu-west-1"],
            table: { consistency: "strong" },
            logRetentionDays: 30,
            alarmEmail: "oncall@example.com",
            environment: "dev",
        });
    });
});
