/**
 * Reads a stack's config the way the Pulumi CLI does: project-level defaults from Pulumi.yaml,
 * then the stack file, flattened to `namespace:key` -> string (objects and lists as JSON text).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** A stack's config, flattened as the Pulumi runtime receives it. */
export interface StackConfig {
    readonly project: string;
    readonly config: Record<string, string>;
    /** Keys whose value is encrypted (`secure:`): present as a placeholder, not decryptable offline. */
    readonly secretKeys: string[];
}

const ROOT = path.resolve(__dirname, "../..");

function encode(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Loads `Pulumi.yaml` + the given stack file (a path, or `Pulumi.<stack>.yaml` beside Pulumi.yaml). */
export function readStackConfig(stackFile: string, projectFile = path.join(ROOT, "Pulumi.yaml")): StackConfig {
    const projectDoc = parse(fs.readFileSync(projectFile, "utf8")) ?? {};
    const project: string = projectDoc.name;
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, decl] of Object.entries<any>(projectDoc.config ?? {})) {
        const full = key.includes(":") ? key : `${project}:${key}`;
        const value = decl !== null && typeof decl === "object" && !Array.isArray(decl) ? (decl.default ?? decl.value) : decl;
        if (value !== undefined) config[full] = encode(value);
    }
    const text = fs.readFileSync(stackFile, "utf8");
    const stackDoc = parse(text) ?? {};
    for (const [key, value] of Object.entries<any>(stackDoc.config ?? {})) {
        const full = key.includes(":") ? key : `${project}:${key}`;
        if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value) {
            config[full] = "[secret]";
            secretKeys.push(full);
        } else {
            config[full] = encode(value);
        }
    }
    return { project, config, secretKeys };
}

/** Path of `Pulumi.<stack>.yaml` in the repository root. */
export function stackFilePath(stack: string): string {
    return path.join(ROOT, `Pulumi.${stack}.yaml`);
}
