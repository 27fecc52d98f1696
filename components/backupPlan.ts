import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createRegionalKey } from "./regionalKey";
import { COLD_STORAGE_MINIMUM_DAYS, VAULT_LOCK_MIN_CHANGEABLE_DAYS } from "./logic/backupLimits";

/** Arguments of {@link BackupPlan}. */
export interface BackupPlanArgs {
    /** Region of the protected replica, the primary vault and the plan. */
    readonly homeRegion: string;
    /** Region of the copy vault; never the home region. */
    readonly copyRegion: string;
    /**
     * ARN of the replica to back up. Every replica of a global table holds the same data, so
     * backing up one (the home region's) is enough; the copy vault in another region covers the
     * loss of that region.
     */
    readonly tableArn: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
    /** Daily recovery points are kept this many days (and so are their copies). @default 35 */
    readonly dailyRetentionDays?: number;
    /** Monthly rule, kept `monthlyRetentionDays`, moved to cold storage after `monthlyColdStorageAfterDays`. */
    readonly monthly?: { readonly retentionDays: number; readonly coldStorageAfterDays?: number };
    /** Compliance-mode vault lock on both vaults. Undefined = no lock. */
    readonly vaultLock?: { readonly minRetentionDays: number; readonly maxRetentionDays: number; readonly changeableForDays: number };
    /** Own `aws.backup.RegionSettings` (account-wide singleton per region). @default false */
    readonly manageRegionSettings?: boolean;
    /** Weekly automated restore test of the latest recovery point. @default true */
    readonly restoreTesting?: boolean;
    /** Notified of failed backup, copy and restore jobs. */
    readonly notificationEmail?: string;
    /** Protect vaults and keys from `pulumi destroy`. @default false */
    readonly protectData?: boolean;
    readonly tags?: Record<string, string>;
}

/** Problems with {@link BackupPlanArgs}, one line each, naming the field. Empty when valid. */
export function validateBackupPlanArgs(args: BackupPlanArgs): string[] {
    const problems: string[] = [];
    if (args.copyRegion === args.homeRegion) problems.push(`copyRegion [${args.copyRegion}] must differ from homeRegion (a copy in the same region survives nothing a region loses)`);
    const cold = args.monthly?.coldStorageAfterDays;
    if (args.monthly && cold !== undefined && args.monthly.retentionDays < cold + COLD_STORAGE_MINIMUM_DAYS) {
        problems.push(`monthly.retentionDays ${args.monthly.retentionDays} must be at least coldStorageAfterDays + ${COLD_STORAGE_MINIMUM_DAYS} (${cold + COLD_STORAGE_MINIMUM_DAYS})`);
    }
    if (args.vaultLock) {
        const retentions = [args.dailyRetentionDays ?? 35, ...(args.monthly ? [args.monthly.retentionDays] : [])];
        const { minRetentionDays: min, maxRetentionDays: max, changeableForDays } = args.vaultLock;
        if (min > Math.min(...retentions)) problems.push(`vaultLock.minRetentionDays ${min} exceeds the shortest rule retention ${Math.min(...retentions)}: those backups would fail`);
        if (max < Math.max(...retentions)) problems.push(`vaultLock.maxRetentionDays ${max} is under the longest rule retention ${Math.max(...retentions)}: those backups would fail`);
        if (changeableForDays < VAULT_LOCK_MIN_CHANGEABLE_DAYS) problems.push(`vaultLock.changeableForDays ${changeableForDays} must be at least ${VAULT_LOCK_MIN_CHANGEABLE_DAYS} (compliance mode grace period)`);
    }
    return problems;
}

/** Vault events notified; the subscription filter keeps only failures (AWS Backup has no BACKUP_JOB_FAILED event). */
export const VAULT_EVENTS = ["BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED", "RESTORE_JOB_COMPLETED"];

/**
 * AWS Backup for the global table (docs/design.md, decision 8): a vault with its own key in the home
 * region, a copy vault with its own key in the copy region, a plan (daily, optionally monthly with
 * cold storage) copying every recovery point, the home replica selected by ARN, failure
 * notifications, compliance vault lock, restore testing and, behind a flag, the region settings.
 */
export class BackupPlan extends pulumi.ComponentResource {
    public readonly vaultArn: pulumi.Output<string>;
    public readonly copyVaultArn: pulumi.Output<string>;
    public readonly planId: pulumi.Output<string>;
    public readonly notificationTopicArn: pulumi.Output<string>;

    constructor(name: string, args: BackupPlanArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:backup:BackupPlan", name, {}, opts);
        const problems = validateBackupPlanArgs(args);
        if (problems.length) throw new Error(`Invalid BackupPlan "${name}":\n  - ${problems.join("\n  - ")}`);

        const home = args.homeRegion;
        const keep = args.protectData ? { protect: true, retainOnDelete: true } : {};
        const vault = (region: string, role: string) => {
            const key = createRegionalKey(`${name}-${region}-${role}-key`, {
                region, accountId: args.accountId, alias: `${name}-${role}-${region}`,
                description: `AWS Backup ${role} vault in ${region}`,
                viaServices: ["backup", "sns"], servicePrincipals: ["backup.amazonaws.com"],
                tags: args.tags, protectData: args.protectData,
            }, this);
            const v = new aws.backup.Vault(`${name}-${region}-${role}`, {
                region, kmsKeyArn: key.arn, tags: args.tags,
            }, { parent: this, ...keep });
            if (args.vaultLock) {
                new aws.backup.VaultLockConfiguration(`${name}-${region}-${role}-lock`, {
                    region,
                    backupVaultName: v.name,
                    changeableForDays: args.vaultLock.changeableForDays,
                    minRetentionDays: args.vaultLock.minRetentionDays,
                    maxRetentionDays: args.vaultLock.maxRetentionDays,
                }, { parent: this, ...keep });
            }
            return { vault: v, key };
        };
        const primary = vault(home, "primary");
        const copy = vault(args.copyRegion, "copy");

        const role = new aws.iam.Role(`${name}-role`, {
            description: "AWS Backup: back up and restore the platform's table",
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags: args.tags,
        }, { parent: this });
        ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"].forEach((policy, i) =>
            new aws.iam.RolePolicyAttachment(`${name}-role-${i === 0 ? "backup" : "restore"}`, {
                role: role.name,
                policyArn: `arn:aws:iam::aws:policy/service-role/${policy}`,
            }, { parent: this }));

