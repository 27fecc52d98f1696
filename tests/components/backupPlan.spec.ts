import { expect } from "chai";
import { byName, ofType, runStack } from "../helpers/pulumiMocks";
import type { ProgramRun } from "../../scripts/lib/runProgram";
import { validateBackupPlanArgs, VAULT_EVENTS } from "../../components/backupPlan";

const VAULT = "aws:backup/vault:Vault";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";

describe("BackupPlan", () => {
    const runs: Record<string, ProgramRun> = {};
    before(async () => {
        runs.dev = await runStack("dev");
        runs.prod = await runStack("prod");
        runs.settings = await runStack("dev", { backup: { copyRegion: "us-west-2", dailyRetentionDays: 7, vaultLock: false, manageRegionSettings: true } });
    });

    for (const stack of ["dev", "prod"]) {
        it(`${stack}: a vault with its own key in the home region and a copy vault with its own key in us-west-2`, () => {
            const r = runs[stack].resources;
            const primary = byName(r, VAULT, "backup-us-east-1-primary");
            const copy = byName(r, VAULT, "backup-us-west-2-copy");
            expect(primary.inputs.region).to.equal("us-east-1");
            expect(copy.inputs.region).to.equal("us-west-2");
            expect(primary.inputs.kmsKeyArn).to.equal(byName(r, "aws:kms/key:Key", "backup-us-east-1-primary-key").state.arn);
            expect(copy.inputs.kmsKeyArn).to.equal(byName(r, "aws:kms/key:Key", "backup-us-west-2-copy-key").state.arn);
            expect(byName(r, "aws:kms/key:Key", "backup-us-west-2-copy-key").inputs.region).to.equal("us-west-2");
        });

        it(`${stack}: every rule copies to the copy vault's ARN, and the selection is the home replica`, () => {
            const r = runs[stack].resources;
            const plan = ofType(r, "aws:backup/plan:Plan")[0].inputs;
            const copyArn = byName(r, VAULT, "backup-us-west-2-copy").state.arn;
            for (const rule of plan.rules) expect(rule.copyActions.map((c: any) => c.destinationVaultArn)).to.deep.equal([copyArn]);
            const selection = byName(r, "aws:backup/selection:Selection", "backup-table").inputs;
            expect(selection.resources).to.deep.equal([`arn:aws:dynamodb:us-east-1:123456789012:table/platform-${stack}`]);
            expect(selection.iamRoleArn).to.equal(byName(r, "aws:iam/role:Role", "backup-role").state.arn);
        });

        it(`${stack}: failures of backup, copy and restore jobs reach the notification topic`, () => {
            const r = runs[stack].resources;
            const n = byName(r, "aws:backup/vaultNotifications:VaultNotifications", "backup-primary-notifications").inputs;
            expect(n.backupVaultEvents).to.deep.equal(VAULT_EVENTS);
            expect(n.snsTopicArn).to.equal(byName(r, "aws:sns/topic:Topic", "backup-notifications").state.arn);
        });
    }

    it("dev: daily rule only, 7 days, no lock, no region settings", () => {
        const r = runs.dev.resources;
        const rules = ofType(r, "aws:backup/plan:Plan")[0].inputs.rules;
        expect(rules.map((x: any) => [x.ruleName, x.lifecycle, x.copyActions[0].lifecycle])).to.deep.equal([["daily", { deleteAfter: 7 }, { deleteAfter: 7 }]]);
        expect(ofType(r, LOCK)).to.have.length(0);
        expect(ofType(r, "aws:backup/regionSettings:RegionSettings")).to.have.length(0);
    });

    it("prod: daily 35 days, monthly 455 days with cold storage after 30, both vaults locked with consistent numbers", () => {
        const r = runs.prod.resources;
        const rules = ofType(r, "aws:backup/plan:Plan")[0].inputs.rules;
        expect(rules.map((x: any) => [x.ruleName, x.lifecycle, x.copyActions[0].lifecycle])).to.deep.equal([
            ["daily", { deleteAfter: 35 }, { deleteAfter: 35 }],
            ["monthly", { deleteAfter: 455, coldStorageAfter: 30 }, { deleteAfter: 455, coldStorageAfter: 30 }],
        ]);
        const locks = ofType(r, LOCK);
        expect(locks.map(l => [l.inputs.region, l.inputs.minRetentionDays, l.inputs.maxRetentionDays, l.inputs.changeableForDays]))
            .to.deep.equal([["us-east-1", 35, 455, 3], ["us-west-2", 35, 455, 3]]);
        expect(ofType(r, VAULT).every(v => v.protect && v.retainOnDelete)).to.equal(true);
    });

    it("owns the region settings in the home and copy regions only when backup.manageRegionSettings is true", () => {
        const settings = ofType(runs.settings.resources, "aws:backup/regionSettings:RegionSettings");
        expect(settings.map(s => [s.inputs.region, s.inputs.resourceTypeOptInPreference, s.inputs.resourceTypeManagementPreference])).to.deep.equal([
            ["us-east-1", { DynamoDB: true }, { DynamoDB: true }],
            ["us-west-2", { DynamoDB: true }, { DynamoDB: true }],
        ]);
    });

    it("rejects inconsistent arguments with one line per problem", () => {
        expect(validateBackupPlanArgs({
            homeRegion: "us-east-1", copyRegion: "us-east-1", tableArn: "arn", accountId: "1", dailyRetentionDays: 35,
            monthly: { retentionDays: 100, coldStorageAfterDays: 30 },
            vaultLock: { minRetentionDays: 40, maxRetentionDays: 90, changeableForDays: 1 },
        })).to.deep.equal([
            "copyRegion [us-east-1] must differ from homeRegion (a copy in the same region survives nothing a region loses)",
            "monthly.retentionDays 100 must be at least coldStorageAfterDays + 90 (120)",
            "vaultLock.minRetentionDays 40 exceeds the shortest rule retention 35: those backups would fail",
            "vaultLock.maxRetentionDays 90 is under the longest rule retention 100: those backups would fail",
            "vaultLock.changeableForDays 1 must be at least 3 (compliance mode grace period)",
        ]);
    });
});
