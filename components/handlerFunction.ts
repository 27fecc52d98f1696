import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bundleHandler } from "./logic/bundle";

export { baseHandlerStatements } from "./logic/handlerPolicy";

/** Arguments of {@link createHandlerFunction}. */
export interface HandlerFunctionArgs {
    readonly region: string;
    /** Prefix of physical names, e.g. `platform-prod`. */
    readonly namePrefix: string;
    /**
     * The handler's name, which every physical name derives from: function `<namePrefix>-<region>-<handler>`
     * (role: the same + `-fn`), log group `/platform/<namePrefix>/<region>/<handler>`, `POWERTOOLS_SERVICE_NAME`.
     */
    readonly handler: string;
    /** Bundle path under handlers/ (`handlers/<bundle>/index.ts`). */
    readonly bundle: string;
    readonly logRetentionDays: number;
    /** KMS key of this region's log groups. */
    readonly logsKeyArn: pulumi.Input<string>;
    /** The role's inline policy (JSON), built from the log group's ARN. */
    readonly policy: (logGroupArn: pulumi.Output<string>) => pulumi.Input<string>;
    readonly environment: Record<string, pulumi.Input<string>>;
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    readonly tags?: Record<string, string>;
}

/** A function with its log group and role. */
export interface HandlerFunction {
    readonly fn: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
}

/**
 * One Lambda handler as every function of the platform is deployed (docs/design.md, decision 9): an
 * esbuild bundle, Node.js 24 on arm64, X-Ray, JSON logs to an explicit KMS-encrypted log group
 * with retention, and a role of its own whose only policy is the one passed in.
 */
export function createHandlerFunction(name: string, args: HandlerFunctionArgs, parent: pulumi.Resource): HandlerFunction {
    const opts = { parent };
    const functionName = `${args.namePrefix}-${args.region}-${args.handler}`;
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
        region: args.region, name: `/platform/${args.namePrefix}/${args.region}/${args.handler}`, retentionInDays: args.logRetentionDays, kmsKeyId: args.logsKeyArn, tags: args.tags,
    }, opts);
    const role = new aws.iam.Role(`${name}-role`, {
        name: `${functionName}-fn`,
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
        tags: args.tags,
    }, opts);
    new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy: args.policy(logGroup.arn) }, opts);
    const fn = new aws.lambda.Function(name, {
        region: args.region,
        name: functionName,
        role: role.arn,
        runtime: aws.lambda.Runtime.NodeJS24dX,
        architectures: ["arm64"],
        handler: "index.handler",
        code: bundleHandler(args.bundle).archive,
        memorySize: args.memoryMb,
        timeout: args.timeoutSeconds,
        tracingConfig: { mode: "Active" },
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        environment: {
            variables: { ...args.environment, POWERTOOLS_SERVICE_NAME: args.handler, NODE_OPTIONS: "--enable-source-maps" },
        },
        tags: args.tags,
    }, opts);
    return { fn, role, logGroup };
}
