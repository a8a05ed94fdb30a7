// The /paid grammar lives in paid/ (one file per phase); this is its entry point.
export { DESCRIPTION_LIMIT, parsePaid, unambiguous } from './paid/index.js';
