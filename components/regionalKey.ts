import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KeyPolicyOptions, buildKeyPolicy } from "./logic/kmsPolicy";

/** Arguments of {@link createRegionalKey}. */
export interface RegionalKeyArgs {
    /** Region the key lives in (KMS keys are regional). */
    readonly region: string;
    /** What the key protects, for the console and CloudTrail readers. */
    readonly description: string;
    /** Alias without the `alias/` prefix. */
    readonly alias: string;
    readonly accountId: pulumi.Input<string>;
    readonly viaServices?: KeyPolicyOptions["viaServices"];
    readonly servicePrincipals?: KeyPolicyOptions["servicePrincipals"];
    readonly cloudWatchLogs?: boolean;
    readonly tags?: Record<string, string>;
    /** Keep the key on `pulumi destroy` and refuse deletion: set for keys that encrypt kept data. @default false */
    readonly protectData?: boolean;
}

/**
 * A customer-managed symmetric KMS key with yearly rotation and a scoped key policy, plus an alias.
 * Losing a key makes everything it encrypted unreadable, so data keys are protected in prod and
 * get the maximum 30-day deletion window everywhere.
 */
export function createRegionalKey(name: string, args: RegionalKeyArgs, parent: pulumi.Resource): aws.kms.Key {
    const keep = args.protectData ? { protect: true, retainOnDelete: true } : {};
    const key = new aws.kms.Key(name, {
        region: args.region,
        description: args.description,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi.output(args.accountId).apply(accountId => JSON.stringify(buildKeyPolicy({
            accountId,
            region: args.region,
            viaServices: args.viaServices,
            servicePrincipals: args.servicePrincipals,
            cloudWatchLogs: args.cloudWatchLogs,
        }))),
        tags: args.tags,
    }, { parent, ...keep });
    new aws.kms.Alias(`${name}-alias`, {
        region: args.region,
        name: `alias/${args.alias}`,
        targetKeyId: key.keyId,
    }, { parent });
    return key;
}
