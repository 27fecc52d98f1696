/** [Cognito.3] A strong password policy (AWS Config cognito-user-pool-password-policy-check defaults). */
import { resourceRule, USER_POOL_TYPES, userPoolSettings } from "./lib";

export const cognitoUserpoolPasswordPolicy = resourceRule({
    name: "cognito-userpool-password-policy",
    description: "[Cognito.3] User pools require strong passwords: minimum length, upper and lower case, numbers, symbols, temporary passwords valid 7 days or less.",
    controls: ["Cognito.3"],
    level: "mandatory",
    severity: "medium",
    remediation: "set the password policy (passwordPolicy, or policies.passwordPolicy on aws-native) { minimumLength >= minLength, requireUppercase, requireLowercase, requireNumbers, requireSymbols: true, temporaryPasswordValidityDays <= 7 }",
    configSchema: { properties: { minLength: { type: "integer", default: 8, minimum: 6, maximum: 99 } } },
}, USER_POOL_TYPES, (props, { config, type }) => {
    const p = userPoolSettings(type, props).passwordPolicy;
    if (!p) return ["no password policy is set"];
    const minLength = Number(config.minLength ?? 8);
    const problems: string[] = [];
    if (!(typeof p.minimumLength === "number" && p.minimumLength >= minLength)) problems.push(`minimum length ${p.minimumLength ?? "(absent)"} is under ${minLength}`);
    for (const k of ["requireUppercase", "requireLowercase", "requireNumbers", "requireSymbols"]) {
        if (p[k] !== true) problems.push(`${k} is not true`);
    }
    if (!(typeof p.temporaryPasswordValidityDays === "number" && p.temporaryPasswordValidityDays <= 7)) {
        problems.push(`temporary passwords are valid ${p.temporaryPasswordValidityDays ?? "(absent)"} days, more than 7`);
    }
    return problems;
});
