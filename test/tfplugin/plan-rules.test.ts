import { planFromSchema, planViolation, stateAfterApply } from "../../lib/tfplugin/plan-rules";
import type { Block } from "../../lib/tfplugin/schema";
import { isUnknown, UNKNOWN } from "../../lib/tfplugin/values";

const block: Block = {
  attributes: {
    id: { type: "string", computed: true, useStateForUnknown: true, description: "id" },
    name: { type: "string", required: true, requiresReplace: true, description: "name" },
    size: { type: "number", optional: true, computed: true, default: 1, description: "size" },
    etag: { type: "string", computed: true, description: "changes on every update" },
    secret_wo: { type: "string", optional: true, writeOnly: true, description: "secret" },
  },
};

describe("plan rules", () => {
  it("plans computed values unknown on create unless they have a default, and write-only values null", () => {
    const config = { id: null, name: "a", size: null, etag: null, secret_wo: "s" };
    const { planned } = planFromSchema(block, null, config, config);
    expect(isUnknown(planned.id)).toBe(true);
    expect(planned.size).toBe(1);
    expect(planned.secret_wo).toBeNull();
  });

  it("keeps prior computed values when nothing changed, and marks replacement when a requiresReplace value changes", () => {
    const prior = { id: "x", name: "a", size: 1, etag: "e1", secret_wo: null };
    const config = { id: null, name: "a", size: null, etag: null, secret_wo: "s" };
    expect(planFromSchema(block, prior, { ...prior, secret_wo: "s" }, config)).toEqual({
      planned: prior,
      requiresReplace: [],
    });
    const renamed = planFromSchema(block, prior, { ...prior, name: "b" }, { ...config, name: "b" });
    expect(renamed.requiresReplace).toEqual([["name"]]);
    expect(renamed.planned.id).toBe("x"); // useStateForUnknown
    expect(isUnknown(renamed.planned.etag)).toBe(true);
  });

  it("catches plans that break Terraform's rules", () => {
    const config = { id: null, name: "a", size: null, etag: null, secret_wo: "s" };
    expect(planViolation(block, config, { ...config, secret_wo: null })).toBeUndefined();
    expect(planViolation(block, config, { ...config, name: "b", secret_wo: null })).toMatch(/name is not computed/);
    expect(planViolation(block, config, config)).toMatch(/write-only attribute secret_wo/);
  });

  it("keeps every known planned value after apply and refuses to leave unknowns", () => {
    const planned = { id: UNKNOWN, name: "a", size: 1, etag: UNKNOWN, secret_wo: null };
    expect(stateAfterApply(block, planned, { id: "x", name: "changed", size: 5, etag: "e", secret_wo: "s" })).toEqual({
      id: "x",
      name: "a",
      size: 1,
      etag: "e",
      secret_wo: null,
    });
    expect(stateAfterApply(block, planned, { id: "x" }).etag).toBeNull();
    expect(() => stateAfterApply(block, planned, { id: "x", etag: UNKNOWN })).toThrow(/left etag unknown/);
  });
});
