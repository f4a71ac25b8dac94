import { Duration } from 'cdk8s';
import { AgentLogLevel, FluentBitConfig, FluentdConfig, LogFilter, LogInput, LogOutput } from '../../src';

describe('FluentBitConfig', () => {
  test('renders sections in order with aligned keys', () => {
    const text = new FluentBitConfig({
      inputs: [LogInput.containerLogs()],
      filters: [LogFilter.kubernetes()],
      outputs: [LogOutput.stdout()],
      logLevel: AgentLogLevel.WARN,
      flushInterval: Duration.seconds(5),
    }).render();
    expect(text.indexOf('[SERVICE]')).toBeLessThan(text.indexOf('[INPUT]'));
    expect(text.indexOf('[INPUT]')).toBeLessThan(text.indexOf('[FILTER]'));
    expect(text.indexOf('[FILTER]')).toBeLessThan(text.indexOf('[OUTPUT]'));
    expect(text).toMatch(/Flush\s+5\n/);
    expect(text).toMatch(/Log_Level\s+warn/);
    expect(text).toMatchSnapshot();
  });

  test('static factories expose what they are', () => {
    expect(LogOutput.loki({ host: 'l' }).plugin).toBe('loki');
    expect(LogOutput.loki({ host: 'l' }).supportsFluentd).toBe(false);
    expect(LogOutput.elasticsearch({ host: 'e', match: 'kube.*' }).match).toBe('kube.*');
    expect(LogInput.containerLogs().tag).toBe('kube.*');
    expect(LogFilter.kubernetes().needsApiServer).toBe(true);
    expect(LogFilter.grep({ key: 'log', regex: 'x' }).needsApiServer).toBe(false);
  });

  test('rejects relative tail paths and multi-line values', () => {
    expect(() => LogInput.tail({ path: 'x.log', tag: 'x' })).toThrow(/path "x.log" is relative/);
    expect(() => LogFilter.grep({ key: 'log', regex: 'a\nb' })).toThrow(/single-line/);
    expect(() => LogOutput.elasticsearch({ host: 'es', logstashPrefix: 'a\n[OUTPUT]' })).toThrow(/Logstash_Prefix contains a line break/);
    expect(() => LogInput.tail({ path: '/x', tag: 'a b' })).toThrow(/tag "a b" is not a tag/);
    expect(() => LogOutput.openTelemetry({ host: 'o', logsUri: 'v1/logs' })).toThrow(/logsUri "v1\/logs" must start with "\/"/);
  });
});

describe('FluentdConfig', () => {
  test('renders a fluentd configuration', () => {
    const text = new FluentdConfig({
      inputs: [LogInput.containerLogs()],
      filters: [LogFilter.kubernetes(), LogFilter.grep({ key: 'log', regex: 'debug', exclude: true })],
      outputs: [LogOutput.elasticsearch({ host: 'es' }), LogOutput.forward({ host: 'agg' }), LogOutput.stdout()],
      httpPort: 24231,
    }).render();
    expect(text).toMatchSnapshot();
  });
});
