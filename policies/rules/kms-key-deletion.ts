/** [KMS.3] Keys are not deleted unintentionally: the longest waiting period, and `protect` in production. */
import { isStrict, resourceRule, strictEnvironmentsSchema } from "./lib";

export const kmsKeyDeletion = resourceRule({
    name: "kms-key-deletion",
    description: "[KMS.3] KMS keys keep a deletion waiting period of at least minDeletionWindowDays, and keys tagged with a production environment are protected from `pulumi destroy`.",
    controls: ["KMS.3"],
    level: "mandatory",
    severity: "critical",
    remediation: "set deletionWindowInDays 30 and, in production, the `protect` resource option",
    configSchema: { properties: { ...strictEnvironmentsSchema.properties, minDeletionWindowDays: { type: "integer", default: 30, minimum: 7, maximum: 30 } } },
}, ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"], (props, { config, protect }) => {
    const problems: string[] = [];
    const window = props.deletionWindowInDays ?? 30; // AWS default when unset
    if (typeof window !== "number" || window < Number(config.minDeletionWindowDays ?? 30)) problems.push(`deletion window is ${window} days`);
    if (isStrict(props, config) && !protect) problems.push("the key is not protected from deletion by `pulumi destroy`");
    return problems;
});
