/** [KMS.5] Key policies do not open the key to everyone. */
import { publicStatements, resourceRule } from "./lib";

export const kmsKeyPublic = resourceRule({
    name: "kms-key-public",
    description: "[KMS.5] KMS key policies do not allow any principal (\"*\") without a condition scoping it to the account or a caller.",
    controls: ["KMS.5"],
    level: "mandatory",
    severity: "critical",
    remediation: "name principals explicitly (the account root, service principals with aws:SourceAccount) instead of \"*\"",
}, ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey", "aws:kms/keyPolicy:KeyPolicy"], props =>
    publicStatements(props.policy).map(s => `statement ${s.sid ?? "(no Sid)"} allows any principal`));