        const daily = args.dailyRetentionDays ?? 35;
        const rules: aws.types.input.backup.PlanRule[] = [{
            ruleName: "daily",
            targetVaultName: primary.vault.name,
            schedule: "cron(0 3 * * ? *)",
            startWindow: 60,
            completionWindow: 360,
            lifecycle: { deleteAfter: daily },
            copyActions: [{ destinationVaultArn: copy.vault.arn, lifecycle: { deleteAfter: daily } }],
            recoveryPointTags: args.tags,
        }];
        if (args.monthly) {
            const lifecycle = { deleteAfter: args.monthly.retentionDays, coldStorageAfter: args.monthly.coldStorageAfterDays };
            rules.push({
                ruleName: "monthly",
                targetVaultName: primary.vault.name,
                schedule: "cron(0 4 1 * ? *)",
                startWindow: 60,
                completionWindow: 720,
                lifecycle,
                copyActions: [{ destinationVaultArn: copy.vault.arn, lifecycle }],
                recoveryPointTags: args.tags,
            });
        }
        const plan = new aws.backup.Plan(`${name}-plan`, { region: home, rules, tags: args.tags }, { parent: this });
        new aws.backup.Selection(`${name}-table`, {
            region: home,
            planId: plan.id,
            iamRoleArn: role.arn,
            // One replica is enough: every replica holds the same items (see BackupPlanArgs.tableArn).
            resources: [args.tableArn],
        }, { parent: this });

        const topic = new aws.sns.Topic(`${name}-notifications`, {
            region: home, kmsMasterKeyId: primary.key.arn, tags: args.tags,
        }, { parent: this });
        new aws.sns.TopicPolicy(`${name}-notifications-policy`, {
            region: home,
            arn: topic.arn,
            policy: pulumi.all([topic.arn, args.accountId]).apply(([arn, accountId]) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Sid: "BackupPublishes",
                    Effect: "Allow",
                    Principal: { Service: "backup.amazonaws.com" },
                    Action: "sns:Publish",
                    Resource: arn,
                    Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                }],
            })),
        }, { parent: this });
        new aws.backup.VaultNotifications(`${name}-primary-notifications`, {
            region: home, backupVaultName: primary.vault.name, snsTopicArn: topic.arn, backupVaultEvents: VAULT_EVENTS,
        }, { parent: this });
        if (args.notificationEmail) {
            new aws.sns.TopicSubscription(`${name}-notifications-email`, {
                region: home,
                topic: topic.arn,
                protocol: "email",
                endpoint: args.notificationEmail,
                // Only failures: completed backup/restore jobs are filtered out.
                filterPolicy: JSON.stringify({ State: [{ "anything-but": ["COMPLETED", "RUNNING", "CREATED"] }] }),
                filterPolicyScope: "MessageAttributes",
            }, { parent: this });
        }

        if (args.restoreTesting ?? true) {
            const testPlan = new aws.backup.RestoreTestingPlan(`${name}-restore-test`, {
                region: home,
                name: `${name.replace(/[^A-Za-z0-9_]/g, "_")}_restore_test`,
                scheduleExpression: "cron(0 6 ? * SAT *)",
                startWindowHours: 8,
                recoveryPointSelection: {
                    algorithm: "LATEST_WITHIN_WINDOW",
                    includeVaults: [primary.vault.arn],
                    recoveryPointTypes: ["SNAPSHOT"],
                    selectionWindowDays: 7,
                },
                tags: args.tags,
            }, { parent: this });
            new aws.backup.RestoreTestingSelection(`${name}-restore-test-table`, {
                region: home,
                name: "table",
                restoreTestingPlanName: testPlan.name,
                protectedResourceType: "DynamoDB",
                iamRoleArn: role.arn,
                protectedResourceArns: [args.tableArn],
                validationWindowHours: 1,
            }, { parent: this });
        }

        if (args.manageRegionSettings) {
            // Account-wide singleton per region: exactly one stack per account may set this. Advanced
            // DynamoDB backups (needed for cross-region copy and cold storage) are opted in where
            // recovery points are made and where they are copied to.
            for (const region of [home, args.copyRegion]) {
                new aws.backup.RegionSettings(`${name}-${region}-settings`, {
                    region,
                    resourceTypeOptInPreference: { DynamoDB: true },
                    resourceTypeManagementPreference: { DynamoDB: true },
                }, { parent: this });
            }
        }

        this.vaultArn = primary.vault.arn;
        this.copyVaultArn = copy.vault.arn;
        this.planId = plan.id;
        this.notificationTopicArn = topic.arn;
        this.registerOutputs({ vaultArn: this.vaultArn, copyVaultArn: this.copyVaultArn, planId: this.planId, notificationTopicArn: this.notificationTopicArn });
    }
}
