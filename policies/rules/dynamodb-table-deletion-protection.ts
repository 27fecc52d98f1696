/** [DynamoDB.6] Deletion protection on the table and every replica, in production environments. */
import { isStrict, isTrue, list, resourceRule, strictEnvironmentsSchema } from "./lib";

export const dynamodbTableDeletionProtection = resourceRule({
    name: "dynamodb-table-deletion-protection",
    description: "[DynamoDB.6] DynamoDB tables tagged with a production environment, and every replica, have deletion protection enabled.",
    controls: ["DynamoDB.6"],
    level: "mandatory",
    severity: "medium",
    remediation: "set deletionProtectionEnabled = true on the table and on each replica (platform:table.deletionProtection)",
    configSchema: strictEnvironmentsSchema,
}, ["aws:dynamodb/table:Table"], (props, { config }) => {
    if (!isStrict(props, config)) return [];
    const problems: string[] = [];
    if (!isTrue(props.deletionProtectionEnabled)) problems.push("deletion protection is off on the table");
    for (const r of list(props.replicas)) {
        if (!isTrue(r?.deletionProtectionEnabled)) problems.push(`deletion protection is off on replica ${r?.regionName ?? "(unnamed)"}`);
    }
    return problems;
});
