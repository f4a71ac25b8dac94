import { ValidationFinding } from './finding';
import { ManifestValidator } from './manifest-validator';
import { RuleSuppression } from './options';
import { RuleCatalog } from './rule-catalog';
import { Severity } from './severity';

// The interfaces below mirror cdk8s-cli's `Validation` plugin contract (cdk8s-cli/lib/plugins/validation.d.ts)
// structurally, so this package does not need cdk8s-cli at runtime.

/**
 * A resource that violates a rule (cdk8s-cli `ValidationViolatingResource`).
 */
export interface ValidationPluginViolatingResource {
  /** The resource name (`metadata.name`; cdk8s maps it to the construct path). */
  readonly resourceName: string;
  /** Field paths of the violations. */
  readonly locations: string[];
  /** The manifest file the resource is in. */
  readonly manifestPath: string;
}

/**
 * A rule violation (cdk8s-cli `ValidationViolation`).
 */
export interface ValidationPluginViolation {
  /** Rule name: `[severity] RULE-ID`. */
  readonly ruleName: string;
  /** What is wrong. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resources violating the rule. */
  readonly violatingResources: ValidationPluginViolatingResource[];
}

/**
 * The report a validation plugin fills in (cdk8s-cli `ValidationReport`).
 */
export interface IValidationPluginReport {
  /** Add a violation. */
  addViolation(violation: ValidationPluginViolation): void;
  /**
   * Submit the report.
   * @param status `success` or `failure`
   * @param metadata extra key/value pairs shown in the summary
   */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/**
 * The logger of a validation plugin (cdk8s-cli `ValidationLogger`).
 */
export interface IValidationPluginLogger {
  /** Log a message. */
  log(message: string): void;
}

/**
 * What cdk8s-cli passes to a validation plugin (cdk8s-cli `ValidationContext`).
 */
export interface IValidationPluginContext {
  /** Paths of the synthesized manifest files. */
  readonly manifests: string[];
  /** The report to fill in. */
  readonly report: IValidationPluginReport;
  /** Logger. */
  readonly logger: IValidationPluginLogger;
}

/**
 * Properties of `NodeDaemonsValidation`, given as `properties:` in `cdk8s.yaml`.
 */
export interface NodeDaemonsValidationProps {
  /**
   * Fail synth on warnings too.
   * @default false
   */
  readonly warningsAsErrors?: boolean;
  /**
   * Rules to silence (each with a reason).
   * @default - none
   */
  readonly suppressions?: RuleSuppression[];
  /**
   * Check the OpenAPI schema.
   * @default true
   */
  readonly schema?: boolean;
  /**
   * Run the `ND-…` best-practice rules.
   * @default true
   */
  readonly bestPractices?: boolean;
  /**
   * Run the Pod Security checks.
   * @default true
   */
  readonly podSecurity?: boolean;
  /**
   * Lowest severity listed in the report: `info`, `warning` or `error`.
   * @default 'warning'
   */
  readonly minSeverity?: string;
  /**
   * Files (YAML or JSON) with the CustomResourceDefinitions the cluster has: custom resources of the synthesized
   * manifests are validated against them as the API server does (like `node-daemons validate --crd FILE`).
   * CustomResourceDefinitions the app itself writes count too. Relative paths are from the working directory.
   * @default - only the CustomResourceDefinitions of the synthesized manifests
   */
  readonly crdFiles?: string[];
}

const RANK: Record<string, number> = { info: 0, warning: 1, error: 2 };

/**
 * A cdk8s-cli validation plugin: runs `ManifestValidator` on every manifest `cdk8s synth` writes.
 *
 * In `cdk8s.yaml`:
 * ```yaml
 * validations:
 *   - package: cdk8s-node-daemons        # or a local path: ./node_modules/cdk8s-node-daemons
 *     version: 0.1.0                     # an exact version (cdk8s-cli refuses ranges)
 *     class: NodeDaemonsValidation
 *     properties:
 *       warningsAsErrors: false
 *       suppressions:
 *         - { ruleId: ND-006, reason: "node-exporter needs host access", resource: DaemonSet/monitoring/node-exporter }
 * ```
 * The report fails (and synth exits non-zero) when there is an error finding (or a warning with
 * `warningsAsErrors`). Manifests that cannot be read or parsed are reported as `INPUT` errors.
 */
export class NodeDaemonsValidation {
  private readonly props: NodeDaemonsValidationProps;

