/** [IAM.1] [IAM.21] No full admin, no `*` or `service:*` actions outside the allow-list. */
import { SERVICE_WILDCARD_ALLOWLIST, WildcardAllowance } from "./allowlist";
import { IAM_POLICY_TYPES, list, policyDocuments, resourceRule, statements } from "./lib";

export const iamPolicyWildcards = resourceRule({
    name: "iam-policy-wildcards",
    description: "[IAM.1] [IAM.21] IAM policies allow no \"*\" action (full admin), no Allow with NotAction, and no \"service:*\" action unless allow-listed in policies/rules/allowlist.ts.",
    controls: ["IAM.1", "IAM.21"],
    level: "mandatory",
    severity: "high",
    remediation: "list the exact actions the principal needs; if a service wildcard is truly needed, add it with a reason to policies/rules/allowlist.ts",
    configSchema: { properties: { allowedServiceWildcards: { type: "array", items: { type: "object" }, default: SERVICE_WILDCARD_ALLOWLIST as unknown as object[] } } },
}, IAM_POLICY_TYPES, (props, { type, name, config }) => {
    const allowed = list<WildcardAllowance>(config.allowedServiceWildcards ?? SERVICE_WILDCARD_ALLOWLIST);
    const problems: string[] = [];
    for (const s of policyDocuments(type, props).flatMap(doc => statements(doc)).filter(s => s.effect === "Allow")) {
        const sid = s.sid ?? "(no Sid)";
        if (s.notActions.length) problems.push(`statement ${sid} uses Allow with NotAction`);
        for (const a of s.actions) {
            if (a === "*") problems.push(`statement ${sid} allows every action (*)`);
            else if (/^[a-z0-9-]+:\*$/i.test(a) && !allowed.some(x => x.resource === name && x.action.toLowerCase() === a.toLowerCase())) {
                problems.push(`statement ${sid} allows ${a}`);
            }
        }
    }
    return problems;
});
