/**
 * User-pool groups that the infrastructure creates and the handlers check. No imports: the
 * identity component and every handler bundle load it.
 */

/**
 * Members of this user-pool group may list and decide approval requests. `components/identity.ts`
 * creates the group; the approval API reads it from the `cognito:groups` claim.
 */
export const APPROVERS_GROUP = "approvers";
