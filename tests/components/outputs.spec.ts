/**
 * Every component registers every public field as an output (pulumi-awsx style): what callers can
 * read from the object is what the engine records for the component.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { evaluateStack } from "../helpers/pulumiMocks";

describe("components register every public field as an output", () => {
    const registered = new Map<pulumi.ComponentResource, string[]>();
    let baseFields: Set<string>;

    before(async () => {
        const original = pulumi.ComponentResource.prototype["registerOutputs"];
        // Records each component's registerOutputs call while the prod stack runs under mocks.
        (pulumi.ComponentResource.prototype as any).registerOutputs = function (this: pulumi.ComponentResource, outputs?: Record<string, unknown>) {
            if (outputs && typeof outputs === "object" && !pulumi.Output.isInstance(outputs)) registered.set(this, Object.keys(outputs));
            return original.call(this, outputs as any);
        };
        try {
            // A new evaluation: a cached one would have registered its outputs before this hook.
            await evaluateStack("prod");
            // What any ComponentResource carries by itself (urn, internal __ fields): not public outputs.
            baseFields = new Set(Object.keys(new pulumi.ComponentResource("test:index:Bare", "bare")));
        } finally {
            (pulumi.ComponentResource.prototype as any).registerOutputs = original;
        }
    });

    it("saw every platform component type", () => {
        const types = new Set([...registered.keys()].map(c => (c as any).__pulumiType as string).filter(t => t.startsWith("platform:")));
        expect([...types].sort()).to.deep.equal([
            "platform:api:Api", "platform:api:RegionalApi", "platform:approval:ApprovalWorkflow", "platform:backup:BackupPlan", "platform:console:WebConsole",
            "platform:data:ConflictDetector", "platform:data:GlobalTable", "platform:identity:Identity", "platform:identity:SignInDomain", "platform:ops:Monitoring",
        ]);
    });

    it("registers exactly the public fields of each component instance", () => {
        const mismatches: string[] = [];
        for (const [component, keys] of registered) {
            const type = (component as any).__pulumiType as string;
            if (!type.startsWith("platform:")) continue;
            const fields = Object.keys(component).filter(k => !baseFields.has(k) && !k.startsWith("__")).sort();
            if (JSON.stringify(fields) !== JSON.stringify([...keys].sort())) {
                mismatches.push(`${type}: fields [${fields.join(", ")}] vs registered [${[...keys].sort().join(", ")}]`);
            }
        }
        expect(mismatches).to.deep.equal([]);
    });
});
