import { Chart, Testing } from 'cdk8s';
import { PreemptionPolicy, PriorityClass } from '../src';
import { synthErrors } from './synth-errors';


describe('PriorityClass', () => {
  test('renders a scheduling.k8s.io/v1 PriorityClass without a namespace', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'logging' });
    const pc = new PriorityClass(chart, 'pc', {
      name: 'high-priority',
      value: 100000,
      description: 'daemonset priority class',
      globalDefault: false,
      preemptionPolicy: PreemptionPolicy.NEVER,
    });
    expect(pc.priorityClassName).toBe('high-priority');
    expect(pc.value).toBe(100000);
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'high-priority' },
      value: 100000,
      description: 'daemonset priority class',
      globalDefault: false,
      preemptionPolicy: 'Never',
    }]);
  });

  test('generates a name when none is given', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const pc = new PriorityClass(chart, 'agents', { value: 1000 });
    expect(pc.priorityClassName).toMatch(/^test-agents-[0-9a-f]{8}$/);
    expect(Testing.synth(chart)[0].metadata.name).toBe(pc.priorityClassName);
  });

  test('built-in references', () => {
    expect(PriorityClass.SYSTEM_NODE_CRITICAL.priorityClassName).toBe('system-node-critical');
    expect(PriorityClass.SYSTEM_CLUSTER_CRITICAL.priorityClassName).toBe('system-cluster-critical');
    expect(PriorityClass.fromName('x').priorityClassName).toBe('x');
  });

  test('a value above 1,000,000,000 fails synth with the fix', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new PriorityClass(chart, 'pc', { name: 'too-high', value: 1_000_000_001 });
    expect(synthErrors(app)).toContain('[test/pc] value: 1000000001 is above 1000000000, which is reserved for system classes. Fix: use a value <= 1000000000');
  });

  test('a value of exactly 1,000,000,000 is accepted', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new PriorityClass(chart, 'pc', { name: 'max', value: 1_000_000_000 });
    expect(synthErrors(app)).toBe('');
  });

  test('a non-integer value, an invalid name and the reserved system- prefix fail synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new PriorityClass(chart, 'a', { name: 'Bad_Name', value: 1.5 });
    new PriorityClass(chart, 'b', { name: 'system-mine', value: 1 });
    const msg = synthErrors(app);
    expect(msg).toContain('[test/a] value: 1.5 must be an integer');
    expect(msg).toContain('[test/a] metadata.name: "Bad_Name": a lowercase RFC 1123 subdomain');
    expect(msg).toContain('[test/b] metadata.name: "system-mine": the prefix "system-" is reserved');
  });
});
