// synthesizeCharts gives, for every chart, exactly what cdk8s's chart.toJson() gives (objects and
// their dependency order), with the app's validations run once instead of once per chart.
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { buildPackage } from '../../../charts';
import { chartsOf, synthesizeCharts } from '../../../compositions/kernel/synth-charts';
import { testApp } from '../../support/chart-snapshot';

const cm = (scope: Construct, id: string): ApiObject => new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id.toLowerCase() } });

describe('synthesizeCharts', () => {
  test('the package: every chart\'s objects equal its toJson()', () => {
    const charts = chartsOf(buildPackage(testApp()));
    expect(charts.length).toBeGreaterThan(20);
    const expected = charts.map((c) => c.toJson());
    expect(synthesizeCharts(charts)).toEqual(expected);
  });

  test('object dependencies across charts and nested charts order objects as toJson() does; a nested chart\'s objects stay its own', () => {
    const app = new App();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    const nested = new Chart(b, 'nested');
    const [a1, a2] = [cm(a, 'A1'), cm(a, 'A2')];
    const [b1, b2] = [cm(b, 'B1'), cm(b, 'B2')];
    cm(nested, 'N1');
    a1.addDependency(a2); // A2 before A1
    b2.addDependency(a1); // across charts: b depends on a
    b1.addDependency(b2);
    const charts = chartsOf(app);
    const names = (objs: Record<string, unknown>[]) => objs.map((o) => (o.metadata as { name: string }).name);
    const got = synthesizeCharts(charts);
    expect(got.map(names)).toEqual(charts.map((c) => names(c.toJson())));
    expect(got.map(names)).toEqual([['a2', 'a1'], ['b2', 'b1'], ['n1']]);
  });

  test('the app is validated: a failing validation fails the synthesis, as toJson() does', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    cm(chart, 'X');
    new Chart(app, 'd').node.addValidation({ validate: () => ['broken on purpose'] });
    expect(() => synthesizeCharts(chartsOf(app))).toThrow('broken on purpose');
  });

  test('no charts: nothing', () => expect(synthesizeCharts([])).toEqual([]));
});
