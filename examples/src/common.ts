import { Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';

/** Requests and limits written the way the seed manifests write them: millicores and MiB. */
export function resources(requestCpuMillis: number, requestMemMiB: number, limitCpuMillis: number, limitMemMiB: number): plus.ContainerResources {
  return {
    cpu: { request: plus.Cpu.millis(requestCpuMillis), limit: plus.Cpu.millis(limitCpuMillis) },
    memory: { request: Size.mebibytes(requestMemMiB), limit: Size.mebibytes(limitMemMiB) },
  };
}
