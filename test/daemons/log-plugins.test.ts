import { Chart, Size, Testing } from 'cdk8s';
import {
  FluentBitConfig, FluentdConfig, LogAgentDaemon, LogAgentKind, LogFilter, LogInput, LogOutput, ManifestValidator, NestOperation, Severity,
} from '../../src';

const base = { inputs: [LogInput.containerLogs()], outputs: [LogOutput.stdout()] };
const render = (p: any) => new FluentBitConfig({ ...base, ...p }).render();

function synth(props: any): any[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'logging' });
  new LogAgentDaemon(chart, 'logs', props);
  return Testing.synth(chart);
}
const of = (m: any[], kind: string) => m.find((o) => o.kind === kind);
const checksum = (m: any[]) => of(m, 'DaemonSet').spec.template.metadata.annotations['checksum/config'];

describe('systemd input', () => {
  test('reads the kubelet journal by default, with a DB on the state dir; the daemon mounts /etc/machine-id', () => {
    const m = synth({ inputs: [LogInput.containerLogs(), LogInput.systemd()] });
    const text: string = of(m, 'ConfigMap').data['fluent-bit.conf'];
    expect(text).toMatch(/Name\s+systemd\n\s+Tag\s+host\.\*\n\s+Path\s+\/var\/log\/journal\n\s+Systemd_Filter\s+_SYSTEMD_UNIT=kubelet\.service\n\s+DB\s+\/var\/lib\/fluent-bit\/host\.db/);
    expect(text).toMatch(/Read_From_Tail\s+On/);
    const pod = of(m, 'DaemonSet').spec.template.spec;
    expect(pod.volumes.find((v: any) => v.name === 'machine-id').hostPath).toEqual({ path: '/etc/machine-id', type: 'File' });
    expect(pod.containers[0].volumeMounts.find((v: any) => v.name === 'machine-id').readOnly).toBe(true);
  });

  test('fluentd renders a systemd source with persistent storage', () => {
    const text = new FluentdConfig({ inputs: [LogInput.systemd({ filters: ['_SYSTEMD_UNIT=containerd.service'] })], outputs: [LogOutput.stdout()] }).render();
    expect(text).toContain('@type systemd');
    expect(text).toContain('matches [{"_SYSTEMD_UNIT":"containerd.service"}]');
    expect(text).toMatch(/<storage>\n\s+@type local\n\s+persistent true\n\s+path \/var\/lib\/fluentd\/host\.pos/);
  });

  test('a bad journal match is refused', () => {
    expect(() => LogInput.systemd({ filters: ['kubelet'] })).toThrow('LogInput.systemd: filter "kubelet" is not a journal match. Fix: use FIELD=value');
  });
});

describe('filters', () => {
  test('modify, nest, multiline and rewrite_tag render their fluent-bit sections', () => {
    const text = render({
      filters: [
        LogFilter.modify({ set: { cluster: 'prod' }, remove: ['stream'], rename: { log: 'message' } }),
        LogFilter.nest({ operation: NestOperation.LIFT, nestedUnder: 'kubernetes', addPrefix: 'k8s_' }),
        LogFilter.multiline({ parsers: ['go', 'java'] }),
        LogFilter.rewriteTag({ rules: [{ key: '$kubernetes[\'namespace_name\']', regex: '^(audit)$', newTag: 'audit.$1' }] }),
      ],
    });
    expect(text).toMatch(/Name\s+modify\n\s+Match\s+\*\n\s+Rename\s+log message\n\s+Set\s+cluster prod\n\s+Remove\s+stream/);
    expect(text).toMatch(/Name\s+nest\n\s+Match\s+\*\n\s+Operation\s+lift\n\s+Nested_under\s+kubernetes\n\s+Add_prefix\s+k8s_/);
    expect(text).toMatch(/Name\s+multiline\n\s+Match\s+kube\.\*\n\s+multiline\.key_content\s+log\n\s+multiline\.parser\s+go, java/);
    expect(text).toMatch(/Name\s+rewrite_tag\n\s+Match\s+\*\n\s+Rule\s+\$kubernetes\['namespace_name'\] \^\(audit\)\$ audit\.\$1 false\n\s+Emitter_Name\s+re_emitted/);
    expect(text).not.toContain('Emitter_Storage.type');
  });

  test('a Lua script lands in the ConfigMap, is referenced by path and is covered by the checksum', () => {
    const lua = (body: string) => LogFilter.lua({ call: 'scrub', script: `function scrub(tag, ts, record)\n  ${body}\n  return 1, ts, record\nend\n` });
    const a = synth({ filters: [LogFilter.kubernetes(), lua('record["x"] = nil')] });
    const b = synth({ filters: [LogFilter.kubernetes(), lua('record["y"] = nil')] });
    expect(of(a, 'ConfigMap').data['scrub.lua']).toContain('record["x"] = nil');
    expect(of(a, 'ConfigMap').data['fluent-bit.conf']).toMatch(/script\s+\/fluent-bit\/etc\/conf\/scrub\.lua\n\s+call\s+scrub/);
    expect(of(a, 'ConfigMap').data['fluent-bit.conf']).toBe(of(b, 'ConfigMap').data['fluent-bit.conf']);
    expect(checksum(a)).not.toBe(checksum(b));
  });

  test('bad filters are refused with the fix; fluent-bit-only filters are refused for fluentd', () => {
    expect(() => LogFilter.lua({ call: 'scrub', script: 'function other() end' })).toThrow('LogFilter.lua: the script defines no function "scrub"');
    expect(() => LogFilter.nest({ operation: NestOperation.NEST })).toThrow('LogFilter.nest: NEST needs `wildcard` and `nestUnder`');
    expect(() => LogFilter.modify({})).toThrow('LogFilter.modify: nothing to do');
    expect(() => synth({ agent: LogAgentKind.FLUENTD, filters: [LogFilter.multiline({ parsers: ['go'] })] }))
      .toThrow(/the "multiline" filter is not available for fluentd/);
    const fd = new FluentdConfig({ ...base, filters: [LogFilter.modify({ set: { cluster: 'prod' }, remove: ['stream'] })] }).render();
    expect(fd).toMatch(/<filter \*\*>\n\s+@type record_transformer\n\s+<record>\n\s+cluster prod\n\s+<\/record>\n\s+remove_keys stream/);
  });
});

