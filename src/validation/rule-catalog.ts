import { RULE_PACK } from './rules';
import { Severity } from './severity';

/**
 * A rule this library can report.
 */
export interface RuleInfo {
  /** Stable rule ID. */
  readonly ruleId: string;
  /** Severity (before `warningsAsErrors`). */
  readonly severity: Severity;
  /** One sentence: what the rule wants. */
  readonly description: string;
}

const OTHER_RULES: RuleInfo[] = [
  { ruleId: 'MANIFEST', severity: Severity.ERROR, description: 'Each manifest is a JSON object with apiVersion and kind.' },
  { ruleId: 'SUPPRESSION', severity: Severity.ERROR, description: 'Every suppression gives a reason and names an existing rule (option, or annotation suppress.node-daemons.dev/<RULE-ID>: <reason>).' },
  { ruleId: 'API-DECODE', severity: Severity.ERROR, description: 'The API server can decode the object: every value has the JSON type its field declares (the server\'s own decoder, in the embedded API-server core).' },
  { ruleId: 'API-DUPLICATE-FIELD', severity: Severity.ERROR, description: 'No field is given twice in one object (strict field validation).' },
  { ruleId: 'API-VERSION-NOT-SERVED', severity: Severity.ERROR, description: 'The apiVersion is one the API server serves (only GA versions are on by default).' },
  { ruleId: 'API-WARNING', severity: Severity.WARNING, description: 'The API server accepts the object with no warning (deprecated fields and annotations, duplicate port names, ...).' },
  { ruleId: 'API-FIELD-REQUIRED', severity: Severity.ERROR, description: 'The API server\'s validation of the kind: a required value is set (cause FieldValueRequired).' },
  { ruleId: 'API-FIELD-INVALID', severity: Severity.ERROR, description: 'The API server\'s validation of the kind: every value is valid (cause FieldValueInvalid).' },
  { ruleId: 'API-FIELD-NOT-SUPPORTED', severity: Severity.ERROR, description: 'The API server\'s validation of the kind: enum values are supported ones (cause FieldValueNotSupported).' },
  { ruleId: 'API-FIELD-DUPLICATE', severity: Severity.ERROR, description: 'The API server\'s validation of the kind: names and keys that must be unique are (cause FieldValueDuplicate).' },
  { ruleId: 'API-FIELD-FORBIDDEN', severity: Severity.ERROR, description: 'The API server\'s validation of the kind: no forbidden field or combination is set (cause FieldValueForbidden).' },
  { ruleId: 'API-FIELD-TOO-LONG', severity: Severity.ERROR, description: 'The API server\'s validation of the kind: values are within their length limits (cause FieldValueTooLong).' },
  { ruleId: 'API-FIELD-TOO-MANY', severity: Severity.ERROR, description: 'The API server\'s validation of the kind: lists are within their size limits (cause FieldValueTooMany).' },
  { ruleId: 'API-FIELD-NOT-FOUND', severity: Severity.ERROR, description: 'The API server\'s validation of the kind: referenced values exist (cause FieldValueNotFound).' },
  { ruleId: 'API-FIELD-TYPE-INVALID', severity: Severity.ERROR, description: 'The API server\'s validation of the kind: values have the declared type (cause FieldValueTypeInvalid).' },
  { ruleId: 'API-FIELD-INTERNAL', severity: Severity.ERROR, description: 'The API server\'s validation of the kind raised an internal error (cause InternalError).' },
  { ruleId: 'SCHEMA-KIND', severity: Severity.ERROR, description: 'The kind exists in the built-in API group/version it names.' },
  { ruleId: 'SCHEMA-UNKNOWN-FIELD', severity: Severity.ERROR, description: 'Every field is one the built-in kind declares (the API server rejects unknown fields under strict field validation, the default of kubectl apply).' },
  { ruleId: 'SCHEMA-UNKNOWN', severity: Severity.INFO, description: 'The apiVersion/kind is not a kind the embedded API-server core validates (e.g. a custom resource whose CustomResourceDefinition is neither in the input nor given with --crd), so its values were not checked.' },
  { ruleId: 'API-RULES-NOT-CHECKED', severity: Severity.INFO, description: 'The x-kubernetes-validations (CEL) rules of a custom resource were evaluated: the API server skips them while the object has type, enum, required or size errors.' },
  { ruleId: 'SCHEMA-CRD', severity: Severity.WARNING, description: 'A CustomResourceDefinition given for context (--crd, customResourceDefinitions) is one the API server accepts, so its custom resources can be checked against it.' },
  { ruleId: 'API-VERSION-REMOVED', severity: Severity.ERROR, description: 'The apiVersion is still served by Kubernetes (e.g. not apps/v1beta2 or extensions/v1beta1).' },
  { ruleId: 'API-META-NAME', severity: Severity.ERROR, description: 'metadata.name (or generateName) is set and is a DNS-1123 subdomain.' },
  { ruleId: 'API-META-NAMESPACE', severity: Severity.ERROR, description: 'metadata.namespace, when set, is a DNS-1123 label.' },
  { ruleId: 'API-META-LABELS', severity: Severity.ERROR, description: 'Label keys are qualified names and values are valid label values.' },
  { ruleId: 'API-META-ANNOTATIONS', severity: Severity.ERROR, description: 'Annotation keys are qualified names and all annotations together are at most 256 KiB.' },
  { ruleId: 'API-SELECTOR', severity: Severity.ERROR, description: 'spec.selector is syntactically valid (label keys/values, operators, values per operator).' },
  { ruleId: 'API-SELECTOR-MATCH', severity: Severity.ERROR, description: 'spec.selector is set and matches spec.template.metadata.labels.' },
  { ruleId: 'API-SELECTOR-IMMUTABLE', severity: Severity.ERROR, description: 'With the live objects given (`live` option, `validate --kubeconfig`): an update keeps the selector of the DaemonSet in the cluster (the API server rejects a changed selector: field is immutable).' },
  { ruleId: 'API-SELECTOR-EMPTY', severity: Severity.ERROR, description: 'spec.selector has at least one matchLabels entry or matchExpression.' },
  { ruleId: 'API-TEMPLATE-METADATA', severity: Severity.ERROR, description: 'Pod template labels and annotations are valid.' },
  { ruleId: 'API-EPHEMERAL-CONTAINERS', severity: Severity.ERROR, description: 'The pod template has no ephemeralContainers.' },
  { ruleId: 'API-RESTART-POLICY', severity: Severity.ERROR, description: 'The pod template restartPolicy is Always (the default).' },
  { ruleId: 'API-ACTIVE-DEADLINE', severity: Severity.ERROR, description: 'The pod template does not set activeDeadlineSeconds.' },
  { ruleId: 'API-MIN-READY-SECONDS', severity: Severity.ERROR, description: 'spec.minReadySeconds is not negative.' },
  { ruleId: 'API-UPDATE-STRATEGY', severity: Severity.ERROR, description: 'spec.updateStrategy.type is RollingUpdate or OnDelete.' },
  { ruleId: 'API-ROLLING-UPDATE', severity: Severity.ERROR, description: 'maxUnavailable/maxSurge are non-negative integers or 0-100% strings, and exactly one of them is non-zero (after defaulting maxUnavailable=1, maxSurge=0).' },
  { ruleId: 'API-REVISION-HISTORY-LIMIT', severity: Severity.ERROR, description: 'spec.revisionHistoryLimit is not negative.' },
  { ruleId: 'API-CONTAINERS', severity: Severity.ERROR, description: 'The pod has at least one container, and container names are unique DNS-1123 labels.' },
  { ruleId: 'API-DNS-POLICY', severity: Severity.ERROR, description: 'dnsPolicy is ClusterFirst, ClusterFirstWithHostNet, Default or None (None needs dnsConfig).' },
  { ruleId: 'API-NODE-SELECTOR', severity: Severity.ERROR, description: 'nodeSelector keys and values are valid label keys and values.' },
  { ruleId: 'API-NODE-NAME', severity: Severity.ERROR, description: 'nodeName, when set, is a DNS-1123 subdomain.' },
  { ruleId: 'API-PRIORITY-CLASS-NAME', severity: Severity.ERROR, description: 'priorityClassName, when set, is a DNS-1123 subdomain.' },
  { ruleId: 'API-SERVICE-ACCOUNT-NAME', severity: Severity.ERROR, description: 'serviceAccountName, when set, is a DNS-1123 subdomain.' },
  { ruleId: 'API-HOST-NETWORK-PORTS', severity: Severity.ERROR, description: 'With hostNetwork, a container hostPort is 0 or equal to its containerPort.' },
  { ruleId: 'API-NODE-AFFINITY', severity: Severity.ERROR, description: 'Node affinity terms are valid: at least one required term, values per operator, label keys/values, matchFields on metadata.name only, weights 1-100.' },
  { ruleId: 'API-TOLERATIONS', severity: Severity.ERROR, description: 'Tolerations are valid: empty key needs Exists, Exists has no value, tolerationSeconds needs NoExecute, known operators and effects.' },
  { ruleId: 'PSS-001', severity: Severity.INFO, description: 'Reports the Pod Security Standards level (privileged, baseline, restricted) each pod template needs, and why.' },
  { ruleId: 'PSS-002', severity: Severity.ERROR, description: 'A Namespace in the same manifest set whose pod-security.kubernetes.io/enforce label is stricter than its pods need rejects them.' },
  { ruleId: 'PSS-003', severity: Severity.WARNING, description: 'A Namespace in the same manifest set whose pod-security.kubernetes.io/warn label is stricter than its pods need warns about them.' },
  { ruleId: 'PSS-004', severity: Severity.ERROR, description: 'Pod templates need no more than the `maxPodSecurityLevel` option allows.' },
];

/**
 * The list of every rule, with its ID, severity and one-sentence description.
 */
export class RuleCatalog {
  /** Every rule: API server, schema, best practice (`ND-…`) and Pod Security (`PSS-…`). */
  public static all(): RuleInfo[] {
    return [...OTHER_RULES, ...RuleCatalog.bestPractices()];
  }

  /** The best-practice pack (`ND-001`…). */
  public static bestPractices(): RuleInfo[] {
    return RULE_PACK.map((r) => ({ ruleId: r.id, severity: r.severity, description: r.description }));
  }

  /** The rule with this ID, if it exists. */
  public static find(ruleId: string): RuleInfo | undefined {
    return RuleCatalog.all().find((r) => r.ruleId === ruleId);
  }
}
