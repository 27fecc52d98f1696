/** [DynamoDB.1] Capacity follows demand: on-demand billing, or auto scaling of reads and writes. */
import { ofTypes, stackRule, str } from "./lib";

export const dynamodbTableCapacity = stackRule({
    name: "dynamodb-table-capacity",
    description: "[DynamoDB.1] DynamoDB tables scale capacity with demand: PAY_PER_REQUEST, or Application Auto Scaling targets for reads and writes.",
    controls: ["DynamoDB.1"],
    level: "advisory",
    severity: "medium",
    remediation: "use billingMode PAY_PER_REQUEST, or add aws.appautoscaling.Target resources for table/<name> read and write capacity",
}, resources => {
    const targets = ofTypes(resources, "aws:appautoscaling/target:Target");
    return ofTypes(resources, "aws:dynamodb/table:Table").flatMap(t => {
        if (t.props.billingMode === "PAY_PER_REQUEST") return [];
        const id = `table/${str(t.props.name) ?? ""}`;
        const dims = new Set(targets.filter(x => x.props.resourceId === id).map(x => x.props.scalableDimension));
        const ok = dims.has("dynamodb:table:ReadCapacityUnits") && dims.has("dynamodb:table:WriteCapacityUnits");
        return ok ? [] : [{ urn: t.urn, message: `${t.name} (${t.type}): provisioned capacity without auto scaling of reads and writes` }];
    });
});
