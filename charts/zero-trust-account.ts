// The top-level composite offered as the namespaced claim `ZeroTrustAccount`: one claim is the
// whole security baseline of one AWS account, the account its namespace is bound to. It composes one
// composite per security domain, hands each the bound account (from the namespace's EnvironmentConfig,
// never from the claim) and its parameters, wires outputs of one domain into the inputs of another
// (KMS key ARNs into logging, ...), and republishes every domain's outputs in the claim's status.
import type { Construct } from 'constructs';
import {
  DomainChart,
  NestedComposite,
  Schema,
  boundAccountPassThrough,
  computedFromBinding,
  fromBinding,
  fromComposite,
  lifecycleParameterPassThrough,
  mergeSection,
  type Patch,
} from '../compositions';

export class ZeroTrustAccountChart extends DomainChart {
  /** The security domains, each composed once (their README rows: compositions/package/readme-domains.ts). */
  public readonly domains: readonly DomainChart[];

  public constructor(scope: Construct, id: string, domains: readonly DomainChart[]) {
    super(scope, id, {
      kind: 'XZeroTrustAccount',
      domain: 'account',
      offerClaim: true,
      bindsAccount: true,
      description: 'The Zero Trust security baseline of the AWS account the claim\'s namespace is bound to: every security domain, continuously reconciled.',
      printerColumns: [
        { name: 'ACCOUNT', jsonPath: '.status.account.id' },
        { name: 'REGION', jsonPath: '.status.account.region' },
        { name: 'ENVIRONMENT', jsonPath: '.status.account.environment' },
      ],
    });
    this.domains = domains;
    const lifecycle = lifecycleParameterPassThrough();
    const account = boundAccountPassThrough();
    this.patchSet(lifecycle);
    this.patchSet(account);
    for (const d of domains) {
      if (Object.keys(d.domainParameters).length > 0) {
        this.parameter(d.domain, Schema.object(`Parameters of the ${d.domain} domain.`, { ...d.domainParameters }, {
          required: d.domainRequiredParameters,
          ...(d.domainRequiredParameters.length ? {} : { default: {} }),
        }), { required: d.domainRequiredParameters.length > 0 });
      }
      const inputs: Patch[] = d.inputs.map((i) => {
        if (!domains.some((o) => o.domain === i.fromDomain)) throw new Error(`${d.names.kind}: input '${i.parameter}' comes from unknown domain '${i.fromDomain}'`);
        // A name or ARN we choose is computed from the binding: the domain is created in the same
        // reconcile as the one that creates the resource, not two passes after it publishes.
        if (i.computed !== undefined) return computedFromBinding(i.computed, i.parameter);
        // Required: the domain is not created until the other domain has published the value.
        return fromComposite(`status.${i.fromDomain}.${i.statusField}`, `spec.parameters.${i.parameter}`, { required: true });
      });
      // Values the domain needs computed from its own section (e.g. a list as JSON for a policy).
      const derived: Patch[] = d.derivedInputs.map((i) =>
        fromComposite(`spec.parameters.${d.domain}.${i.fromParameter}`, `spec.parameters.${i.parameter}`, { transforms: i.transforms, required: !i.optional }));
      const child = new NestedComposite({
        name: d.domain,
        gvk: { apiVersion: d.names.apiVersion, kind: d.names.kind },
        // The binding is applied after the claim's section: whatever a section held (the claim
        // schema prunes unknown keys anyway), the account parameters are the binding's.
        parameterPatches: [
          lifecycle.ref(),
          ...(Object.keys(d.domainParameters).length > 0 ? [mergeSection(d.domain)] : []),
          account.ref(),
          ...d.boundParameters.map((b) => fromBinding(b.from, b.parameter)),
          ...inputs,
          ...derived,
        ],
      });
      // Every output of the domain reaches the claim's status under the domain's key.
      for (const o of d.outputs) child.publish(`${d.domain}.${o.statusField}`, `status.${o.statusField}`, o.schema);
      this.compose(child); // a nested composite is no construct: composed explicitly
    }
  }
}
