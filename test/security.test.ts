import { NodeRequirement, NodeSelectorOperator, SeccompProfile, SeccompProfileType } from '../src';

test('seccomp profiles render as Kubernetes JSON', () => {
  expect(SeccompProfile.runtimeDefault().toJson()).toEqual({ type: 'RuntimeDefault' });
  expect(SeccompProfile.unconfined().type).toBe(SeccompProfileType.UNCONFINED);
  expect(SeccompProfile.localhost('p.json').toJson()).toEqual({ type: 'Localhost', localhostProfile: 'p.json' });
});

test('node requirements render as Kubernetes JSON', () => {
  expect(NodeRequirement.labelIn('a', 'x', 'y').toJson()).toEqual({ key: 'a', operator: 'In', values: ['x', 'y'] });
  expect(NodeRequirement.labelExists('a').toJson()).toEqual({ key: 'a', operator: 'Exists' });
  expect(NodeRequirement.labelGt('a', 3).toJson()).toEqual({ key: 'a', operator: 'Gt', values: ['3'] });
  const name = NodeRequirement.nameIs('node-1');
  expect(name.isField).toBe(true);
  expect(name.toJson()).toEqual({ key: 'metadata.name', operator: 'In', values: ['node-1'] });
  expect(NodeRequirement.nameIsNot('node-1').operator).toBe(NodeSelectorOperator.NOT_IN);
});