describe('outputs', () => {
  test('http, s3, kafka and cloudwatch_logs', () => {
    const text = render({
      outputs: [
        LogOutput.http({ host: 'logs.example.com', uri: '/ingest', headers: { 'X-Api-Key': '${API_KEY}' }, tlsCaFile: '/etc/ca/ca.crt' }),
        LogOutput.s3({ bucket: 'my-logs', region: 'eu-west-1' }),
        LogOutput.kafka({ brokers: ['kafka-0:9092', 'kafka-1:9092'], topic: 'logs', rdkafka: { 'security.protocol': 'SSL' } }),
        LogOutput.cloudwatchLogs({ region: 'us-east-1', logGroupName: '/eks/prod', autoCreateGroup: true }),
      ],
    });
    expect(text).toMatch(/Name\s+http\n\s+Match\s+\*\n\s+Host\s+logs\.example\.com\n\s+Port\s+443\n\s+URI\s+\/ingest\n\s+Format\s+json_lines\n\s+tls\s+On\n\s+tls\.verify\s+On\n\s+tls\.ca_file\s+\/etc\/ca\/ca\.crt\n\s+Header\s+X-Api-Key \$\{API_KEY\}/);
    expect(text).toMatch(/Name\s+s3\n\s+Match\s+\*\n\s+bucket\s+my-logs\n\s+region\s+eu-west-1/);
    expect(text).toMatch(/upload_timeout\s+600s/);
    expect(text).toMatch(/Name\s+kafka\n\s+Match\s+\*\n\s+Brokers\s+kafka-0:9092,kafka-1:9092\n\s+Topics\s+logs\n\s+Format\s+json\n\s+rdkafka\.security\.protocol\s+SSL/);
    expect(text).toMatch(/Name\s+cloudwatch_logs\n\s+Match\s+\*\n\s+region\s+us-east-1\n\s+log_group_name\s+\/eks\/prod\n\s+log_stream_prefix\s+from-fluent-bit-\n\s+auto_create_group\s+On/);
  });

  test('TLS options: verify off, server name; refused without TLS', () => {
    const text = render({ outputs: [LogOutput.elasticsearch({ host: 'es', tlsVerify: false, tlsServerName: 'es.internal' })] });
    expect(text).toMatch(/tls\s+On\n\s+tls\.verify\s+Off\n\s+tls\.vhost\s+es\.internal/);
    expect(() => LogOutput.loki({ host: 'loki', tlsCaFile: '/ca.crt' })).toThrow('tlsVerify, tlsCaFile and tlsServerName need TLS. Fix: set `tls: true`');
  });

  test('retryForever never drops a chunk; it contradicts retryLimit', () => {
    expect(render({ outputs: [LogOutput.loki({ host: 'loki', retryForever: true })] })).toMatch(/Retry_Limit\s+no_limits/);
    expect(new FluentdConfig({ ...base, outputs: [LogOutput.elasticsearch({ host: 'es', retryForever: true })] }).render()).toContain('retry_forever true');
    expect(() => LogOutput.loki({ host: 'loki', retryForever: true, retryLimit: 3 })).toThrow('retryLimit and retryForever contradict each other');
    expect(() => LogOutput.kafka({ brokers: ['kafka'], topic: 't' })).toThrow('broker "kafka" is not host:port');
  });
});

