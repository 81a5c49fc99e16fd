import { workspaceIdProblem } from "../bitbucket";

/** The Bitbucket Workspace ID an object belongs to, checked offline (a long value is never echoed back). */
export function workspaceAttribute() {
  return {
    type: "string",
    required: true,
    description: "Bitbucket Workspace ID (slug).",
    validate: (v: string) => workspaceIdProblem(v),
  } as const;
}

/** The same for a resource, where another workspace means another object: changing it replaces `what`. */
export function replacingWorkspaceAttribute(what: string) {
  return {
    ...workspaceAttribute(),
    requiresReplace: true,
    description: `Bitbucket Workspace ID (slug). Changing it replaces ${what}.`,
  } as const;
}
