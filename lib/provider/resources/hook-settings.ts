import {
  DEVDYNAMICS_HOOK_EVENTS,
  Hook,
  HookInput,
  hookEventsProblem,
  HookSubject,
  webhookSecretProblem,
  webhookUrlProblem,
  WebhookSubject,
} from "../../bitbucket";
import { isUnknown } from "../../tfplugin";
import { recordSecret, SecretRecord, secretMatches } from "./secret-record";

/**
 * What every DevDynamics webhook resource configures the same way — where deliveries go, which events, the signing
 * secret — for one hook (`devdynamics_bitbucket_{workspace,repository}_webhook`) or many
 * (`devdynamics_bitbucket_repository_webhooks`).
 */
export function hookAttributes<const S extends WebhookSubject>(subject: S) {
  return {
    url: {
      type: "string",
      required: true,
      description:
        "Where Bitbucket delivers events: the connection's `webhook_url`. Must be https (http only for loopback addresses), and not an internal address: Bitbucket refuses those.",
      markdown: true,
      validate: (url: string) => webhookUrlProblem(url),
    },
    description: {
      type: "string",
      optional: true,
      computed: true,
      default: "DevDynamics",
      description: "Shown in Bitbucket's webhook list. Default `DevDynamics`.",
      markdown: true,
    },
    events: {
      type: ["set", "string"],
      optional: true,
      computed: true,
      default: [...DEVDYNAMICS_HOOK_EVENTS],
      description: `Event keys to deliver, checked against Bitbucket's keys for ${subject} webhooks. Default: what DevDynamics needs for pull-request and deployment metrics (${DEVDYNAMICS_HOOK_EVENTS.join(", ")}).`,
      validate: (events: string[]) => hookEventsProblem(events, subject),
    },
    active: {
      type: "bool",
      optional: true,
      computed: true,
      default: true,
      description: "Whether Bitbucket delivers events. Default true.",
    },
    verify_tls: {
      type: "bool",
      optional: true,
      computed: true,
      default: true,
      description: "Whether Bitbucket verifies the receiver's TLS certificate. Default true; keep it on.",
    },
    secret_wo: {
      type: "string",
      optional: true,
      writeOnly: true,
      description:
        "Signing secret: the `secret` of the `devdynamics_bitbucket_webhook_secret` ephemeral resource. Bitbucket signs each delivery with HMAC-SHA256 of it. Write-only: never stored in state; a change is noticed through a salted fingerprint in private state.",
      markdown: true,
      validate: (secret: string) => webhookSecretProblem(secret),
    },
    secret_revision: {
      type: "number",
      computed: true,
      description: "Goes up by one each time a changed signing secret is sent to Bitbucket.",
    },
  } as const;
}

/** The configured hook settings, as planned (defaults applied). */
export interface HookSettings {
  readonly url: string;
  readonly description: string | null;
  readonly events: string[] | null;
  readonly active: boolean | null;
  readonly verify_tls: boolean | null;
}

/** The hook as configured; the secret is always sent, so Bitbucket holds exactly what configuration says. */
export function hookInput(planned: HookSettings, secret: string | null): HookInput {
  return {
    url: planned.url,
    description: planned.description ?? "DevDynamics",
    events: planned.events ?? [...DEVDYNAMICS_HOOK_EVENTS],
    active: planned.active ?? true,
    skipCertVerification: !(planned.verify_tls ?? true),
    secret,
  };
}

/** Whether Bitbucket's hook still is what the settings say (the secret's presence included). */
export function hookMatches(hook: Hook, settings: HookInput, secretExpected: boolean): boolean {
  return (
    hook.url === settings.url &&
    hook.description === settings.description &&
    hook.active === settings.active &&
    hook.skipCertVerification === settings.skipCertVerification &&
    hook.secretSet === secretExpected &&
    hook.events.length === settings.events.length &&
    settings.events.every((e) => hook.events.includes(e))
  );
}

/** What a webhook resource remembers about the secret it last sent (private state). */
export interface SecretPrivate {
  readonly secret?: SecretRecord | null;
  /** Bitbucket's hook has a secret we did not send, or lost ours: send it again. */
  readonly secretDrifted?: boolean;
}

export function secretPrivate(secret: string | null): SecretPrivate {
  return { secret: secret ? recordSecret(secret) : null };
}

/** Whether the configured secret differs from the one last sent (unknown until apply counts as different). */
export function secretNeedsSending(configured: unknown, priv: SecretPrivate): boolean {
  if (isUnknown(configured) || priv.secretDrifted === true) return true;
  const record = priv.secret ?? null;
  if (configured === null || configured === undefined || configured === "") return record !== null;
  return record === null || !secretMatches(record, String(configured));
}

export function describeSubject(subject: HookSubject): string {
  return subject.repository
    ? `repository ${subject.workspace}/${subject.repository}`
    : `workspace ${subject.workspace}`;
}
