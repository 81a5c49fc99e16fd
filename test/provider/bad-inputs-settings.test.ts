import { describeBadInputs, SETTINGS_AND_READS } from "./bad-inputs-harness";

describeBadInputs("bad inputs: numeric provider settings", [
  {
    name: "numeric settings and their environment variables",
    shape: SETTINGS_AND_READS,
    cases: [
      {
        what: "DEVDYNAMICS_RETRY_DEADLINE_SECONDS=abc",
        stage: "validate",
        env: { DEVDYNAMICS_RETRY_DEADLINE_SECONDS: "abc" },
        says: [
          /Error: Invalid retry_deadline_seconds/,
          /DEVDYNAMICS_RETRY_DEADLINE_SECONDS="abc" is not a number .*: set it to a number, or unset it/,
        ],
      },
      {
        what: "DEVDYNAMICS_RETRY_DEADLINE_SECONDS negative",
        stage: "validate",
        env: { DEVDYNAMICS_RETRY_DEADLINE_SECONDS: "-5" },
        says: [
          /Error: Invalid retry_deadline_seconds/,
          /-5 is not between 1 and 3600 seconds \(the retry deadline\): set a number in that range, or unset it for the default \(300\)/,
          /environment variable DEVDYNAMICS_RETRY_DEADLINE_SECONDS/,
        ],
      },
      {
        what: "DEVDYNAMICS_RETRY_DEADLINE_SECONDS zero",
        stage: "validate",
        env: { DEVDYNAMICS_RETRY_DEADLINE_SECONDS: "0" },
        says: [
          /Error: Invalid retry_deadline_seconds/,
          /0 is not between 1 and 3600 seconds .* set a number in that range/,
        ],
      },
      {
        what: "DEVDYNAMICS_REQUEST_TIMEOUT_SECONDS with a unit",
        stage: "validate",
        env: { DEVDYNAMICS_REQUEST_TIMEOUT_SECONDS: "30s" },
        says: [
          /Error: Invalid request_timeout_seconds/,
          /DEVDYNAMICS_REQUEST_TIMEOUT_SECONDS="30s" is not a number .*: set it to a number/,
        ],
      },
      {
        what: "DEVDYNAMICS_REQUEST_TIMEOUT_SECONDS zero",
        stage: "validate",
        env: { DEVDYNAMICS_REQUEST_TIMEOUT_SECONDS: "0" },
        says: [
          /Error: Invalid request_timeout_seconds/,
          /0 is not between 1 and 600 seconds \(the timeout of one attempt\): set a number in that range, or unset it for the default \(30\)/,
        ],
      },
      {
        what: "BITBUCKET_HOURLY_REQUEST_LIMIT fractional",
        stage: "validate",
        env: { BITBUCKET_HOURLY_REQUEST_LIMIT: "1.5" },
        says: [
          /Error: Invalid bitbucket_hourly_request_limit/,
          /1\.5 is not a whole number from 1 to 100000 \(requests per hour\): set a whole number in that range, or unset it for the default \(1000\)/,
          /environment variable BITBUCKET_HOURLY_REQUEST_LIMIT/,
        ],
      },
      {
        what: "BITBUCKET_HOURLY_REQUEST_LIMIT zero",
        stage: "validate",
        env: { BITBUCKET_HOURLY_REQUEST_LIMIT: "0" },
        says: [/Error: Invalid bitbucket_hourly_request_limit/, /0 is not a whole number from 1 to 100000/],
      },
      {
        what: "BITBUCKET_HOURLY_REQUEST_LIMIT with a thousands separator",
        stage: "validate",
        env: { BITBUCKET_HOURLY_REQUEST_LIMIT: "1,000" },
        says: [
          /Error: Invalid bitbucket_hourly_request_limit/,
          /BITBUCKET_HOURLY_REQUEST_LIMIT="1,000" is not a number .*: set it to a number/,
        ],
      },
      {
        what: "BITBUCKET_REQUEST_BUDGET negative",
        stage: "validate",
        env: { BITBUCKET_REQUEST_BUDGET: "-1" },
        says: [
          /Error: Invalid bitbucket_request_budget/,
          /-1 is not a whole number from 0 to 1000000 \(requests per provider process\): set a whole number in that range, or unset it for no budget/,
        ],
      },
      {
        what: "BITBUCKET_REQUEST_BUDGET of 0, spent by the first read",
        stage: "plan",
        env: { BITBUCKET_REQUEST_BUDGET: "0" },
        says: [
          /Request budget of 0 requests is spent; GET \/2\.0\/\S+ was not sent\. Fix: Raise bitbucket_request_budget \(BITBUCKET_REQUEST_BUDGET\), or narrow the repository selection/,
        ],
      },
      {
        what: "BITBUCKET_REQUEST_BUDGET fractional",
        stage: "validate",
        env: { BITBUCKET_REQUEST_BUDGET: "2.5" },
        says: [/Error: Invalid bitbucket_request_budget/, /2\.5 is not a whole number/],
      },
      {
        what: "DEVDYNAMICS_WEBHOOK_VERIFICATION_BUDGET negative",
        stage: "validate",
        env: { DEVDYNAMICS_WEBHOOK_VERIFICATION_BUDGET: "-1" },
        says: [
          /Error: Invalid webhook_verification_budget/,
          /-1 is not a whole number from 0 to 100000 \(webhook reads per refresh\): set a whole number in that range, or unset it for the default \(50\)/,
          /environment variable DEVDYNAMICS_WEBHOOK_VERIFICATION_BUDGET/,
        ],
      },
      {
        what: "DEVDYNAMICS_WEBHOOK_VERIFICATION_BUDGET in words",
        stage: "validate",
        env: { DEVDYNAMICS_WEBHOOK_VERIFICATION_BUDGET: "fifty" },
        says: [
          /Error: Invalid webhook_verification_budget/,
          /DEVDYNAMICS_WEBHOOK_VERIFICATION_BUDGET="fifty" is not a number/,
        ],
      },
      {
        what: "DEVDYNAMICS_FULL_WEBHOOK_VERIFICATION=maybe",
        stage: "validate",
        env: { DEVDYNAMICS_FULL_WEBHOOK_VERIFICATION: "maybe" },
        says: [
          /Error: Invalid full_webhook_verification/,
          /DEVDYNAMICS_FULL_WEBHOOK_VERIFICATION="maybe" is not true or false .*: set it to true or false, or unset it/,
        ],
      },
      {
        what: "retry_deadline_seconds below a second, in the provider block",
        stage: "validate",
        values: { retry_deadline_seconds: 0.5 },
        says: [
          /Error: Invalid retry_deadline_seconds .* on main\.tf line \d+, in provider "devdynamics"/,
          /0\.5 is not between 1 and 3600 seconds .* set a number in that range/,
        ],
      },
      {
        what: "request_timeout_seconds above ten minutes, in the provider block",
        stage: "validate",
        values: { request_timeout_seconds: 601 },
        says: [/Error: Invalid request_timeout_seconds .* in provider "devdynamics"/, /601 is not between 1 and 600/],
      },
      {
        what: "bitbucket_hourly_request_limit fractional, in the provider block",
        stage: "validate",
        values: { bitbucket_hourly_request_limit: 2.5 },
        says: [
          /Error: Invalid bitbucket_hourly_request_limit .* in provider "devdynamics"/,
          /2\.5 is not a whole number from 1 to 100000/,
        ],
      },
      {
        what: "webhook_verification_budget negative, in the provider block",
        stage: "validate",
        values: { webhook_verification_budget: -3 },
        says: [/Error: Invalid webhook_verification_budget .* in provider "devdynamics"/, /-3 is not a whole number/],
      },
    ],
  },
]);
