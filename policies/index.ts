/** The CrossGuard pack `pulumi preview --policy-pack policies` loads. Nothing else belongs here. */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

new PolicyPack("platform-guardrails", { policies });
