/**
 * The command-line contract every script of this repository follows (`npm run plan`, `region`,
 * `bench`, and any new one): `--help`, one clear line and exit 2 for an unknown flag, a missing
 * value or a malformed YAML file, and one way to print errors.
 *
 * A script declares its {@link CommandSpec} and hands its `main` to {@link runCommand}:
 *
 * ```ts
 * import { CommandError, EXIT, runCommand, UsageError } from "./lib/cli";
 *
 * runCommand({
 *     name: "drill",
 *     usage: "npm run drill -- --scenario NAME [--json FILE]",
 *     summary: "Runs a failover drill against the local platform.",
 *     options: {
 *         scenario: { type: "string", value: "NAME", description: "what to break (see --help)" },
 *         json: { type: "string", value: "FILE", description: "also write the results as JSON" },
 *     },
 * }, async ({ values }) => {
 *     if (!values.scenario) throw new UsageError("--scenario is required");
 *     ...
 *     if (lost > 0) throw new CommandError(`lost writes: ${lost}`);   // exit 1
 *     return EXIT.ok;
 * });
 * ```
 *
 * Exit codes ({@link EXIT}), the same for every script:
 * - 0: done, nothing to report;
 * - 1: the command ran and found a problem (a mandatory policy violation, a failed invariant, an
 *   AWS call that failed); the message says what;
 * - 2: the input was wrong and nothing ran: unknown flag, missing or extra argument, a file that
 *   is missing or not valid YAML, invalid stack config;
 * - 3: an unexpected error (a bug or a broken environment). Set `DEBUG=1` to see its stack trace.
 *
 * Errors are printed to stderr as `<name>: <message>`: one line, except a stack config error,
 * which lists every problem on its own line (config.ts's ConfigError). Nothing here exits the
 * process except {@link runCommand}; everything else throws, so tests can call it in-process.
 *
 * Hand-rolled on Node's own `util.parseArgs` (tokens mode) rather than a CLI framework: four small
 * scripts do not justify a dependency, and parseArgs's own errors are multi-line and mention
 * positionals that most scripts do not take.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { closest } from "../../components/logic/closest";

/** Exit codes shared by every script. */
export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 3 } as const;

/** One option of a command. `--help`/`-h` is added to every command and must not be declared. */
export interface OptionSpec {
    readonly type: "string" | "boolean";
    /** One-letter alias, e.g. `"q"` for `-q`. */
    readonly short?: string;
    /** Placeholder of the value in help, e.g. `"FILE"` (string options only). @default "VALUE" */
    readonly value?: string;
    /** Repeatable (`--x a --x b` gives `["a", "b"]`). @default false */
    readonly multiple?: boolean;
    /** One line for `--help`. */
    readonly description: string;
}

/** What a command is and accepts; drives parsing and `--help`. */
export interface CommandSpec {
    /** Short name that prefixes every error line, e.g. `"plan"`. */
    readonly name: string;
    /** The synopsis line(s) printed after `usage:`, e.g. `"npm run plan -- --stack NAME [--json FILE]"`. */
    readonly usage: string | readonly string[];
    /** What the command does, a sentence or two. */
    readonly summary: string;
    readonly options: Readonly<Record<string, OptionSpec>>;
    /** Positional arguments, described for help. Without this, any positional is a usage error. */
    readonly positionals?: readonly { readonly name: string; readonly description: string }[];
    /** Extra paragraphs at the end of `--help` (examples, environment variables). */
    readonly notes?: readonly string[];
    /** Meaning of each exit code, when the command gives them a specific sense. @default generic meanings */
    readonly exitCodes?: Readonly<Partial<Record<number, string>>>;
}

/** Parsed arguments handed to a command's `main`. */
export interface ParsedArgs {
    /** Option values by long name: string, boolean, or string[] for `multiple` options; absent when not given. */
    readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
    readonly positionals: readonly string[];
}

/** Bad command line (unknown flag, missing value or argument). Exit 2, printed with a pointer to `--help`. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** Bad input file (missing, unreadable, not valid YAML, wrong shape). Exit 2. */
export class InputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InputError";
    }
}

/** The command ran and failed for a reason it can explain (exit 1 unless told otherwise). */
export class CommandError extends Error {
    constructor(message: string, readonly exitCode: number = EXIT.failed) {
        super(message);
        this.name = "CommandError";
    }
}

const GENERIC_EXIT_CODES: Record<number, string> = {
    [EXIT.ok]: "done",
    [EXIT.failed]: "the command ran and found a problem",
    [EXIT.usage]: "bad input: unknown flag, missing argument, unreadable or malformed file, invalid config",
    [EXIT.internal]: "unexpected error (DEBUG=1 prints the stack trace)",
};

