// A CloudWatch Logs metric filter on a log group and the alarm on its metric: the remediation shape
// of CIS 4.1-4.15 (metric value 1, Sum over 300 s, threshold >= 1, one evaluation period) and of
// Security Hub CloudWatch.15/.17 (an ALARM action, actions enabled).
import type { Construct } from 'constructs';
import { MetricAlarmV1Beta2 } from '../../../imports/cloudwatch.aws.upbound.io';
import { MetricFilterV1Beta2 } from '../../../imports/cloudwatchlogs.aws.upbound.io';
import { ComposedResource } from '../../kernel/composed-resource';
import { MetricFilterPattern } from '../../policy/metric-filter-pattern';
import { fromComposite } from '../../kernel/patches';
import type { SecurityMetricFilter } from './security-metric-filters';
import { Params, suffixed } from '../../kernel/values';

/** CloudWatch metric namespace of every security metric the baseline emits. */
export const SECURITY_METRIC_NAMESPACE = 'ZeroTrust/SecurityMonitoring';
/** CIS remediation: a 5-minute period, one datapoint at or above 1 alarms. */
export const ALARM_PERIOD_SECONDS = 300;
export const ALARM_THRESHOLD = 1;

export interface LogMetricAlarmProps {
  readonly filter: SecurityMetricFilter;
  /** Name of the log group the filter reads; may be a `${xr:...}` token. */
  readonly logGroupName: string;
  /**
   * Composite field holding the SNS topic ARN notified on ALARM, e.g. `status.alarmTopicArn`.
   * Passed by value: MetricAlarm's `alarmActionsRefs` resolve to autoscaling policies, not topics.
   */
  readonly alarmTopicArnFieldPath: string;
}

export interface LogMetricAlarm {
  readonly metricFilter: ComposedResource;
  readonly alarm: ComposedResource;
}

export function logMetricAlarm(scope: Construct, props: LogMetricAlarmProps): LogMetricAlarm {
  const { filter } = props;
  // Parse eagerly: a pattern CloudWatch Logs would reject fails synth, not the first reconcile.
  new MetricFilterPattern(filter.pattern);
  const metricName = `${filter.metricName}-${Params.environmentSuffix}`;
  const metricFilter = new ComposedResource(scope, {
    name: `${filter.resourceName}Filter`,
    kind: MetricFilterV1Beta2,
    externalName: suffixed(`zta-${filter.slug}`),
    forProvider: {
      logGroupName: props.logGroupName,
      pattern: filter.pattern,
      // No default value: periods without a match send no data, which the alarm treats as OK.
      metricTransformation: { name: metricName, namespace: SECURITY_METRIC_NAMESPACE, value: '1' },
    },
  });
  const alarm = new ComposedResource(scope, {
    name: `${filter.resourceName}Alarm`,
    kind: MetricAlarmV1Beta2,
    externalName: suffixed(`zta-${filter.slug}`),
    forProvider: {
      alarmDescription: `${filter.description} Controls: ${filter.controls.join(', ')}.`,
      namespace: SECURITY_METRIC_NAMESPACE,
      metricName,
      statistic: 'Sum',
      period: ALARM_PERIOD_SECONDS,
      evaluationPeriods: 1,
      threshold: ALARM_THRESHOLD,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      actionsEnabled: true,
    },
    // alarmActions is a list: a token cannot sit inside it, so the one element is its own patch.
    patches: [fromComposite(props.alarmTopicArnFieldPath, 'spec.forProvider.alarmActions[0]', { required: true })],
  });
  return { metricFilter, alarm };
}
