// Valid objects of the built-in kinds beyond workloads (admission configuration, flow control, certificates,
// dynamic resource allocation, discovery, events, nodes, APIServices, storage-version migrations) and the ways they
// go wrong, one change each: shared by the unit tests (test/validation/core-kinds.test.ts) and the differential test
// against the real API server (test/cluster/validator-differential.cluster.ts).

/** A picker over a seeded random source (the cluster test) or the first choice (unit tests). */
export type Pick = <T>(xs: readonly T[]) => T;

export interface KindFixture {
  /** A valid object (namespaced kinds in `ns`). */
  readonly base: (ns: string) => any;
  /** One change each; the value picked decides whether the object stays valid. */
  readonly mutations: Record<string, (o: any, pick: Pick) => void>;
}

/** A PKCS#10 request (P-256 key, CN=node-agent, O=example), PEM, base64: what `spec.request` of a CSR holds. */
export const CSR_PEM_BASE64 = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlIak1JR0pBZ0VBTUNjeEV6QVJCZ05WQkFNTUNtNXZaR1V0WVdkbGJuUXhFREFPQmdOVkJBb01CMlY0WVcxdwpiR1V3V1RBVEJnY3Foa2pPUFFJQkJnZ3Foa2pPUFFNQkJ3TkNBQVFHSEpHSnlPOC9vRXhnbzhYMmZwQ1ZmZDdFCk5PQ1JsRHFUTmpQbXoyK1FEaHc3ZzRpNDNCc3NCcG43c2FnSHZWTDBob1FQL3I0dkZnKzJDRFYwMzRCem9BQXcKQ2dZSUtvWkl6ajBFQXdJRFNRQXdSZ0loQUszS3JScUk4ZWlrVW5zRkRhOURPUU9wTlpoQ1V3S0c0TzNBK2h0WgpGZjBEQWlFQXhjQXF2akNLL2pVRGdGNkdYZG5pbSt5WlVVQ1N1cEtSNEFaSkxFVFA4MFU9Ci0tLS0tRU5EIENFUlRJRklDQVRFIFJFUVVFU1QtLS0tLQo=';
/** A certificate request (P-256, CN=node-agent) for the group system:masters, PEM, base64. */
export const CSR_MASTERS_PEM_BASE64 = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlIcU1JR1FBZ0VBTUM0eEZ6QVZCZ05WQkFvTURuTjVjM1JsYlRwdFlYTjBaWEp6TVJNd0VRWURWUVFEREFwdQpiMlJsTFdGblpXNTBNRmt3RXdZSEtvWkl6ajBDQVFZSUtvWkl6ajBEQVFjRFFnQUVHZW1wSW5pNjRSSFl2UHJ2CkY3bi9DcjZkK3VJVk1TZ0FiNjZ5Yi9jaVBQbGl4Yk9QbXc2QWJnN1I3S245L3hWbWVUWjI0cTM0c2ZxdzJIcmwKakE3K2hhQUFNQW9HQ0NxR1NNNDlCQU1DQTBrQU1FWUNJUUMxdkF6VVJMcVVlK2Y3d1I2SjdDd0Jxa20xS3p4aApELzRZaFVJeXVHYnM4Z0loQU9PcCtqd2dnNXJSdUg3OUFGQlkvd0greWl3TS9uZi9qVytBWVJLa0gzTUMKLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg==';
/** The same request in DER, base64: a PodCertificateRequest's `spec.stubPKCS10Request`. */
export const CSR_DER_BASE64 = 'MIHjMIGJAgEAMCcxEzARBgNVBAMMCm5vZGUtYWdlbnQxEDAOBgNVBAoMB2V4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQGHJGJyO8/oExgo8X2fpCVfd7ENOCRlDqTNjPmz2+QDhw7g4i43BssBpn7sagHvVL0hoQP/r4vFg+2CDV034BzoAAwCgYIKoZIzj0EAwIDSQAwRgIhAK3KrRqI8eikUnsFDa9DOQOpNZhCUwKG4O3A+htZFf0DAiEAxcAqvjCK/jUDgF6GXdnim+yZUUCSupKR4AZJLETP80U=';
/** A self-signed CA certificate (P-256, CN=example-root, valid until 2126), PEM. */
export const CA_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBhjCCASugAwIBAgIUHZeFNfW+TlhT+ZMM/iSKSbqfud0wCgYIKoZIzj0EAwIw',
  'FzEVMBMGA1UEAwwMZXhhbXBsZS1yb290MCAXDTI2MTIwMTE2NDMyMloYDzIxMjYx',
  'MTA3MTY0MzIyWjAXMRUwEwYDVQQDDAxleGFtcGxlLXJvb3QwWTATBgcqhkjOPQIB',
  'BggqhkjOPQMBBwNCAAQGHJGJyO8/oExgo8X2fpCVfd7ENOCRlDqTNjPmz2+QDhw7',
  'g4i43BssBpn7sagHvVL0hoQP/r4vFg+2CDV034Bzo1MwUTAdBgNVHQ4EFgQUPDqv',
  'rQlbBarZj/bUjua+czbBZ2wwHwYDVR0jBBgwFoAUPDqvrQlbBarZj/bUjua+czbB',
  'Z2wwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEAil0/X7oJdkRN',
  'XOYO/hLdetiCwmSaFlV3kD3CpqMFiYoCIQCh2N/ulSlXCVkCU/dRHY/7QifU3rFm',
  'sTUQaVsXC+3izA==',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

