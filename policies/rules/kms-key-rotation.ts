/** [KMS.4] Automatic rotation of symmetric keys. */
import { isTrue, resourceRule } from "./lib";

export const kmsKeyRotation = resourceRule({
    name: "kms-key-rotation",
    description: "[KMS.4] Symmetric customer-managed KMS keys rotate automatically.",
    controls: ["KMS.4"],
    level: "mandatory",
    severity: "medium",
    remediation: "set enableKeyRotation = true",
}, ["aws:kms/key:Key"], props => {
    const spec = props.customerMasterKeySpec ?? props.keySpec ?? "SYMMETRIC_DEFAULT";
    return spec !== "SYMMETRIC_DEFAULT" || isTrue(props.enableKeyRotation) ? [] : ["automatic key rotation is off"];
});
