/** [Cognito.1] Threat protection in full-function (ENFORCED) mode, in production environments. */
import { isStrict, resourceRule, strictEnvironmentsSchema, USER_POOL_TYPES, userPoolSettings } from "./lib";

export const cognitoUserpoolThreatProtection = resourceRule({
    name: "cognito-userpool-threat-protection",
    description: "[Cognito.1] User pools tagged with a production environment have threat protection ENFORCED (needs the Plus feature plan).",
    controls: ["Cognito.1"],
    level: "mandatory",
    severity: "medium",
    remediation: "set userPoolTier \"PLUS\" and userPoolAddOns.advancedSecurityMode \"ENFORCED\" (platform:identity.featurePlan PLUS, threatProtection enforced)",
    configSchema: strictEnvironmentsSchema,
}, USER_POOL_TYPES, (props, { config, type }) => {
    if (!isStrict(props, config)) return [];
    const mode = userPoolSettings(type, props).advancedSecurityMode;
    return mode === "ENFORCED" ? [] : [`threat protection mode is ${mode ?? "(absent: OFF)"}, not ENFORCED`];
});