const rules = () => [{ operations: ['CREATE', 'UPDATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['daemonsets'], scope: 'Namespaced' }];
const matchConstraints = () => ({ resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['daemonsets'] }] });

function webhook(ns: string, mutating: boolean): any {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: mutating ? 'MutatingWebhookConfiguration' : 'ValidatingWebhookConfiguration',
    metadata: { name: 'agent-webhook' },
    webhooks: [{
      name: 'daemonsets.agent.example.com',
      clientConfig: { service: { name: 'agent-webhook', namespace: ns, path: '/validate', port: 443 } },
      rules: rules(),
      failurePolicy: 'Fail',
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
      timeoutSeconds: 5,
      matchPolicy: 'Equivalent',
      namespaceSelector: { matchLabels: { 'agent.example.com/enabled': 'true' } },
      ...(mutating ? { reinvocationPolicy: 'Never' } : {}),
    }],
  };
}

const webhookMutations: KindFixture['mutations'] = {
  'webhook name': (o, p) => { o.webhooks[0].name = p(['validate', 'Daemonsets.agent.example.com', 'ds.agent.example.com']); },
  'webhook: url and service': (o) => { o.webhooks[0].clientConfig.url = 'https://agent.example.com/validate'; },
  'webhook: url': (o, p) => { o.webhooks[0].clientConfig = { url: p(['http://agent.example.com/validate', 'https://agent.example.com/v?x=1', 'https://agent.example.com/validate']) }; },
  'webhook: service port': (o, p) => { o.webhooks[0].clientConfig.service.port = p([0, 70000, 8443]); },
  'webhook: sideEffects': (o, p) => { o.webhooks[0].sideEffects = p(['Some', 'Unknown', 'NoneOnDryRun']); },
  'webhook: admissionReviewVersions': (o, p) => { o.webhooks[0].admissionReviewVersions = p([[], ['v2'], ['v1beta1', 'v1']]); },
  'webhook: timeout': (o, p) => { o.webhooks[0].timeoutSeconds = p([31, 0, 30]); },
  'webhook: rule operation': (o, p) => { o.webhooks[0].rules[0].operations = [p(['Write', 'CONNECT', '*'])]; },
  'webhook: rule resource': (o, p) => { o.webhooks[0].rules[0].resources = [p(['daemonsets/*/x', '*/*', 'daemonsets/status'])]; },
  'webhook: rule scope': (o, p) => { o.webhooks[0].rules[0].scope = p(['Everywhere', 'Cluster', '*']); },
  'webhook: failurePolicy': (o, p) => { o.webhooks[0].failurePolicy = p(['Sometimes', 'Ignore']); },
  'webhook: matchCondition': (o, p) => { o.webhooks[0].matchConditions = [{ name: 'not-kube-system', expression: p(['object.metadata.namespace ===', '1 + "x"', 'object.metadata.namespace != "kube-system"']) }]; },
  'webhook: duplicate name': (o) => { o.webhooks.push(JSON.parse(JSON.stringify(o.webhooks[0]))); },
  'webhook: namespaceSelector': (o, p) => { o.webhooks[0].namespaceSelector = { matchExpressions: [{ key: 'team', operator: p(['Bogus', 'In', 'Exists']), values: [] }] }; },
};

