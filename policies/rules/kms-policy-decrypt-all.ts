/** [KMS.1] [KMS.2] IAM policies do not allow decryption with every key (`Resource: "*"`). */
import { grants, IAM_POLICY_TYPES, policyDocuments, resourceRule, statements } from "./lib";

const DECRYPT = ["kms:Decrypt", "kms:ReEncryptFrom"];

export const kmsPolicyDecryptAll = resourceRule({
    name: "kms-policy-decrypt-all",
    description: "[KMS.1] [KMS.2] Customer-managed and inline IAM policies do not allow kms:Decrypt or kms:ReEncryptFrom on all KMS keys.",
    controls: ["KMS.1", "KMS.2"],
    level: "mandatory",
    severity: "medium",
    remediation: "list the key ARNs the principal needs in Resource instead of \"*\"",
}, IAM_POLICY_TYPES, (props, { type }) => policyDocuments(type, props)
    .flatMap(doc => statements(doc))
    .filter(s => s.resources.includes("*"))
    .flatMap(s => DECRYPT.filter(a => grants(s, a)).map(a => `statement ${s.sid ?? "(no Sid)"} allows ${a} on every key`)));