describe('filesystem buffering', () => {
  test('on the state dir: service storage.path, inputs filesystem, per-output limit, emitter storage', () => {
    const text = render({
      stateDir: '/var/lib/fluent-bit',
      filesystemBuffering: { totalLimitPerOutput: Size.mebibytes(512) },
      filters: [LogFilter.rewriteTag({ rules: [{ key: 'log', regex: 'x', newTag: 'y' }] })],
      outputs: [LogOutput.loki({ host: 'loki', retryForever: true })],
    });
    expect(text).toMatch(/storage\.path\s+\/var\/lib\/fluent-bit\/buffer\/\n\s+storage\.sync\s+normal/);
    expect(text).toMatch(/Read_from_Head\s+True\n\s+storage\.type\s+filesystem/);
    expect(text).toMatch(/Emitter_Storage\.type\s+filesystem/);
    expect(text).toMatch(/Retry_Limit\s+no_limits\n\s+storage\.total_limit_size\s+512M/);
  });

  test('fluentd buffers to files under the state dir', () => {
    const text = new FluentdConfig({ ...base, outputs: [LogOutput.elasticsearch({ host: 'es' })], filesystemBuffering: {} }).render();
    expect(text).toMatch(/<buffer>\n\s+@type file\n\s+path \/var\/lib\/fluentd\/buffer\/es-0/);
  });

  test('the daemon stays clean: no rule-pack finding', () => {
    const m = synth({ filesystemBuffering: {}, outputs: [LogOutput.loki({ host: 'loki', retryForever: true })] });
    expect(ManifestValidator.validate(m, { schema: false }).filter((f) => f.severity !== Severity.INFO)).toEqual([]);
  });
});

describe('configuration escape hatch', () => {
  const existing = [
    '[SERVICE]', '    HTTP_Server On', '    HTTP_Port 2020', '    Health_Check On',
    '[INPUT]', '    Name tail', '    Path /var/log/containers/*.log',
    '[FILTER]', '    Name kubernetes', '    Match kube.*',
    '[OUTPUT]', '    Name es', '    Match *',
  ].join('\n');

  test('configOverride is used as is, with its files; RBAC follows its kubernetes filter; checksum covers it', () => {
    const m = synth({ configOverride: existing, configFiles: { 'parsers.conf': '[PARSER]\n    Name json\n    Format json\n' } });
    const cm = of(m, 'ConfigMap');
    expect(cm.data['fluent-bit.conf']).toBe(`${existing}\n`);
    expect(cm.data['parsers.conf']).toContain('Format json');
    expect(of(m, 'ClusterRole')).toBeDefined();
    expect(of(m, 'DaemonSet').spec.template.spec.automountServiceAccountToken).toBe(true);
    const other = synth({ configOverride: existing.replace('Name es', 'Name loki') });
    expect(checksum(other)).not.toBe(checksum(m));
  });

  test('extraConfig is appended to the generated configuration and rolls the pods', () => {
    const plain = synth({});
    const extra = synth({ extraConfig: '[OUTPUT]\n    Name  null\n    Match debug.*' });
    const text: string = of(extra, 'ConfigMap').data['fluent-bit.conf'];
    expect(text.startsWith(of(plain, 'ConfigMap').data['fluent-bit.conf'])).toBe(true);
    expect(text.endsWith('[OUTPUT]\n    Name  null\n    Match debug.*\n')).toBe(true);
    expect(checksum(extra)).not.toBe(checksum(plain));
  });

  test('an override without the health endpoint, or combined with typed pipeline props, is refused', () => {
    expect(() => synth({ configOverride: existing.replace('HTTP_Port 2020', 'HTTP_Port 2021') }))
      .toThrow('test/logs: configOverride: has no `HTTP_Server On` with `HTTP_Port 2020` in [SERVICE]');
    expect(() => synth({ configOverride: existing, outputs: [LogOutput.stdout()] })).toThrow('test/logs: configOverride: replaces the generated configuration');
    expect(() => synth({ agent: LogAgentKind.FLUENTD, configOverride: '<match **>\n  @type stdout\n</match>' })).toThrow('serves no prometheus endpoint on port 24231');
    expect(() => synth({ configFiles: { 'fluent-bit.conf': 'x' } })).toThrow('configFiles: the file "fluent-bit.conf" is given twice');
  });
});