/** Every newly judged kind: `apiVersion kind` to its fixture. */
export const BUILTIN_KINDS: Record<string, KindFixture> = {
  'apiregistration.k8s.io/v1 APIService': {
    base: () => ({
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io' },
      spec: { service: { name: 'metrics-server', namespace: 'kube-system', port: 443 }, group: 'metrics.k8s.io', version: 'v1beta1', insecureSkipTLSVerify: true, groupPriorityMinimum: 100, versionPriority: 100 },
    }),
    mutations: {
      'name': (o, p) => { o.metadata.name = p(['metrics', 'v1beta2.metrics.k8s.io']); },
      'groupPriorityMinimum': (o, p) => { o.spec.groupPriorityMinimum = p([20001, 0, 20000]); },
      'versionPriority': (o, p) => { o.spec.versionPriority = p([1001, -1, 1000]); },
      'caBundle and insecure': (o) => { o.spec.caBundle = Buffer.from(CA_PEM).toString('base64'); },
      'local with caBundle': (o) => { delete o.spec.service; delete o.spec.insecureSkipTLSVerify; o.spec.caBundle = Buffer.from(CA_PEM).toString('base64'); },
      'service port': (o, p) => { o.spec.service.port = p([70000, 0, 8443]); },
      'version': (o, p) => { o.spec.version = p(['V1', 'v1beta1']); o.metadata.name = `${o.spec.version}.metrics.k8s.io`; },
    },
  },
  'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration': { base: (ns) => webhook(ns, false), mutations: webhookMutations },
  'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration': {
    base: (ns) => webhook(ns, true),
    mutations: { ...webhookMutations, 'webhook: reinvocationPolicy': (o, p) => { o.webhooks[0].reinvocationPolicy = p(['Always', 'IfNeeded']); } },
  },
  'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy': {
    base: () => ({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'no-host-pid' },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: matchConstraints(),
        validations: [{ expression: 'object.spec.template.spec.hostPID != true', message: 'hostPID is not allowed' }],
      },
    }),
    mutations: {
      'expression': (o, p) => { o.spec.validations[0].expression = p(['object.spec.template.spec.hostPID !=', 'object.spec.replicas < 5']); },
      'paramKind': (o, p) => { o.spec.paramKind = { apiVersion: 'v1', kind: p(['ConfigMap', 'configmap']) }; o.spec.validations[0].expression = 'params.data.x == "y"'; },
      'no validations': (o) => { o.spec.validations = []; },
      'no matchConstraints': (o) => { delete o.spec.matchConstraints; },
      'failurePolicy': (o, p) => { o.spec.failurePolicy = p(['Maybe', 'Ignore']); },
      'variable name': (o, p) => { o.spec.variables = [{ name: p(['bad-name', 'containers']), expression: 'object.spec.template.spec.containers' }]; },
      'messageExpression': (o, p) => { o.spec.validations[0].messageExpression = p(['"denied: " +', '"denied: " + object.metadata.name']); },
      'auditAnnotation key': (o, p) => { o.spec.auditAnnotations = [{ key: p(['Bad Key', 'host-pid']), valueExpression: '"set"' }]; },
      'reason': (o, p) => { o.spec.validations[0].reason = p(['Weird', 'Forbidden']); },
    },
  },
  'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding': {
    base: () => ({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: 'no-host-pid' },
      spec: { policyName: 'no-host-pid', validationActions: ['Deny'] },
    }),
    mutations: {
      'validationActions': (o, p) => { o.spec.validationActions = p([['Deny', 'Warn'], [], ['Block'], ['Warn', 'Audit']]); },
      'no policyName': (o) => { o.spec.policyName = ''; },
      'paramRef': (o, p) => { o.spec.paramRef = { name: 'limits', namespace: 'default', parameterNotFoundAction: p(['Sometimes', undefined, 'Allow']) }; },
      'paramRef name and selector': (o) => { o.spec.paramRef = { name: 'limits', selector: { matchLabels: { a: 'b' } }, parameterNotFoundAction: 'Deny' }; },
    },
  },
  'admissionregistration.k8s.io/v1 MutatingAdmissionPolicy': {
    base: () => ({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingAdmissionPolicy',
      metadata: { name: 'agent-label' },
      spec: {
        matchConstraints: matchConstraints(),
        reinvocationPolicy: 'Never',
        mutations: [{ patchType: 'ApplyConfiguration', applyConfiguration: { expression: 'Object{metadata: Object.metadata{labels: {"agent.example.com/managed": "true"}}}' } }],
      },
    }),
    mutations: {
      'expression': (o, p) => { o.spec.mutations[0].applyConfiguration.expression = p(['Object{metadata: ', 'Object{}']); },
      'patchType': (o, p) => { o.spec.mutations[0].patchType = p(['JSONPatch', 'Merge']); },
      'jsonPatch': (o, p) => { o.spec.mutations[0] = { patchType: 'JSONPatch', jsonPatch: { expression: p(['[JSONPatch{op: "add", path: "/metadata/labels/x", value: "y"}]', '[JSONPatch{op: ']) } }; },
      'reinvocationPolicy': (o, p) => { o.spec.reinvocationPolicy = p(['Always', 'IfNeeded']); },
      'no mutations': (o) => { o.spec.mutations = []; },
    },
  },
  'admissionregistration.k8s.io/v1 MutatingAdmissionPolicyBinding': {
    base: () => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingAdmissionPolicyBinding', metadata: { name: 'agent-label' }, spec: { policyName: 'agent-label' } }),
    mutations: {
      'no policyName': (o) => { o.spec.policyName = ''; },
      'paramRef': (o, p) => { o.spec.paramRef = { name: 'labels', namespace: 'default', parameterNotFoundAction: p(['Sometimes', 'Deny']) }; },
    },
  },
  'flowcontrol.apiserver.k8s.io/v1 FlowSchema': {
    base: (ns) => ({
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'FlowSchema',
      metadata: { name: 'node-agents' },
      spec: {
        priorityLevelConfiguration: { name: 'workload-low' },
        matchingPrecedence: 1000,
        distinguisherMethod: { type: 'ByUser' },
        rules: [{
          subjects: [{ kind: 'ServiceAccount', serviceAccount: { namespace: ns, name: 'agent' } }],
          resourceRules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['nodes'], clusterScope: true }],
        }],
      },
    }),
    mutations: {
      'matchingPrecedence': (o, p) => { o.spec.matchingPrecedence = p([10001, 0, 10000]); },
      'distinguisher': (o, p) => { o.spec.distinguisherMethod.type = p(['ByNothing', 'ByNamespace']); },
      'subject kind': (o, p) => { o.spec.rules[0].subjects[0].kind = p(['User', 'Team']); },
      'verbs': (o, p) => { o.spec.rules[0].resourceRules[0].verbs = p([['*', 'get'], [], ['*']]); },
      'namespaced rule': (o, p) => { o.spec.rules[0].resourceRules[0] = { verbs: ['get'], apiGroups: [''], resources: ['pods'], namespaces: p([[], ['*'], ['Bad_NS']]) }; },
      'no priority level': (o) => { o.spec.priorityLevelConfiguration.name = ''; },
    },
  },
  'flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration': {
    base: () => ({
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'PriorityLevelConfiguration',
      metadata: { name: 'node-agents' },
      spec: { type: 'Limited', limited: { nominalConcurrencyShares: 5, lendablePercent: 10, limitResponse: { type: 'Queue', queuing: { queues: 16, handSize: 4, queueLengthLimit: 50 } } } },
    }),
    mutations: {
      'type': (o, p) => { o.spec.type = p(['Exempt', 'Unlimited']); },
      'handSize': (o, p) => { o.spec.limited.limitResponse.queuing.handSize = p([20, 0, 8]); },
      'queues': (o, p) => { o.spec.limited.limitResponse.queuing.queues = p([0, 10001, 64]); },
      'lendablePercent': (o, p) => { o.spec.limited.lendablePercent = p([101, -1, 100]); },
      'reject with queuing': (o) => { o.spec.limited.limitResponse.type = 'Reject'; },
    },
  },
  'certificates.k8s.io/v1 CertificateSigningRequest': {
    base: () => ({
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: 'node-agent' },
      spec: { request: CSR_PEM_BASE64, signerName: 'example.com/agent', usages: ['client auth', 'digital signature'], expirationSeconds: 3600 },
    }),
    mutations: {
      'request': (o, p) => { o.spec.request = p([Buffer.from('not a request').toString('base64'), Buffer.from(CA_PEM).toString('base64')]); },
      'signerName': (o, p) => { o.spec.signerName = p(['agent', 'kubernetes.io/legacy-unknown', 'kubernetes.io/kube-apiserver-client']); },
      'usages': (o, p) => { o.spec.usages = p([['bogus'], [], ['server auth', 'client auth']]); },
      'expirationSeconds': (o, p) => { o.spec.expirationSeconds = p([599, 600, 86400]); },
      // refused by the CertificateSubjectRestriction admission plugin for the kube-apiserver-client signer only
      'system:masters': (o, p) => { o.spec.request = CSR_MASTERS_PEM_BASE64; o.spec.signerName = p(['kubernetes.io/kube-apiserver-client', 'example.com/agent']); },
    },
  },
  'certificates.k8s.io/v1 ClusterTrustBundle': {
    base: () => ({ apiVersion: 'certificates.k8s.io/v1', kind: 'ClusterTrustBundle', metadata: { name: 'example-root' }, spec: { trustBundle: CA_PEM } }),
    mutations: {
      trustBundle: (o, p) => { o.spec.trustBundle = p(['not a certificate', CA_PEM.replace('MIIB', 'MIIC'), CA_PEM + CA_PEM]); },
      signerName: (o, p) => { o.spec.signerName = 'example.com/agent'; o.metadata.name = p(['example-root', 'example.com:agent:root']); },
    },
  },
  'certificates.k8s.io/v1 PodCertificateRequest': {
    base: (ns) => ({
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'PodCertificateRequest',
      metadata: { name: 'agent-abcde-1', namespace: ns },
      spec: {
        signerName: 'example.com/agent',
        podName: 'agent-abcde',
        podUID: '7d1b3c36-3f0e-4a2b-9e59-0c2a6f1f4a11',
        serviceAccountName: 'agent',
        serviceAccountUID: '1f0c1d8e-5b2a-4f8e-8a59-7a1d3e2f4b22',
        nodeName: 'node-1',
        nodeUID: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c33',
        maxExpirationSeconds: 86400,
        stubPKCS10Request: CSR_DER_BASE64,
      },
    }),
    mutations: {
      'maxExpirationSeconds': (o, p) => { o.spec.maxExpirationSeconds = p([3599, 7776001, 3600]); },
      'kubernetes signer expiry': (o, p) => { o.spec.signerName = 'kubernetes.io/agent'; o.spec.maxExpirationSeconds = p([86401, 86400]); },
      'podName': (o, p) => { o.spec.podName = p(['Agent_Pod', 'agent-fghij']); },
      'no podUID': (o) => { o.spec.podUID = ''; },
      'stub request': (o, p) => { o.spec.stubPKCS10Request = p([Buffer.from('junk').toString('base64'), CSR_DER_BASE64]); },
      'stub and key': (o) => { o.spec.pkixPublicKey = CSR_DER_BASE64; },
    },
  },
  'resource.k8s.io/v1 DeviceClass': {
    base: () => ({
      apiVersion: 'resource.k8s.io/v1',
      kind: 'DeviceClass',
      metadata: { name: 'gpu.example.com' },
      spec: { selectors: [{ cel: { expression: 'device.driver == "gpu.example.com"' } }] },
    }),
    mutations: {
      'selector': (o, p) => { o.spec.selectors[0].cel.expression = p(['device.driver ==', 'device.attributes["gpu.example.com"].model == "a100"', '1 + "x"']); },
      'config driver': (o, p) => { o.spec.config = [{ opaque: { driver: p(['Bad_Driver', 'gpu.example.com']), parameters: { mode: 'shared' } } }]; },
      'extendedResourceName': (o, p) => { o.spec.extendedResourceName = p(['example.com/gpu', 'gpu', 'kubernetes.io/gpu']); },
    },
  },
  'resource.k8s.io/v1 ResourceClaim': {
    base: (ns) => ({
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceClaim',
      metadata: { name: 'gpu', namespace: ns },
      spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.example.com', allocationMode: 'ExactCount', count: 1 } }] } },
    }),
    mutations: {
      'request name': (o, p) => { o.spec.devices.requests[0].name = p(['Bad_Name', 'gpu-0']); },
      'count': (o, p) => { o.spec.devices.requests[0].exactly.count = p([0, -1, 2]); },
      'allocationMode': (o, p) => { o.spec.devices.requests[0].exactly.allocationMode = p(['Some', 'All']); },
      'no deviceClassName': (o) => { o.spec.devices.requests[0].exactly.deviceClassName = ''; },
      'exactly and firstAvailable': (o) => { o.spec.devices.requests[0].firstAvailable = [{ name: 'a', deviceClassName: 'gpu.example.com' }]; },
      'selector': (o, p) => { o.spec.devices.requests[0].exactly.selectors = [{ cel: { expression: p(['device.driver ==', 'device.driver == "gpu.example.com"']) } }]; },
      'adminAccess': (o) => { o.spec.devices.requests[0].exactly.adminAccess = true; },
      'constraint': (o, p) => { o.spec.devices.constraints = [{ requests: [p(['missing', 'gpu'])], matchAttribute: 'gpu.example.com/model' }]; },
    },
  },
  'resource.k8s.io/v1 ResourceClaimTemplate': {
    base: (ns) => ({
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceClaimTemplate',
      metadata: { name: 'gpu', namespace: ns },
      spec: { spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.example.com' } }] } } },
    }),
    mutations: {
      'request name': (o, p) => { o.spec.spec.devices.requests[0].name = p(['Bad_Name', 'gpu-0']); },
      'template labels': (o, p) => { o.spec.metadata = { labels: { [p(['bad key!', 'app'])]: 'agent' } }; },
      'duplicate request': (o) => { o.spec.spec.devices.requests.push(JSON.parse(JSON.stringify(o.spec.spec.devices.requests[0]))); },
    },
  },
  'resource.k8s.io/v1 ResourceSlice': {
    base: () => ({
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceSlice',
      metadata: { name: 'node-1-gpu.example.com' },
      spec: {
        driver: 'gpu.example.com',
        pool: { name: 'node-1', generation: 1, resourceSliceCount: 1 },
        nodeName: 'node-1',
        devices: [{ name: 'gpu-0', attributes: { model: { string: 'a100' } }, capacity: { memory: { value: '40Gi' } } }],
      },
    }),
    mutations: {
      'nodeName and allNodes': (o) => { o.spec.allNodes = true; },
      'driver': (o, p) => { o.spec.driver = p(['Bad_Driver', 'gpu.example.com']); },
      'duplicate device': (o) => { o.spec.devices.push(JSON.parse(JSON.stringify(o.spec.devices[0]))); },
      'attribute name': (o, p) => { o.spec.devices[0].attributes = { [p(['bad name', 'gpu.example.com/model'])]: { string: 'a100' } }; },
      'attribute two values': (o) => { o.spec.devices[0].attributes.model.int = 1; },
      'resourceSliceCount': (o, p) => { o.spec.pool.resourceSliceCount = p([0, 2]); },
    },
  },
  'resource.k8s.io/v1 DeviceTaintRule': {
    base: () => ({
      apiVersion: 'resource.k8s.io/v1',
      kind: 'DeviceTaintRule',
      metadata: { name: 'gpu-maintenance' },
      spec: { deviceSelector: { driver: 'gpu.example.com', pool: 'node-1' }, taint: { key: 'example.com/maintenance', value: 'true', effect: 'NoSchedule' } },
    }),
    mutations: {
      effect: (o, p) => { o.spec.taint.effect = p(['Bogus', 'NoExecute', 'None']); },
      key: (o, p) => { o.spec.taint.key = p(['bad key', 'maintenance']); },
      driver: (o, p) => { o.spec.deviceSelector.driver = p(['Bad_Driver', 'other.example.com']); },
    },
  },
  'events.k8s.io/v1 Event': {
    base: (ns) => ({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'agent-abcde.started', namespace: ns },
      eventTime: '2026-12-01T10:00:00.000000Z',
      reportingController: 'agent.example.com/controller',
      reportingInstance: 'agent-controller-node-1',
      action: 'Started',
      reason: 'Started',
      type: 'Normal',
      regarding: { kind: 'Pod', apiVersion: 'v1', namespace: ns, name: 'agent-abcde' },
      note: 'agent started',
    }),
    mutations: {
      'type': (o, p) => { o.type = p(['Error', 'Warning']); },
      'no reportingController': (o) => { delete o.reportingController; },
      'no action': (o) => { delete o.action; },
      'no eventTime': (o) => { delete o.eventTime; },
      'regarding namespace': (o, p) => { o.regarding.namespace = p(['other', o.metadata.namespace]); },
      'long note': (o, p) => { o.note = 'x'.repeat(p([1025, 1024])); },
    },
  },
  'v1 Event': {
    base: (ns) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'agent-abcde.started', namespace: ns },
      involvedObject: { kind: 'Pod', apiVersion: 'v1', namespace: ns, name: 'agent-abcde' },
      reason: 'Started',
      message: 'agent started',
      type: 'Normal',
      source: { component: 'kubelet', host: 'node-1' },
      count: 1,
      firstTimestamp: '2026-12-01T10:00:00Z',
      lastTimestamp: '2026-12-01T10:00:00Z',
    }),
    mutations: {
      'involvedObject namespace': (o, p) => { o.involvedObject.namespace = p(['other', '']); },
      'type': (o, p) => { o.type = p(['Error', 'Warning']); },
      'reportingController': (o, p) => { o.reportingComponent = p(['Bad Controller', 'agent.example.com/controller']); },
    },
  },
  'discovery.k8s.io/v1 EndpointSlice': {
    base: (ns) => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'agent-metrics', namespace: ns, labels: { 'kubernetes.io/service-name': 'agent' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.1.2.3'], conditions: { ready: true }, nodeName: 'node-1' }],
      ports: [{ name: 'metrics', port: 9100, protocol: 'TCP' }],
    }),
    mutations: {
      'address': (o, p) => { o.endpoints[0].addresses = [p(['not-an-ip', 'fd00::1', '127.0.0.1', '10.1.2.4'])]; },
      'addressType': (o, p) => { o.addressType = p(['IPv5', 'FQDN', 'IPv6']); },
      'port': (o, p) => { o.ports[0].port = p([70000, 0, 9101]); },
      'protocol': (o, p) => { o.ports[0].protocol = p(['ICMP', 'UDP']); },
      'duplicate port name': (o) => { o.ports.push({ name: 'metrics', port: 9101, protocol: 'TCP' }); },
      'nodeName': (o, p) => { o.endpoints[0].nodeName = p(['Node_1', 'node-2']); },
    },
  },
  'v1 Endpoints': {
    base: (ns) => ({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'agent-metrics', namespace: ns },
      subsets: [{ addresses: [{ ip: '10.1.2.3', nodeName: 'node-1' }], ports: [{ name: 'metrics', port: 9100, protocol: 'TCP' }] }],
    }),
    mutations: {
      'ip': (o, p) => { o.subsets[0].addresses[0].ip = p(['127.0.0.1', 'x', '169.254.1.1', '10.1.2.4']); },
      'port': (o, p) => { o.subsets[0].ports[0].port = p([0, 70000, 9101]); },
      'protocol': (o, p) => { o.subsets[0].ports[0].protocol = p(['ICMP', 'SCTP']); },
      'port name': (o, p) => { o.subsets[0].ports.push({ name: p(['metrics', 'Bad_Name', 'health']), port: 9101 }); },
    },
  },
  'storage.k8s.io/v1 CSIStorageCapacity': {
    base: (ns) => ({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSIStorageCapacity',
      metadata: { name: 'fast-zone-a', namespace: ns },
      storageClassName: 'fast',
      capacity: '100Gi',
      maximumVolumeSize: '10Gi',
      nodeTopology: { matchLabels: { 'topology.kubernetes.io/zone': 'zone-a' } },
    }),
    mutations: {
      storageClassName: (o, p) => { o.storageClassName = p(['', 'Fast!', 'slow']); },
      capacity: (o, p) => { o.capacity = p(['-1Gi', '1Ti']); },
      topology: (o, p) => { o.nodeTopology = { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: p(['Bogus', 'In']), values: ['zone-a'] }] }; },
    },
  },
  'storage.k8s.io/v1 VolumeAttributesClass': {
    base: () => ({ apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttributesClass', metadata: { name: 'fast' }, driverName: 'ebs.csi.aws.com', parameters: { iops: '3000' } }),
    mutations: {
      'driverName': (o, p) => { o.driverName = p(['', 'Bad Driver', 'pd.csi.storage.gke.io']); },
      'no parameters': (o) => { o.parameters = {}; },
    },
  },
  'networking.k8s.io/v1 IPAddress': {
    base: (ns) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IPAddress',
      metadata: { name: '10.0.0.50' },
      spec: { parentRef: { group: '', resource: 'services', name: 'agent', namespace: ns } },
    }),
    mutations: {
      'name': (o, p) => { o.metadata.name = p(['10.0.0.300', '010.0.0.50', 'fd00::50', '10.0.0.51']); },
      'parentRef resource': (o, p) => { o.spec.parentRef.resource = p(['', 'Services']); },
      'no parentRef': (o) => { delete o.spec.parentRef; },
    },
  },
  'networking.k8s.io/v1 ServiceCIDR': {
    base: () => ({ apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'extra' }, spec: { cidrs: ['10.96.0.0/16'] } }),
    mutations: {
      cidrs: (o, p) => { o.spec.cidrs = p([['10.0.0.0/33'], ['10.96.0.1/16'], ['10.96.0.0/16', '10.97.0.0/16'], [], ['10.96.0.0/16', 'fd00::/108']]); },
    },
  },
  'v1 Node': {
    base: () => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1', 'kubernetes.io/os': 'linux' } },
      spec: { taints: [{ key: 'dedicated', value: 'agents', effect: 'NoSchedule' }] },
    }),
    mutations: {
      'taint effect': (o, p) => { o.spec.taints[0].effect = p(['Sometimes', 'NoExecute']); },
      'taint key': (o, p) => { o.spec.taints[0].key = p(['bad key', 'example.com/dedicated']); },
      'duplicate taint': (o) => { o.spec.taints.push({ ...o.spec.taints[0] }); },
      'podCIDR': (o, p) => { o.spec.podCIDR = p(['10.244.1.0/33', '10.244.1.0/24']); },
      'capacity': (o, p) => { o.status = { capacity: { cpu: p(['-1', '4']), memory: '16Gi' } }; },
    },
  },
  'storagemigration.k8s.io/v1 StorageVersionMigration': {
    base: () => ({
      apiVersion: 'storagemigration.k8s.io/v1',
      kind: 'StorageVersionMigration',
      metadata: { name: 'daemonsets' },
      spec: { resource: { group: 'apps', resource: 'daemonsets' } },
    }),
    mutations: {
      resource: (o, p) => { o.spec.resource.resource = p(['', 'DaemonSets', 'deployments']); },
      group: (o, p) => { o.spec.resource.group = p(['Apps!', '']); },
    },
  },
};

/** Changes any object can have: its metadata. */
export const META_MUTATIONS: Record<string, (o: any, pick: Pick) => void> = {
  'meta: name': (o, p) => { o.metadata.name = p(['Bad_Name', 'a'.repeat(254), 'ok-name']); },
  'meta: label': (o, p) => { o.metadata.labels = { ...o.metadata.labels, [p(['bad key!', 'example.com/ok'])]: p(['v', 'bad value!']) }; },
  'decode: unknown field': (o, p) => { (o.spec ?? o)[p(['specc', 'extra'])] = 'x'; },
};
