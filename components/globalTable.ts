import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createRegionalKey } from "./regionalKey";
import { STRONG_CONSISTENCY_REGION_SETS, isAwsRegion, strongConsistencySetOf } from "./logic/regions";
import { GSI1, TABLE_KEYS } from "../handlers/shared/keys";

export { GSI1, TABLE_KEYS };

/** Arguments of {@link GlobalTable}. */
export interface GlobalTableArgs {
    /** Physical table name, the same in every region. */
    readonly tableName: string;
    /** Regions holding a replica; the first is where the table resource itself is created. Decides which resources exist. */
    readonly regions: readonly string[];
    /** AWS account id, for key policies. */
    readonly accountId: pulumi.Input<string>;
    /** `strong` = multi-Region strong consistency (MRSC). @default "eventual" */
    readonly consistency?: "eventual" | "strong";
    /** MRSC witness region, with exactly two `regions`. */
    readonly witnessRegion?: string;
    /** Refuse DeleteTable on the table and every replica. @default true */
    readonly deletionProtection?: boolean;
    /** PITR window of the table in days (1-35). Replicas get PITR with the service default window. @default 35 */
    readonly pitrRecoveryDays?: pulumi.Input<number>;
    /** Attribute DynamoDB reads expiry epochs from. @default "expiresAt" */
    readonly ttlAttribute?: string;
    /** `protect` + `retainOnDelete` on the table and its keys, so `pulumi destroy` cannot delete data. @default false */
    readonly protectData?: boolean;
    readonly tags?: Record<string, string>;
}

/** Problems with {@link GlobalTableArgs}, one line each, naming the field. Empty when valid. */
export function validateGlobalTableArgs(args: GlobalTableArgs): string[] {
    const problems: string[] = [];
    if (!/^[A-Za-z0-9_.-]{3,255}$/.test(args.tableName)) {
        problems.push(`tableName [${args.tableName}] must be 3-255 characters of A-Z a-z 0-9 _ . -`);
    }
    if (args.regions.length < 2) problems.push(`regions must list at least 2 regions (got ${args.regions.length})`);
    const seen = new Set<string>();
    for (const r of args.regions) {
        if (!isAwsRegion(r)) problems.push(`Replica region [${r}] is not an AWS region`);
        if (seen.has(r)) problems.push(`Replica region [${r}] is listed twice`);
        seen.add(r);
    }
    if (args.witnessRegion !== undefined && args.consistency !== "strong") {
        problems.push(`witnessRegion [${args.witnessRegion}] needs consistency "strong"`);
    }
    if (args.consistency === "strong") {
        const members = [...args.regions, ...(args.witnessRegion ? [args.witnessRegion] : [])];
        if (members.length !== 3) {
            problems.push(`consistency "strong" needs 3 replicas or 2 replicas + witnessRegion (got ${members.join(", ")})`);
        }
        if (args.witnessRegion && args.regions.includes(args.witnessRegion)) {
            problems.push(`witnessRegion [${args.witnessRegion}] already holds a replica`);
        }
        if (!strongConsistencySetOf(members)) {
            problems.push(`consistency "strong" needs all regions in one of ${Object.keys(STRONG_CONSISTENCY_REGION_SETS).join(", ")} region sets (got ${members.join(", ")})`);
        }
    }
    return problems;
}

/**
 * A DynamoDB global table (version 2019.11.21): one `aws.dynamodb.Table` in the home region with
 * inline replicas for the other regions, each encrypted with a customer-managed key of its own
 * region, with PITR and deletion protection on the table *and* every replica.
 *
 * Never the legacy `aws.dynamodb.GlobalTable` (version 2017.11.29), and never inline replicas
 * mixed with `aws.dynamodb.TableReplica`, which would fight over the same replica set.
 */
