import { Chart, Testing } from 'cdk8s';

export function newChart(namespace: string | null = 'monitoring'): Chart {
  return new Chart(Testing.app(), 'test', namespace ? { namespace } : {});
}

export function synth(chart: Chart): any[] {
  return Testing.synth(chart);
}

export function ofKind(manifests: any[], kind: string): any[] {
  return manifests.filter((m) => m.kind === kind);
}

export function one(manifests: any[], kind: string): any {
  const found = ofKind(manifests, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}

export function podSpec(manifests: any[]): any {
  return one(manifests, 'DaemonSet').spec.template.spec;
}

export function container(manifests: any[], name: string): any {
  const c = podSpec(manifests).containers.find((x: any) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
}

export function mount(c: any, mountPath: string): any {
  return c.volumeMounts.find((m: any) => m.mountPath === mountPath);
}

export function volumeFor(manifests: any[], c: any, mountPath: string): any {
  const m = mount(c, mountPath);
  return podSpec(manifests).volumes.find((v: any) => v.name === m.name);
}
