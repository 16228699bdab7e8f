/**
 * Types the stores, hooks and components share. They live below the
 * components so that lib, stores and hooks never import a component.
 */
import type { PricingParam } from '../../shared/domain';

/** A table's sort: the row field core sorts by, and the direction. */
export interface Sort {
  by: string;
  dir: 'asc' | 'desc';
}

/** An app chosen in the app picker (name and stock shown beside it). */
export interface PickedApp {
  adamId: string;
  pricingParam: PricingParam;
  name: string;
  availableCount?: number;
}
