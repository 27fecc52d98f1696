/** The cognito:groups claim format shared by the handlers (parse) and the local platform (format). */
import { expect } from "chai";
import fc from "fast-check";
import { formatGroupsClaim, GROUPS_CLAIM, parseGroupsClaim } from "../../handlers/shared/claims";

describe("cognito:groups claim (REST API Cognito authorizer format)", () => {
    it("is named cognito:groups", () => {
        expect(GROUPS_CLAIM).to.equal("cognito:groups");
    });

    it("parses the comma-joined string into whole names; anything else is no groups", () => {
        const cases: Array<[unknown, string[]]> = [
            ["approvers", ["approvers"]],
            ["readers,approvers", ["readers", "approvers"]],
            ["evil]approvers", ["evil]approvers"]],
            ["[evil approvers]", ["[evil approvers]"]],
            ["a,,b", ["a", "b"]],
            ["", []],
            [undefined, []],
            [null, []],
            [["approvers"], []],
            [42, []],
        ];
        for (const [value, groups] of cases) expect(parseGroupsClaim(value), JSON.stringify(value)).to.deep.equal(groups);
    });

    it("formats a list as the authorizer would pass it, and no claim for no groups", () => {
        expect(formatGroupsClaim(["approvers"])).to.equal("approvers");
        expect(formatGroupsClaim(["readers", "approvers"])).to.equal("readers,approvers");
        expect(formatGroupsClaim([])).to.equal(undefined);
    });

    it("refuses names the format cannot carry, naming them all", () => {
        expect(() => formatGroupsClaim(["ok", "a,b", "", "c d"])).to.throw("Group names [a,b], [], [c d] cannot be carried in cognito:groups: no empty names, commas or whitespace");
    });

    it("parse(format(groups)) is groups for every list of legal names", () => {
        // Cognito group names: letters, marks, symbols, numbers, punctuation; the format excludes commas.
        const name = fc.string({ unit: fc.constantFrom(..."abcXYZ09_-.[]{}()!@#$%^&*+=:;'\"<>?/\\|~`é漢"), minLength: 1, maxLength: 20 });
        fc.assert(fc.property(fc.array(name, { maxLength: 8 }), groups => {
            const claim = formatGroupsClaim(groups);
            expect(parseGroupsClaim(claim)).to.deep.equal(groups);
        }));
    });
});