export class GlobalTable extends pulumi.ComponentResource {
    /** Physical table name (the same in every region). */
    public readonly tableName: pulumi.Output<string>;
    /** Table ARN per region. */
    public readonly tableArns: Record<string, pulumi.Output<string>>;
    /** KMS key ARN per region. */
    public readonly keyArns: Record<string, pulumi.Output<string>>;
    /** Stream ARN of the home-region table (NEW_AND_OLD_IMAGES). */
    public readonly streamArn: pulumi.Output<string>;
    /** Stream ARN of each region's replica (every replica has a stream of its own). */
    public readonly streamArns: Record<string, pulumi.Output<string>>;
    /** The table resource (home region). */
    public readonly table: aws.dynamodb.Table;

    constructor(name: string, args: GlobalTableArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:data:GlobalTable", name, {}, opts);
        const problems = validateGlobalTableArgs(args);
        if (problems.length > 0) throw new Error(`GlobalTable ${name}: ${problems.join("; ")}`);

        const [home, ...others] = args.regions;
        const deletionProtection = args.deletionProtection ?? true;
        const strong = args.consistency === "strong";
        const keep = args.protectData ? { protect: true, retainOnDelete: true } : {};

        this.keyArns = {};
        for (const region of args.regions) {
            const key = createRegionalKey(`${name}-${region}-key`, {
                region,
                description: `DynamoDB table ${args.tableName} in ${region}`,
                alias: `${args.tableName}-${region}`,
                accountId: args.accountId,
                viaServices: ["dynamodb"],
                protectData: args.protectData,
                tags: args.tags,
            }, this);
            this.keyArns[region] = key.arn;
        }

        this.table = new aws.dynamodb.Table(name, {
            region: home,
            name: args.tableName,
            billingMode: "PAY_PER_REQUEST",
            hashKey: TABLE_KEYS.partition,
            rangeKey: TABLE_KEYS.sort,
            attributes: [
                { name: TABLE_KEYS.partition, type: "S" },
                { name: TABLE_KEYS.sort, type: "S" },
                { name: GSI1.partition, type: "S" },
                { name: GSI1.sort, type: "S" },
            ],
            globalSecondaryIndexes: [{
                name: GSI1.name,
                keySchemas: [
                    { attributeName: GSI1.partition, keyType: "HASH" },
                    { attributeName: GSI1.sort, keyType: "RANGE" },
                ],
                projectionType: "ALL",
            }],
            streamEnabled: true,
            streamViewType: "NEW_AND_OLD_IMAGES",
            pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: args.pitrRecoveryDays ?? 35 },
            deletionProtectionEnabled: deletionProtection,
            serverSideEncryption: { enabled: true, kmsKeyArn: this.keyArns[home] },
            ttl: { attributeName: args.ttlAttribute ?? "expiresAt", enabled: true },
            replicas: others.map(region => ({
                regionName: region,
                kmsKeyArn: this.keyArns[region],
                pointInTimeRecovery: true,
                deletionProtectionEnabled: deletionProtection,
                propagateTags: true,
                ...(strong ? { consistencyMode: "STRONG" } : {}),
            })),
            ...(strong && args.witnessRegion ? { globalTableWitness: { regionName: args.witnessRegion } } : {}),
            tags: args.tags,
        }, { parent: this, ...keep });

        this.tableName = this.table.name;
        this.streamArn = this.table.streamArn;
        this.streamArns = Object.fromEntries(args.regions.map(region => [region, region === home
            ? this.table.streamArn
            : this.table.replicas.apply(replicas => replicas?.find(r => r.regionName === region)?.streamArn ?? "")]));
        this.tableArns = Object.fromEntries(args.regions.map(region => [region,
            pulumi.interpolate`arn:aws:dynamodb:${region}:${args.accountId}:table/${this.table.name}`]));

        this.registerOutputs({
            tableName: this.tableName,
            tableArns: this.tableArns,
            keyArns: this.keyArns,
            streamArn: this.streamArn,
            streamArns: this.streamArns,
            table: this.table,
        });
    }
}
