/**
 * The offline plan's data model (the JSON `npm run plan -- --json` writes) and its text rendering.
 */
import type { OfflineResource, Violation } from "../../policies/offline";
import type { ProgramRun } from "./runProgram";

/** One resource of the plan. */
export interface PlanResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    /** The resource's own `region` input, else its provider's region, else null (global resources). */
    readonly region: string | null;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    /** Plain JSON; secrets replaced by "[secret]". */
    readonly inputs: Record<string, unknown>;
    /** What the mocks answered (inputs plus computed ids/ARNs), redacted like `inputs`: what policies see as `props`. */
    readonly outputs: Record<string, unknown>;
    /** Input name -> URNs it depends on. */
    readonly propertyDependencies: Record<string, string[]>;
}

/** The plan as written by `--json`. */
export interface Plan {
    readonly project: string;
    readonly stack: string;
    readonly resources: PlanResource[];
    readonly outputs: Record<string, unknown>;
    readonly policies: { readonly violations: Violation[] };
}

/** JSON-safe copy of `value` with the values at `secretPaths` replaced. */
export function redact(value: Record<string, unknown>, secretPaths: readonly string[]): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(value ?? {}));
    for (const p of secretPaths) {
        if (p === "") return { "[secret]": true };
        const parts = p.match(/[^.[\]]+/g) ?? [];
        let node = copy;
        for (const part of parts.slice(0, -1)) node = node?.[part];
        if (node && typeof node === "object") node[parts[parts.length - 1]] = "[secret]";
    }
    return copy;
}

/** Turns an offline program run into the plan model. */
export function buildPlan(run: ProgramRun): Plan {
    return {
        project: run.project,
        stack: run.stack,
        resources: run.resources.map(r => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent ?? null,
            region: run.cloud.regionOf(r.inputs, r.provider) ?? null,
            protect: r.protect,
            retainOnDelete: r.retainOnDelete,
            inputs: redact(r.inputs, r.secretPaths),
            // The stack resource carries the stack's outputs, as the engine hands it to stack policies.
            outputs: r.type === STACK_TYPE && !r.parent ? JSON.parse(JSON.stringify(run.outputs ?? {})) : redact(r.custom ? r.state : r.inputs, r.secretPaths),
            propertyDependencies: r.propertyDependencies,
        })),
        outputs: JSON.parse(JSON.stringify(run.outputs ?? {})),
        policies: { violations: [] },
    };
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** The nearest component ancestor (not the stack) of `r`, as "type name". */
function componentOf(r: PlanResource, byUrn: Map<string, PlanResource>): string {
    let p = r.parent ? byUrn.get(r.parent) : undefined;
    while (p && p.type.startsWith("aws:")) p = p.parent ? byUrn.get(p.parent) : undefined;
    return p && p.type !== STACK_TYPE ? `${p.type} ${p.name}` : "(stack)";
}

/** Text like `pulumi preview`'s summary: per region, per component, counts per type; then policy results. */
export function renderPlan(plan: Plan): string {
    const custom = plan.resources.filter(r => r.type !== STACK_TYPE && !r.type.startsWith("platform:") && !r.type.startsWith("pulumi:providers:"));
    const byUrn = new Map(plan.resources.map(r => [r.urn, r]));
    const configured = Array.isArray(plan.outputs.regions) ? (plan.outputs.regions as string[]) : [];
    const regions = [...new Set([...configured, ...custom.map(r => r.region).filter((r): r is string => !!r)])];
    const lines: string[] = [`Plan for ${plan.project}/${plan.stack} (offline, mocked AWS): ${custom.length} resources to create`];
    for (const region of [...regions, null]) {
        const inRegion = custom.filter(r => r.region === region);
        if (inRegion.length === 0) continue;
        const home = configured[0] === region ? " (home)" : "";
        lines.push("", `${region ?? "global (IAM, Route 53, ...)"}${home}: ${inRegion.length}`);
        const byComponent = new Map<string, Map<string, number>>();
        for (const r of inRegion) {
            const c = componentOf(r, byUrn);
            const counts = byComponent.get(c) ?? new Map<string, number>();
            counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
            byComponent.set(c, counts);
        }
        for (const [component, counts] of [...byComponent].sort(([a], [b]) => a.localeCompare(b))) {
            lines.push(`  ${component}`);
            for (const [type, n] of [...counts].sort(([a], [b]) => a.localeCompare(b))) lines.push(`    + ${String(n).padStart(3)}  ${type}`);
        }
    }
    const v = plan.policies.violations;
    lines.push("", `Policies: ${v.filter(x => x.level === "mandatory").length} mandatory, ${v.filter(x => x.level === "advisory").length} advisory violation(s)`);
    for (const level of ["mandatory", "remediate", "advisory"] as const) {
        const group = v.filter(x => x.level === level);
        if (group.length === 0) continue;
        lines.push(`  ${level}:`);
        for (const x of group) lines.push(`    [${x.policy}] ${x.urn ? `${x.urn.split("::").pop()}: ` : ""}${x.message}`);
    }
    return lines.join("\n");
}

/** The plan's resources as the offline policy runner takes them (props = outputs, as in a preview). */
export function policyInputs(plan: Plan): OfflineResource[] {
    return plan.resources.map(r => ({
        urn: r.urn, type: r.type, name: r.name, parent: r.parent ?? undefined, props: r.outputs,
        protect: r.protect, retainOnDelete: r.retainOnDelete, propertyDependencies: r.propertyDependencies,
    }));
}
