/** Whether a statement grants or refuses the request it matches. */
export enum Effect {
  ALLOW = 'Allow',
  DENY = 'Deny',
}
