/**
 * Every rule of the platform-guardrails pack, as one array. Tests and `npm run plan` import this
 * module; only policies/index.ts constructs the PolicyPack (which starts a gRPC server).
 */
import type { Policy } from "@pulumi/policy";

/** The pack's rules, in the order the README lists them. */
export const policies: Policy[] = [];
