/** scripts/lib/cli.ts in-process: parsing, YAML input errors, and how each kind of error is printed. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { ConfigError } from "../../config";
import {
    CommandError, CommandSpec, describeError, EXIT, helpText, InputError, parseCommandLine, readYamlFile, UsageError,
} from "../../scripts/lib/cli";
import { readStackConfig } from "../../scripts/lib/stackConfig";

const SPEC: CommandSpec = {
    name: "demo",
    usage: "npm run demo -- --stack NAME [--quick] <what>",
    summary: "Does a demo.",
    positionals: [{ name: "<what>", description: "what to demo" }],
    options: {
        stack: { type: "string", value: "NAME", description: "the stack" },
        quick: { type: "boolean", short: "q", description: "be quick" },
        tag: { type: "string", multiple: true, description: "a tag" },
    },
};

const usage = (argv: string[]) => {
    try {
        parseCommandLine(SPEC, argv);
    } catch (e) {
        expect(e).to.be.instanceOf(UsageError);
        return (e as Error).message;
    }
    throw new Error(`no usage error for ${argv.join(" ")}`);
};

describe("scripts/lib/cli.ts", () => {
    describe("parseCommandLine", () => {
        it("returns values and positionals", () => {
            expect(parseCommandLine(SPEC, ["--stack", "dev", "-q", "--tag", "a", "--tag=b", "x"])).to.deep.equal({
                values: { stack: "dev", quick: true, tag: ["a", "b"] }, positionals: ["x"],
            });
        });

        it("returns undefined for --help and -h, whatever else is given", () => {
            expect(parseCommandLine(SPEC, ["--help"])).to.equal(undefined);
            expect(parseCommandLine(SPEC, ["--stack", "dev", "-h"])).to.equal(undefined);
        });

        it("reports each command-line mistake in one line", () => {
            expect(usage(["--stak", "dev"])).to.equal("unknown option --stak (did you mean --stack?)");
            expect(usage(["--zzzzzz"])).to.equal("unknown option --zzzzzz");
            expect(usage(["-x"])).to.equal("unknown option -x");
            expect(usage(["--stack"])).to.equal("option --stack needs a value (NAME)");
            expect(usage(["--stack", "--quick"])).to.equal("option --stack needs a value (NAME)");
            expect(usage(["--quick=yes"])).to.equal("option --quick takes no value");
            expect(usage(["a", "b"])).to.equal('unexpected argument "b"');
            expect(usage(["--help=1"])).to.equal("option --help takes no value");
        });

        it("refuses positionals for a command that declares none", () => {
            expect(() => parseCommandLine({ ...SPEC, positionals: undefined }, ["x"])).to.throw(UsageError, 'unexpected argument "x"');
        });
    });

    it("helpText lists usage, arguments, every option with its value name, and the exit codes", () => {
        expect(helpText(SPEC).split("\n")).to.deep.equal([
            "usage: npm run demo -- --stack NAME [--quick] <what>",
            "",
            "Does a demo.",
            "",
            "Arguments:",
            "  <what>        what to demo",
            "",
            "Options:",
            "  --stack NAME  the stack",
            "  -q, --quick   be quick",
            "  --tag VALUE   a tag (repeatable)",
            "  -h, --help    print this help and exit",
            "",
            "Exit codes:",
            "  0  done",
            "  1  the command ran and found a problem",
            "  2  bad input: unknown flag, missing argument, unreadable or malformed file, invalid config",
            "  3  unexpected error (DEBUG=1 prints the stack trace)",
        ]);
    });

    describe("YAML input", () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cli-yaml-"));
        after(() => fs.rmSync(tmp, { recursive: true, force: true }));
        const write = (name: string, text: string) => { const f = path.join(tmp, name); fs.writeFileSync(f, text); return f; };
        const inputError = (f: () => unknown) => {
            try {
                f();
            } catch (e) {
                expect(e).to.be.instanceOf(InputError);
                return (e as Error).message;
            }
            throw new Error("no InputError");
        };

        it("parses a valid file", () => {
            expect(readYamlFile(write("ok.yaml", "a: [1, 2]\n"))).to.deep.equal({ a: [1, 2] });
        });

        it("names the file, line and column of a syntax error, in one line", () => {
            const f = write("bad.yaml", "config:\n  platform:regions: [us-east-1\n  x: 1\n");
            expect(inputError(() => readYamlFile(f))).to.equal(`${f}:3:3: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`);
        });

        it("reports a duplicate key and a missing file", () => {
            const dup = write("dup.yaml", "a: 1\na: 2\n");
            expect(inputError(() => readYamlFile(dup))).to.equal(`${dup}:2:1: not valid YAML: Map keys must be unique`);
            expect(inputError(() => readYamlFile(path.join(tmp, "none.yaml")))).to.equal(`cannot read ${path.join(tmp, "none.yaml")}: no such file`);
        });

        it("readStackConfig refuses a stack file that is not a mapping, or whose config is not one", () => {
            const list = write("list.yaml", "- a\n");
            expect(inputError(() => readStackConfig(list))).to.equal(`${list}: expected a YAML mapping at the top level`);
            const config = write("config.yaml", "config: [a, b]\n");
            expect(inputError(() => readStackConfig(config))).to.equal(`${config}: "config" must be a mapping of keys to values`);
        });
    });

    describe("describeError", () => {
        it("prints usage and input errors in one line with exit 2", () => {
            expect(describeError("demo", new UsageError("unknown option --x"))).to.deep.equal({ exitCode: EXIT.usage, text: "demo: unknown option --x (--help for usage)" });
            expect(describeError("demo", new InputError("f.yaml:1:1: not valid YAML: x"))).to.deep.equal({ exitCode: EXIT.usage, text: "demo: f.yaml:1:1: not valid YAML: x" });
        });

        it("prints a stack config error with every problem, exit 2", () => {
            const e = new ConfigError(["platform:regions: is required", "platform:tabel: unknown key"]);
            expect(describeError("plan", e)).to.deep.equal({
                exitCode: EXIT.usage,
                text: "plan: Invalid stack configuration (2 problems):\n  - platform:regions: is required\n  - platform:tabel: unknown key",
            });
        });

        it("gives a command error its own exit code (1 by default)", () => {
            expect(describeError("region", new CommandError("no credentials"))).to.deep.equal({ exitCode: EXIT.failed, text: "region: no credentials" });
            expect(describeError("drill", new CommandError("lost writes: 2", 4))).to.deep.equal({ exitCode: 4, text: "drill: lost writes: 2" });
        });

        it("prints anything else as one line with exit 3, and the stack trace only with DEBUG", () => {
            const saved = process.env.DEBUG;
            try {
                delete process.env.DEBUG;
                expect(describeError("plan", new TypeError("x is undefined\n    at somewhere"))).to.deep.equal({ exitCode: EXIT.internal, text: "plan: unexpected error: x is undefined" });
                process.env.DEBUG = "1";
                const e = new Error("boom");
                expect(describeError("plan", e).text).to.equal(`plan: unexpected error: boom\n${e.stack}`);
            } finally {
                if (saved === undefined) delete process.env.DEBUG; else process.env.DEBUG = saved;
            }
        });
    });
});
