/**
 * Jest globalSetup of the tiers that run a real n8n: marks the start of this run, so that when the
 * n8n runtime install fails, the suites after the first report that failure at once instead of each
 * trying the multi-minute install again (tools/n8n/runtime.ts). CI sets it once for all its tiers.
 */
module.exports = async () => {
	if (!process.env.BDR_RUNTIME_SESSION) process.env.BDR_RUNTIME_SESSION = String(Date.now());
};
