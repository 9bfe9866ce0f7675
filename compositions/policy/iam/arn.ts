// Shallow ARN syntax check shared by principals and resources. It catches typos (a bucket name
// where an ARN belongs, a missing segment) without knowing each service's resource format.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html

import { maskTokens } from './tokens';

// Both composition tokens and IAM policy variables (`${aws:username}`) contain ':', so they are
// replaced by a neutral placeholder before the ARN is split into segments.
const PLACEHOLDER = 'x';
const ANY_VARIABLE = /\$\{[^}]*\}/g;

/** True when `s` has the shape `arn:partition:service:region:account:resource`. */
export function isArn(s: string): boolean {
  const parts = maskTokens(s, PLACEHOLDER).replace(ANY_VARIABLE, PLACEHOLDER).split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return false;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  return (
    /^[a-z*-]+$/.test(partition) &&
    /^[a-z0-9*-]+$/.test(service) &&
    /^[a-z0-9*-]*$/.test(region) &&
    isAccountSegment(account) &&
    resource.length > 0
  );
}

function isAccountSegment(account: string): boolean {
  if (account === '' || account === 'aws' || account === PLACEHOLDER) return true;
  if (/^\d{12}$/.test(account)) return true;
  return /^[\d*?]+$/.test(account) && /[*?]/.test(account);
}
