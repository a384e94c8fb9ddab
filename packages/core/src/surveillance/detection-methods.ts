/**
 * The names of the early-warning detection methods (the algorithms beside this file). Here in the
 * domain so that the CLI can list them in its help without loading the services.
 */
export const DETECTION_METHODS = [
  'fixed',
  'moving-percentile',
  'ears-c1',
  'ears-c2',
  'ears-c3',
  'cusum',
  'farrington',
  'farrington-flexible',
] as const;
export type DetectionMethod = (typeof DETECTION_METHODS)[number];

export function isDetectionMethod(s: string): s is DetectionMethod {
  return (DETECTION_METHODS as readonly string[]).includes(s);
}
