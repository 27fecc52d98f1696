/**
 * Customer-managed KMS key on the table and on every replica. A replica without its own
 * `kmsKeyArn` falls back to the AWS managed key: public packs check only the table and miss it.
 */
import { block, isTrue, list, resourceRule, str } from "./lib";

export const dynamodbTableKms = resourceRule({
    name: "dynamodb-table-kms",
    description: "DynamoDB tables, and every replica, are encrypted with a customer-managed KMS key of their region.",
    controls: [],
    level: "mandatory",
    severity: "high",
    remediation: "set serverSideEncryption { enabled: true, kmsKeyArn } on the table and kmsKeyArn (a key in the replica's region) on each replica",
}, ["aws:dynamodb/table:Table"], props => {
    const problems: string[] = [];
    const sse = block(props.serverSideEncryption);
    if (!isTrue(sse?.enabled) || !str(sse?.kmsKeyArn)) problems.push("the table is not encrypted with a customer-managed KMS key");
    for (const r of list(props.replicas)) {
        const key = str(r?.kmsKeyArn);
        if (!key) problems.push(`replica ${r?.regionName ?? "(unnamed)"} has no customer-managed KMS key`);
        else if (r?.regionName && key.startsWith("arn:") && key.split(":")[3] !== r.regionName) {
            problems.push(`replica ${r.regionName} uses a key from ${key.split(":")[3]}; a replica needs a key in its own region`);
        }
    }
    return problems;
});
