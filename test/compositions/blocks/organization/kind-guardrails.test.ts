// KIND_GUARDRAILS: one entry per managed kind. An account-wide setting a kind declares
// (accountWideDenies) joins the baseline SCP's DenySecurityServiceShutdown and the permissions
// boundary's security-service denies; here the mechanism on a table of our own, the package-wide
// audit in guardrail-actions.test.ts and test/obligations/destructive-actions.test.ts.
import { KIND_GUARDRAILS, declaredAccountWideDenies, type KindGuardrail } from '../../../../compositions/blocks/organization/kind-guardrails';
import { SECURITY_SERVICE_SHUTDOWN_ACTIONS } from '../../../../compositions/blocks/organization/guardrail-actions';
import { SECURITY_SERVICE_TAMPERING_ACTIONS } from '../../../../compositions/blocks/identity/permissions-boundary';

const setting = (g: Partial<KindGuardrail>): KindGuardrail => ({ guardrails: ['DenySecurityServiceShutdown'], ...g });

test('declared account-wide denies are collected in table order', () => {
  expect(declaredAccountWideDenies({
    'a.example.aws.upbound.io': setting({ accountWideDenies: ['example:PutA', 'example:DeleteA'] }),
    'b.example.aws.upbound.io': setting({}),
    'c.example.aws.upbound.io': setting({ accountWideDenies: ['example:ResetC'] }),
  })).toEqual(['example:PutA', 'example:DeleteA', 'example:ResetC']);
});

test('a kind declaring them must name DenySecurityServiceShutdown (the statement they join)', () => {
  expect(() => declaredAccountWideDenies({ 'a.example.aws.upbound.io': setting({ guardrails: ['DenyBaselineResourceTampering'], accountWideDenies: ['example:PutA'] }) }))
    .toThrow("KIND_GUARDRAILS['a.example.aws.upbound.io']: accountWideDenies join DenySecurityServiceShutdown, so its guardrails must name that statement");
  expect(() => declaredAccountWideDenies({ 'a.example.aws.upbound.io': setting({ guardrails: { none: 'x' }, accountWideDenies: ['example:PutA'] }) })).toThrow(/must name that statement/);
});

test('the package\'s declared denies are in the SCP shutdown statements and the boundary', () => {
  const declared = declaredAccountWideDenies(KIND_GUARDRAILS);
  const scp = SECURITY_SERVICE_SHUTDOWN_ACTIONS.flatMap((g) => g.actions);
  expect(declared.filter((a) => !scp.includes(a))).toEqual([]);
  expect(declared.filter((a) => !SECURITY_SERVICE_TAMPERING_ACTIONS.includes(a))).toEqual([]);
  expect(SECURITY_SERVICE_SHUTDOWN_ACTIONS.some((g) => g.sid === 'DenyDeclaredSettingChange')).toBe(declared.length > 0);
});
