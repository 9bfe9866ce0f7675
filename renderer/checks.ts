// ZTA_RENDER_CHECKS=1 (set for the whole test suite): the renderer proves what it otherwise trusts
// for speed. Every JSON text the render keeps by identity is compared with a fresh serialisation,
// every skipped provider reconcile is run and compared, and every function's request is compared
// before and after the call. A difference is an internal error, never a silently wrong render.
export const RENDER_CHECKS = process.env.ZTA_RENDER_CHECKS === '1';
