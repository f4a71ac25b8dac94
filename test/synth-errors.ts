import { Testing } from 'cdk8s';

/** The synth-time errors of an app, exactly as `cdk8s synth` reports them; '' when synth succeeds. */
export function synthErrors(app: ReturnType<typeof Testing.app>): string {
  try {
    app.synthYaml();
  } catch (e: any) {
    return e.message;
  }
  return '';
}
