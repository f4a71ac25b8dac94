/**
 * Rendering a static pod manifest as YAML with a comment header. Internal.
 */
export class StaticPodYaml {
  public static render(pod: any, header: string[]): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const YAML = require('yaml') as typeof import('yaml');
    // YAML 1.1 like the kubelet's parser: strings such as "yes" or "on" are quoted. Keys sorted, as cdk8s writes them.
    const body = YAML.stringify(pod, { version: '1.1', lineWidth: 0, sortMapEntries: true });
    const comments = header.flatMap((h) => h.split('\n')).map((l) => (l === '' ? '#' : `# ${l}`));
    return `${comments.join('\n')}${comments.length > 0 ? '\n' : ''}${body}`;
  }
}
