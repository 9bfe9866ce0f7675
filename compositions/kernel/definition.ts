// Builds a composite resource definition (XRD) from the parameter and status schemas a domain
// declares. apiextensions.crossplane.io/v1 with scope LegacyCluster: the only XRD form that still
// offers claims on Crossplane v2, and LegacyCluster composites may compose cluster-scoped MRs.
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CompositeResourceDefinition,
  CompositeResourceDefinitionSpecScope,
} from '../../imports/apiextensions.crossplane.io';
import type { CompositeNames } from './naming';
import { Schema, toOpenApi, type CelRule, type SchemaNode } from './schema';

export interface PrinterColumn {
  readonly name: string;
  readonly jsonPath: string;
  readonly type?: 'string' | 'integer' | 'boolean' | 'date';
}

export interface DefinitionProps {
  readonly names: CompositeNames;
  readonly description: string;
  readonly parameters: () => Record<string, SchemaNode>;
  readonly requiredParameters: () => readonly string[];
  readonly parameterRules?: () => readonly CelRule[];
  readonly status: () => Record<string, SchemaNode>;
  /** @default - READY and SYNCED only */
  readonly printerColumns?: readonly PrinterColumn[];
}

export class Definition extends Construct {
  public readonly apiObject: CompositeResourceDefinition;
  private readonly props: DefinitionProps;

  public constructor(scope: Construct, id: string, props: DefinitionProps) {
    super(scope, id);
    this.props = props;
    const { names } = props;
    const self = this;
    this.apiObject = new CompositeResourceDefinition(this, 'Resource', {
      metadata: { name: names.definitionName },
      spec: {
        group: names.group,
        scope: CompositeResourceDefinitionSpecScope.LEGACY_CLUSTER,
        names: { kind: names.kind, plural: names.plural, singular: names.singular, categories: ['crossplane', 'zerotrust'] },
        ...(names.claim ? { claimNames: { kind: names.claim.kind, plural: names.claim.plural } } : {}),
        versions: [
          {
            name: names.version,
            served: true,
            referenceable: true,
            additionalPrinterColumns: (props.printerColumns ?? []).map((c) => ({ type: 'string', ...c })),
            // Lazy: domains add status outputs after the definition is created.
            schema: { openApiv3Schema: Lazy.any({ produce: () => toOpenApi(self.schema()) }) },
          },
        ],
      },
    });
  }

  /**
   * The composite's schema as declared so far (spec.parameters and status): what patches are
   * checked against at synth (compositions/kernel/composite-paths.ts).
   */
  public schema(): SchemaNode {
    const props = this.props;
    const parameters = Schema.object(`Parameters of the ${props.names.kind} security domain.`, props.parameters(), {
      required: props.requiredParameters(),
      rules: props.parameterRules?.() ?? [],
    });
    const root = Schema.object(props.description, {
      spec: Schema.object('Desired state.', { parameters }, { required: ['parameters'] }),
      status: Schema.object('Outputs published by the composed resources (for other domains and SIEM integration).', props.status()),
    }, { required: ['spec'] });
    return root;
  }
}
