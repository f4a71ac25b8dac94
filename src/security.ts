/**
 * The kind of seccomp profile.
 */
export enum SeccompProfileType {
  /** The container runtime's default profile (recommended). */
  RUNTIME_DEFAULT = 'RuntimeDefault',
  /** No seccomp filtering. */
  UNCONFINED = 'Unconfined',
  /** A profile file on the node, under the kubelet's seccomp directory. */
  LOCALHOST = 'Localhost',
}

/**
 * A seccomp profile for a pod or a container.
 */
export class SeccompProfile {
  /** The container runtime's default profile. */
  public static runtimeDefault(): SeccompProfile {
    return new SeccompProfile(SeccompProfileType.RUNTIME_DEFAULT);
  }

  /** No seccomp filtering (Pod Security "privileged" level only). */
  public static unconfined(): SeccompProfile {
    return new SeccompProfile(SeccompProfileType.UNCONFINED);
  }

  /**
   * A profile file on the node.
   *
   * @param localhostProfile path relative to the kubelet's seccomp directory, e.g. `profiles/audit.json`
   */
  public static localhost(localhostProfile: string): SeccompProfile {
    return new SeccompProfile(SeccompProfileType.LOCALHOST, localhostProfile);
  }

  private constructor(
    /** The profile type. */
    public readonly type: SeccompProfileType,
    /** The profile path for `Localhost` profiles. */
    public readonly localhostProfile?: string,
  ) {}

  /** The Kubernetes JSON of this profile. */
  public toJson(): any {
    return this.localhostProfile !== undefined
      ? { type: this.type, localhostProfile: this.localhostProfile }
      : { type: this.type };
  }
}
