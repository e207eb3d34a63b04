/** A deep ensemble's members trained as separate jobs, merged into one ordinary ensemble run. */
export { MEMBERS_FOLDER, memberRunDir, memberStatus, type MemberStatus } from './member-status';
export { mergeMemberModels } from './merge-models';
export { mergeMemberPredictions, testSummary } from './merge-predictions';
export { mergeOodThresholds } from './merge-ood';
export { mergeMemberEvents, type MergedEventBody, type MergedRunFacts } from './merge-events';
