import { ND001 } from './nd-001-resource-requests';
import { ND002 } from './nd-002-memory-limit';
import { ND003 } from './nd-003-liveness-probe';
import { ND004 } from './nd-004-readiness-probe';
import { ND005 } from './nd-005-image-tag';
import { ND006 } from './nd-006-privileged';
import { ND007 } from './nd-007-writable-host-path';
import { ND008 } from './nd-008-seccomp';
import { ND009 } from './nd-009-service-account-token';
import { ND010 } from './nd-010-host-network-dns';
import { ND011 } from './nd-011-tolerate-all-virtual-nodes';
import { ND012 } from './nd-012-max-unavailable-all';
import { ND013 } from './nd-013-host-port-surge';
import { ND014 } from './nd-014-priority-class';
import { BestPracticeRule } from './rule';

/** The best-practice rule pack, in ID order. Internal; the public view is `RuleCatalog`. */
export const RULE_PACK: readonly BestPracticeRule[] = Object.freeze([
  ND001, ND002, ND003, ND004, ND005, ND006, ND007, ND008, ND009, ND010, ND011, ND012, ND013, ND014,
]);
