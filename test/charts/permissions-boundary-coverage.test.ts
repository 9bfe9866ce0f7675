// Issue 5: a permissions boundary on every role the baseline creates, not only the cross-account
// roles: rendered, every IAM Role of either example carries the identity domain's boundary.
import type { JsonObject } from '../../renderer/types';
import { forProvider, renderExample, resourceNamed, resourcesOfKind } from '../support/render-example';

test.each(['dev-claim', 'prod-claim'] as const)('%s: every IAM role carries the identity domain\'s permissions boundary', (name) => {
  const out = renderExample(name);
  const boundary = (resourceNamed(out, 'permissionsBoundary').status as JsonObject).atProvider as JsonObject;
  const roles = resourcesOfKind(out, 'Role.iam.aws.upbound.io');
  expect(roles.length).toBeGreaterThanOrEqual(7);
  for (const role of roles) {
    const roleName = ((role.metadata as JsonObject).annotations as JsonObject)['crossplane.io/external-name'];
    expect({ roleName, boundary: forProvider(role).permissionsBoundary }).toEqual({ roleName, boundary: boundary.arn });
  }
});
