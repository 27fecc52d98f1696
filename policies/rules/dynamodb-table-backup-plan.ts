/** [DynamoDB.4] Every table is selected by an AWS Backup plan. */
import { list, ofTypes, stackRule, str } from "./lib";

export const dynamodbTableBackupPlan = stackRule({
    name: "dynamodb-table-backup-plan",
    description: "[DynamoDB.4] Every DynamoDB table is in an AWS Backup plan (a backup selection names its ARN).",
    controls: ["DynamoDB.4"],
    level: "mandatory",
    severity: "medium",
    remediation: "add the table's ARN (any replica's, for a global table) to an aws.backup.Selection of a plan",
}, resources => {
    const selected = ofTypes(resources, "aws:backup/selection:Selection").flatMap(s => list<string>(s.props.resources));
    return ofTypes(resources, "aws:dynamodb/table:Table").flatMap(t => {
        const name = str(t.props.name);
        const hit = selected.some(arn => typeof arn === "string" && (arn === t.props.arn || (name !== undefined && arn.endsWith(`:table/${name}`))));
        return hit ? [] : [{ urn: t.urn, message: `${t.name} (${t.type}): no backup selection includes table ${name ?? "(unnamed)"}` }];
    });
});
