/** [DynamoDB.2] PITR on the table and on every replica. */
import { block, isTrue, list, resourceRule } from "./lib";

export const dynamodbTablePitr = resourceRule({
    name: "dynamodb-table-pitr",
    description: "[DynamoDB.2] DynamoDB tables, and every replica of a global table, have point-in-time recovery enabled.",
    controls: ["DynamoDB.2"],
    level: "mandatory",
    severity: "high",
    remediation: "set pointInTimeRecovery.enabled = true on the table and pointInTimeRecovery = true on each entry of replicas",
}, ["aws:dynamodb/table:Table"], props => {
    const problems: string[] = [];
    if (!isTrue(block(props.pointInTimeRecovery)?.enabled)) problems.push("point-in-time recovery is off on the table");
    for (const r of list(props.replicas)) {
        if (!isTrue(r?.pointInTimeRecovery)) problems.push(`point-in-time recovery is off on replica ${r?.regionName ?? "(unnamed)"}`);
    }
    return problems;
});
