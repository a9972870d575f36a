// The worker-thread module of the analysis pool (piscina's `filename`): one task in, one outcome out,
// both plain data. Bundled as its own entry (build.mjs), so it loads without the server's code.
export { runAnalysisTask as default } from '@folio/analytics';
