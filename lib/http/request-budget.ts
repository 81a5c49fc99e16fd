import { RequestBudgetExceededError } from "./errors";

/**
 * A cap on how many HTTP requests a client may send. Bitbucket allows about 1,000 requests an hour per
 * resource group, so users can keep an operation from draining it. Every attempt (retries too) costs one.
 */
export class RequestBudget {
  private spent = 0;

  /** `setting` names where users raise the budget, e.g. `bitbucket_request_budget (BITBUCKET_REQUEST_BUDGET)`. */
  constructor(
    readonly limit: number,
    private readonly setting = "the request budget",
  ) {
    if (!Number.isInteger(limit) || limit < 0)
      throw new RangeError(`request budget must be a whole number ≥ 0, got ${limit}`);
  }

  get used(): number {
    return this.spent;
  }

  get remaining(): number {
    return this.limit - this.spent;
  }

  /** Takes one request from the budget, or throws before anything is sent. */
  take(route: string): void {
    if (this.spent >= this.limit) {
      throw new RequestBudgetExceededError(
        `Request budget of ${this.limit} requests is spent; ${route} was not sent.`,
        {
          route,
          fix: `Raise ${this.setting}, or narrow the repository selection so the operation needs fewer requests.`,
        },
      );
    }
    this.spent++;
  }
}
