/**
 * Webhook event keys of the 2026 spec (bitbucket-cloud.md §3.12), with the category and label the
 * `/2.0/hook_events/{subject_type}` listing shows. Events about creating, deleting or moving repositories and
 * about projects only make sense on a workspace, so repository hooks cannot subscribe to them. The spec's
 * `issue:*` events are gone: Bitbucket retired Issues on 2026-08-20 ("Updates found 2026-12-02").
 */
const EVENTS: readonly (readonly [event: string, label: string, workspaceOnly?: true])[] = [
  ["repo:push", "Push"],
  ["repo:fork", "Fork"],
  ["repo:updated", "Updated"],
  ["repo:transfer", "Transfer accepted", true],
  ["repo:created", "Created", true],
  ["repo:deleted", "Deleted", true],
  ["repo:imported", "Import"],
  ["repo:commit_comment_created", "Commit comment created"],
  ["repo:commit_status_created", "Build status created"],
  ["repo:commit_status_updated", "Build status updated"],
  ["pullrequest:created", "Created"],
  ["pullrequest:updated", "Updated"],
  ["pullrequest:push", "Push"],
  ["pullrequest:approved", "Approved"],
  ["pullrequest:unapproved", "Approval removed"],
  ["pullrequest:fulfilled", "Merged"],
  ["pullrequest:rejected", "Declined"],
  ["pullrequest:changes_request_created", "Changes request created"],
  ["pullrequest:changes_request_removed", "Changes request removed"],
  ["pullrequest:comment_created", "Comment created"],
  ["pullrequest:comment_updated", "Comment updated"],
  ["pullrequest:comment_deleted", "Comment deleted"],
  ["pullrequest:comment_resolved", "Comment resolved"],
  ["pullrequest:comment_reopened", "Comment reopened"],
  ["project:updated", "Updated", true],
  ["pipeline:span_created", "Pipeline span created"],
];

const CATEGORY: Record<string, string> = {
  repo: "Repository",
  pullrequest: "Pull Request",
  project: "Project",
  pipeline: "Pipeline",
};

export type HookSubject = "repository" | "workspace";

export interface HookEvent {
  readonly event: string;
  readonly category: string;
  readonly label: string;
  readonly description: string;
}

export function hookEvents(subject: HookSubject): HookEvent[] {
  return EVENTS.filter(([, , workspaceOnly]) => subject === "workspace" || !workspaceOnly).map(([event, label]) => ({
    event,
    category: CATEGORY[event.split(":")[0]],
    label,
    description: `Whenever ${label.toLowerCase()} (${event}) happens`,
  }));
}

export function isHookEvent(subject: HookSubject, event: string): boolean {
  return hookEvents(subject).some((e) => e.event === event);
}

/** Why an event key that the spec still lists can no longer be subscribed to, if it is one of those. */
export function retiredEventReason(event: string): string | undefined {
  return event.startsWith("issue:") ? `${event} is gone: Bitbucket retired Issues on 2026-08-20` : undefined;
}
