// The embedded API-server core on the built-in kinds beyond workloads: every kind the API server serves by default
// is judged by its own registry strategy. The messages pinned here are the server's (the same cases are created in a
// real kube-apiserver by test/cluster/validator-differential.cluster.ts).
import { BUILTIN_KINDS, CSR_MASTERS_PEM_BASE64 } from './builtin-kind-fixtures';
import { ManifestValidator, Severity } from '../../src';

function findings(o: any) {
  return ManifestValidator.validate([o], { bestPractices: false, podSecurity: false });
}

/** The server's errors for the fixture of `key` changed by `mutation` (picking choice `k`), as [field, message]. */
function errors(key: string, mutation: string, k = 0): string[][] {
  const fx = BUILTIN_KINDS[key];
  const o = fx.base('agents');
  fx.mutations[mutation](o, (xs) => xs[Math.min(k, xs.length - 1)]);
  return findings(o).filter((f) => f.severity === Severity.ERROR).map((f) => [f.field, f.message.replace(/ \(fix: .*\)$/s, '')]);
}

describe('the embedded API-server core judges every built-in kind served by default', () => {
  test.each(Object.keys(BUILTIN_KINDS))('%s: a valid object has no finding (judged, not merely read)', (key) => {
    // the server's handler for a deprecated kind warns on every request
    const deprecated = key === 'v1 Endpoints' ? ['the API server warns: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice'] : [];
    expect(findings(BUILTIN_KINDS[key].base('agents')).map((f) => (f.ruleId === 'API-WARNING' ? f.message : f))).toEqual(deprecated);
  });

  // [kind, mutation, choice, the server's causes]
  const PINNED: Array<[string, string, number, string[][]]> = [
    ['apiregistration.k8s.io/v1 APIService', 'local with caBundle', 0, [['spec.caBundle', 'Invalid value: "591 bytes": local APIServices may not have a caBundle']]],
    ['apiregistration.k8s.io/v1 APIService', 'name', 0, [['metadata.name', 'Invalid value: "metrics": must be `spec.version+"."+spec.group`: "v1beta1.metrics.k8s.io"']]],
    ['admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration', 'webhook: sideEffects', 0, [['webhooks[0].sideEffects', 'Unsupported value: "Some": supported values: "None", "NoneOnDryRun"']]],
    ['admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration', 'webhook name', 0, [['webhooks[0].name', 'Invalid value: "validate": should be a domain with at least three segments separated by dots']]],
    ['admissionregistration.k8s.io/v1 MutatingWebhookConfiguration', 'webhook: reinvocationPolicy', 0, [['webhooks[0].reinvocationPolicy', 'Unsupported value: "Always": supported values: "IfNeeded", "Never"']]],
    ['admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy', 'variable name', 0, [['spec.variables[0].name', 'Invalid value: "bad-name": must be a valid CEL identifier']]],
    ['admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding', 'validationActions', 0, [['spec.validationActions', 'Invalid value: ["Deny","Warn"]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)']]],
    ['admissionregistration.k8s.io/v1 MutatingAdmissionPolicy', 'reinvocationPolicy', 0, [['spec.reinvocationPolicy', 'Unsupported value: "Always": supported values: "IfNeeded", "Never"']]],
    ['admissionregistration.k8s.io/v1 MutatingAdmissionPolicyBinding', 'paramRef', 0, [['spec.paramRef.parameterNotFoundAction', 'Unsupported value: "Sometimes": supported values: "Deny", "Allow"']]],
    ['flowcontrol.apiserver.k8s.io/v1 FlowSchema', 'verbs', 0, [['spec.rules[0].resourceRules[0].verbs', 'Invalid value: ["*","get"]: if \'*\' is present, must not specify other verbs']]],
    ['flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration', 'handSize', 0, [['spec.limited.limitResponse.queuing.handSize', 'Invalid value: 20: should not be greater than queues (16)']]],
    ['certificates.k8s.io/v1 CertificateSigningRequest', 'request', 0, [['spec.request', 'Invalid value: "bm90IGEgcmVxdWVzdA==": PEM block type must be CERTIFICATE REQUEST']]],
    ['certificates.k8s.io/v1 ClusterTrustBundle', 'signerName', 0, [['metadata.name', 'Invalid value: "example-root": ClusterTrustBundle for signerName example.com/agent must be named with prefix example.com:agent:']]],
    ['certificates.k8s.io/v1 PodCertificateRequest', 'kubernetes signer expiry', 0, [['spec.maxExpirationSeconds', 'Invalid value: 86401: must be in the range [3600, 86400]']]],
    ['resource.k8s.io/v1 DeviceClass', 'extendedResourceName', 1, [['spec.extendedResourceName', 'Invalid value: "gpu": a name must be a domain-prefixed path, such as \'example.com/my-prop\'']]],
    ['resource.k8s.io/v1 ResourceClaim', 'count', 1, [['spec.devices.requests[0].exactly.count', 'Invalid value: -1: must be greater than zero']]],
    ['resource.k8s.io/v1 ResourceClaimTemplate', 'duplicate request', 0, [['spec.spec.devices.requests[1]', 'Duplicate value: {"name":"gpu","exactly":{"deviceClassName":"gpu.example.com","allocationMode":"ExactCount","count":1}}']]],
    ['resource.k8s.io/v1 ResourceSlice', 'nodeName and allNodes', 0, [['spec', 'Invalid value: "{`nodeName`, `allNodes`}": exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required, but multiple fields are set']]],
    ['resource.k8s.io/v1 DeviceTaintRule', 'effect', 0, [['spec.taint.effect', 'Unsupported value: "Bogus": supported values: "NoExecute", "NoSchedule", "None"']]],
    ['events.k8s.io/v1 Event', 'no action', 0, [['action', 'Required value']]],
    ['v1 Event', 'involvedObject namespace', 0, [['involvedObject.namespace', 'Invalid value: "other": does not match event.namespace']]],
    ['discovery.k8s.io/v1 EndpointSlice', 'addressType', 0, [['addressType', 'Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"']]],
    ['v1 Endpoints', 'ip', 2, [['subsets[0].addresses[0].ip', 'Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)']]],
    ['storage.k8s.io/v1 CSIStorageCapacity', 'capacity', 0, [['capacity', 'Invalid value: "-1Gi": must be greater than or equal to 0']]],
    ['storage.k8s.io/v1 VolumeAttributesClass', 'no parameters', 0, [['parameters', 'Required value: must contain at least one key/value pair']]],
    ['networking.k8s.io/v1 IPAddress', 'name', 1, [['metadata.name', 'Invalid value: "010.0.0.50": must not have leading 0s']]],
    ['networking.k8s.io/v1 ServiceCIDR', 'cidrs', 1, [['spec.cidrs[0]', 'Invalid value: "10.96.0.1/16": must not have bits set beyond the prefix length']]],
    // the server's path for a Node's taints is metadata.taints (pkg/apis/core/validation ValidateNode)
    ['v1 Node', 'duplicate taint', 0, [['metadata.taints[1]', 'Duplicate value: {"Key":"dedicated","Value":"agents","Effect":"NoSchedule","TimeAdded":null}: taints must be unique by key and effect pair']]],
    ['storagemigration.k8s.io/v1 StorageVersionMigration', 'resource', 1, [['spec.resource.resource', 'Invalid value: "DaemonSets": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')']]],
  ];
  test.each(PINNED)('%s, %s: the server\'s message and field', (key, mutation, k, expected) => {
    expect(errors(key, mutation, k)).toEqual(expected);
  });

  test('CEL in webhook match conditions, policies and device selectors is compiled as the server compiles it', () => {
    expect(errors('admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration', 'webhook: matchCondition')).toEqual([[
      'webhooks[0].matchConditions[0].expression',
      expect.stringMatching(/^Invalid value: "object.metadata.namespace ===": compilation failed: ERROR: <input>:1:/),
    ]]);
    expect(errors('admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy', 'expression')).toEqual([[
      'spec.validations[0].expression', expect.stringMatching(/^Invalid value: "object.spec.template.spec.hostPID !=": compilation failed: /),
    ]]);
    expect(errors('resource.k8s.io/v1 DeviceClass', 'selector', 2)).toEqual([[
      'spec.selectors[0].cel.expression', expect.stringMatching(/^Invalid value: "1 \+ \\"x\\"": compilation failed: ERROR: <input>:1:3: found no matching overload for '_\+_'/),
    ]]);
  });

  test('what a cluster administrator\'s dry-run create gets: a paramKind needs no authorization check, a ResourceClaim\'s adminAccess its namespace label (cluster state, taken as set)', () => {
    expect(errors('admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy', 'paramKind')).toEqual([]);
    expect(errors('admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding', 'paramRef', 2)).toEqual([]);
    expect(errors('resource.k8s.io/v1 ResourceClaim', 'adminAccess')).toEqual([]);
  });

  test('only v1 of these groups is served: other versions are not found, misspelled kinds get a suggestion', () => {
    const f = ManifestValidator.validate([
      { apiVersion: 'admissionregistration.k8s.io/v1beta1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' } },
      { apiVersion: 'resource.k8s.io/v1beta2', kind: 'DeviceClass', metadata: { name: 'gpu' } },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmisionPolicy', metadata: { name: 'p' } },
    ], { bestPractices: false, podSecurity: false });
    expect(f.map((x) => [x.ruleId, x.field, x.message])).toEqual([
      ['API-VERSION-NOT-SERVED', 'apiVersion', 'the server could not find the requested resource: admissionregistration.k8s.io/v1beta1 is not served (served versions of admissionregistration.k8s.io: v1)'],
      ['API-VERSION-NOT-SERVED', 'apiVersion', 'the server could not find the requested resource: resource.k8s.io/v1beta2 is not served (served versions of resource.k8s.io: v1)'],
      ['SCHEMA-KIND', 'kind', 'admissionregistration.k8s.io/v1 has no kind "ValidatingAdmisionPolicy"; did you mean ValidatingAdmissionPolicy?'],
    ]);
  });

  test('groups the server serves in no version by default (alpha only, webhook payloads) are not found, not custom resources', () => {
    const f = ManifestValidator.validate([
      { apiVersion: 'lifecycle.k8s.io/v1alpha1', kind: 'EvictionRequest', metadata: { name: 'r', namespace: 'agents' } },
      { apiVersion: 'internal.apiserver.k8s.io/v1alpha1', kind: 'StorageVersion', metadata: { name: 'apps.daemonsets' } },
      { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' },
    ], { bestPractices: false, podSecurity: false });
    expect(f.map((x) => [x.ruleId, x.field, x.message])).toEqual([
      ['API-VERSION-NOT-SERVED', 'apiVersion', 'the server could not find the requested resource: lifecycle.k8s.io/v1alpha1 is not served (no version of lifecycle.k8s.io is served by default)'],
      ['API-VERSION-NOT-SERVED', 'apiVersion', expect.stringMatching(/^the server could not find the requested resource: internal.apiserver.k8s.io\/v1alpha1 is not served/)],
      ['API-VERSION-NOT-SERVED', 'apiVersion', expect.stringMatching(/^the server could not find the requested resource: admission.k8s.io\/v1 is not served/)],
    ]);
  });

  test('kinds the server serves without a registry strategy to judge them (Binding, the access and token reviews) are reported as read, not validated', () => {
    const f = ManifestValidator.validate([
      { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'agent-abcde', namespace: 'agents' }, target: { kind: 'Node', name: 'node-1' } },
      { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'get', resource: 'nodes' }, nonResource: {} } },
      { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReviews', spec: {} },
    ], { bestPractices: false, podSecurity: false });
    expect(f.map((x) => [x.ruleId, x.severity, x.field])).toEqual([
      ['SCHEMA-UNKNOWN', Severity.INFO, ''],
      ['SCHEMA-UNKNOWN-FIELD', Severity.ERROR, 'spec.nonResource'],
      ['SCHEMA-UNKNOWN', Severity.INFO, ''],
      ['SCHEMA-KIND', Severity.ERROR, 'kind'],
    ]);
    expect(f[0].message).toBe('v1 Binding is a built-in kind whose values the embedded API-server core does not validate (only its field names); the API server judges them on apply');
    expect(f[3].message).toBe('authentication.k8s.io/v1 has no kind "TokenReviews"; did you mean TokenReview?');
  });

  test('findings carry the server\'s cause as their rule ID; strict decoding applies to these kinds too', () => {
    const o = BUILTIN_KINDS['flowcontrol.apiserver.k8s.io/v1 FlowSchema'].base('agents');
    o.spec.matchingPrecedence = 10001;
    o.spec.rules[0].nonResourceRule = [];
    expect(findings(o).map((x) => [x.ruleId, x.severity, x.field])).toEqual([
      ['SCHEMA-UNKNOWN-FIELD', Severity.ERROR, 'spec.rules[0].nonResourceRule'],
    ]);
    delete o.spec.rules[0].nonResourceRule;
    expect(findings(o).map((x) => [x.ruleId, x.severity, x.resource, x.field])).toEqual([
      ['API-FIELD-INVALID', Severity.ERROR, 'FlowSchema/node-agents', 'spec.matchingPrecedence'],
    ]);
  });

  describe('the validating admission plugins the server enables by default that judge the object alone', () => {
    const ns = (labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'agents', labels } });
    const errs = (o: any) => findings(o).filter((f) => f.severity === Severity.ERROR).map((f) => [f.ruleId, f.field, f.message]);

    test('PodSecurity: a Namespace\'s pod-security labels must name a level and a version', () => {
      expect(errs(ns({ 'pod-security.kubernetes.io/enforce': 'Restricted', 'pod-security.kubernetes.io/warn-version': 'v2' }))).toEqual([
        ['API-FIELD-INVALID', 'metadata.labels[pod-security.kubernetes.io/enforce]', 'Invalid value: "Restricted": must be one of privileged, baseline, restricted'],
        ['API-FIELD-INVALID', 'metadata.labels[pod-security.kubernetes.io/warn-version]', 'Invalid value: "v2": must be "latest" or "v1.x"'],
      ]);
      expect(errs(ns({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.30', 'pod-security.kubernetes.io/audit': 'baseline' }))).toEqual([]);
    });

    test('only after the registry\'s validation: an invalid Namespace name is reported alone, as the server answers', () => {
      const o = ns({ 'pod-security.kubernetes.io/enforce': 'strict' });
      o.metadata.name = 'Agents';
      expect(errs(o).map((e) => e[1])).toEqual(['metadata.name']);
    });

    test('CertificateSubjectRestriction: no system:masters group for the kube-apiserver-client signer', () => {
      const csr = (signerName: string) => ({ ...BUILTIN_KINDS['certificates.k8s.io/v1 CertificateSigningRequest'].base(''), spec: { request: CSR_MASTERS_PEM_BASE64, signerName, usages: ['client auth'] } });
      expect(errs(csr('kubernetes.io/kube-apiserver-client'))).toEqual([[
        'API-FIELD-FORBIDDEN', 'spec.request',
        'certificatesigningrequests.certificates.k8s.io "node-agent" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed',
      ]]);
      expect(errs(csr('example.com/agent'))).toEqual([]);
    });
  });

  test('warnings as the server sends them: a deprecated kind\'s, the CustomResourceDefinition strategy\'s, each text once', () => {
    const str64 = { type: 'string', format: 'int64' };
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'agents.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'agents', singular: 'agent', kind: 'Agent', listKind: 'AgentList' },
        versions: [{
          name: 'v1',
          served: true,
          storage: true,
          // "int64" is no format of a string: the same warning twice, sent once
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { a: str64, b: str64, c: { type: 'integer', format: 'int64' } } } } } },
        }],
      },
    };
    expect(findings(crd).map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ['API-WARNING', Severity.WARNING, 'the API server warns: unrecognized format "int64"'],
    ]);
  });
});
