import { Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { container, mount, newChart, one, ofKind, podSpec, synth, volumeFor } from './helpers';
import { LogAgentDaemon, LogAgentKind, LogFilter, LogInput, LogOutput } from '../../src';

function config(m: any[]): string {
  const cm = one(m, 'ConfigMap');
  return Object.values(cm.data)[0] as string;
}

describe('LogAgentDaemon (fluent-bit)', () => {
  test('snapshot with zero props', () => {
    const chart = newChart('logging');
    new LogAgentDaemon(chart, 'logs');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('fluent-bit image, port 2020 health and metrics', () => {
    const chart = newChart('logging');
    new LogAgentDaemon(chart, 'logs', { serviceMonitor: {} });
    const m = synth(chart);
    const c = container(m, 'fluent-bit');
    expect(c.image).toBe('cr.fluentbit.io/fluent/fluent-bit:5.1.3');
    expect(c.ports).toEqual([{ containerPort: 2020, name: 'metrics' }]);
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/api/v2/health', port: 2020 });
    expect(c.livenessProbe.httpGet).toMatchObject({ path: '/', port: 2020 });
    expect(one(m, 'ServiceMonitor').spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/api/v2/metrics/prometheus' });
    expect(config(m)).toMatch(/HTTP_Server\s+On/);
    expect(config(m)).toMatch(/HTTP_Port\s+2020/);
    expect(config(m)).toMatch(/Health_Check\s+On/);
  });

  test('default pipeline: tail container logs with cri and docker multiline, k8s metadata, DB on the state dir', () => {
    const chart = newChart('logging');
    new LogAgentDaemon(chart, 'logs');
    const text = config(synth(chart));
    expect(text).toMatch(/Path\s+\/var\/log\/containers\/\*\.log/);
    expect(text).toMatch(/multiline\.parser docker, cri/);
    expect(text).toMatch(/DB\s+\/var\/lib\/fluent-bit\/kube\.db/);
    expect(text).toMatch(/Name\s+kubernetes/);
    expect(text).toMatch(/Merge_Log\s+On/);
    expect(text).toMatch(/Name\s+stdout/);
    // the stdout output must not be read back in
    expect(text).toMatch(/Exclude_Path\s+\/var\/log\/containers\/\*_logging_fluent-bit-\*\.log/);
  });

  test('mounts: config read-only, /var/log and docker containers read-only, state dir the only writable one', () => {
    const chart = newChart('logging');
    new LogAgentDaemon(chart, 'logs');
    const m = synth(chart);
    const c = container(m, 'fluent-bit');
    expect(mount(c, '/fluent-bit/etc/conf').readOnly).toBe(true);
    for (const p of ['/var/log', '/var/lib/docker/containers']) {
      expect(volumeFor(m, c, p).hostPath.path).toBe(p);
      expect(mount(c, p).readOnly).toBe(true);
    }
    expect(volumeFor(m, c, '/var/lib/fluent-bit').hostPath).toEqual({ path: '/var/lib/fluent-bit', type: 'DirectoryOrCreate' });
    expect(mount(c, '/var/lib/fluent-bit').readOnly).toBe(false);
    expect(c.volumeMounts.filter((x: any) => x.readOnly === false)).toHaveLength(1);
    expect(c.args).toEqual(['--workdir=/fluent-bit/etc', '--config=/fluent-bit/etc/conf/fluent-bit.conf']);
  });

  test('log paths and state dir are props (k3s / RKE2 / custom Docker root)', () => {
    const chart = newChart('logging');
    new LogAgentDaemon(chart, 'logs', { logPaths: ['/var/log', '/data/docker/containers'], stateDir: '/var/lib/agents/fb' });
    const m = synth(chart);
    const c = container(m, 'fluent-bit');
    expect(mount(c, '/data/docker/containers').readOnly).toBe(true);
    expect(mount(c, '/var/lib/docker/containers')).toBeUndefined();
    expect(volumeFor(m, c, '/var/lib/agents/fb').hostPath.type).toBe('DirectoryOrCreate');
    expect(config(m)).toMatch(/DB\s+\/var\/lib\/agents\/fb\/kube\.db/);
  });

  test('ServiceAccount + ClusterRole (pods, namespaces get/list/watch) + binding; token mounted', () => {
    const chart = newChart('logging');
    new LogAgentDaemon(chart, 'logs');
    const m = synth(chart);
    const pod = podSpec(m);
    expect(pod.automountServiceAccountToken).toBe(true);
    const sa = one(m, 'ServiceAccount');
    expect(pod.serviceAccountName).toBe(sa.metadata.name);
    const role = one(m, 'ClusterRole');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }]);
    expect(role.metadata.namespace).toBeUndefined();
    const binding = one(m, 'ClusterRoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'logging' }]);
  });

  test('without a Kubernetes filter: no RBAC, no token', () => {
    const chart = newChart('logging');
    new LogAgentDaemon(chart, 'logs', { filters: [] });
    const m = synth(chart);
    expect(podSpec(m).automountServiceAccountToken).toBe(false);
    expect(ofKind(m, 'ClusterRole')).toHaveLength(0);
    expect(ofKind(m, 'ClusterRoleBinding')).toHaveLength(0);
  });

  test('root with every capability dropped by default; runAsUser overridable', () => {
    const chart = newChart('logging');
    new LogAgentDaemon(chart, 'logs');
    const c = container(synth(chart), 'fluent-bit');
    expect(c.securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false, capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false });
    expect(c.securityContext.capabilities.add).toBeUndefined();
    const chart2 = newChart('logging');
    new LogAgentDaemon(chart2, 'logs', { runAsUser: 10001 });
    const m2 = synth(chart2);
    expect(container(m2, 'fluent-bit').securityContext).toMatchObject({ runAsUser: 10001, runAsNonRoot: true });
    expect(podSpec(m2).securityContext.runAsNonRoot).toBe(true);
  });

  test('config changes roll the pods: checksum annotation follows the config', () => {
    const checksum = (outputs: LogOutput[]) => {
      const chart = newChart('logging');
      new LogAgentDaemon(chart, 'logs', { outputs });
      return one(synth(chart), 'DaemonSet').spec.template.metadata.annotations['checksum/config'];
    };
    const a = checksum([LogOutput.loki({ host: 'loki-a' })]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum([LogOutput.loki({ host: 'loki-a' })])).toBe(a);
    expect(checksum([LogOutput.loki({ host: 'loki-b' })])).not.toBe(a);
  });

  test('every output renders', () => {
    const chart = newChart('logging');
    new LogAgentDaemon(chart, 'logs', {
      outputs: [
        LogOutput.elasticsearch({ host: 'es.logging.svc', httpUser: 'fb', httpPassword: '${ES_PASSWORD}' }),
        LogOutput.opensearch({ host: 'os.logging.svc', logstashFormat: false, index: 'k8s', tls: false }),
        LogOutput.loki({ host: 'loki.logging.svc', labels: { job: 'fb', cluster: 'prod' }, tenantId: 'prod' }),
        LogOutput.forward({ host: 'agg.logging.svc', tls: true, sharedKey: '${SHARED_KEY}' }),
        LogOutput.openTelemetry({ host: 'otel.observability.svc' }),
      ],
      env: { ES_PASSWORD: plus.EnvValue.fromValue('from-a-secret-in-real-life') },
    });
    const m = synth(chart);
    const text = config(m);
    expect(text).toMatch(/Name\s+es\n\s+Match\s+\*\n\s+Host\s+es\.logging\.svc\n\s+Port\s+9200/);
    expect(text).toMatch(/HTTP_Passwd\s+\$\{ES_PASSWORD\}/);
    expect(text).toMatch(/Suppress_Type_Name\s+On/);
    expect(text).toMatch(/Name\s+opensearch[\s\S]*Index\s+k8s/);
    expect(text).toMatch(/Name\s+loki[\s\S]*Labels\s+job=fb, cluster=prod[\s\S]*Tenant_ID\s+prod/);
    expect(text).toMatch(/Name\s+forward[\s\S]*Port\s+24224[\s\S]*Shared_Key\s+\$\{SHARED_KEY\}/);
    expect(text).toMatch(/Name\s+opentelemetry[\s\S]*Port\s+4318[\s\S]*Logs_uri\s+\/v1\/logs/);
    expect(text).toMatch(/Retry_Limit\s+5/);
    expect(text).not.toMatch(/Name\s+stdout/);
    expect(text).not.toMatch(/Exclude_Path/);
    expect(container(m, 'fluent-bit').env).toEqual(expect.arrayContaining([{ name: 'ES_PASSWORD', value: 'from-a-secret-in-real-life' }]));
  });

  test('typed inputs and filters', () => {
    const chart = newChart('logging');
    new LogAgentDaemon(chart, 'logs', {
      inputs: [LogInput.containerLogs(), LogInput.tail({ path: '/var/log/syslog', tag: 'host.syslog', parser: 'syslog-rfc3164' })],
      filters: [LogFilter.kubernetes({ annotations: true }), LogFilter.grep({ key: 'log', regex: 'healthz', exclude: true })],
    });
    const text = config(synth(chart));
    expect(text).toMatch(/Tag\s+host\.syslog[\s\S]*Parser\s+syslog-rfc3164[\s\S]*DB\s+\/var\/lib\/fluent-bit\/host-syslog\.db/);
    expect(text).toMatch(/Annotations\s+On/);
    expect(text).toMatch(/Exclude\s+log healthz/);
  });

  test.each([
    [() => ({ outputs: [LogOutput.elasticsearch({ host: 'es', httpPassword: 'hunter2' })] }), /literal secret would be stored in plain text in the ConfigMap/],
    [() => ({ outputs: [] }), /outputs is empty/],
    [() => ({ inputs: [] }), /inputs is empty/],
    [() => ({ outputs: [LogOutput.loki({ host: 'http://loki:3100' })] }), /host: "http:\/\/loki:3100" is not a host name/],
    [() => ({ outputs: [LogOutput.forward({ host: 'agg', sharedKey: '${K}' })] }), /sharedKey without tls/],
    [() => ({ outputs: [LogOutput.stdout(), LogOutput.loki({ host: 'l', port: 0 })] }), /port: 0 is not a port/],
    [() => ({ inputs: [LogInput.tail({ path: '/srv/app/*.log', tag: 'app' })] }), /input path "\/srv\/app\/\*\.log" is under none of the mounted log paths/],
    [() => ({ inputs: [LogInput.containerLogs(), LogInput.containerLogs()] }), /two inputs have the tag "kube\.\*"/],
    [() => ({ stateDir: '/var/log/fluent-bit' }), /stateDir: "\/var\/log\/fluent-bit" overlaps a read-only log path/],
    [() => ({ logPaths: ['var/log'] }), /logPaths: "var\/log" is not an absolute directory/],
    [() => ({ runAsUser: -1 }), /runAsUser: -1 is not a user id/],
    [() => ({ outputs: [LogOutput.loki({ host: 'l', retryLimit: 0 })] }), /retryLimit 0 must be a whole number of at least 1/],
  ])('rejects bad input (%#)', (props, message) => {
    expect(() => new LogAgentDaemon(newChart('logging'), 'logs', props())).toThrow(message);
  });

  test('pipeline errors name the construct path', () => {
    expect(() => new LogAgentDaemon(newChart('logging'), 'logs', { outputs: [] })).toThrow(/^test\/logs: FluentBitConfig: outputs is empty/);
  });
});

describe('LogAgentDaemon (fluentd)', () => {
  test('snapshot with zero props', () => {
    const chart = newChart('logging');
    new LogAgentDaemon(chart, 'logs', { agent: LogAgentKind.FLUENTD });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('fluentd-kubernetes-daemonset image, prometheus metrics on 24231, generated fluent.conf run directly, writable /tmp emptyDir', () => {
    const chart = newChart('logging');
    new LogAgentDaemon(chart, 'logs', {
      agent: LogAgentKind.FLUENTD,
      outputs: [LogOutput.elasticsearch({ host: 'elasticsearch-logging', tls: false })],
    });
    const m = synth(chart);
    const c = container(m, 'fluentd');
    expect(c.image).toBe('docker.io/fluent/fluentd-kubernetes-daemonset:v1.19.3-debian-elasticsearch8-1.1');
    expect([...c.command, ...c.args].join(' ')).toBe('fluentd -c /fluentd/etc/cdk8s/fluent.conf -p /fluentd/plugins --gemfile /fluentd/Gemfile --no-supervisor -q');
    expect(c.ports).toEqual([{ containerPort: 24231, name: 'metrics' }]);
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/metrics', port: 24231 });
    expect(mount(c, '/fluentd/etc/cdk8s').readOnly).toBe(true);
    expect(volumeFor(m, c, '/tmp').emptyDir).toBeDefined();
    expect(volumeFor(m, c, '/var/lib/fluentd').hostPath.type).toBe('DirectoryOrCreate');
    expect(one(m, 'DaemonSet').metadata.labels['app.kubernetes.io/name']).toBe('fluentd');
    const cm = one(m, 'ConfigMap');
    const text: string = cm.data['fluent.conf'];
    expect(text).toMatch(/@type tail[\s\S]*pos_file \/var\/lib\/fluentd\/kube\.pos/);
    expect(text).toMatch(/@type multi_format/);
    expect(text).toMatch(/<filter kube\.\*\*>\n\s+@type kubernetes_metadata/);
    expect(text).toMatch(/<match \*\*>\n\s+@type elasticsearch\n\s+host elasticsearch-logging\n\s+port 9200\n\s+scheme http/);
    expect(text).toMatch(/@type prometheus\n\s+bind 0\.0\.0\.0\n\s+port 24231/);
  });

  test('fluentd secrets become ENV lookups', () => {
    const chart = newChart('logging');
    new LogAgentDaemon(chart, 'logs', { agent: LogAgentKind.FLUENTD, outputs: [LogOutput.elasticsearch({ host: 'es', httpUser: 'u', httpPassword: '${ES_PASSWORD}' })] });
    expect(one(synth(chart), 'ConfigMap').data['fluent.conf']).toContain('password "#{ENV[\'ES_PASSWORD\']}"');
  });

  test('outputs missing from the fluentd image are rejected', () => {
    expect(() => new LogAgentDaemon(newChart('logging'), 'logs', { agent: LogAgentKind.FLUENTD, outputs: [LogOutput.loki({ host: 'loki' })] }))
      .toThrow(/the "loki" output is not available in the fluentd-kubernetes-daemonset elasticsearch image. Fix: use LogAgentKind.FLUENT_BIT/);
  });
});
