import * as fs from 'fs';
import * as path from 'path';
import { widgetCrd } from './crd-fixtures';
import { ManifestValidator, Severity, ValidationFinding } from '../../src';
import { ManifestFiles } from '../../src/k8s/manifest-files';
import { describeShared, SHARED_DIR } from '../shared-data';

function widget(spec: any, extra: any = {}): any {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'apps' }, spec, ...extra };
}

const opts = { bestPractices: false, podSecurity: false };

/** The findings as [ruleId, field, message]. */
function judged(objects: any[], crds?: any[]): string[][] {
  return ManifestValidator.validate(objects, { ...opts, customResourceDefinitions: crds }).map((f) => [f.ruleId, f.field, f.message]);
}

describe('custom resources, judged against their CustomResourceDefinition as the API server does', () => {
  test('a valid custom resource next to its definition: no finding for either', () => {
    expect(judged([widgetCrd(), widget({ mode: 'fast', min: 1, max: 5 })])).toEqual([]);
  });

  test('the definition may come after its custom resources, or as context only', () => {
    expect(judged([widget({ mode: 'fast', extra: 1 }), widgetCrd()])).toEqual([
      ['SCHEMA-UNKNOWN-FIELD', 'spec.extra', 'unknown field: the API server rejects it under strict field validation (kubectl\'s default); remove it or fix its spelling'],
    ]);
    expect(judged([widget({ mode: 'fast', extra: 1 })], [widgetCrd()]).map((f) => f.slice(0, 2))).toEqual([['SCHEMA-UNKNOWN-FIELD', 'spec.extra']]);
  });

  test('unknown fields: pruning finds them at any depth, and in metadata', () => {
    const f = ManifestValidator.validate([widgetCrd(), widget({ mode: 'fast', tuning: { a: 1 } }, { metadata: { name: 'w', namespace: 'apps', lables: {} }, top: 1 })], opts);
    expect(f.map((x) => [x.ruleId, x.resource, x.field])).toEqual([
      ['SCHEMA-UNKNOWN-FIELD', 'Widget/apps/w', 'metadata.lables'],
      ['SCHEMA-UNKNOWN-FIELD', 'Widget/apps/w', 'spec.tuning'],
      ['SCHEMA-UNKNOWN-FIELD', 'Widget/apps/w', 'top'],
    ]);
  });

  test('OpenAPI schema: wrong type, unsupported enum value, pattern, maximum length, minimum, required, list set', () => {
    expect(judged([widgetCrd(), widget({ mode: 'slow', min: '1' })])).toEqual([
      // sorted by field (the server's schema validator reports them in map order)
      ['API-FIELD-TYPE-INVALID', 'spec.min', 'Invalid value: "string": spec.min in body must be of type integer: "string"'],
      ['API-FIELD-NOT-SUPPORTED', 'spec.mode', 'Unsupported value: "slow": supported values: "fast", "safe"'],
      // the server skips the CEL rules of an object with such errors, and says so
      ['API-RULES-NOT-CHECKED', '', 'the API server says: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation'],
    ]);
    expect(judged([widgetCrd(), widget({ mode: 'safe', min: -1, name: 'Bad-Name!' })])).toEqual([
      ['API-FIELD-INVALID', 'spec.min', 'Invalid value: -1: spec.min in body should be greater than or equal to 0'],
      ['API-FIELD-TOO-LONG', 'spec.name', 'Too long: may not be more than 8 bytes'],
      ['API-RULES-NOT-CHECKED', '', 'the API server says: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation'],
    ]);
    expect(judged([widgetCrd(), widget({ mode: 'safe', min: 1, name: 'Bad' })])).toEqual([
      ['API-FIELD-INVALID', 'spec.name', 'Invalid value: "Bad": spec.name in body should match \'^[a-z]+$\''],
    ]);
    expect(judged([widgetCrd(), widget({ min: 1 })])[0]).toEqual(['API-FIELD-REQUIRED', 'spec.mode', 'Required value']);
    expect(judged([widgetCrd(), widget({ mode: 'fast', min: 1, ports: [80, 80] })])).toEqual([['API-FIELD-DUPLICATE', 'spec.ports[1]', 'Duplicate value: 80']]);
  });

  test('x-kubernetes-validations: a failing CEL rule, with the rule\'s message', () => {
    expect(judged([widgetCrd(), widget({ mode: 'fast', min: 7, max: 5 })])).toEqual([['API-FIELD-INVALID', 'spec', 'Invalid value: min must not exceed max']]);
  });

  test('defaulting runs before validation: the defaulted max (10) is what the CEL rule sees', () => {
    expect(judged([widgetCrd(), widget({ mode: 'fast', min: 7 })])).toEqual([]);
    expect(judged([widgetCrd(), widget({ mode: 'fast', min: 11 })])).toEqual([['API-FIELD-INVALID', 'spec', 'Invalid value: min must not exceed max']]);
  });

  test('status is dropped on create when the definition has the status subresource; metadata is validated', () => {
    expect(judged([widgetCrd(), widget({ mode: 'fast', min: 1 }, { status: { ready: 'yes' } })])).toEqual([]);
    // a CEL rule on a field that is not set fails as on the server
    expect(judged([widgetCrd(), widget({ mode: 'fast' })])).toEqual([['API-FIELD-INVALID', 'spec', 'Invalid value: "object": no such key: min evaluating rule: min must not exceed max']]);
    const f = judged([widgetCrd(), widget({ mode: 'fast', min: 1 }, { metadata: { name: 'Bad_Name', namespace: 'apps' } })]);
    expect(f.map((x) => x.slice(0, 2))).toEqual([['API-FIELD-INVALID', 'metadata.name']]);
  });

  test('a version the definition does not serve is the server\'s "no matches for kind"', () => {
    const f = ManifestValidator.validate([widgetCrd(), { ...widget({ mode: 'fast' }), apiVersion: 'example.com/v0' }], opts);
    expect(f).toEqual([{
      ruleId: 'API-VERSION-NOT-SERVED',
      severity: Severity.ERROR,
      resource: 'Widget/apps/w',
      field: 'apiVersion',
      message: 'no matches for kind "Widget" in version "example.com/v0": the CustomResourceDefinition widgets.example.com serves Widget in v1',
    }]);
  });

  test('the server\'s create warnings: a deprecated version, finalizer names', () => {
    const crd = widgetCrd();
    crd.spec.versions[1] = { ...crd.spec.versions[0], name: 'v1beta1', storage: false, deprecated: true };
    const f = ManifestValidator.validate([crd, { ...widget({ mode: 'fast', min: 1 }), apiVersion: 'example.com/v1beta1', metadata: { name: 'w', namespace: 'apps', finalizers: ['example.com/cleanup', 'cleanup'] } }], opts);
    expect(f.map((x) => [x.ruleId, x.severity, x.field, x.message])).toEqual([
      ['API-WARNING', Severity.WARNING, '', 'the API server warns: example.com/v1beta1 Widget is deprecated; use example.com/v1 Widget'],
      ['API-WARNING', Severity.WARNING, 'metadata.finalizers', 'the API server warns: metadata.finalizers: "cleanup": prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers'],
    ]);
  });

  test('without its definition a custom resource stays an info finding; another kind of the same group too', () => {
    const f = ManifestValidator.validate([widget({ mode: 1 })], opts);
    expect(f).toEqual([expect.objectContaining({ ruleId: 'SCHEMA-UNKNOWN', severity: Severity.INFO, field: '' })]);
    expect(f[0].message).toContain('give its CustomResourceDefinition in the input or with --crd FILE');
    const g = ManifestValidator.validate([widgetCrd(), { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' } }], opts);
    expect(g.map((x) => [x.ruleId, x.resource])).toEqual([['SCHEMA-UNKNOWN', 'Gadget/g']]);
  });

  test('the definition itself is judged: one the server rejects reports why and serves no kind', () => {
    const bad = widgetCrd();
    bad.metadata.name = 'widgets.example.org';
    bad.spec.versions[0].schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'] = [{ rule: 'self.min <=' }];
    const f = ManifestValidator.validate([bad, widget({ mode: 1 })], opts);
    expect(f.map((x) => [x.ruleId, x.resource, x.field])).toEqual([
      ['API-FIELD-INVALID', 'CustomResourceDefinition/widgets.example.org', 'metadata.name'],
      ['API-FIELD-INVALID', 'CustomResourceDefinition/widgets.example.org', 'spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule'],
      ['SCHEMA-UNKNOWN', 'Widget/apps/w', ''],
    ]);
    expect(f[0].message).toBe('Invalid value: "widgets.example.org": must be spec.names.plural+"."+spec.group');
    expect(f[1].message).toMatch(/^Invalid value: .*compilation failed: ERROR: <input>:1:12: Syntax error/);
    // as context, it is a warning: its custom resources cannot be checked
    const g = ManifestValidator.validate([widget({ mode: 1 })], { ...opts, customResourceDefinitions: [bad] });
    expect(g.map((x) => [x.ruleId, x.severity, x.resource])).toEqual([
      ['SCHEMA-CRD', Severity.WARNING, 'CustomResourceDefinition/widgets.example.org'],
      ['SCHEMA-UNKNOWN', Severity.INFO, 'Widget/apps/w'],
    ]);
    expect(g[0].message).toContain('metadata.name: Invalid value: "widgets.example.org": must be spec.names.plural+"."+spec.group');
  });

  test('a definition with an unknown field in its schema is rejected (strict decoding of the CRD)', () => {
    const bad = widgetCrd();
    bad.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.mode.enums = ['x'];
    const f = ManifestValidator.validate([bad], opts);
    expect(f.map((x) => [x.ruleId, x.field])).toEqual([['SCHEMA-UNKNOWN-FIELD', 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.mode.enums']]);
  });
});

const REALWORLD = path.join(SHARED_DIR, 'realworld');

describeShared('realworld')('custom resources of the published CRDs (../shared/realworld)', () => {
  let crds: any[] = [];
  beforeAll(() => {
    const loaded = ManifestFiles.load([path.join(REALWORLD, 'metallb-native.yaml')]);
    crds = loaded.documents.map((d) => d.object).filter((o: any) => o.kind === 'CustomResourceDefinition');
  });
  const peer = (spec: any) => ({ apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'p', namespace: 'metallb-system' }, spec });
  const errors = (objects: any[]): ValidationFinding[] => ManifestValidator.validate(objects, { ...opts, customResourceDefinitions: crds });

  test('every CRD of the corpus is one the server accepts (no finding but the unknown-field findings upstream would give)', () => {
    const files = fs.readdirSync(REALWORLD).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(REALWORLD, f));
    const all = ManifestFiles.load(files).documents.map((d) => d.object).filter((o: any) => o.kind === 'CustomResourceDefinition');
    expect(all.length).toBeGreaterThanOrEqual(80);
    expect(ManifestValidator.validate(all, opts).filter((f) => f.severity === Severity.ERROR)).toEqual([]);
  });

  test('metallb BGPPeer (v1beta2): valid, required field, CEL duration rules', () => {
    expect(errors([peer({ myASN: 64500, peerASN: 64501, peerAddress: '10.0.0.1', connectTime: '10s' })])).toEqual([]);
    expect(errors([peer({ peerASN: 64501, peerAddress: '10.0.0.1', connectTime: '10s' })]).map((f) => [f.ruleId, f.field, f.message]))
      .toEqual([
        ['API-FIELD-REQUIRED', 'spec.myASN', 'Required value'],
        ['API-RULES-NOT-CHECKED', '', 'the API server says: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation'],
      ]);
    expect(errors([peer({ myASN: 64500, peerASN: 64501, peerAddress: '10.0.0.1', connectTime: '0s' })]).map((f) => [f.ruleId, f.field, f.message]))
      .toEqual([['API-FIELD-INVALID', 'spec.connectTime', 'Invalid value: "0s": connect time should be between 1 seconds to 65535']]);
  });
});
