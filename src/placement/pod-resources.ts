/**
 * What a pod asks of its node, as kube-scheduler computes it: effective resource requests
 * (`resourcehelper.PodRequests`: the larger of the biggest init container and the sum of the containers, restartable
 * init containers added, pod-level requests, pod overhead) and host ports (`util.GetHostPorts`).
 *
 * Internal module.
 */
import { intValue, milliValue } from './quantity';

/** Resource requests of one pod (or a sum of pods): cpu in millicores, the rest in their integer value. */
export class ResourceVector {
  public cpu = 0;
  public memory = 0;
  public ephemeral = 0;
  /** Extended resources and hugepages, by name (only names that were requested or advertised). */
  public scalar: Map<string, number> | undefined;

  /** Add `amount` of resource `name` (milli for cpu). */
  public add(name: string, amount: number): void {
    if (name === 'cpu') {this.cpu += amount;} else if (name === 'memory') {this.memory += amount;} else if (name === 'ephemeral-storage') {this.ephemeral += amount;} else if (isScalarResource(name)) {
      const s = this.scalar ??= new Map();
      s.set(name, (s.get(name) ?? 0) + amount);
    }
  }

  /** Set resource `name` to `amount`. */
  public set(name: string, amount: number): void {
    if (name === 'cpu') this.cpu = amount;
    else if (name === 'memory') this.memory = amount;
    else if (name === 'ephemeral-storage') this.ephemeral = amount;
    else if (isScalarResource(name)) (this.scalar ??= new Map()).set(name, amount);
  }

  public get(name: string): number {
    if (name === 'cpu') return this.cpu;
    if (name === 'memory') return this.memory;
    if (name === 'ephemeral-storage') return this.ephemeral;
    return this.scalar?.get(name) ?? 0;
  }

  public addVector(o: ResourceVector, sign = 1): void {
    this.cpu += sign * o.cpu;
    this.memory += sign * o.memory;
    this.ephemeral += sign * o.ephemeral;
    if (o.scalar) for (const [k, v] of o.scalar) this.add(k, sign * v);
  }

  /** Per resource, the larger of the two. */
  public maxWith(o: ResourceVector): void {
    this.cpu = Math.max(this.cpu, o.cpu);
    this.memory = Math.max(this.memory, o.memory);
    this.ephemeral = Math.max(this.ephemeral, o.ephemeral);
    if (o.scalar) for (const [k, v] of o.scalar) this.set(k, Math.max(this.get(k), v));
  }

  public clone(): ResourceVector {
    const c = new ResourceVector();
    c.addVector(this);
    return c;
  }

  /** Whether nothing is requested (the scheduler then only checks the pod count). */
  public isZero(): boolean {
    if (this.cpu !== 0 || this.memory !== 0 || this.ephemeral !== 0) return false;
    if (this.scalar) for (const v of this.scalar.values()) if (v !== 0) return false;
    return true;
  }
}

/** `IsScalarResourceName`: extended resources (a `/` outside `kubernetes.io/`), hugepages, `kubernetes.io/`-prefixed, attachable volumes. */
export function isScalarResource(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  if (!name.includes('/')) return false;
  return true;
}

/** One amount in the scheduler's unit: millicores for cpu, `Value()` for the rest; invalid quantities count 0. */
export function resourceAmount(name: string, quantity: unknown): number {
  return (name === 'cpu' ? milliValue(quantity) : intValue(quantity)) ?? 0;
}

/**
 * Add a container's requests to `into`. Requests missing for a resource that has a limit take the limit (the
 * API server's defaulting, so that manifests read from files count like the pods the API server stores).
 */
export function addContainerRequests(container: any, into: ResourceVector): void {
  const res = container?.resources;
  if (res == null) return;
  const requests = res.requests;
  const limits = res.limits;
  if (requests != null && typeof requests === 'object') {
    for (const name in requests) into.add(name, resourceAmount(name, requests[name]));
  }
  if (limits != null && typeof limits === 'object') {
    for (const name in limits) {
      if (requests != null && requests[name] !== undefined) continue;
      if (name === 'pods') continue;
      into.add(name, resourceAmount(name, limits[name]));
    }
  }
}

