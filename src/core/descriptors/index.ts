/** The descriptor API: set-ups, featurization with derivatives, standardisation, Jacobian access. */
export type { ChebyshevSetup, StructureDescriptors, SparseJacobian, Standardisation } from './types';
export { parseStp, setupsByElement, typeWeights, descriptorLayout, descriptorLength } from './setup';
export type { DescriptorLayout } from './setup';
export { featurize, Featurizer } from './featurize';
export type { FeaturizeOptions, SetupCollection } from './featurize';
export { computeStandardisation, StandardisationAccumulator, standardise } from './standardisation';
export { findPair, jacobianEntry, denseJacobian, atomDescriptor } from './jacobian';
export { NeighbourList } from './neighbours';
export { encodeCacheHeader, encodeCacheRecord, decodeCache, CACHE_MAGIC, CACHE_VERSION } from './feature-cache';
export type { FeatureCache, CacheRecord } from './feature-cache';
