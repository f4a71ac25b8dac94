import { widgetCrd } from './crd-fixtures';
import { goodDaemonSet, withDs } from './fixtures';
import { KubeCore } from '../../src/validation/core/kube-core';
import { CoreBatch, judgeAll, shapeProblem } from '../../src/validation/core-findings';
import { ManifestValidator } from '../../src/validation/manifest-validator';

const crd = widgetCrd();

describe('CoreBatch: the core\'s verdicts on objects judged in one call, asked for one object at a time', () => {
  const good = goodDaemonSet();
  const bad = withDs((d) => {
    d.spec.template.spec.containers[0].ports[0].protocol = 'ICMP';
  });
  const looped: any = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'loop' } };
  looped.data = { self: looped };
  const shapes = (list: unknown[]) => list.map(shapeProblem);
  const alone = (m: unknown, podSecurity: boolean) => judgeAll([m], shapes([m]), [], [], { podSecurity });

  test('each object\'s verdict is the one it gets judged alone, in one call for all', () => {
    const judge = jest.spyOn(KubeCore, 'judge');
    try {
      const batch = CoreBatch.judge([good, bad, 'not an object', looped], { podSecurity: false });
      expect(judge).toHaveBeenCalledTimes(1);
      // the cycle cannot be sent; the string is not an object: only the two DaemonSets reach the core
      expect(judge.mock.calls[0][0]).toEqual([good, bad]);
      for (const m of [good, bad]) expect(batch.resultsFor([m], shapes([m]), { podSecurity: false })).toEqual(alone(m, false));
      expect(batch.resultsFor([bad], shapes([bad]), {})).toBeUndefined(); // judged without Pod Security: not for a caller who needs it
      expect(batch.resultsFor([bad, good], shapes([bad, good]), { podSecurity: false })!.map((r) => r?.errors?.[0]?.field))
        .toEqual(['spec.template.spec.containers[0].ports[0].protocol', undefined]);
      // what is not sent to the core has no verdict, in the batch or without it
      expect(batch.resultsFor(['not an object', looped], shapes(['not an object', looped]), { podSecurity: false })).toEqual([undefined, undefined]);
      expect(judge).toHaveBeenCalledTimes(1 + 2); // the two `alone` calls above
    } finally {
      judge.mockRestore();
    }
  });

  test('only the very objects judged: an equal copy, or one left out, is not answered', () => {
    const batch = CoreBatch.judge([good], { podSecurity: true });
    const copy = JSON.parse(JSON.stringify(good));
    expect(batch.resultsFor([copy], shapes([copy]), {})).toBeUndefined();
    expect(batch.resultsFor([good, bad], shapes([good, bad]), {})).toBeUndefined();
    expect(batch.resultsFor([good], shapes([good]), {})).toEqual(alone(good, true));
  });

  test('a CustomResourceDefinition, whose kind the core serves to the objects after it, is never answered from a batch', () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'x' }, spec: { size: 'big' } };
    const batch = CoreBatch.judge([crd, widget], { podSecurity: false });
    expect(batch.resultsFor([crd], shapes([crd]), { podSecurity: false })).toBeUndefined();
    // the custom resource was judged without its definition (a custom kind), as it is when validated alone
    expect(batch.resultsFor([widget], shapes([widget]), { podSecurity: false })![0]!.status).toBe('custom');
  });
});

describe('ManifestValidator._run with verdicts judged ahead', () => {
  const daemons = [goodDaemonSet(), withDs((d) => {
    d.spec.template.spec.containers[0].image = '';
  }), withDs((d) => {
    d.spec.template.spec.hostPID = true;
  })];
  const options = { reportPodSecurityLevel: false };

  test('reports what run reports, for each object, without another call to the core', () => {
    const batch = ManifestValidator._judgeAhead(daemons[0], daemons.length, () => daemons, options);
    const judge = jest.spyOn(KubeCore, 'judge');
    try {
      for (const d of daemons) {
        const ahead = ManifestValidator._run([d], options, batch);
        expect(judge).not.toHaveBeenCalled();
        expect(ahead).toEqual(ManifestValidator.run([d], options));
        judge.mockClear();
      }
      expect(ManifestValidator._run([daemons[1]], options, batch).findings.map((f) => f.field)).toContain('spec.template.spec.containers[0].image');
    } finally {
      judge.mockRestore();
    }
  });

  test('judges afresh what the batch cannot answer: other judging options, an object not in it, context definitions', () => {
    const batch = ManifestValidator._judgeAhead(daemons[0], 1, () => [daemons[0]], options);
    const judge = jest.spyOn(KubeCore, 'judge');
    try {
      const cases: Array<[any[], object]> = [
        [[daemons[0]], {}], // the Pod Security level is reported: the batch was judged without it
        [[daemons[1]], options],
        [[daemons[0]], { ...options, customResourceDefinitions: [crd] }],
      ];
      for (const [list, opts] of cases) {
        expect(ManifestValidator._run(list, opts, batch)).toEqual(ManifestValidator.run(list, opts));
      }
      expect(judge).toHaveBeenCalledTimes(2 * cases.length);
    } finally {
      judge.mockRestore();
    }
  });
});
