/** MFA in production: required, or at least TOTP offered to every user. Deletion protection too. */
import { isStrict, resourceRule, strictEnvironmentsSchema, USER_POOL_TYPES, userPoolSettings } from "./lib";

export const cognitoUserpoolMfa = resourceRule({
    name: "cognito-userpool-mfa",
    description: "User pools tagged with a production environment enforce MFA (ON, or OPTIONAL with TOTP enabled) and have deletion protection ACTIVE.",
    controls: [],
    level: "mandatory",
    severity: "high",
    remediation: "set mfaConfiguration \"ON\" with TOTP enabled (softwareTokenMfaConfiguration.enabled, or SOFTWARE_TOKEN_MFA in enabledMfas; platform:identity.mfa required) and deletionProtection \"ACTIVE\"",
    configSchema: strictEnvironmentsSchema,
}, USER_POOL_TYPES, (props, { config, type }) => {
    if (!isStrict(props, config)) return [];
    const problems: string[] = [];
    const { mfaConfiguration: mfa, totp, deletionProtection } = userPoolSettings(type, props);
    if (!(mfa === "ON" || (mfa === "OPTIONAL" && totp))) problems.push(`MFA is ${mfa ?? "(absent: OFF)"}${mfa === "OPTIONAL" ? " without TOTP" : ""}`);
    if (deletionProtection !== "ACTIVE") problems.push(`deletion protection is ${deletionProtection ?? "(absent: INACTIVE)"}`);
    return problems;
});
