/**
 * Reads a stack's config the way the Pulumi CLI does: project-level defaults from Pulumi.yaml,
 * then the stack file, flattened to `namespace:key` -> string (objects and lists as JSON text).
 */
import * as path from "node:path";
import { displayPath, InputError, readYamlFile } from "./cli";

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

/** A YAML mapping at the top of `file` (an empty file is an empty mapping), else an {@link InputError}. */
function readMapping(file: string): Record<string, any> {
    const doc = readYamlFile(file) ?? {};
    if (typeof doc !== "object" || Array.isArray(doc)) throw new InputError(`${displayPath(file)}: expected a YAML mapping at the top level`);
    return doc as Record<string, any>;
}

/**
 * Loads `Pulumi.yaml` + the given stack file (a path, or `Pulumi.<stack>.yaml` beside Pulumi.yaml).
 * Throws an {@link InputError} (one line naming the file) when either is missing, not valid YAML,
 * or not shaped like a Pulumi project / stack file.
 */
export function readStackConfig(stackFile: string, projectFile = path.join(ROOT, "Pulumi.yaml")): StackConfig {
    const projectDoc = readMapping(projectFile);
    const project: string = projectDoc.name;
    if (typeof project !== "string" || !project) throw new InputError(`${displayPath(projectFile)}: has no project name`);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, decl] of Object.entries<any>(projectDoc.config ?? {})) {
        const full = key.includes(":") ? key : `${project}:${key}`;
        const value = decl !== null && typeof decl === "object" && !Array.isArray(decl) ? (decl.default ?? decl.value) : decl;
        if (value !== undefined) config[full] = encode(value);
    }
    const stackDoc = readMapping(stackFile);
    const stackConfig = stackDoc.config ?? {};
    if (typeof stackConfig !== "object" || Array.isArray(stackConfig)) throw new InputError(`${displayPath(stackFile)}: "config" must be a mapping of keys to values`);
    for (const [key, value] of Object.entries<any>(stackConfig)) {
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
