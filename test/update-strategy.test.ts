import { DaemonUpdateStrategy, DaemonUpdateStrategyType, IntOrPercent } from '../src';

describe('IntOrPercent', () => {
  test('numbers and percentages', () => {
    expect(IntOrPercent.fromNumber(3).toString()).toBe('3');
    expect(IntOrPercent.fromNumber(3)._toKube().value).toBe(3);
    expect(IntOrPercent.fromPercent(10).toString()).toBe('10%');
    expect(IntOrPercent.fromPercent(10)._toKube().value).toBe('10%');
  });

  test('fromString parses both forms', () => {
    expect(IntOrPercent.fromString('25%').percent).toBe(25);
    expect(IntOrPercent.fromString('4').count).toBe(4);
    expect(IntOrPercent.fromString('x')._errors()).toEqual(['"x" is neither a number nor a percentage like "10%"']);
  });

  test('zero in both forms', () => {
    expect(IntOrPercent.fromNumber(0).isZero).toBe(true);
    expect(IntOrPercent.fromPercent(0).isZero).toBe(true);
    expect(IntOrPercent.fromPercent(1).isZero).toBe(false);
  });

  test('range errors', () => {
    expect(IntOrPercent.fromPercent(101)._errors()).toEqual(['101% must not be greater than 100%']);
    expect(IntOrPercent.fromNumber(-1)._errors()).toEqual(['-1 must be greater than or equal to 0']);
    expect(IntOrPercent.fromNumber(1.5)._errors()).toEqual(['1.5 must be a whole number']);
    expect(IntOrPercent.fromPercent(100)._errors()).toEqual([]);
  });
});

describe('DaemonUpdateStrategy', () => {
  test('rolling update applies the apps/v1 defaults', () => {
    const s = DaemonUpdateStrategy.rollingUpdate();
    expect(s.type).toBe(DaemonUpdateStrategyType.ROLLING_UPDATE);
    expect(s.maxUnavailable!.toString()).toBe('1');
    expect(s.maxSurge!.toString()).toBe('0');
  });

  test('a surge-only update gets maxUnavailable 0 rather than the API default 1 (which would be rejected)', () => {
    const s = DaemonUpdateStrategy.rollingUpdate({ maxSurge: IntOrPercent.fromNumber(1) });
    expect(s.maxUnavailable!.toString()).toBe('0');
    expect(s._toKube().rollingUpdate.maxSurge.value).toBe(1);
  });

  test('OnDelete has no rolling parameters', () => {
    const s = DaemonUpdateStrategy.onDelete();
    expect(s.maxUnavailable).toBeUndefined();
    expect(s.maxSurge).toBeUndefined();
    expect(s._toKube()).toEqual({ type: 'OnDelete' });
  });
});
