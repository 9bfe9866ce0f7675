// The security questions of flow-log-queries.ts as AWS resources: one Athena named query per
// question in the flow-log workgroup, and one CloudWatch Logs Insights query definition per
// question over the log-group copy.
import type { Construct } from 'constructs';
import { NamedQuery } from '../../../imports/athena.aws.upbound.io';
import { Definition } from '../../../imports/cloudwatchlogs.aws.upbound.io';
import { ComposedResource, siblingSelector } from '../../kernel/composed-resource';
import { FLOW_LOG_QUERIES, insightsParse } from './flow-log-queries';
import { suffixed, tokenPatch } from '../../kernel/values';

const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Named queries in the workgroup `workgroup` (composition resource name) over the Glue database. */
export function namedFlowLogQueries(scope: Construct, workgroup: string, database: string): ComposedResource[] {
  return FLOW_LOG_QUERIES.map((q) => new ComposedResource(scope, {
    name: `namedQuery${pascal(q.id)}`,
    kind: NamedQuery,
    forProvider: {
      name: suffixed(q.name),
      description: q.description,
      query: q.athena,
      // databaseSelector would target an athena Database; ours is the Glue catalog database.
      database,
      workgroupSelector: siblingSelector(workgroup),
    },
  }));
}

/** Insights query definitions over the log group `logGroupName`. */
export function insightsFlowLogQueries(scope: Construct, logGroupName: string): ComposedResource[] {
  return FLOW_LOG_QUERIES.map((q) => new ComposedResource(scope, {
    name: `insightsQuery${pascal(q.id)}`,
    kind: Definition,
    forProvider: { name: `zta/${suffixed(q.name)}`, queryString: `${insightsParse()} | ${q.insights}` },
    // logGroupNames is a list, and tokens inside lists are patched explicitly.
    patches: [tokenPatch('spec.forProvider.logGroupNames[0]', logGroupName)],
  }));
}
