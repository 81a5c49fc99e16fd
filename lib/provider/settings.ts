// The provider block's settings. Light imports only: the preflight command reads the same table to check a
// pipeline's environment as the provider will see it.
import { byCredentialAttribute } from "../bitbucket/credential-kinds";
import { credentialFieldProblem } from "../bitbucket/credentials";
import { bitbucketApiUrlProblem, oauthTokenUrlProblem } from "../bitbucket/inputs";
import { devDynamicsApiUrlProblem } from "../devdynamics/api-url";
import { defineSchema } from "../tfplugin/definitions";
import type { Attribute } from "../tfplugin/schema";

/** Defaults of the numeric settings, named once for the schema's descriptions and for configure. */
export const SETTING_DEFAULTS = {
  retryDeadlineSeconds: 300,
  requestTimeoutSeconds: 30,
  hourlyRequestLimit: 1_000,
  webhookVerificationBudget: 50,
} as const;

/** What a numeric setting accepts, and what leaving it unset gives, for its message. */
interface NumberRange {
  readonly min: number;
  readonly max: number;
  /** A count (a whole number) or a duration in seconds (fractions allowed). */
  readonly unit: "whole" | "seconds";
  /** What the number is, e.g. "requests per hour". */
  readonly meaning: string;
  /** What an unset setting means, e.g. "the default (300)". */
  readonly unset: string;
}

/**
 * A validator for a number in a range. The message says the fix, whether the value came from the provider block or
 * from the environment variable (which the framework names after it).
 */
function inRange({ min, max, unit, meaning, unset }: NumberRange) {
  return (value: number): string | undefined => {
    if (value >= min && value <= max && (unit === "seconds" || Number.isInteger(value))) return undefined;
    return unit === "whole"
      ? `${value} is not a whole number from ${min} to ${max} (${meaning}): set a whole number in that range, or unset it for ${unset}`
      : `${value} is not between ${min} and ${max} seconds (${meaning}): set a number in that range, or unset it for ${unset}`;
  };
}

const theDefault = (value: number) => `the default (${value})`;

/** A credential input's attribute: an optional string with its environment variable. */
export interface CredentialAttribute extends Attribute {
  readonly type: "string";
  readonly optional: true;
  readonly env: string;
}

/** The Bitbucket credential's inputs, from the credential-kind registry: the same names everywhere. */
const credentialAttributes = byCredentialAttribute((setting): CredentialAttribute => ({
  type: "string",
  optional: true,
  sensitive: setting.secret || undefined,
  env: setting.env,
  description: setting.description,
  validate: (value) => (typeof value === "string" ? credentialFieldProblem(setting.field, value) : undefined),
}));

/** The provider block (docs/design/provider.md). Every attribute falls back to an environment variable. */
export const PROVIDER_SETTINGS = defineSchema({
  description:
    "Manages the DevDynamics ⇄ Bitbucket Cloud integration: credential checks, webhooks and the DevDynamics connection.",
  attributes: {
    bitbucket_api_url: {
      type: "string",
      optional: true,
      env: "BITBUCKET_API_URL",
      description:
        "Bitbucket Cloud API origin (https; http only on loopback; a trailing `/2.0` is accepted). Default https://api.bitbucket.org.",
      markdown: true,
      validate: (url: string) => bitbucketApiUrlProblem(url),
    },
    bitbucket_oauth_token_url: {
      type: "string",
      optional: true,
      env: "BITBUCKET_OAUTH_TOKEN_URL",
      description:
        "OAuth token endpoint (https; http only on loopback). Default: Bitbucket's own, or <bitbucket_api_url>/site/oauth2/access_token for another API URL.",
      validate: (url: string) => oauthTokenUrlProblem(url),
    },
    ...credentialAttributes,
    devdynamics_api_url: {
      type: "string",
      optional: true,
      env: "DEVDYNAMICS_API_URL",
      description: "DevDynamics API base URL (https; http only on loopback; a trailing `/v1` is accepted).",
      markdown: true,
      validate: (url: string) => devDynamicsApiUrlProblem(url),
    },
    devdynamics_api_key: {
      type: "string",
      optional: true,
      sensitive: true,
      env: "DEVDYNAMICS_API_KEY",
      description: "DevDynamics API key.",
    },
    bitbucket_request_budget: {
      type: "number",
      optional: true,
      env: "BITBUCKET_REQUEST_BUDGET",
      description:
        "Most Bitbucket requests one provider process may send (a `terraform apply` starts two: one plans, one applies). Default unlimited.",
      markdown: true,
      validate: inRange({
        min: 0,
        max: 1_000_000,
        unit: "whole",
        meaning: "requests per provider process",
        unset: "no budget",
      }),
    },
    bitbucket_hourly_request_limit: {
      type: "number",
      optional: true,
      env: "BITBUCKET_HOURLY_REQUEST_LIMIT",
      description: `Requests per hour Bitbucket allows the credential in each resource group (repository data, webhooks); the provider paces itself to stay within it. Default ${SETTING_DEFAULTS.hourlyRequestLimit}, Bitbucket's limit for most accounts.`,
      validate: inRange({
        min: 1,
        max: 100_000,
        unit: "whole",
        meaning: "requests per hour",
        unset: theDefault(SETTING_DEFAULTS.hourlyRequestLimit),
      }),
    },
    retry_deadline_seconds: {
      type: "number",
      optional: true,
      env: "DEVDYNAMICS_RETRY_DEADLINE_SECONDS",
      description: `How long rate limits, server errors, resets and timeouts are retried, and how long an operation may wait for Bitbucket's hourly budget. Default ${SETTING_DEFAULTS.retryDeadlineSeconds}.`,
      validate: inRange({
        min: 1,
        max: 3600,
        unit: "seconds",
        meaning: "the retry deadline",
        unset: theDefault(SETTING_DEFAULTS.retryDeadlineSeconds),
      }),
    },
    request_timeout_seconds: {
      type: "number",
      optional: true,
      env: "DEVDYNAMICS_REQUEST_TIMEOUT_SECONDS",
      description: `How long one attempt of a request may take, never longer than what is left of the retry deadline. Default ${SETTING_DEFAULTS.requestTimeoutSeconds}.`,
      validate: inRange({
        min: 1,
        max: 600,
        unit: "seconds",
        meaning: "the timeout of one attempt",
        unset: theDefault(SETTING_DEFAULTS.requestTimeoutSeconds),
      }),
    },
    webhook_verification_budget: {
      type: "number",
      optional: true,
      env: "DEVDYNAMICS_WEBHOOK_VERIFICATION_BUDGET",
      description: `How many repositories' webhooks each refresh of \`devdynamics_bitbucket_repository_webhooks\` reads, those verified longest ago first (one request each). Default ${SETTING_DEFAULTS.webhookVerificationBudget}: with discovery, a plan of 1,000 repositories stays under 10% of Bitbucket's hourly limit.`,
      markdown: true,
      validate: inRange({
        min: 0,
        max: 100_000,
        unit: "whole",
        meaning: "webhook reads per refresh",
        unset: theDefault(SETTING_DEFAULTS.webhookVerificationBudget),
      }),
    },
    full_webhook_verification: {
      type: "bool",
      optional: true,
      env: "DEVDYNAMICS_FULL_WEBHOOK_VERIFICATION",
      description:
        "Read every repository's webhooks on refresh instead of `webhook_verification_budget` of them (one request per repository). Default false.",
      markdown: true,
    },
  },
});
