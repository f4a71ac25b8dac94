import { BestPracticeRule, forEachContainer, cname } from './rule';
import { Severity } from '../severity';

/**
 * The tag of an image reference: undefined when untagged, null when pinned by digest.
 * `registry:5000/team/app` is untagged (the colon belongs to the registry host).
 */
export function imageTag(image: string): string | undefined | null {
  if (image.includes('@')) return null;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : undefined;
}

/** ND-005: images are pinned to a tag or digest other than latest. */
export const ND005: BestPracticeRule = {
  id: 'ND-005',
  severity: Severity.WARNING,
  description: 'Every image has an explicit tag other than `latest` (or a digest), so all nodes run the same version and rollouts are reproducible.',
  daemonSetOnly: false,
  check(ctx, report) {
    forEachContainer(ctx, true, (c, path) => {
      if (typeof c.image !== 'string' || c.image === '') return;
      const tag = imageTag(c.image);
      if (tag === undefined) {
        report(`${path}.image`, `image ${JSON.stringify(c.image)} of container ${cname(c)} has no tag (means latest); pin a version tag or a digest`);
      } else if (tag === 'latest') {
        report(`${path}.image`, `image ${JSON.stringify(c.image)} of container ${cname(c)} uses the latest tag; pin a version tag or a digest`);
      }
    });
  },
};