/** The `--help` text of a command. */
export function helpText(spec: CommandSpec): string {
    const usage = typeof spec.usage === "string" ? [spec.usage] : spec.usage;
    const options = [...Object.entries(spec.options), ["help", { type: "boolean", short: "h", description: "print this help and exit" } as OptionSpec] as const];
    const flag = ([name, o]: readonly [string, OptionSpec]) =>
        `${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
    const width = Math.max(...options.map(o => flag(o).length), ...(spec.positionals ?? []).map(p => p.name.length));
    const lines = [...usage.map((u, i) => `${i === 0 ? "usage:" : "      "} ${u}`), "", spec.summary];
    if (spec.positionals?.length) {
        lines.push("", "Arguments:", ...spec.positionals.map(p => `  ${p.name.padEnd(width)}  ${p.description}`));
    }
    lines.push("", "Options:", ...options.map(o => `  ${flag(o).padEnd(width)}  ${o[1].description}${o[1].multiple ? " (repeatable)" : ""}`));
    const codes = { ...GENERIC_EXIT_CODES, ...spec.exitCodes };
    lines.push("", "Exit codes:", ...Object.entries(codes).map(([code, meaning]) => `  ${code}  ${meaning}`));
    for (const note of spec.notes ?? []) lines.push("", note);
    return lines.join("\n");
}

/**
 * Parses `argv` against `spec`. Returns `undefined` when `--help`/`-h` was given (the caller
 * prints {@link helpText}); throws {@link UsageError} for an unknown option (with a "did you mean"
 * hint), a string option without a value, a value given to a boolean option, or a positional the
 * command does not take.
 */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParsedArgs | undefined {
    const options: Record<string, OptionSpec> = { ...spec.options, help: { type: "boolean", short: "h", description: "" } };
    const config = Object.fromEntries(Object.entries(options).map(([name, o]) =>
        [name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]));
    // strict: false so that every problem is reported here, in one line, from the tokens.
    const { values, positionals, tokens } = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
    for (const token of tokens) {
        if (token.kind !== "option") continue;
        const spelled = token.rawName;
        const known = options[token.name];
        if (!known) {
            const hint = closest(token.name, Object.keys(options));
            throw new UsageError(`unknown option ${spelled}${hint ? ` (did you mean --${hint}?)` : ""}`);
        }
        // A value that looks like an option (`--stack --json x`) is a forgotten value, as in parseArgs's strict mode.
        if (known.type === "string" && (token.value === undefined || (!token.inlineValue && token.value.startsWith("-")))) {
            throw new UsageError(`option ${spelled} needs a value${known.value ? ` (${known.value})` : ""}`);
        }
        if (known.type === "boolean" && token.inlineValue) throw new UsageError(`option ${spelled} takes no value`);
    }
    if (values.help) return undefined;
    if (!spec.positionals && positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (spec.positionals && positionals.length > spec.positionals.length) {
        throw new UsageError(`unexpected argument "${positionals[spec.positionals.length]}"`);
    }
    return { values: values as ParsedArgs["values"], positionals };
}

/**
 * Reads and parses a YAML file. Throws {@link InputError} with one line naming the file (and the
 * line and column of a syntax error) when it is missing, unreadable or not valid YAML.
 */
export function readYamlFile(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e: any) {
        throw new InputError(`cannot read ${displayPath(file)}: ${e?.code === "ENOENT" ? "no such file" : e?.message ?? e}`);
    }
    try {
        return parseYaml(text);
    } catch (e) {
        if (e instanceof YAMLParseError) {
            const at = e.linePos?.[0];
            const where = at ? `:${at.line}:${at.col}` : "";
            // The library's message ends with " at line L, column C:" and a code excerpt; the position leads instead.
            const reason = firstLine(e.message).replace(/ at line \d+, column \d+:?$/, "");
            throw new InputError(`${displayPath(file)}${where}: not valid YAML: ${reason}`);
        }
        throw e;
    }
}

/** `file` relative to the working directory when that is shorter, for messages. */
export function displayPath(file: string): string {
    const rel = path.relative(process.cwd(), file);
    return rel && !rel.startsWith("..") && rel.length < file.length ? rel : file;
}

function firstLine(text: string): string {
    return text.split("\n")[0].trim();
}

/** A stack config error as config.ts throws it (recognised by shape, so this module does not load the Pulumi SDK). */
function isConfigError(e: unknown): e is Error & { problems: readonly string[] } {
    return e instanceof Error && e.name === "ConfigError" && Array.isArray((e as any).problems);
}

/**
 * What {@link runCommand} prints for an error and the exit code it uses. Exported for tests and
 * for scripts that report errors without exiting.
 */
export function describeError(name: string, e: unknown): { readonly exitCode: number; readonly text: string } {
    if (e instanceof UsageError) return { exitCode: EXIT.usage, text: `${name}: ${e.message} (--help for usage)` };
    if (e instanceof InputError) return { exitCode: EXIT.usage, text: `${name}: ${e.message}` };
    if (isConfigError(e)) return { exitCode: EXIT.usage, text: `${name}: ${e.message}` };
    if (e instanceof CommandError) return { exitCode: e.exitCode, text: `${name}: ${e.message}` };
    const message = e instanceof Error ? firstLine(e.message) || e.name : String(e);
    const trace = process.env.DEBUG && e instanceof Error && e.stack ? `\n${e.stack}` : "";
    return { exitCode: EXIT.internal, text: `${name}: unexpected error: ${message}${trace}` };
}

/**
 * Runs a command: parses `argv`, prints help for `--help`, calls `main`, prints any error as
 * described in this module's header, and exits with `main`'s return value (or the error's code).
 * Waits for stdout and stderr to drain before exiting, so piped output is never cut short.
 */
export function runCommand(spec: CommandSpec, main: (args: ParsedArgs) => Promise<number | void> | number | void, argv: readonly string[] = process.argv.slice(2)): void {
    const finish = (code: number, err?: string) => {
        if (err) process.stderr.write(`${err}\n`);
        process.exitCode = code;
        // Flush both streams, then exit: handles, servers or timers left by a library must not keep the process alive.
        process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
    };
    (async () => {
        const args = parseCommandLine(spec, argv);
        if (!args) {
            process.stdout.write(`${helpText(spec)}\n`);
            return EXIT.ok;
        }
        return (await main(args)) ?? EXIT.ok;
    })().then(code => finish(code), e => {
        const { exitCode, text } = describeError(spec.name, e);
        finish(exitCode, text);
    });
}
