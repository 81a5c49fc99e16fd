import { decodeValue, encodeValue, valueFromJson } from "../../lib/tfplugin/msgpack-codec";
import { CtyType, isUnknown, UNKNOWN, valuesEqual } from "../../lib/tfplugin/values";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const roundTrip = (value: unknown, type: CtyType) => decodeValue(encodeValue(value, type), type);

describe("cty msgpack codec", () => {
  it("writes unknown as d4 00 00 and null as c0", () => {
    expect(hex(encodeValue(UNKNOWN, "string"))).toBe("d40000");
    expect(hex(encodeValue(null, ["list", "string"]))).toBe("c0");
  });

  it("reads refined unknowns (extension 12) as unknown", () => {
    // "pre-${unknown}" as Terraform sends it: c7 09 0c 82 01 c2 02 a4 "pre-"
    const refined = Buffer.from("c7090c8201c202a4707265 2d".replace(/ /g, ""), "hex");
    expect(isUnknown(decodeValue(refined, "string"))).toBe(true);
  });

  it("keeps numbers that arrive as strings exactly", () => {
    const big = Buffer.concat([Buffer.from([0xb4]), Buffer.from("12345678901234567890")]);
    expect(decodeValue(big, "number")).toBe("12345678901234567890");
    expect(roundTrip("12345678901234567890", "number")).toBe("12345678901234567890");
    expect(roundTrip(0.5, "number")).toBe(0.5);
    expect(valuesEqual("0.1", 0.1, "number")).toBe(true);
  });

  it("writes every object attribute, even absent ones, and round-trips collections", () => {
    const type: CtyType = [
      "object",
      { a: "string", tags: ["map", "string"], ids: ["set", "number"], rules: ["list", ["object", { x: "bool" }]] },
    ];
    expect(roundTrip({ a: "x", ids: [3, 1], rules: [] }, type)).toEqual({ a: "x", tags: null, ids: [3, 1], rules: [] });
    expect(roundTrip({ a: UNKNOWN, tags: { k: "v" }, ids: null, rules: [{ x: true }] }, type)).toEqual({
      a: UNKNOWN,
      tags: { k: "v" },
      ids: null,
      rules: [{ x: true }],
    });
    expect(valuesEqual([1, 3], [3, 1], ["set", "number"])).toBe(true);
  });

  it("wraps dynamic values with their type", () => {
    const value = { type: ["object", { n: "number" }] as CtyType, value: { n: 2 } };
    const bytes = encodeValue(value, "dynamic");
    expect(hex(bytes).startsWith("92c4")).toBe(true); // [bin(type JSON), value]
    expect(decodeValue(bytes, "dynamic")).toEqual(value);
  });

  it("reads stored JSON state, filling absent attributes with null", () => {
    const type: CtyType = ["object", { a: "string", d: "dynamic", n: "number" }];
    expect(valueFromJson({ a: "x", d: { value: [1], type: ["list", "number"] } }, type)).toEqual({
      a: "x",
      d: { type: ["list", "number"], value: [1] },
      n: null,
    });
  });
});
