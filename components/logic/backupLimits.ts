/**
 * AWS Backup limits that stack config validation (config.ts) and the BackupPlan component both
 * enforce. Written once here; no imports, so anything can load it.
 */

/**
 * A recovery point moved to cold storage stays there at least 90 days: `DeleteAfterDays` must be at
 * least `MoveToColdStorageAfterDays` + 90.
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html
 */
export const COLD_STORAGE_MINIMUM_DAYS = 90;

/** The longest retention AWS Backup lifecycles and vault locks accept here: 100 years. */
export const BACKUP_MAX_RETENTION_DAYS = 36500;

/**
 * AWS Backup enforces a 72-hour cooling-off period before a compliance-mode vault lock becomes
 * immutable, so `ChangeableForDays` is at least 3.
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html
 */
export const VAULT_LOCK_MIN_CHANGEABLE_DAYS = 3;