  /**
   * @param props plugin properties (cdk8s-cli passes `properties:` from cdk8s.yaml, or `{}`)
   */
  public constructor(props: NodeDaemonsValidationProps = {}) {
    this.props = props ?? {};
  }

  /**
   * Run the validation and submit the report (cdk8s-cli `Validation.validate`).
   */
  public async validate(context: IValidationPluginContext): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ManifestFiles } = require('../k8s/manifest-files') as typeof import('../k8s/manifest-files');
    const minRank = RANK[this.props.minSeverity ?? 'warning'] ?? RANK.warning;
    const loaded = ManifestFiles.load([...context.manifests]);
    const objects = loaded.documents.map((d) => d.object);
    const crdFiles = Array.isArray(this.props.crdFiles) ? this.props.crdFiles : [];
    const given = crdFiles.length > 0 ? ManifestFiles.load(crdFiles) : undefined;
    const crds = given?.documents.map((d) => d.object).filter((o: any) => o?.kind === 'CustomResourceDefinition');
    const report = ManifestValidator.run(objects, {
      suppressions: this.props.suppressions,
      warningsAsErrors: this.props.warningsAsErrors,
      schema: this.props.schema,
      bestPractices: this.props.bestPractices,
      podSecurity: this.props.podSecurity,
      reportPodSecurityLevel: minRank === 0,
      customResourceDefinitions: crds,
    });
    const fileOf = new Map<string, string>();
    const nameOf = new Map<string, string>();
    loaded.documents.forEach((d, i) => {
      const id = ManifestValidator.resourceId(d.object, i);
      if (!fileOf.has(id)) {
        fileOf.set(id, d.file);
        nameOf.set(id, typeof d.object?.metadata?.name === 'string' ? d.object.metadata.name : id);
      }
    });

    let failed = false;
    for (const p of [...(given?.errors ?? []), ...loaded.errors]) {
      failed = true;
      context.report.addViolation({
        ruleName: '[error] INPUT',
        recommendation: ManifestFiles.formatProblem(p),
        fix: 'fix the manifest so it is one or more YAML documents, each a Kubernetes object',
        violatingResources: [{ resourceName: ManifestFiles.location(p), locations: [], manifestPath: p.file }],
      });
    }
    const groups = new Map<string, ValidationFinding[]>();
    for (const f of report.findings) {
      if (f.severity === Severity.ERROR) failed = true;
      if (RANK[f.severity] < minRank) continue;
      const key = `${f.severity}\u0000${f.ruleId}\u0000${f.message}`;
      const g = groups.get(key);
      if (g) g.push(f);
      else groups.set(key, [f]);
    }
    for (const fs of groups.values()) {
      const f = fs[0];
      const byResource = new Map<string, ValidationPluginViolatingResource>();
      for (const x of fs) {
        const r = byResource.get(x.resource);
        const loc = `${x.resource}${x.field ? ': ' + x.field : ''}`;
        if (r) r.locations.push(loc);
        else byResource.set(x.resource, { resourceName: nameOf.get(x.resource) ?? x.resource, locations: [loc], manifestPath: fileOf.get(x.resource) ?? '' });
      }
      context.report.addViolation({
        ruleName: `[${f.severity}] ${f.ruleId}`,
        recommendation: f.message,
        fix: RuleCatalog.find(f.ruleId)?.description ?? f.message,
        violatingResources: [...byResource.values()],
      });
    }
    const count = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
    context.report.submit(failed ? 'failure' : 'success', {
      errors: String(count(Severity.ERROR) + loaded.errors.length),
      warnings: String(count(Severity.WARNING)),
      suppressed: String(report.suppressed.length),
      objects: String(objects.length),
    });
  }
}
