/**
 * Runs one rule the way `pulumi preview` would, over hand-built resources: validation args carry
 * `notApplicable`, `stackTags`, `getConfig` and, for stack rules, resolved property dependencies.
 */
import type { Policy } from "@pulumi/policy";
import { OfflineResource, runPolicies, Violation } from "../../policies/offline";

/** A fixture resource: type and props, optional name, protect flag and dependencies (input -> names). */
export interface Fixture {
    readonly type: string;
    readonly props: Record<string, any>;
    readonly name?: string;
    readonly protect?: boolean;
    readonly deps?: Record<string, string[]>;
}

const urnOf = (f: Fixture, i: number) => `urn:pulumi:test::platform::${f.type}::${f.name ?? `r${i}`}`;

/** Violations of `policy` over `fixtures` (pack config defaults unless `config` overrides). */
export async function violationsOf(policy: Policy, fixtures: readonly Fixture[], config: Record<string, unknown> = {}): Promise<Violation[]> {
    const urns = new Map(fixtures.map((f, i) => [f.name ?? `r${i}`, urnOf(f, i)]));
    const resources: OfflineResource[] = fixtures.map((f, i) => ({
        urn: urnOf(f, i),
        type: f.type,
        name: f.name ?? `r${i}`,
        props: f.props,
        protect: f.protect,
        propertyDependencies: Object.fromEntries(Object.entries(f.deps ?? {}).map(([k, names]) => [k, names.map(n => {
            const urn = urns.get(n);
            if (!urn) throw new Error(`fixture dependency ${n} is not a fixture`);
            return urn;
        })])),
    }));
    return runPolicies([policy], resources, { config: { [policy.name]: config } });
}

/** Just the messages, with the shared "Fix: ..." tail cut off. */
export async function messagesOf(policy: Policy, fixtures: readonly Fixture[], config: Record<string, unknown> = {}): Promise<string[]> {
    return (await violationsOf(policy, fixtures, config)).map(v => v.message.replace(/\. Fix: .*$/s, ""));
}
