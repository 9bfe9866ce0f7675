// XAccountContact (CIS 1.2): the account's SECURITY alternate contact, rendered from the example
// claims through XZeroTrustAccount; composed only when the claim names one; its limits are
// PutAlternateContact's; a member administrator cannot change or delete it, break glass and the
// provisioning role can (organization SCPs and the permissions boundary, simulated).
import { ALTERNATE_CONTACT_EMAIL_PATTERN, ALTERNATE_CONTACT_PHONE_PATTERN } from '../../charts/account-contact';
import { onboarding } from '../../examples/onboarding';
import type { JsonObject } from '../../renderer/types';
import { exampleClaim } from '../support/baseline-render';
import { forProvider, renderClaim, renderExample, resourceNamed, resourcesOfKind } from '../support/render-example';
import { memberAccountScenarios } from '../support/scenario-table';
import { snapshotTestName, synthChart } from '../support/chart-snapshot';

const KIND = 'AlternateContact.account.aws.upbound.io';
const dev = onboarding.accounts.find((a) => a.namespace === 'payments-dev')!;
const ACCOUNT = dev.accountId;

describe('XAccountContact rendered from the example claims', () => {
  test.each(['dev-claim', 'prod-claim', 'lending-claim'] as const)('%s: the SECURITY contact of the claim, for the account itself', (name) => {
    const out = renderExample(name);
    expect(out.problems).toEqual([]);
    const contacts = resourcesOfKind(out, KIND);
    expect(contacts).toHaveLength(1);
    const security = ((exampleClaim(name).spec as JsonObject).parameters as JsonObject).accountContact as { security: Record<string, string> };
    const fp = forProvider(resourceNamed(out, 'securityContact'));
    expect(fp).toEqual({
      alternateContactType: 'SECURITY',
      name: security.security.name, title: security.security.title, emailAddress: security.security.email, phoneNumber: security.security.phone,
    });
    // No accountId: the call is the bound account's own, through its provisioning role.
    expect(fp.accountId).toBeUndefined();
  });

  test('a claim without accountContact composes no contact (the account\'s existing one stays unmanaged)', () => {
    const claim = exampleClaim('dev-claim');
    const params = { ...((claim.spec as JsonObject).parameters as JsonObject) };
    delete params.accountContact;
    const out = renderClaim({ ...claim, spec: { ...(claim.spec as JsonObject), parameters: params } });
    expect(out.problems).toEqual([]);
    expect(resourcesOfKind(out, KIND)).toEqual([]);
  });
});

describe('the contact schema has PutAlternateContact\'s limits', () => {
  const xrd = synthChart('account-contact').find((o) => (o as JsonObject).kind === 'CompositeResourceDefinition') as JsonObject;
  const security = (((((((xrd.spec as JsonObject).versions as JsonObject[])[0]!.schema as JsonObject).openAPIV3Schema as JsonObject).properties as JsonObject)
    .spec as JsonObject).properties as JsonObject).parameters as JsonObject;
  const fields = (((security.properties as JsonObject).security as JsonObject).properties ?? {}) as Record<string, JsonObject>;

  test('lengths: name 1-64, title 1-50, email 1-254, phone 1-25; all four required', () => {
    expect(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v.minLength, v.maxLength]]))).toEqual({
      name: [1, 64], title: [1, 50], email: [1, 254], phone: [1, 25],
    });
    expect(((security.properties as JsonObject).security as JsonObject).required).toEqual(['name', 'title', 'email', 'phone']);
  });

  test.each([
    ['security@example.com', true], ['sec-ops+aws@mail.example.co.uk', true], ['not-an-address', false], ['a@b', false],
  ])('email %s -> %s', (value, ok) => expect(new RegExp(ALTERNATE_CONTACT_EMAIL_PATTERN).test(value)).toBe(ok));

  test.each([
    ['+44 20 7946 0958', true], ['(555) 010-0199', true], ['call me', false], ['+1 555 0100 ext. 7', false],
  ])('phone %s -> %s', (value, ok) => expect(new RegExp(ALTERNATE_CONTACT_PHONE_PATTERN).test(value)).toBe(ok));
});

describe('a member administrator cannot redirect AWS\'s security notifications (organization SCPs and the boundary)', () => {
  const s = memberAccountScenarios(dev.namespace);
  const account = `arn:aws:account::${ACCOUNT}:account`;
  test.each(s.table([
    { principal: s.admin, action: 'account:PutAlternateContact', resource: account, expected: 'ExplicitlyDenied' },
    { principal: s.admin, action: 'account:DeleteAlternateContact', resource: account, expected: 'ExplicitlyDenied' },
    // The baseline's own roles carry the boundary, which refuses the same calls.
    { principal: s.admin, action: 'account:PutAlternateContact', resource: account, underScps: false, underBoundary: true, expected: 'ExplicitlyDenied' },
    { principal: s.admin, action: 'account:DeleteAlternateContact', resource: account, underScps: false, underBoundary: true, expected: 'ExplicitlyDenied' },
    // Reading the contact stays open.
    { principal: s.admin, action: 'account:GetAlternateContact', resource: account, expected: 'Allowed' },
    // No lockout: break glass repairs, the provisioning role reconciles.
    { principal: s.breakGlass, action: 'account:PutAlternateContact', resource: account, expected: 'Allowed' },
    { principal: s.provisioning, action: 'account:PutAlternateContact', resource: account, expected: 'Allowed' },
    { principal: s.provisioning, action: 'account:DeleteAlternateContact', resource: account, expected: 'Allowed' },
  ]))(s.NAME, s.check);
});

// The synth snapshot (catches change; regenerate: see test/support/chart-snapshot.ts).
test(snapshotTestName('account-contact'), () => expect(synthChart('account-contact')).toMatchSnapshot());