function isRestartable(c: any): boolean {
  return c?.restartPolicy === 'Always';
}

/** Whether a pod spec needs the full formula (init containers, pod-level resources or overhead). */
export function needsFullRequests(spec: any): boolean {
  return (Array.isArray(spec?.initContainers) && spec.initContainers.length > 0) || spec?.overhead != null || spec?.resources != null;
}

/** `resourcehelper.PodRequests` for a pod spec (spec requests, overhead included). */
export function podRequests(spec: any): ResourceVector {
  const reqs = new ResourceVector();
  const containers = Array.isArray(spec?.containers) ? spec.containers : [];
  for (const c of containers) addContainerRequests(c, reqs);
  const inits = Array.isArray(spec?.initContainers) ? spec.initContainers : [];
  if (inits.length > 0) {
    const restartable = new ResourceVector();
    const initMax = new ResourceVector();
    for (const c of inits) {
      const own = new ResourceVector();
      addContainerRequests(c, own);
      let effective: ResourceVector;
      if (isRestartable(c)) {
        reqs.addVector(own);
        restartable.addVector(own);
        effective = restartable;
      } else {
        effective = own.clone();
        effective.addVector(restartable);
      }
      initMax.maxWith(effective);
    }
    reqs.maxWith(initMax);
  }
  const podLevel = spec?.resources;
  if (podLevel != null && typeof podLevel === 'object') {
    const requests = podLevel.requests ?? {};
    const limits = podLevel.limits ?? {};
    // pod-level requests (limits default them), only for cpu, memory and hugepages
    for (const name of new Set([...Object.keys(requests), ...Object.keys(limits)])) {
      if (name !== 'cpu' && name !== 'memory' && !name.startsWith('hugepages-')) continue;
      const q = requests[name] !== undefined ? requests[name] : limits[name];
      reqs.set(name, resourceAmount(name, q));
    }
  }
  const overhead = spec?.overhead;
  if (overhead != null && typeof overhead === 'object') {
    for (const name in overhead) reqs.add(name, resourceAmount(name, overhead[name]));
  }
  return reqs;
}

/** A host port a pod holds on its node. */
export interface HostPort {
  /** `0.0.0.0` when unset. */
  readonly ip: string;
  /** `TCP` when unset. */
  readonly protocol: string;
  readonly port: number;
}

/**
 * `util.GetHostPorts`: host ports of the regular containers and of restartable init containers (sidecars);
 * with `hostNetwork: true` a port without `hostPort` gets its `containerPort` (the API server's defaulting).
 */
export function hostPorts(spec: any): HostPort[] {
  const out: HostPort[] = [];
  const hostNetwork = spec?.hostNetwork === true;
  const inits = spec?.initContainers;
  if (Array.isArray(inits)) for (let i = 0; i < inits.length; i++) if (isRestartable(inits[i])) takePorts(inits[i], hostNetwork, out);
  const cs = spec?.containers;
  if (Array.isArray(cs)) for (let i = 0; i < cs.length; i++) takePorts(cs[i], hostNetwork, out);
  return out;
}

/** The host ports of one container, appended to `out`. */
function takePorts(c: any, hostNetwork: boolean, out: HostPort[]): void {
  const ports = c?.ports;
  if (!Array.isArray(ports)) return;
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i];
    if (p == null) continue;
    let port = typeof p.hostPort === 'number' ? p.hostPort : 0;
    if (port === 0 && hostNetwork && typeof p.containerPort === 'number') port = p.containerPort;
    if (!(port > 0)) continue;
    out.push({ ip: p.hostIP ? String(p.hostIP) : '0.0.0.0', protocol: p.protocol ? String(p.protocol) : 'TCP', port });
  }
}

/** `HostPortInfo.CheckConflict`: the same protocol and port, and the same IP or either one `0.0.0.0`. */
export function portsConflict(a: HostPort, b: HostPort): boolean {
  return a.port === b.port && a.protocol === b.protocol && (a.ip === b.ip || a.ip === '0.0.0.0' || b.ip === '0.0.0.0');
}

/** `ip:port/protocol` as people read it. */
export function formatHostPort(p: HostPort): string {
  return `${p.protocol} ${p.ip}:${p.port}`;
}
