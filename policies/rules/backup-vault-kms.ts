/** [Backup.1] Recovery points are encrypted with a customer-managed key. */
import { resourceRule, str } from "./lib";

export const backupVaultKms = resourceRule({
    name: "backup-vault-kms",
    description: "[Backup.1] AWS Backup vaults encrypt recovery points with a customer-managed KMS key.",
    controls: ["Backup.1"],
    level: "mandatory",
    severity: "medium",
    remediation: "set kmsKeyArn on the vault to a key of the vault's region",
}, ["aws:backup/vault:Vault"], props => str(props.kmsKeyArn) ? [] : ["the vault has no customer-managed KMS key"]);
