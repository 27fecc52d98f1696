/**
 * The one place a `service:*` action may be allowed (IAM.21), each entry with its reason.
 * Today the platform needs none: every role lists its actions. An entry names the Pulumi resource
 * (logical name) and the exact wildcard it may carry.
 */
export interface WildcardAllowance {
    /** Logical name of the IAM policy or role resource. */
    readonly resource: string;
    /** The wildcard action, e.g. `xray:*`. */
    readonly action: string;
    /** Why listing actions is not possible or not useful. */
    readonly reason: string;
}

export const SERVICE_WILDCARD_ALLOWLIST: readonly WildcardAllowance[] = [];
