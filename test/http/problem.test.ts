import { ApiError, CancelledError, RetryDeadlineExceededError } from "../../lib/http";
import { formatProblems, quoted } from "../../lib/problem";

describe("one problem shape, one formatter", () => {
  it("writes one problem as its message and its fix on the next line", () => {
    expect(formatProblems({ message: "The token expired.", fix: "Create a new one." })).toBe(
      "The token expired.\nFix: Create a new one.",
    );
  });

  it("numbers several, each with its fix", () => {
    expect(
      formatProblems([
        { code: "a", message: "First.", fix: "Do one." },
        { code: "b", message: "Second.", fix: "Do two." },
      ]),
    ).toBe("1. First.\n   Fix: Do one.\n2. Second.\n   Fix: Do two.");
  });

  it("turns the clients' errors into problems coded by their class", () => {
    const error = new RetryDeadlineExceededError("GET /x still failed.", { fix: "Wait." }, new Error("503"));
    expect(error.toProblem()).toEqual({
      code: "retry_deadline_exceeded",
      message: "GET /x still failed.",
      fix: "Wait.",
    });
    expect(new ApiError("Odd.").toProblem()).toMatchObject({ code: "api", message: "Odd.", fix: expect.any(String) });
    expect(new CancelledError("Stopped.").toProblem().code).toBe("cancelled");
  });

  it("quotes a user's value shortened, so a long one is never echoed whole", () => {
    expect(quoted("acme")).toBe('"acme"');
    expect(quoted("x".repeat(10_000))).toBe(`"${"x".repeat(40)}…"`);
    expect(quoted('a"b\n')).toBe('"a\\"b\\n"');
  });
});
