/** Production vaults are locked (compliance mode): nobody deletes recovery points early. */
import { dependenciesOf, isStrict, ofTypes, stackRule, strictEnvironmentsSchema } from "./lib";

export const backupVaultLock = stackRule({
    name: "backup-vault-lock",
    description: "AWS Backup vaults tagged with a production environment have a vault lock in compliance mode (changeableForDays set).",
    controls: [],
    level: "mandatory",
    severity: "high",
    remediation: "add aws.backup.VaultLockConfiguration with changeableForDays >= 3 and min/max retention matching the plan (platform:backup.vaultLock true)",
    configSchema: strictEnvironmentsSchema,
}, (resources, config) => {
    const locks = ofTypes(resources, "aws:backup/vaultLockConfiguration:VaultLockConfiguration");
    return ofTypes(resources, "aws:backup/vault:Vault")
        .filter(v => isStrict(v.props, config))
        .filter(v => !locks.some(l => (dependenciesOf(l, "backupVaultName").includes(v) || (l.props.backupVaultName !== undefined && l.props.backupVaultName === v.props.name)) && typeof l.props.changeableForDays === "number"))
        .map(v => ({ urn: v.urn, message: `${v.name} (${v.type}): no compliance-mode vault lock` }));
});
