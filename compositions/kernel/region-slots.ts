// Every regional control in every region the account is allowed (issue 12). The allowed regions are
// platform data (the namespace's binding, `account.allowedRegions`), and P&T cannot loop over a list:
// a composite that must exist per region composes a fixed number of slots, one per list position
// (MAX_ALLOWED_REGIONS, the onboarding's limit), each with a function-cel-filter condition and its
// own `spec.forProvider.region`:
//
//   slot i exists  <=>  allowedRegions[i] is set  and  allowedRegions[i] != region (the home region)
//
// The home region's resources stay the composite's ordinary resources (with everything only the home
// region has: global resource recording, the alert topic, the rules); a slot covers one other allowed
// region, so a one-region account composes no slot resource at all. AWS names that are regional (a
// Config recorder, an analyzer, a KMS alias) repeat in every slot, as AWS allows; account-global
// resources (IAM roles, S3 buckets) are never composed in a slot: the slots use the home region's.
//
// A slot is a list position, not a region name: removing a region from the middle of the onboarding
// list or reordering it moves the later regions to other slots, and Crossplane then deletes their
// resources in the old region's slot and creates them again in the new one. Append new regions at
// the end of `allowedRegions` (README, Onboarding).
import { Condition, when } from './condition';
import type { Composable } from './composed-resource';
import type { ParameterRef } from './parameter-ref';
import { MAX_ALLOWED_REGIONS } from '../policy/scp';
import { compositeToken } from '../policy/iam/tokens';

/** The region global services (IAM, Organizations, sign-in) deliver their events to EventBridge in. */
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html
export const GLOBAL_SERVICE_EVENTS_REGION = 'us-east-1';

/** One position of the account's allowed regions, composed only while it holds a region other than home. */
export class RegionSlot {
  public constructor(
    /** Position in `allowedRegions`. */
    public readonly index: number,
    /** `${xr:spec.parameters.allowedRegions[i]}`: the slot's region, for `region` and ARNs. */
    public readonly region: string,
    /** allowedRegions[i] is set and is not the home region. */
    public readonly condition: Condition,
  ) {}

  /** `Region<i>`: appended to composition resource names and status fields of the slot. */
  public get suffix(): string {
    return `Region${this.index}`;
  }

  /** A composition resource name of the slot: `configRecorder` -> `configRecorderRegion2`. */
  public name(base: string): string {
    return `${base}${this.suffix}`;
  }

  /** Composes `resources` only while the slot holds a region (function-cel-filter); returns them. */
  public conditional(...resources: Composable[]): Composable[] {
    return resources.map((r) => when(r, this.condition));
  }
}

/**
 * The slots of a composite: `allowedRegions` and `region` are the handles of its own parameters (the
 * bound allowed regions and the home region), so each condition reads only that composite.
 */
export function regionSlots(allowedRegions: ParameterRef, homeRegion: ParameterRef): RegionSlot[] {
  if (allowedRegions.schema.maxItems !== MAX_ALLOWED_REGIONS) {
    throw new Error(`${allowedRegions.path}: region slots need maxItems ${MAX_ALLOWED_REGIONS} (the onboarding's limit), got ${allowedRegions.schema.maxItems}`);
  }
  return Array.from({ length: MAX_ALLOWED_REGIONS }, (_, i) => {
    const item = allowedRegions.item(i);
    return new RegionSlot(i, compositeToken(item.path), Condition.cel`${item} != ${homeRegion}`);
  });
}
