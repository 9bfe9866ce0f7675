// A domain chart of its own for tests that construct one composed resource or building block
// outside the chart that uses it: a ComposedResource is a construct that composes itself into the
// domain chart it sits in, so it needs one (a fresh one each call: names are construct ids).
import { App } from 'cdk8s';
import { DomainChart } from '../../compositions';

export class ScratchChart extends DomainChart {
  public constructor(scope: App = new App(), id = 'scratch') {
    super(scope, id, { kind: 'XScratch', domain: 'scratch', description: 'A composite for tests of building blocks.' });
  }
}

/** A fresh domain chart to construct resources in. */
export function scratchChart(): ScratchChart {
  return new ScratchChart();
}
