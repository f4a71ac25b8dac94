import { k8s } from 'cdk8s-plus-27';

/**
 * A number of pods, absolute or as a percentage of the desired number (an int-or-string field).
 */
export class IntOrPercent {
  /** An absolute number of pods. */
  public static fromNumber(value: number): IntOrPercent {
    return new IntOrPercent(value, undefined);
  }

  /** A percentage (0-100) of the desired number of pods, rounded up by the DaemonSet controller. */
  public static fromPercent(percent: number): IntOrPercent {
    return new IntOrPercent(undefined, percent);
  }

  /**
   * Parse `"25%"` or `"3"`. Anything else is kept as written and reported at synth time.
   */
  public static fromString(value: string): IntOrPercent {
    const m = /^([0-9]+)%$/.exec(value);
    if (m) return new IntOrPercent(undefined, Number(m[1]));
    if (/^[0-9]+$/.test(value)) return new IntOrPercent(Number(value), undefined);
    return new IntOrPercent(undefined, undefined, value);
  }

  private constructor(
    /** The absolute number, when this is a number. */
    public readonly count: number | undefined,
    /** The percentage, when this is a percentage. */
    public readonly percent: number | undefined,
    private readonly raw?: string,
  ) {}

  /** True when this amounts to zero pods (`0` or `0%`). */
  public get isZero(): boolean {
    return this.count === 0 || this.percent === 0;
  }

  /** The value as the API writes it: a number, or a string such as `"10%"`. */
  public toString(): string {
    if (this.count !== undefined) return String(this.count);
    if (this.percent !== undefined) return `${this.percent}%`;
    return this.raw ?? '';
  }

  /** @internal */
  public _toKube(): k8s.IntOrString {
    if (this.count !== undefined) return k8s.IntOrString.fromNumber(this.count);
    return k8s.IntOrString.fromString(this.toString());
  }

  /**
   * Problems with this value, as `must ...` sentences; empty when valid.
   * @internal
   */
  public _errors(): string[] {
    if (this.count !== undefined) {
      if (!Number.isInteger(this.count)) return [`${this.count} must be a whole number`];
      if (this.count < 0) return [`${this.count} must be greater than or equal to 0`];
      return [];
    }
    if (this.percent !== undefined) {
      if (!Number.isInteger(this.percent) || this.percent < 0) return [`${this.percent}% must be a whole, non-negative percentage`];
      if (this.percent > 100) return [`${this.percent}% must not be greater than 100%`];
      return [];
    }
    return [`"${this.raw}" is neither a number nor a percentage like "10%"`];
  }
}

/**
 * Options of a RollingUpdate strategy.
 */
export interface RollingUpdateOptions {
  /**
   * How many nodes may be without a ready daemon pod during the update.
   *
   * @default - 1 when `maxSurge` is zero or unset; 0 when `maxSurge` is above zero
   */
  readonly maxUnavailable?: IntOrPercent;

  /**
   * How many nodes may run an extra (new) pod beside the old one during the update.
   * Must be zero when a container uses a host port.
   *
   * @default 0
   */
  readonly maxSurge?: IntOrPercent;
}

/**
 * The type of a DaemonSet update strategy.
 */
export enum DaemonUpdateStrategyType {
  /** Replace pods node by node, bounded by maxUnavailable / maxSurge. */
  ROLLING_UPDATE = 'RollingUpdate',
  /** New pods are created only when old ones are deleted by hand. */
  ON_DELETE = 'OnDelete',
}

/**
 * How a DaemonSet replaces its pods when the template changes.
 */
export class DaemonUpdateStrategy {
  /**
   * Rolling update. With no options this is Kubernetes' default: one node at a time, no surge.
   */
  public static rollingUpdate(options: RollingUpdateOptions = {}): DaemonUpdateStrategy {
    return new DaemonUpdateStrategy(DaemonUpdateStrategyType.ROLLING_UPDATE, options);
  }

  /** Pods are replaced only when someone deletes them. */
  public static onDelete(): DaemonUpdateStrategy {
    return new DaemonUpdateStrategy(DaemonUpdateStrategyType.ON_DELETE, {});
  }

  private constructor(
    /** The strategy type. */
    public readonly type: DaemonUpdateStrategyType,
    /** The rolling update options (empty for OnDelete). */
    public readonly rollingUpdateOptions: RollingUpdateOptions,
  ) {}

  /**
   * The effective maxUnavailable after Kubernetes defaulting (undefined for OnDelete).
   */
  public get maxUnavailable(): IntOrPercent | undefined {
    if (this.type !== DaemonUpdateStrategyType.ROLLING_UPDATE) return undefined;
    const o = this.rollingUpdateOptions;
    if (o.maxUnavailable) return o.maxUnavailable;
    // A surge-based update needs maxUnavailable 0; otherwise the API default is 1.
    return o.maxSurge && !o.maxSurge.isZero ? IntOrPercent.fromNumber(0) : IntOrPercent.fromNumber(1);
  }

  /** The effective maxSurge after Kubernetes defaulting (undefined for OnDelete). */
  public get maxSurge(): IntOrPercent | undefined {
    if (this.type !== DaemonUpdateStrategyType.ROLLING_UPDATE) return undefined;
    return this.rollingUpdateOptions.maxSurge ?? IntOrPercent.fromNumber(0);
  }

  /** @internal */
  public _toKube(): any {
    if (this.type === DaemonUpdateStrategyType.ON_DELETE) return { type: 'OnDelete' };
    return {
      type: 'RollingUpdate',
      rollingUpdate: {
        maxUnavailable: this.maxUnavailable!._toKube(),
        maxSurge: this.maxSurge!._toKube(),
      },
    };
  }
}
