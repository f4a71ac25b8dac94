/**
 * A Pod Security Standards level (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 */
export enum PodSecurityLevel {
  /** Unrestricted: host namespaces, privileged containers, hostPath… */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations; allows the default pod. */
  BASELINE = 'baseline',
  /** Hardened: non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp. */
  RESTRICTED = 'restricted',
}
